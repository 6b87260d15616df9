import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation
import GRDB
import Synchronization
import Testing
import TestSupport

/// The real `atiende serve` in its own process, used by the real `atiende --server` and
/// by the remote queue, and killed the hard way.
@Suite(.serialized) struct ServerEndToEndTests {
    func server(_ cli: CommandRunner, arguments: [String] = []) -> ServerProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["ATIENDE_NOW"] = cli.now
        environment["ATIENDE_CLOCK"] = "fixed"
        return ServerProcess(
            executable: CommandRunner.executable.path, database: cli.database, environment: environment, folder: cli.folder,
            arguments: arguments)
    }

    /// `serve --verbose` once wrote `?access_token=` in plain text and no status.
    @Test func theRequestLogHasEachStatusAndNeverAToken() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let server = server(cli, arguments: ["--verbose"])
        defer { server.stop() }
        try await server.start()
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        let stream = try await client.stream("/api/events?access_token=\(ServerProcess.staffToken)", headers: [], idleTimeout: .seconds(30)) { _ in }
        #expect(stream.status == 200)
        _ = try await RemoteQueue(url: server.url, token: ServerProcess.kioskToken).issue(service: "A", preferential: false, firstName: nil)
        #expect(try await client.send(.GET, "/api/tickets/Z-001?lang=en", headers: [], body: nil).status == 404)
        server.stop()
        let log = [server.log, server.log + ".err"].compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined()
        #expect(log.contains("GET /api/events 200"), "\(log)")
        #expect(log.contains("POST /api/tickets 201"), "\(log)")
        #expect(log.contains("GET /api/tickets/Z-001 404"), "\(log)")
        #expect(!log.contains(ServerProcess.staffToken) && !log.contains(ServerProcess.kioskToken), "no token in the log")
        #expect(!log.contains("access_token") && !log.contains("lang=en"), "no query strings in the log")
    }

    /// `atiende status --server … | head -1` once crashed with a stack trace on the broken
    /// pipe: now it ends quietly, as Unix tools do.
    @Test func aReaderThatLeavesEarlyEndsTheCommandQuietly() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let server = server(cli)
        defer { server.stop() }
        try await server.start()
        let errors = cli.folder.appendingPathComponent("pipe.err").path
        let script = "set -o pipefail; '\(CommandRunner.executable.path)' status --server \(server.url) --token \(ServerProcess.staffToken) | true"
        let status = try await Spawned("/bin/bash", ["-c", script], environment: ProcessInfo.processInfo.environment, stderr: errors).exited()
        let said = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(status == 0 && !said.contains("Fatal error"), "\(status): \(said)")
    }

    @Test func commandsOnAServerPrintWhatTheyPrintOnAFile() async throws {
        let local = try CommandRunner(), remote = try CommandRunner()
        try await local.run("init")
        try await remote.run("init")
        let server = server(remote)
        defer { server.stop() }
        try await server.start()
        let onServer = ["--server", server.url, "--token", ServerProcess.staffToken]
        let script: [[String]] = [
            ["issue", "A"], ["issue", "B", "--preferential", "--name", "Rosa"], ["issue", "Z"], ["next", "--desk", "1"],
            ["next", "--desk", "1"], ["recall", "--desk", "1"], ["start", "--desk", "1"], ["finish", "--desk", "1"],
            ["next", "--desk", "2"], ["transfer", "--desk", "2", "--to", "C"], ["no-show", "--desk", "2"],
            ["call", "B-009", "--desk", "3"], ["call", "hello", "--desk", "3"], ["next", "--desk", "9"], ["desk", "close", "4"],
            ["cancel", "A-001"], ["status"], ["report"], ["next", "--desk", "1", "--json"], ["issue", "D", "--json"],
            ["status", "--json", "--lang", "en"], ["report", "--json"], ["desk", "open", "4", "--json"],
        ]
        for command in script {
            let a = try await local.run(command), b = try await remote.run(command + onServer, environment: ["ATIENDE_DB": ""])
            #expect(a.status == b.status, "\(command)")
            // A new ticket's visit link is random: compared by its shape.
            func shape(_ text: String) -> String {
                text.replacingOccurrences(of: #"/t/[A-Za-z0-9_-]{22}""#, with: #"/t/TOKEN""#, options: .regularExpression)
            }
            #expect(shape(a.stdout) == shape(b.stdout), "\(command)")
            #expect(a.stderr == b.stderr, "\(command)")
        }
    }

    @Test func aServerKilledMidLoadLosesNoAcknowledgedTicket() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let server = server(cli)
        defer { server.stop() }
        try await server.start()
        let acknowledged = Tally()
        let url = server.url
        let issuers = (0..<8).map { _ in
            Task {
                let queue = try RemoteQueue(url: url, token: ServerProcess.kioskToken)
                while !Task.isCancelled {
                    do {
                        let place = try await queue.issue(service: "A", preferential: false, firstName: nil)
                        acknowledged.add(place.ticket.number.description)
                    } catch {
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
        }
        while acknowledged.all.count < 300 { try await Task.sleep(for: .milliseconds(10)) }
        server.kill()
        try await Task.sleep(for: .milliseconds(300))
        for issuer in issuers { issuer.cancel() }
        for issuer in issuers { _ = await issuer.result }
        let answered = acknowledged.all

        let file = try DatabaseQueue(path: cli.database)
        #expect(try await file.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        let stored = try await file.read { try Int.fetchAll($0, sql: "SELECT seq FROM ticket WHERE service = 'A' ORDER BY seq") }
        #expect(stored == Array(1...stored.count), "numbers are gap-free")
        let storedNumbers = Set(stored.map { String(format: "A-%03d", $0) })
        #expect(Set(answered).isSubset(of: storedNumbers), "every number a kiosk was given is stored")
        #expect(answered.count == Set(answered).count, "no number given twice")

        try await server.start()
        let next = try await RemoteQueue(url: server.url, token: ServerProcess.kioskToken).issue(service: "A", preferential: false, firstName: nil)
        #expect(next.ticket.number.sequence == stored.count + 1, "numbering continues after the restart")
    }

    /// Before: after the `-wal` was deleted, one `atiende status --db` left a file that was
    /// "not a database", the server answered 503 to every ticket after it, and a kill lost
    /// the tickets issued since the delete.
    @Test func aDeletedLogLosesNoTicketAndBreaksNothing() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let server = server(cli)
        defer { server.stop() }
        try await server.start()
        let kiosk = try RemoteQueue(url: server.url, token: ServerProcess.kioskToken)
        for _ in 0..<30 { _ = try await kiosk.issue(service: "A", preferential: false, firstName: nil) }
        try FileManager.default.removeItem(atPath: cli.database + "-wal")
        for _ in 0..<10 { _ = try await kiosk.issue(service: "A", preferential: false, firstName: nil) }
        // Another process at that moment is refused with a reason, or finds the log back.
        let early = try await cli.run(["status"])
        #expect(early.status == 0 || early.stderr.contains("was deleted while the server runs"), "\(early.stderr)")
        // The server puts a new log in place on its own, and says so in its log.
        let said = "was deleted while serving: what it held is now in the database"
        let deadline = Date().addingTimeInterval(60)
        while !(((try? String(contentsOfFile: server.log + ".err", encoding: .utf8)) ?? "").contains(said)) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(((try? String(contentsOfFile: server.log + ".err", encoding: .utf8)) ?? "").contains(said))
        let status = try await cli.run(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        for _ in 0..<10 { _ = try await kiosk.issue(service: "A", preferential: false, firstName: nil) }
        server.kill()
        let file = try DatabaseQueue(path: cli.database)
        #expect(try await file.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        #expect(try await file.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM ticket") } == 50, "every acknowledged ticket")
    }

    @Test func sigtermStopsTheServerEvenWithDisplaysConnected() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let server = server(cli)
        try await server.start()
        let streams = try await (0..<3).asyncMap { _ in
            try await HTTPClient(host: "127.0.0.1", port: server.port).stream("/api/events", headers: [], idleTimeout: .seconds(30)) { _ in }
        }
        #expect(streams.allSatisfy { $0.status == 200 })
        let started = ContinuousClock.now
        server.stop()
        #expect(!server.isRunning)
        #expect(ContinuousClock.now - started < .seconds(2), "SIGTERM ends the event streams and the server within a second")
    }

    @Test func serveSaysWhyItCannotStart() async throws {
        let cli = try CommandRunner()
        let noTokens = cli.folder.appendingPathComponent("office.json")
        var office = try JSONSerialization.jsonObject(with: Data(TestDatabase.demoConfig.utf8)) as? [String: Any] ?? [:]
        office.removeValue(forKey: "access")
        try JSONSerialization.data(withJSONObject: office).write(to: noTokens)
        try await cli.run("init", "--config", noTokens.path)
        let refused = try await cli.run("serve", "--port", "0")
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("atiende: the office config has no \"access\" tokens: add"))

        try await cli.run("init")
        let server = server(cli)
        defer { server.stop() }
        try await server.start()
        // A second server on the same file is refused before it listens.
        let same = try await cli.run("serve", "--port", "0")
        #expect(same.status == 69)
        #expect(same.stderr.hasPrefix("atiende: serve: a server is using ") && same.stderr.hasSuffix("stop that server first\n"), "\(same.stderr)")
        // Another office's server on the same port.
        let other = try CommandRunner()
        try await other.run("init")
        let second = try await other.run("serve", "--port", String(server.port))
        #expect(second.status == 69)
        #expect(second.stderr.hasSuffix("\natiende: port \(server.port) on 127.0.0.1 is already in use: stop the other server or pass another --port\n"))
        let remoteInit = try await cli.run("init", "--server", server.url)
        #expect(remoteInit.status == 64)
        #expect(remoteInit.stderr == "atiende: this command works on the database file itself: run it on the server machine with --db\n")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
