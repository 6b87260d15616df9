import AtiendeCore
import AtiendeQueue
import AtiendeServer
import AtiendeStore
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// The routes in process, on the queue in memory: no file, no socket. The server takes
/// the queue and event-log interfaces, so the same routes answer the same on the store.
@Suite struct InProcessRouteTests {
    typealias Step = (method: HTTPRequest.Method, path: String, token: String?, body: String?)

    static let kiosk = "demo-kiosk-token", staff = "demo-staff-token"

    /// A morning's work through every kind of route, refusals included.
    static let script: [Step] = [
        (.post, "/api/tickets", kiosk, #"{"service": "A"}"#),
        (.post, "/api/tickets", kiosk, #"{"service": "B", "preferential": true, "firstName": "Rosa"}"#),
        (.post, "/api/tickets", kiosk, #"{"service": "Z"}"#),
        (.post, "/api/tickets", nil, #"{"service": "A"}"#),
        (.post, "/api/desks/1/next", staff, nil),
        (.post, "/api/desks/1/next", staff, nil),
        (.post, "/api/desks/1/recall", staff, nil),
        (.post, "/api/desks/1/start", staff, nil),
        (.post, "/api/desks/1/finish", staff, nil),
        (.post, "/api/desks/1/next", kiosk, nil),
        (.post, "/api/tickets", kiosk, #"{"service": "C"}"#),
        (.post, "/api/desks/2/next", staff, nil),
        (.post, "/api/desks/2/transfer", staff, #"{"to": "D"}"#),  // called, not yet started: refused
        (.post, "/api/desks/2/start", staff, nil),
        (.post, "/api/desks/2/transfer", staff, #"{"to": "D"}"#),
        (.post, "/api/desks/3/call", staff, #"{"number": "B-009"}"#),
        (.post, "/api/desks/3/call", staff, #"{"number": "hello"}"#),
        (.post, "/api/desks/9/next", staff, nil),
        (.post, "/api/desks/4/close", staff, nil),
        (.post, "/api/tickets/A-001/cancel", staff, nil),
        (.post, "/api/devices", kiosk, #"{"device": "entrada", "printer": "missing", "detail": "/dev/usb/lp0: not found"}"#),
        (.post, "/api/devices", nil, #"{"device": "entrada", "printer": "ok"}"#),
        (.post, "/api/devices", kiosk, #"{"device": "", "printer": "ok"}"#),
        (.post, "/api/devices", kiosk, #"{"device": "entrada", "printer": "lost"}"#),
        (.get, "/api/tickets/A-001", nil, nil),
        (.get, "/api/tickets/B-001", staff, nil),
        (.get, "/api/desks/1", staff, nil),
        (.get, "/api/status", nil, nil),
        (.get, "/api/status?lang=en", nil, nil),
        (.get, "/api/reports/2026-11-23", nil, nil),
        (.get, "/api/office", nil, nil),
        (.get, "/api/desks/1/next", staff, nil),
    ]

    /// Runs the script on a router and returns each answer's status and body.
    static func run(_ queue: any ServedQueue) async throws -> [(Int, String)] {
        let app = Application(router: QueueServer(queue: queue).router())
        return try await app.test(.router) { client in
            var answers: [(Int, String)] = []
            for step in script {
                var headers: HTTPFields = [:]
                if let token = step.token { headers[.authorization] = "Bearer \(token)" }
                let response = try await client.execute(
                    uri: step.path, method: step.method, headers: headers, body: step.body.map { ByteBuffer(string: $0) })
                // A new ticket's visit link is random: its shape is checked, not its letters.
                // The room left on disk is a file's only.
                let body = String(buffer: response.body).replacingOccurrences(
                    of: #"/t/[A-Za-z0-9_-]{22}""#, with: #"/t/TOKEN""#, options: .regularExpression)
                    .replacingOccurrences(of: #","storage":\{[^}]*\}"#, with: "", options: .regularExpression)
                answers.append((Int(response.status.code), body))
            }
            return answers
        }
    }

    @Test func theQueueInMemoryAnswersAsTheStore() async throws {
        let clock = TestClock()
        let memory = try InMemoryQueue(config: TestDatabase.demoConfig, time: clock.source)
        let database = try await TestDatabase(clock: clock)
        defer { database.remove() }
        let inMemory = try await Self.run(memory)
        let onFile = try await Self.run(database.queue)
        #expect(inMemory.count == Self.script.count)
        for (index, (a, b)) in zip(inMemory, onFile).enumerated() {
            let step = Self.script[index]
            #expect(a.0 == b.0, "\(step.method) \(step.path): \(a.0) in memory, \(b.0) on file")
            #expect(a.1 == b.1, "\(step.method) \(step.path):\n\(a.1)\n\(b.1)")
        }
        #expect(inMemory.map(\.0) == [201, 201, 422, 401, 200, 409, 200, 200, 200, 403, 201, 200, 409, 200, 200, 404, 400, 404, 200, 200, 204, 401, 422, 400, 200, 200, 200, 200, 200, 200, 200, 405])
    }

    /// Route tests need no file and no socket: a whole visit in a few milliseconds.
    @Test func aVisitThroughTheRoutesInMemory() async throws {
        let memory = try InMemoryQueue(config: TestDatabase.demoConfig, time: TestClock().source)
        let app = Application(router: QueueServer(queue: memory).router())
        try await app.test(.router) { client in
            let kiosk: HTTPFields = [.authorization: "Bearer \(Self.kiosk)"], staff: HTTPFields = [.authorization: "Bearer \(Self.staff)"]
            try await client.execute(uri: "/api/tickets", method: .post, headers: kiosk, body: ByteBuffer(string: #"{"service": "A"}"#)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/api/tickets/A-001")
            }
            for action in ["next", "start", "finish"] {
                try await client.execute(uri: "/api/desks/1/\(action)", method: .post, headers: staff) { #expect($0.status == .ok, "\(action)") }
            }
            try await client.execute(uri: "/api/reports/2026-11-23", method: .get) { response in
                let report = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((report?["office"] as? [String: Any])?["served"] as? Int == 1)
            }
        }
        #expect(try await memory.report(day: LocalDay(year: 2026, month: 11, day: 23)).office.served == 1)
    }

    /// A kiosk that lost the answer asks again with the same Idempotency-Key: the same
    /// ticket, in memory and on file, and never a second one; a blank key is none.
    @Test(arguments: [false, true])
    func aRetryWithTheSameIdempotencyKeyGetsTheSameTicket(onFile: Bool) async throws {
        let clock = TestClock()
        let database = onFile ? try await TestDatabase(clock: clock) : nil
        defer { database?.remove() }
        let queue: any ServedQueue = try database?.queue ?? InMemoryQueue(config: TestDatabase.demoConfig, time: clock.source)
        let app = Application(router: QueueServer(queue: queue).router())
        try await app.test(.router) { client in
            func issue(_ key: String?, _ service: String = "A", name: String? = nil) async throws -> (Int, String?) {
                var headers: HTTPFields = [.authorization: "Bearer \(Self.kiosk)"]
                if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
                let body = name.map { #"{"service": "\#(service)", "firstName": "\#($0)"}"# } ?? #"{"service": "\#(service)"}"#
                return try await client.execute(uri: "/api/tickets", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    let json = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    return (Int(response.status.code), (json?["number"] ?? json?["reason"]) as? String)
                }
            }
            let first = try await issue("touch-1")
            #expect(first.0 == 201 && first.1 == "A-001")
            #expect(try await issue("touch-1") == (201, "A-001"), "the same ticket again")
            #expect(try await issue("touch-1", "B") == (422, "idempotencyKeyReused"), "a key names one request")
            #expect(try await issue("touch-1", "Z") == (422, "unknownService"), "the body is checked first")
            #expect(try await issue("touch-2") == (201, "A-002"))
            #expect(try await issue(nil) == (201, "A-003"))
            #expect(try await issue(" ") == (201, "A-004"), "a blank key is no key")
            // Another first name is another request too (it got the first ticket back).
            #expect(try await issue("touch-5", name: "Rosa") == (201, "A-005"))
            #expect(try await issue("touch-5", name: "Rosa") == (201, "A-005"))
            #expect(try await issue("touch-5", name: "Ana") == (422, "idempotencyKeyReused"))
            // A key is what the document says, not 60 KB kept forever.
            #expect(try await issue(String(repeating: "k", count: IssueKey.maxLength + 1)) == (422, "invalidIdempotencyKey"))
            // The next day the key is forgotten: a new ticket, with the new day's number.
            clock.advance(minutes: 24 * 60)
            #expect(try await issue("touch-1") == (201, "A-001"))
        }
        #expect(try await queue.report(day: LocalDay(year: 2026, month: 11, day: 23)).office.issued == 5)
    }

    /// A disk that fills up is seen coming: /healthz and /metrics give the room left on the
    /// database's volume, and the status the staff's screens read says when it is low (on a
    /// 2 MB volume the server answered 503 to some tickets while /healthz said all was well).
    @Test func theRoomLeftOnTheDisksVolumeIsShownAndALowOneWarns() async throws {
        let database = try await TestDatabase(clock: TestClock())
        defer { database.remove() }
        for (threshold, low) in [(Int64(1), false), (Int64.max, true)] {
            let app = Application(router: QueueServer(queue: database.queue, lowDiskBytes: threshold).router())
            try await app.test(.router) { client in
                let health = try await client.execute(uri: "/healthz", method: .get) { response in
                    (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
                }
                #expect((health["freeBytes"] as? Int ?? 0) > 0 && health["storage"] as? String == (low ? "low" : "ok"), "\(health)")
                let status = try await client.execute(uri: "/api/status", method: .get) { response in
                    (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
                }
                #expect((status["storage"] as? [String: Any])?["low"] as? Bool == low, "\(status)")
                let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
                #expect(metrics.contains("atiende_database_volume_free_bytes"))
            }
        }
        #expect(DiskSpace.isLow(freeBytes: 10 << 20) && !DiskSpace.isLow(freeBytes: 1 << 30))
    }

    /// A body past the limit says the limit of the route it was sent to (a whole office
    /// config may be 256 KB; the answer said 16 KB).
    @Test func aBodyTooLargeIsToldTheRoutesLimit() async throws {
        let queue = try InMemoryQueue(config: TestDatabase.demoConfig, time: TestClock().source)
        let app = Application(router: QueueServer(queue: queue).router())
        try await app.test(.router) { client in
            for (path, method, size, most) in [("/api/office", HTTPRequest.Method.put, 300_000, "256 KB"), ("/api/tickets", .post, 20_000, "16 KB")] {
                let body = String(repeating: " ", count: size) + "{}"
                let answer = try await client.execute(uri: path, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) {
                    (Int($0.status.code), String(buffer: $0.body))
                }
                #expect(answer.0 == 413 && answer.1.contains("send at most \(most) of JSON"), "\(path): \(answer)")
            }
        }
    }

    /// `/healthz` needs no token and says whether the database takes a write: 503 with
    /// the reason when the file cannot be written.
    @Test func healthSaysWhetherTheDatabaseTakesWrites() async throws {
        let database = try await TestDatabase(clock: TestClock())
        defer { database.remove() }
        let app = Application(router: QueueServer(queue: try database.reopen(busyTimeout: 0.2)).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix(#"{"database":"writable","freeBytes":"#))
            }
            // Another connection holds the write lock past the busy timeout: not writable now.
            // It says when it holds the lock and keeps it until the check has been answered,
            // however slowly a loaded machine runs either side.
            let blocker = try DatabaseQueue(path: database.path)
            let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            let holding = Thread.detachNewThreadWithResult {
                do {
                    try blocker.writeWithoutTransaction { db in
                        try db.inTransaction(.immediate) {
                            locked.signal()
                            release.wait()
                            return .rollback
                        }
                    }
                } catch {
                    locked.signal()  // never took the lock: the check below then fails, not hangs
                }
            }
            await Task.detached { locked.wait() }.value
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable, "\(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains("unavailable"))
            }
            release.signal()
            await holding.value
        }
    }
}

extension InProcessRouteTests {
    /// The kiosk's exit PIN is served to kiosks and staff, never to an anonymous reader.
    @Test func theKioskExitPINGoesToKiosksOnly() async throws {
        var office = try JSONSerialization.jsonObject(with: Data(TestDatabase.demoConfig.utf8)) as? [String: Any] ?? [:]
        office["screens"] = ["kioskExitPIN": "2468", "chimeVolume": 40]
        let config = String(decoding: try JSONSerialization.data(withJSONObject: office), as: UTF8.self)
        let memory = try InMemoryQueue(config: config, time: TestClock().source)
        let app = Application(router: QueueServer(queue: memory).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/office", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(!body.contains("2468") && body.contains("chimeVolume"), "\(body)")
            }
            try await client.execute(uri: "/api/office", method: .get, headers: [.authorization: "Bearer \(Self.kiosk)"]) { response in
                #expect(String(buffer: response.body).contains("2468"))
            }
        }
    }
}

extension Thread {
    /// Runs `work` on a thread of its own (it blocks), awaitable.
    static func detachNewThreadWithResult(_ work: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        Task {
            await withCheckedContinuation { done in
                Thread.detachNewThread {
                    work()
                    done.resume()
                }
            }
        }
    }
}
