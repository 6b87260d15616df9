import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import AtiendeRemote
import AtiendeServer
import AtiendeStore
import Foundation
import NIOCore
import Synchronization
import Testing
import TestSupport

/// `GET /api/events`: one message per change, in order, and nothing lost across a
/// broken connection or a server restart.
@Suite struct EventStreamTests {
    static func named(_ updates: [StreamUpdate]) -> [String] {
        updates.compactMap { if case .event(let event) = $0, event.name != "hello" { event.name } else { nil } }
    }

    static func numbers(_ updates: [StreamUpdate], kind: String) -> [String] {
        updates.compactMap { update in
            guard case .event(let event) = update, event.name == kind,
                let json = try? JSONDecoder().decode(Schemas.Event.self, from: Data(event.data.utf8)),
                let read = try? QueueJSON.readEvent(json) else { return nil }
            return read.event.number.description
        }
    }

    @Test func everyChangeIsOneEventInOrder() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let remote = try server.queue()
        let updates = Collected(remote.events())
        defer { updates.stop() }
        #expect(await updates.wait { $0.contains(.connected) })

        _ = try await remote.issue(service: "A", preferential: false, firstName: "Rosa")
        _ = try await remote.callNext(desk: "1")
        _ = try await remote.act(.recall, desk: "1")
        _ = try await remote.act(.start, desk: "1")
        _ = try await remote.act(.finish, desk: "1")
        _ = try await remote.setDesk("2", open: false)
        let expected = ["issued", "called", "recalled", "started", "finished", "desk"]
        #expect(await updates.wait { Self.named($0) == expected }, "\(Self.named(updates.all))")
        let ids = updates.all.compactMap { if case .event(let e) = $0, e.name != "hello" { e.id.flatMap { Int($0) } } else { nil } }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count, "log ids increase")
        #expect(!updates.all.contains { if case .event(let e) = $0 { e.data.contains("Rosa") } else { false } }, "no names on the stream")
    }

    @Test func writesByAnotherProgramOnTheFileAreStreamedToo() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let updates = Collected(try server.queue().events())
        defer { updates.stop() }
        #expect(await updates.wait { $0.contains(.connected) })
        let other = try server.database.reopen()
        _ = try await other.issue(service: "D", preferential: false, firstName: nil)
        _ = try await other.callNext(desk: "3")
        #expect(await updates.wait { Self.numbers($0, kind: "called") == ["D-001"] })
    }

    /// Opens the raw stream with `Last-Event-ID` and returns its text once `until` holds.
    func stream(_ server: RunningServer, after id: Int, until: @escaping (String) -> Bool) async throws -> String {
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        let text = TextSink()
        let stream = try await client.stream("/api/events", headers: [("Last-Event-ID", String(id))], idleTimeout: .seconds(5)) { text.append($0) }
        #expect(stream.status == 200)
        _ = await text.wait(until: until)
        stream.close()
        return text.value
    }

    @Test func aReconnectingClientGetsWhatItMissedFirst() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let remote = try server.queue()
        let live = Collected(remote.events())
        defer { live.stop() }
        #expect(await live.wait { $0.contains(.connected) })
        for service: ServiceCode in ["A", "B", "C"] { _ = try await remote.issue(service: service, preferential: false, firstName: nil) }
        #expect(await live.wait { Self.numbers($0, kind: "issued") == ["A-001", "B-001", "C-001"] }, "the server has sent everything")
        let body = try await stream(server, after: 1) { $0.contains("event: hello") }
        #expect(!body.contains("A-001"), "event 1 was seen already")
        let hello = try #require(body.range(of: "event: hello"))
        let missed = try #require(body.range(of: "C-001"))
        #expect(body.contains("B-001") && missed.lowerBound < hello.lowerBound, "the missed events come before the live stream")
    }

    @Test func aClientAheadOfTheServerGetsEachEventOnce() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        // Written at the file by another program: the server hears of it on its next poll,
        // maybe after this client (which saw event 1 elsewhere) connects.
        for service: ServiceCode in ["A", "B", "C"] { _ = try await server.database.issue(service) }
        let body = try await stream(server, after: 1) { $0.contains("C-001") }
        #expect(!body.contains("A-001"))
        // The body in the message: once under a loaded test run C-001 was not seen exactly once.
        #expect(body.components(separatedBy: "B-001").count == 2 && body.components(separatedBy: "C-001").count == 2, "\(body)")
    }

    /// A read of the log that fails (a file locked for a moment) is tried again on its
    /// own: in a quiet office no other change may come for minutes to wake the server,
    /// and the call it missed would wait that long to reach the wall.
    @Test func aFailedReadOfTheLogIsTriedAgainWithoutAnotherChange() async throws {
        let memory = try InMemoryQueue(config: TestDatabase.demoConfig, time: TestClock().source)
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let server = QueueServer(queue: memory)
        let running = Task {
            try await server.run(host: "127.0.0.1", port: 0, signals: false, logLevel: .critical, idleTimeout: QueueServer.idleTimeout) { bound.yield($0) }
        }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let text = TextSink()
        let stream = try await HTTPClient(host: "127.0.0.1", port: port).stream("/api/events", headers: [], idleTimeout: .seconds(30)) { text.append($0) }
        defer { stream.close() }
        #expect(await text.wait { $0.contains("event: hello") })
        // More failures than the issue itself wakes the server for.
        await memory.failReads(3)
        _ = try await memory.issue(service: "A", preferential: false, firstName: nil)
        #expect(await text.wait { $0.contains("A-001") }, "\(text.value)")
    }

    @Test func aServerRestartLosesNothing() async throws {
        let first = try await RunningServer.start()
        let remote = try first.queue()
        let updates = Collected(remote.events())
        defer { updates.stop() }
        #expect(await updates.wait { $0.contains(.connected) })
        _ = try await remote.issue(service: "A", preferential: false, firstName: nil)
        #expect(await updates.wait { Self.numbers($0, kind: "issued") == ["A-001"] })

        await first.stop()
        #expect(await updates.wait { $0.contains { if case .disconnected = $0 { true } else { false } } })
        await #expect(throws: QueueUnavailable.self, "the kiosk refuses tickets while the server is away") {
            try await remote.issue(service: "A", preferential: false, firstName: nil)
        }
        // Meanwhile the office goes on at the file (another program on the server machine).
        _ = try await first.database.issue("A")
        _ = try await first.database.queue.callNext(desk: "1")

        let second = try await RunningServer.start(database: first.database, port: first.port)
        defer { Task { await second.stop() } }
        #expect(await updates.wait { Self.numbers($0, kind: "called") == ["A-001"] }, "reconnected and caught up")
        #expect(Self.numbers(updates.all, kind: "issued") == ["A-001", "A-002"], "each event exactly once")
        #expect(try await remote.issue(service: "A", preferential: false, firstName: nil).ticket.number.description == "A-003")
    }
}

/// Text arriving in pieces.
final class TextSink: Sendable {
    private let text = Mutex<String>("")

    func append(_ buffer: ByteBuffer) { text.withLock { $0 += String(buffer: buffer) } }
    var value: String { text.withLock { $0 } }

    func wait(seconds: Double = 30, until condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition(value) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(value)
    }
}
