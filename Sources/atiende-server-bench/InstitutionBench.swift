import AtiendeCore
import AtiendePostgres
import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation
import Logging
import PostgresNIO
import TestSupport

/// An institution on PostgreSQL (docs/postgres.md), against one office on SQLite in the same
/// run. Needs a PostgreSQL: `$ATIENDE_TEST_POSTGRES`, else one started here with
/// scripts/postgres.sh (fsync on).
///
/// - issue rate: wrk flat out through one server on SQLite, one on PostgreSQL and two on
///   PostgreSQL behind haproxy; processor time per ticket of the servers and of PostgreSQL;
/// - status: one office's status with 50 offices and a million past tickets in the
///   database, against the same office alone in an empty one;
/// - migrate: a day of 20,000 tickets moved from its file; a second run adds nothing;
/// - paced: 1,000 issues a second offered through the balancer with 200 event streams
///   spread over the two servers, against one server on SQLite with its 200 streams.
struct InstitutionBench {
    let quick: Bool

    func run() async throws {
        let (url, stop) = try await Self.postgres()
        defer { stop() }
        say("\ninstitution: PostgreSQL at \(url)")
        // ATIENDE_BENCH_PARTS=rate,paced,status,migrate (the default: all of them).
        let parts = ProcessInfo.processInfo.environment["ATIENDE_BENCH_PARTS"].map { $0.split(separator: ",").map(String.init) }
            ?? ["rate", "paced", "status", "migrate"]
        if parts.contains("rate") { try await issueRate(url) }
        if parts.contains("paced") { try await paced(url) }
        if parts.contains("status") { try await status(url) }
        if parts.contains("migrate") { try await migrate(url) }
    }

    // MARK: Issue rate

    func issueRate(_ url: String) async throws {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) else {
            say("  issue rate: wrk not installed; skipped")
            return
        }
        let seconds = quick ? 2 : 4
        func measure(_ label: String, target: String, servers: [ServerProcess], database: Bool) throws -> Double {
            let script = scratch("wrk").appendingPathComponent("issue.lua")
            try WrkBench.script.write(to: script, atomically: true, encoding: .utf8)
            let arguments = ["-t1", "-c\(LoadBench.clients)", "-s", script.path, "\(target)/api/tickets"]
            _ = try WrkBench.output(of: wrk, arguments + ["-d1s"])
            let serverBefore = servers.map { cpuSeconds(pid: $0.pid ?? 0) ?? 0 }.reduce(0, +)
            let postgresBefore = database ? Self.postgresCPU() : 0
            let text = try WrkBench.output(of: wrk, arguments + ["-d\(seconds)s", "--latency"])
            let serverAfter = servers.map { cpuSeconds(pid: $0.pid ?? 0) ?? 0 }.reduce(0, +)
            let postgresAfter = database ? Self.postgresCPU() : 0
            guard let rate = WrkBench.number(after: "Requests/sec:", in: text), let requests = WrkBench.number(before: " requests in", in: text) else {
                fail("wrk said:\n\(text)")
            }
            if text.contains("Non-2xx") { fail("wrk saw refusals:\n\(text)") }
            let perTicket = { (cpu: Double) in cpu / requests * 1e6 }
            say(String(format: "  %-38@ %6.0f /s   p99 %@   processor per ticket: server %4.0f µs%@", label as NSString, rate,
                WrkBench.percentile("99%", in: text), perTicket(serverAfter - serverBefore),
                database ? String(format: ", PostgreSQL %4.0f µs", perTicket(postgresAfter - postgresBefore)) : ""))
            return rate
        }
        say("  issue rate, wrk with \(LoadBench.clients) connections for \(seconds) s:")
        let sqlite = try await startServer("institution-sqlite")
        let baseline = try measure("one server, SQLite (baseline)", target: sqlite.url, servers: [sqlite], database: false)
        finish(sqlite)

