import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import Foundation
import Synchronization
import Testing
import TestSupport

/// Two real `atiende serve` on one PostgreSQL database behind Debian's haproxy: one office,
/// several servers, one address (docs/postgres.md).
@Suite(.serialized, .enabled(if: TestPostgres.available && LoadBalancer.available, "needs the test command's PostgreSQL and haproxy"))
struct InstitutionServersTests {
    /// An office `norte` set up in a fresh database, two servers for it, and a balancer in front.
    struct Institution {
        let folder: URL
        let servers: [ServerProcess]
        let balancer: LoadBalancer
        let database: String

        static let executable = VirtualScreen.binaries(containing: "atiende").appendingPathComponent("atiende").path

        static func start(_ address: String) async throws -> Institution {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-institution-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let environment = ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00", "ATIENDE_CLOCK": "fixed", "ATIENDE_DB": ""]
            let setUp = try Spawned(executable, ["init", "--db", address, "--office", "norte"], environment: environment, quiet: true)
            guard await setUp.exited() == 0 else { throw ServerDidNotStart(description: "atiende init --db … --office norte failed") }
            let servers = (0..<2).map { _ in
                ServerProcess(
                    executable: executable, database: address, environment: environment, folder: folder,
                    arguments: ["--office", "norte", "--trust-proxy", "127.0.0.1"])
            }
            for server in servers { try await server.start() }
            let balancer = try await LoadBalancer(servers: servers.map(\.port), folder: folder)
            return Institution(folder: folder, servers: servers, balancer: balancer, database: address)
        }

        func stop() {
            balancer.stop()
            for server in servers { server.stop() }
            try? FileManager.default.removeItem(at: folder)
        }

        func client(_ index: Int) -> HTTPClient { HTTPClient(host: "127.0.0.1", port: servers[index].port) }

        /// `atiende ARGUMENTS --db … --office OFFICE`; whether it succeeded.
        func run(_ arguments: [String], office: String = "norte") async throws -> Bool {
            let command = try Spawned(Self.executable, arguments + ["--db", database, "--office", office],
                environment: ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00"], quiet: true)
            return await command.exited() == 0
        }

        /// `atiende staff add` in office norte; whether it succeeded.
        func addStaff(_ user: String, _ password: String, role: String = "clerk") async throws -> Bool {
            let file = folder.appendingPathComponent("password-\(user)")
            try Data((password + "\n").utf8).write(to: file)
            let add = Process()
            add.executableURL = URL(fileURLWithPath: Self.executable)
            add.arguments = ["staff", "add", user.capitalized, "--user", user, "--role", role, "--password-stdin", "--db", database, "--office", "norte"]
            add.environment = ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00"]
            add.standardInput = try FileHandle(forReadingFrom: file)
            add.standardOutput = FileHandle.nullDevice
            try add.run()
            await add.exited()
            return add.terminationStatus == 0
        }
        var front: HTTPClient { HTTPClient(host: "127.0.0.1", port: balancer.port) }
    }

    static func post(_ client: HTTPClient, _ path: String, token: String, key: String? = nil, body: String? = nil) async throws -> [String: Any] {
        var headers = token.isEmpty ? [] : [("Authorization", "Bearer \(token)")]
        if let key { headers.append(("Idempotency-Key", key)) }
        let answer = try await client.send(.POST, path, headers: headers, body: body.map { Data($0.utf8) })
        #expect((200..<300).contains(answer.status), "\(path): \(answer.status) \(String(decoding: answer.bytes, as: UTF8.self))")
        return try JSONSerialization.jsonObject(with: answer.bytes) as? [String: Any] ?? [:]
    }

    /// A call made through one server reaches a stream held on the other, with the same ids
    /// and no gap; a stream that comes back on the first server catches up from its
    /// `Last-Event-ID`; numbers stay gap-free through the balancer; a repeated
    /// `Idempotency-Key` answers the same ticket on either server.
    @Test func aCallThroughOneServerReachesStreamsOnTheOther() async throws {
        try await TestPostgres.withDatabase { _, address in
            let institution = try await Institution.start(address.description)
            defer { institution.stop() }
            let onSecond = TextSink()
            let stream = try await institution.client(1).stream("/api/events", headers: [], idleTimeout: .seconds(30)) { onSecond.append($0) }
            defer { stream.close() }
            #expect(await onSecond.wait { $0.contains("event: hello") })

            let first = institution.client(0)
            _ = try await Self.post(first, "/api/tickets", token: ServerProcess.kioskToken, body: #"{"service":"A"}"#)
            _ = try await Self.post(first, "/api/desks/1/next", token: ServerProcess.staffToken)
            #expect(await onSecond.wait { $0.contains("event: called") }, "\(onSecond.value)")
            let heard = onSecond.value
            #expect(heard.contains("id: 1\nevent: issued") && heard.contains("id: 2\nevent: called"), "\(heard)")

            // Back on the first server, from where the client left off: only what it missed.
            let resumed = TextSink()
            let again = try await first.stream("/api/events", headers: [("Last-Event-ID", "1")], idleTimeout: .seconds(30)) { resumed.append($0) }
            #expect(await resumed.wait { $0.contains("event: called") })
            again.close()
            #expect(resumed.value.contains("id: 2\nevent: called") && !resumed.value.contains("event: issued"), "\(resumed.value)")

            // Through the one address, alternating servers: every number once, in order.
            var numbers: [String] = []
            for index in 0..<10 {
                let ticket = try await Self.post(institution.front, "/api/tickets", token: ServerProcess.kioskToken, key: "touch-\(index)", body: #"{"service":"B"}"#)
                numbers.append(ticket["number"] as? String ?? "")
            }
            #expect(numbers == (1...10).map { String(format: "B-%03d", $0) })
            // A kiosk's retry lands on the other server: the same ticket.
            let retried = try await Self.post(institution.client(1), "/api/tickets", token: ServerProcess.kioskToken, key: "touch-0", body: #"{"service":"B"}"#)
            #expect(retried["number"] as? String == "B-001")
        }
    }

    /// A staff session opened on one server is good on the other: sessions live in the database.
    @Test func aSessionOpenedOnOneServerWorksOnTheOther() async throws {
        try await TestPostgres.withDatabase { _, address in
            let institution = try await Institution.start(address.description)
            defer { institution.stop() }
            #expect(try await institution.addStaff("laura", "correct horse battery"))
            let session = try await Self.post(institution.client(0), "/api/session", token: "", body: #"{"user":"laura","password":"correct horse battery"}"#)
            let token = try #require(session["token"] as? String)
            let me = try await institution.client(1).send(.GET, "/api/session", headers: [("Authorization", "Bearer \(token)")])
            #expect(me.status == 200, "\(String(decoding: me.bytes, as: UTF8.self))")
            let called = try await institution.client(1).send(.POST, "/api/desks/2/open", headers: [("Authorization", "Bearer \(token)")])
            #expect(called.status == 200, "\(String(decoding: called.bytes, as: UTF8.self))")
            // Wrong passwords on both servers count together: the limit holds across them.
            let wrong = Data(#"{"user":"laura","password":"not her password"}"#.utf8)
            for attempt in 0..<5 {
                #expect(try await institution.client(attempt % 2).send(.POST, "/api/session", body: wrong).status == 401)
            }
            let limited = try await institution.client(0).send(.POST, "/api/session", body: Data(#"{"user":"laura","password":"correct horse battery"}"#.utf8))
            #expect(limited.status == 429 && limited.headers.first(name: "Retry-After") != nil, "\(limited.status)")
        }
    }

    /// One server, many offices: `/o/{office}/…` is that office (its own numbers, tokens,
    /// events, links and pages), today's addresses stay the server's own office, and an
    /// office the database lacks is a 404 that says so.
    @Test func oneServerServesEveryOfficeUnderItsOwnAddress() async throws {
        try await TestPostgres.withDatabase { _, address in
            let institution = try await Institution.start(address.description)
            defer { institution.stop() }
            // A second office with its own name and kiosk token.
            let south = try TestDatabase.demoConfig { config in
                config["name"] = ["es": "Defensoría del Pueblo — Oficina Sur", "en": "Ombudsman — South office"]
                config["access"] = ["staff": "sur-staff-token", "kiosk": "sur-kiosk-token"]
            }
            let file = institution.folder.appendingPathComponent("sur.json")
            try Data(south.utf8).write(to: file)
            let setUp = try Spawned(Institution.executable, ["init", "--db", address.description, "--office", "sur", "--config", file.path],
                environment: ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00"], quiet: true)
            #expect(await setUp.exited() == 0)

            let server = institution.client(0)
            let status = try await server.send(.GET, "/o/sur/api/office")
            #expect(status.status == 200 && String(decoding: status.bytes, as: UTF8.self).contains("Oficina Sur"))
            let home = try await server.send(.GET, "/api/office")
            #expect(!String(decoding: home.bytes, as: UTF8.self).contains("Oficina Sur"), "today's addresses are the server's own office")

            // Each office's tokens are its own.
            let refused = try await server.send(.POST, "/o/sur/api/tickets", headers: [("Authorization", "Bearer \(ServerProcess.kioskToken)")], body: Data(#"{"service":"A"}"#.utf8))
            #expect(refused.status == 401 || refused.status == 403, "\(refused.status)")
            _ = try await Self.post(server, "/api/tickets", token: ServerProcess.kioskToken, body: #"{"service":"A"}"#)
            let southern = TextSink()
            let stream = try await server.stream("/o/sur/api/events", headers: [], idleTimeout: .seconds(30)) { southern.append($0) }
            defer { stream.close() }
            #expect(await southern.wait { $0.contains("event: hello") })

            // Through a client that names the office in its server address.
            let remote = RemoteQueue(url: try ServerURL(parsing: "http://127.0.0.1:\(institution.servers[1].port)/o/sur"), token: "sur-kiosk-token")
            let issued = try await remote.issue(service: "A", preferential: false, firstName: nil)
            #expect(issued.ticket.number.description == "A-001", "the south office numbers on its own")
            #expect(await southern.wait { $0.contains("event: issued") })
            #expect(southern.value.contains("id: 1\nevent: issued"), "the south office's own event ids: \(southern.value)")
            let token = try #require(issued.visitToken)
            let raw = try await Self.post(server, "/o/sur/api/tickets", token: "sur-kiosk-token", body: #"{"service":"B"}"#)
            #expect((raw["visitUrl"] as? String)?.hasPrefix("/o/sur/t/") == true, "\(raw)")
            #expect(try await server.send(.GET, "/o/sur/t/\(token)").status == 200)
            #expect(try await server.send(.GET, "/o/sur/api/visits/\(token)").status == 200)
            #expect(try await server.send(.GET, "/api/visits/\(token)").status == 404, "a visit link belongs to its office")

            let unknown = try await server.send(.GET, "/o/nadie/api/status")
            #expect(unknown.status == 404 && String(decoding: unknown.bytes, as: UTF8.self).contains("unknownOffice"))
        }
    }

    /// The institution together through the API: its admin sees every office now and the
    /// offices side by side, and changes the catalogue, which reaches the offices that offer
    /// from it; an office's own admin is told the institution is not theirs; a person of
    /// another office is given a role in this one without a password.
    @Test func theInstitutionsAdminRunsEveryOfficeAndAnOfficesAdminOnlyTheirs() async throws {
        try await TestPostgres.withDatabase { _, address in
            let institution = try await Institution.start(address.description)
            defer { institution.stop() }
            let south = try TestDatabase.demoConfig { config in
                config["name"] = ["es": "Oficina Sur"]
                var services = config["services"] as! [[String: Any]]
                services[1] = ["code": "B", "catalogue": true]
                config["services"] = services
            }
            let catalogue = institution.folder.appendingPathComponent("catalogue.json")
            try Data(#"{"services": [{"code": "B", "name": {"es": "Quejas"}, "description": {"es": "Presente una queja"}}]}"#.utf8).write(to: catalogue)
            #expect(try await institution.run(["catalogue", "--set", catalogue.path]))
            let file = institution.folder.appendingPathComponent("sur.json")
            try Data(south.utf8).write(to: file)
            #expect(try await institution.run(["init", "--config", file.path], office: "sur"))
            #expect(try await institution.addStaff("marta", "correct horse battery", role: "admin"))
            #expect(try await institution.addStaff("sofia", "another long secret", role: "admin"))
            #expect(try await institution.run(["staff", "institution-admin", "marta"]))

            let server = institution.front
            func signIn(_ user: String, _ password: String, office: String = "") async throws -> String {
                let session = try await Self.post(server, "\(office)/api/session", token: "", body: #"{"user":"\#(user)","password":"\#(password)"}"#)
                return try #require(session["token"] as? String)
            }
            let marta = try await signIn("marta", "correct horse battery", office: "/o/sur")
            let offices = try await server.send(.GET, "/api/institution/offices", headers: [("Authorization", "Bearer \(marta)")])
            #expect(offices.status == 200, "\(String(decoding: offices.bytes, as: UTF8.self))")
            let listed = try JSONSerialization.jsonObject(with: offices.bytes) as? [[String: Any]] ?? []
            #expect(listed.compactMap { $0["office"] as? String } == ["norte", "sur"])
            let report = try await server.send(.GET, "/o/sur/api/institution/report?from=2026-11-23&to=2026-11-23", headers: [("Authorization", "Bearer \(marta)")])
            #expect(report.status == 200 && String(decoding: report.bytes, as: UTF8.self).contains("\"rank\":1"), "\(String(decoding: report.bytes, as: UTF8.self))")

            // Sofía runs norte only: the institution's pages are not hers.
            let sofia = try await signIn("sofia", "another long secret")
            let refused = try await server.send(.GET, "/api/institution/offices", headers: [("Authorization", "Bearer \(sofia)")])
            #expect(refused.status == 403 && String(decoding: refused.bytes, as: UTF8.self).contains("institution admin"))
            #expect(try await server.send(.GET, "/o/sur/api/session", headers: [("Authorization", "Bearer \(sofia)")]).status == 401, "norte's admin is nobody in sur")
            // Marta gives Sofía a role in sur: no password, hers stays hers.
            _ = try await Self.post(server, "/o/sur/api/staff", token: marta, body: #"{"user":"sofia","name":"Sofía","role":"supervisor"}"#)
            #expect(try await server.send(.GET, "/o/sur/api/session", headers: [("Authorization", "Bearer \(sofia)")]).status == 200)
            // …and renames the catalogue's service, which reaches sur as a new version: each
            // server tells its streams of sur's new config once it uses it.
            let heard = [TextSink(), TextSink()]
            var closers: [@Sendable () -> Void] = []
            for index in 0..<2 {
                let sink = heard[index]
                closers.append(try await institution.client(index).stream("/o/sur/api/events", headers: [], idleTimeout: .seconds(30)) { sink.append($0) }.close)
                #expect(await sink.wait { $0.contains("event: hello") })
            }
            defer { for close in closers { close() } }
            let put = try await server.send(.PUT, "/api/institution/catalogue", headers: [("Authorization", "Bearer \(marta)")],
                body: Data(#"{"services": [{"code": "B", "name": {"es": "Quejas y reclamos"}, "description": {"es": "Presente una queja"}}]}"#.utf8))
            #expect(put.status == 200 && String(decoding: put.bytes, as: UTF8.self).contains("\"sur\""), "\(String(decoding: put.bytes, as: UTF8.self))")
            for index in 0..<2 {
                #expect(await heard[index].wait { $0.contains("event: office") })
                let status = try await institution.client(index).send(.GET, "/o/sur/api/status")
                #expect(String(decoding: status.bytes, as: UTF8.self).contains("Quejas y reclamos"))
            }
        }
    }

    /// PostgreSQL stops under a server: requests get a 503 that says so and `/healthz` says
    /// why; when it is back the server serves again by itself, numbering on without a gap,
    /// and an event stream held meanwhile hears the next call.
    @Test func aDatabaseRestartIsA503ThenServedAgainWithoutARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/postgres.sh").standardized.path
        func cluster(_ what: String) async throws -> String {
            // Into a file: the database server started lives on, and would hold a pipe open.
            let said = folder.appendingPathComponent("cluster-\(what)-\(UUID().uuidString).out").path
            let process = try Spawned("/bin/bash", [script, what, folder.appendingPathComponent("cluster").path],
                environment: ProcessInfo.processInfo.environment, stdout: said, stderr: said + ".err")
            _ = await process.exited()
            return (try String(contentsOfFile: said, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let url = try await cluster("start")
        defer { Task { _ = try? await cluster("stop") } }
        let environment = ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00", "ATIENDE_CLOCK": "fixed", "ATIENDE_DB": ""]
        let setUp = try Spawned(Institution.executable, ["init", "--db", url, "--office", "norte"], environment: environment, quiet: true)
        #expect(await setUp.exited() == 0)
        let server = ServerProcess(executable: Institution.executable, database: url, environment: environment, folder: folder, arguments: ["--office", "norte"])
        try await server.start()
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        _ = try await Self.post(client, "/api/tickets", token: ServerProcess.kioskToken, body: #"{"service":"A"}"#)
        let heard = TextSink()
        let stream = try await client.stream("/api/events", headers: [], idleTimeout: .seconds(60)) { heard.append($0) }
        defer { stream.close() }
        #expect(await heard.wait { $0.contains("event: hello") })

        _ = try await cluster("stop")
        let refused = try await client.send(.POST, "/api/tickets", headers: [("Authorization", "Bearer \(ServerProcess.kioskToken)")], body: Data(#"{"service":"A"}"#.utf8))
        let said = String(decoding: refused.bytes, as: UTF8.self)
        #expect(refused.status == 503 && said.contains("the database server does not answer"), "\(refused.status) \(said)")
        let health = try await client.send(.GET, "/healthz")
        #expect(health.status == 503 && String(decoding: health.bytes, as: UTF8.self).contains("database server"))

        #expect(try await cluster("start") == url, "the same cluster, on the same port")
        // Back when /healthz says so: a state the server shows.
        var healthy = false
        for _ in 0..<200 where !healthy {
            healthy = (try? await client.send(.GET, "/healthz"))?.status == 200
        }
        #expect(healthy)
        let next = try await Self.post(client, "/api/tickets", token: ServerProcess.kioskToken, body: #"{"service":"A"}"#)
        #expect(next["number"] as? String == "A-002", "no number lost or skipped: \(next)")
        _ = try await Self.post(client, "/api/desks/1/next", token: ServerProcess.staffToken)
        #expect(await heard.wait { $0.contains("event: called") }, "the stream held across the restart hears the call")
        server.stop()
        _ = try await cluster("stop")
    }

    /// One of two servers killed (SIGKILL) while kiosks issue through the balancer, each
    /// kiosk asking again with its `Idempotency-Key` until it has an answer: every ticket
    /// acknowledged once, none lost, none twice, and no number skipped.
    @Test func killingOneOfTwoServersUnderLoadLosesNothing() async throws {
        try await TestPostgres.withDatabase { _, address in
            let institution = try await Institution.start(address.description)
            defer { institution.stop() }
            let acknowledged = Tally()
            let front = institution.balancer.port
            let kiosks = 8, each = 25
            // Killed by the kiosk whose answer makes a fifth of the tickets out: a state the run shows.
            let killer = Once()
            let doomed = institution.servers[1]
            let issuers = (0..<kiosks).map { kiosk in
                Task {
                    let client = HTTPClient(host: "127.0.0.1", port: front)
                    for ticket in 0..<each {
                        let headers = [("Authorization", "Bearer \(ServerProcess.kioskToken)"), ("Idempotency-Key", "kiosk-\(kiosk)-\(ticket)")]
                        let body = Data(#"{"service":"\#(["A", "B"][kiosk % 2])"}"#.utf8)
                        // Until an answer comes, the kiosk asks again with the same key, as it does.
                        while true {
                            if let answer = try? await client.send(.POST, "/api/tickets", headers: headers, body: body), answer.status == 201,
                                let json = try? JSONSerialization.jsonObject(with: answer.bytes) as? [String: Any], let number = json["number"] as? String {
                                acknowledged.add(number)
                                if acknowledged.all.count >= kiosks * each / 5, killer.first() { doomed.kill() }
                                break
                            }
                            await Task.yield()
                        }
                    }
                }
            }
            for issuer in issuers { await issuer.value }

            let numbers = acknowledged.all
            #expect(numbers.count == kiosks * each && Set(numbers).count == numbers.count, "each ticket acknowledged once")
            for service in ["A", "B"] {
                let sequences = numbers.filter { $0.hasPrefix(service + "-") }.compactMap { Int($0.dropFirst(2)) }.sorted()
                #expect(sequences == Array(1...(kiosks / 2 * each)), "\(service): no number lost or skipped")
            }
            let status = try await institution.client(0).send(.GET, "/api/status")
            let today = (try JSONSerialization.jsonObject(with: status.bytes) as? [String: Any])?["today"] as? [String: Any]
            #expect(today?["issued"] as? Int == kiosks * each, "nothing stored that nobody was given")
        }
    }

    /// Behind a balancer every request comes from its address: the sign-in limit per address
    /// counts the client it names (`X-Forwarded-For`, from a proxy the server trusts), so one
    /// guesser does not lock everyone out, and is still held back.
    @Test func theSignInLimitPerAddressCountsTheClientBehindTheBalancer() async throws {
        try await TestPostgres.withDatabase { _, address in
            let institution = try await Institution.start(address.description)
            defer { institution.stop() }
            #expect(try await institution.addStaff("laura", "correct horse battery"))
            let server = institution.client(0)
            func signIn(_ user: String, _ password: String, from client: String) async throws -> Int {
                try await server.send(.POST, "/api/session", headers: [("X-Forwarded-For", "203.0.113.9, \(client)")],
                    body: Data(#"{"user":"\#(user)","password":"\#(password)"}"#.utf8)).status
            }
            // One guesser tries five made-up users from 10.0.0.5.
            for guess in 0..<5 { #expect(try await signIn("nadie-\(guess)", "guess", from: "10.0.0.5") == 401) }
            #expect(try await signIn("laura", "correct horse battery", from: "10.0.0.5") == 429, "the guesser's address is held back")
            #expect(try await signIn("laura", "correct horse battery", from: "10.0.0.6") == 200, "another client is not")
        }
    }
}

/// Something that happens once, whichever task gets there first.
final class Once: Sendable {
    private let done = Mutex(false)

    /// True for the first caller only.
    func first() -> Bool { done.withLock { done in defer { done = true }; return !done } }
    var happened: Bool { done.withLock { $0 } }
}