        let database = try await Self.freshDatabase(url)
        let environment = ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00"]
        try Self.atiende(["init", "--db", database, "--office", "norte"], environment)
        let folder = scratch("institution")
        let servers = (0..<2).map { _ in
            ServerProcess(executable: executable, database: database, environment: environment, folder: folder, arguments: ["--office", "norte"])
        }
        for server in servers { try await server.start() }
        defer { for server in servers { server.stop() } }
        let one = try measure("one server, PostgreSQL", target: servers[0].url, servers: [servers[0]], database: true)
        let balancer = try await LoadBalancer(servers: servers.map(\.port), folder: folder)
        defer { balancer.stop() }
        let two = try measure("two servers behind haproxy, PostgreSQL", target: balancer.url, servers: servers, database: true)
        say(String(format: "  ratios to SQLite: one server %.2f, two servers %.2f", one / baseline, two / baseline))
    }

    // MARK: Paced, with streams

    /// 1,000 issues a second offered (Poisson arrivals from 50 kiosks) while 200 event streams
    /// listen: on SQLite through one server, then on PostgreSQL through haproxy in front of two
    /// servers, each holding half the streams. Whether every stream got every issue event.
    func paced(_ url: String) async throws {
        let each = quick ? 40 : 200, clients = LoadBench.clients, streams = LoadBench.listeners
        say("  paced at 1,000 issues/s offered by \(clients) kiosks (\(clients * each) tickets), \(streams) event streams open:")
        func run(_ label: String, issueAt port: Int, listenAt ports: [Int], servers: [ServerProcess], database: Bool) async throws -> Sample {
            var listeners: [Listeners] = []
            for port in ports { listeners.append(try await Listeners(count: streams / ports.count, port: port)) }
            defer { for group in listeners { group.close() } }
            while listeners.reduce(0, { $0 + $1.connected }) < streams { try await Task.sleep(for: .milliseconds(20)) }
            let connections = (0..<clients).map { _ in HTTPClient(host: "127.0.0.1", port: port) }
            let headers = [("Authorization", "Bearer \(ServerProcess.kioskToken)")]
            let issue: @Sendable (Int) async throws -> Void = { client in
                let body = Data(#"{"service":"\#(LoadBench.services[client % 4])","preferential":false}"#.utf8)
                let answer = try await connections[client].send(.POST, "/api/tickets", headers: headers, body: body)
                guard answer.status == 201 else { throw HTTPClientError.unreachable("status \(answer.status)") }
            }
            _ = await load(clients: clients, each: 2, issue)  // warm up
            let serverBefore = servers.map { cpuSeconds(pid: $0.pid ?? 0) ?? 0 }.reduce(0, +)
            let postgresBefore = database ? Self.postgresCPU() : 0
            let machineBefore = machineBusySeconds() ?? 0
            let (sample, failures) = await load(clients: clients, each: each, perSecond: 1000.0 / Double(clients), issue)
            let serverCPU = servers.map { cpuSeconds(pid: $0.pid ?? 0) ?? 0 }.reduce(0, +) - serverBefore
            let postgresCPU = (database ? Self.postgresCPU() : 0) - postgresBefore
            let machineCPU = (machineBusySeconds() ?? 0) - machineBefore
            let total = clients * 2 + sample.count
            let deadline = ContinuousClock.now + .seconds(30)
            while listeners.map(\.fewest).min() ?? 0 < total && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let fewest = listeners.map(\.fewest).min() ?? 0
            say(String(format: "  %-38@ %@%@", label as NSString, sample.line, failures > 0 ? "   \(failures) failed" : ""))
            say(String(format: "    streams: %d of %d connected, the fewest events any received: %d of %d (%@); processor per ticket: server %.0f µs%@",
                listeners.reduce(0) { $0 + $1.connected }, streams, fewest, total, fewest == total ? "every stream got every event" : "SOME MISSED",
                serverCPU / Double(sample.count) * 1e6, database ? String(format: ", PostgreSQL %.0f µs", postgresCPU / Double(sample.count) * 1e6) : ""))
            say(String(format: "    the whole machine was busy %.2f of its %d cores meanwhile (%.0f µs a ticket, the load generator and its streams included)",
                machineCPU / sample.seconds, ProcessInfo.processInfo.activeProcessorCount, machineCPU / Double(sample.count) * 1e6))
            return sample
        }
        let sqlite = try await startServer("paced-sqlite")
        let baseline = try await run("one server, SQLite (baseline)", issueAt: sqlite.port, listenAt: [sqlite.port], servers: [sqlite], database: false)
        finish(sqlite)

        let database = try await Self.freshDatabase(url)
        let environment = ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00"]
        try Self.atiende(["init", "--db", database, "--office", "norte"], environment)
        let folder = scratch("institution-paced")
        let servers = (0..<2).map { _ in
            ServerProcess(executable: executable, database: database, environment: environment, folder: folder, arguments: ["--office", "norte"])
        }
        for server in servers { try await server.start() }
        defer { for server in servers { server.stop() } }
        let balancer = try await LoadBalancer(servers: servers.map(\.port), folder: folder)
        defer { balancer.stop() }
        let two = try await run("two servers behind haproxy, PostgreSQL", issueAt: balancer.port, listenAt: servers.map(\.port), servers: servers, database: true)
        say(String(format: "  against SQLite: rate %.2f, p99 %.1f×", two.rate / baseline.rate, two.percentile(99) / baseline.percentile(99)))
    }

    // MARK: Status against the history

    /// `status` for one office, alone in its database and then among 50 offices with a
    /// million past tickets (and their events).
    func status(_ url: String) async throws {
        let history = quick ? 100_000 : 1_000_000
        let empty = try await Self.freshDatabase(url)
        let full = try await Self.freshDatabase(url)
        let reads = quick ? 100 : 400
        var results: [String: Sample] = [:]
        for (name, database) in [("alone", empty), ("with the history", full)] {
            let address = try PostgresAddress(parsing: database)
            let client = PostgresClient(configuration: address.configuration, backgroundLogger: Self.quiet)
            let running = Task { await client.run() }
            defer { running.cancel() }
            try await PostgresSchema.migrate(client, logger: Self.quiet)
            let queue = PostgresQueue(client: client, office: "norte", time: .fixed(Date(timeIntervalSince1970: 1_795_442_400)))
            try await queue.apply(config: TestDatabase.demoConfig, file: "office.json")
            if database == full {
                let started = ContinuousClock.now
                try await Self.fill(client, offices: 50, tickets: history)
                say(String(format: "  status: %d past tickets of 50 offices written in %.1f s", history, elapsed(since: started)))
            }
            // Today: 200 tickets, some called and served.
            for k in 0..<200 { _ = try await queue.issue(service: ["A", "B", "C", "D"][k % 4], preferential: k % 10 == 0, firstName: nil) }
            for desk in ["1", "2", "3", "4"] {
                for _ in 0..<10 {
                    _ = try await queue.callNext(desk: DeskID(rawValue: desk))
                    _ = try await queue.act(.start, desk: DeskID(rawValue: desk))
                    _ = try await queue.act(.finish, desk: DeskID(rawValue: desk))
                }
            }
            for _ in 0..<20 { _ = try await queue.snapshot() }
            let sample = await load(clients: 1, each: reads) { _ in _ = try await queue.snapshot() }.0
            results[name] = sample
            say("  status \(name): \(sample.line)")
            if database == full {
                // The central report over the year, every office side by side.
                let institution = PostgresInstitution(client: client)
                guard let first = LocalDay("2025-11-20"), let last = LocalDay("2026-11-23") else { fail("bad days") }
                let year = (first, last)
                let times = try await self.sample(quick ? 3 : 10) { _ = try await institution.comparison(from: year.0, to: year.1) }
                let comparison = try await institution.comparison(from: year.0, to: year.1)
                say(String(format: "  central report, %d offices over a year (%d tickets): p50 %.0f ms, max %.0f ms",
                    comparison.offices.count, comparison.institution.issued, Statistics.percentile(times, 50) ?? .nan, times.last ?? .nan))
            }
        }
        if let alone = results["alone"], let full = results["with the history"] {
            say(String(format: "  status with the history against alone: p50 %.2f×, p99 %.2f× (goal: within 2×)",
                full.percentile(50) / alone.percentile(50), full.percentile(99) / alone.percentile(99)))
        }
    }

    /// Past tickets and their issue and finish events for `offices` offices over a year,
    /// written by PostgreSQL itself (generate_series).
    static func fill(_ client: PostgresClient, offices: Int, tickets: Int) async throws {
        let logger = Self.quiet
        let config = TestDatabase.demoConfig
        for index in 1...offices {
            let id = "oficina-\(index)"
            try await client.query("INSERT INTO office (id) VALUES (\(id)) ON CONFLICT DO NOTHING", logger: logger)
            try await client.query(
                "INSERT INTO officeConfig (office, version, json, appliedAt) VALUES (\(id), 1, \(config), now())", logger: logger)
        }
        let perOffice = tickets / offices
        // The year before the benchmark's Monday, numbers per office and day.
        try await client.query(PostgresQuery(unsafeSQL: """
            INSERT INTO ticket (office, day, service, seq, preferential, issuedAt, queueService, state, desk, waitingSince,
                firstCalledAt, calledAt, startedAt, endedAt, dueAt)
            SELECT 'oficina-' || o, to_char(d, 'YYYY-MM-DD'), 'A', n, false, d + interval '9 hours' + n * interval '1 minute', 'A', 'done', '1',
                d + interval '9 hours' + n * interval '1 minute', d + interval '9 hours 5 minutes' + n * interval '1 minute',
                d + interval '9 hours 5 minutes' + n * interval '1 minute', d + interval '9 hours 6 minutes' + n * interval '1 minute',
                d + interval '9 hours 15 minutes' + n * interval '1 minute', d + interval '9 hours' + n * interval '1 minute'
            FROM generate_series(1, \(offices)) AS o,
                 generate_series(timestamptz '2025-11-20', timestamptz '2026-11-20', interval '1 day') AS d,
                 generate_series(1, GREATEST(1, \(perOffice) / 366)) AS n
            """), logger: logger)
        try await client.query(PostgresQuery(unsafeSQL: """
            INSERT INTO event (office, seq, ticketId, day, kind, at, desk, service, seconds, staff)
            SELECT office, row_number() OVER (PARTITION BY office ORDER BY id, k), id, day, k, issuedAt, desk, service, 540,
                CASE WHEN k = 'finished' THEN 'clerk-' || (id % 8) END
            FROM ticket, unnest(ARRAY['issued', 'finished']) AS k WHERE office LIKE 'oficina-%'
            """), logger: logger)
        // Every visit finished by one of eight people, and one visitor in ten answering the
        // questions: what the report side by side reads for each person and the drivers.
        try await client.query(PostgresQuery(unsafeSQL: """
            INSERT INTO feedback (ticketId, at, answer, time, professionalism, information, attitude)
            SELECT id, endedAt, 4, 4, 5, 4, 5 FROM ticket WHERE office LIKE 'oficina-%' AND id % 10 = 0
            """), logger: logger)
        try await client.query(PostgresQuery(unsafeSQL: """
            UPDATE office SET lastEvent = (SELECT COALESCE(MAX(seq), 0) FROM event WHERE event.office = office.id)
            """), logger: logger)
        // Their day tallies, as the store keeps them for every ticket it writes.
        try await client.query(PostgresQuery(unsafeSQL: """
            INSERT INTO dayTally (office, day, key, value)
            SELECT office, day, k, v FROM (
                SELECT office, day, 'issued' AS k, COUNT(*)::float8 AS v FROM ticket WHERE office LIKE 'oficina-%' GROUP BY office, day
                UNION ALL SELECT office, day, 'served', COUNT(*) FROM ticket WHERE office LIKE 'oficina-%' GROUP BY office, day
                UNION ALL SELECT office, day, 'serviceSeconds', 540 * COUNT(*) FROM ticket WHERE office LIKE 'oficina-%' GROUP BY office, day
                UNION ALL SELECT office, day, 'waitSeconds', SUM(EXTRACT(EPOCH FROM firstCalledAt - issuedAt)) FROM ticket
                    WHERE office LIKE 'oficina-%' GROUP BY office, day) AS sums
            """), logger: logger)
        try await client.query(PostgresQuery(unsafeSQL: """
            INSERT INTO dayWait (office, day, kind, second, people)
            SELECT office, day, 0, CEIL(EXTRACT(EPOCH FROM firstCalledAt - issuedAt))::integer, COUNT(*) FROM ticket
            WHERE office LIKE 'oficina-%' GROUP BY 1, 2, 4
            """), logger: logger)
        try await client.query("ANALYZE", logger: logger)
    }

    // MARK: Migrate a busy day

    func migrate(_ url: String) async throws {
        let tickets = quick ? 2_000 : 20_000
        let folder = scratch("migrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("atiende.sqlite").path
        let store = try SQLiteQueue(path: file, time: .fixed(Date(timeIntervalSince1970: 1_795_410_000)), create: true)
        _ = try await store.apply(config: TestDatabase.demoConfig, file: "office.json")
        var started = ContinuousClock.now
        try await BusyDay.fill(path: file, issued: tickets, waiting: 20)
        say(String(format: "  migrate: a day of %d tickets written to its file in %.1f s", tickets, elapsed(since: started)))
        let database = try await Self.freshDatabase(url)
        started = ContinuousClock.now
        let first = try Self.atiende(["migrate", "--from", file, "--to", database, "--office", "norte", "--json"], [:])
        let seconds = elapsed(since: started)
        let again = try Self.atiende(["migrate", "--from", file, "--to", database, "--office", "norte", "--json"], [:])
        let span = ["--from", "2026-11-23", "--to", "2026-11-23", "--json"]
        let environment = ["ATIENDE_NOW": "2026-11-23T09:00:00-05:00"]
        let fromFile = try Self.atiende(["report", "--db", file] + span, environment)
        let fromDatabase = try Self.atiende(["report", "--db", database, "--office", "norte"] + span, environment)
        say(String(format: "  migrate: moved in %.1f s (the atiende process, connection included): %@", seconds, first.trimmingCharacters(in: .newlines)))
        say("  migrate again: \(again.trimmingCharacters(in: .newlines))")
        say("  the day's report from the file and from the database: \(fromFile == fromDatabase ? "the same" : "DIFFERENT")")
    }

    // MARK: Pieces

    /// Times `body` `times` times; milliseconds, sorted.
    func sample(_ times: Int, _ body: () async throws -> Void) async throws -> [Double] {
        var out: [Double] = []
        for _ in 0..<times {
            let start = ContinuousClock.now
            try await body()
            out.append(elapsed(since: start) * 1000)
        }
        return out.sorted()
    }

    /// A logger for the driver that says only what went wrong.
    static let quiet: Logger = {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return logger
    }()

    /// The test command's PostgreSQL, or one of our own for this run.
    static func postgres() async throws -> (String, () -> Void) {
        if let url = ProcessInfo.processInfo.environment["ATIENDE_TEST_POSTGRES"] { return (url, {}) }
        let folder = scratch("postgres")
        let text = try Self.script(["start", folder.appendingPathComponent("cluster").path], in: folder)
        guard let url = text.split(separator: "\n").last.map(String.init), url.hasPrefix("postgres://") else {
            fail("scripts/postgres.sh did not start PostgreSQL (run this from the package folder, as root or a user who may sudo): \(text)")
        }
        return (url, { _ = try? Self.script(["stop", folder.appendingPathComponent("cluster").path], in: folder) })
    }

    /// scripts/postgres.sh, its output through a file: the database server it starts lives
    /// on and would hold a pipe open.
    static func script(_ arguments: [String], in folder: URL) throws -> String {
        let said = folder.appendingPathComponent("postgres-\(UUID().uuidString).out").path
        // Spawned, not Process: Foundation's Process did not see this script end once the
        // server it starts had gone to the background (it stayed a zombie).
        let process = try Spawned("/bin/bash", ["scripts/postgres.sh"] + arguments, environment: ProcessInfo.processInfo.environment, stdout: said)
        _ = process.wait()
        return try String(contentsOfFile: said, encoding: .utf8)
    }

    /// A new empty database on the server; its address.
    static func freshDatabase(_ url: String) async throws -> String {
        var address = try PostgresAddress(parsing: url)
        let name = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let client = PostgresClient(configuration: address.configuration, backgroundLogger: Self.quiet)
        let running = Task { await client.run() }
        defer { running.cancel() }
        try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.quiet)
        address.database = name
        return address.description
    }

    /// Processor seconds used so far by every PostgreSQL process of the cluster's owner.
    static func postgresCPU() -> Double {
        let pids = (try? WrkBench.output(of: "/usr/bin/pgrep", ["-u", "atiende-pg"])) ?? ""
        return pids.split(separator: "\n").compactMap { Int32($0).flatMap { cpuSeconds(pid: $0) } }.reduce(0, +)
    }

    /// Runs the `atiende` beside this benchmark; its standard output.
    @discardableResult
    static func atiende(_ arguments: [String], _ environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { fail("atiende \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }
}
