import AtiendeCore
import AtiendePostgres
import AtiendeQueue
import Foundation
import Logging
import PostgresNIO
import Testing
import TestSupport

extension TestPostgres {
    /// Runs `body` with office `norte` on the demo config, in a fresh database at 09:00.
    static func withOffice(_ body: (PostgresQueue, PostgresClient, PostgresAddress) async throws -> Void) async throws {
        try await withDatabase { client, address in
            try await PostgresSchema.migrate(client, logger: logger)
            let queue = PostgresQueue(client: client, office: "norte", time: PostgresIssueTests.morning)
            try await queue.apply(config: TestDatabase.demoConfig, file: "office.json")
            try await body(queue, client, address)
        }
    }
}

@Suite struct PostgresAddressTests {
    @Test func anAddressNamesTheServerTheUserAndTheDatabase() throws {
        let address = try PostgresAddress(parsing: "postgres://atiende@db.example.org:6432/atiende?sslmode=require", environment: [:])
        #expect(address.host == "db.example.org" && address.port == 6432 && address.user == "atiende" && address.database == "atiende")
        #expect(address.tls == .require)
        #expect(address.password == nil)
        #expect(try PostgresAddress(parsing: "postgresql://a@h/d", environment: [:]).port == 5432)
    }

    @Test func thePasswordComesFromTheEnvironmentOrAFileAndIsNeverPrinted() throws {
        let inEnvironment = try PostgresAddress(parsing: "postgres://atiende@h/atiende", environment: ["ATIENDE_DB_PASSWORD": "s3cret"])
        #expect(inEnvironment.password == "s3cret")
        #expect(!inEnvironment.description.contains("s3cret"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try "fromfile\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try PostgresAddress(parsing: "postgres://atiende@h/atiende", environment: ["ATIENDE_DB_PASSWORD_FILE": file.path]).password == "fromfile")
    }

    @Test(arguments: [
        ("postgres://atiende:s3cret@h/atiende", "the database password does not belong in the address"),
        ("postgres://h/atiende", "names no user"),
        ("postgres://atiende@h", "names no database"),
        ("postgres://atiende@h/atiende?ssl=true", "sslmode=disable, prefer or require, and sslrootcert=FILE"),
        ("mysql://atiende@h/atiende", "is not a PostgreSQL address"),
    ])
    func aWrongAddressSaysWhatToWrite(_ text: String, _ problem: String) {
        #expect(throws: PostgresAddressError.self) { try PostgresAddress(parsing: text, environment: [:]) }
        do {
            _ = try PostgresAddress(parsing: text, environment: [:])
        } catch {
            #expect(error.description.contains(problem), "\(error.description)")
            #expect(!error.description.contains("s3cret"), "never the password")
            #expect(!error.description.contains("\n"))
        }
    }
}

/// TLS to the database when the address asks for it: the test server speaks it with a
/// certificate from an authority of its own (scripts/postgres.sh).
@Suite(.enabled(
    if: TestPostgres.available && ProcessInfo.processInfo.environment["ATIENDE_TEST_POSTGRES_CA"] != nil,
    "the test command's PostgreSQL speaks TLS and sets ATIENDE_TEST_POSTGRES_CA"))
struct PostgresTLSTests {
    @Test func anAddressThatAsksForTLSGetsItAndAnUntrustedServerIsToldInOneLine() async throws {
        let environment = ProcessInfo.processInfo.environment
        let base = try #require(environment["ATIENDE_TEST_POSTGRES"]), authority = try #require(environment["ATIENDE_TEST_POSTGRES_CA"])
        let address = try PostgresAddress(parsing: base + "?sslmode=require&sslrootcert=" + authority, environment: [:])
        #expect(address.description.hasSuffix("?sslmode=require&sslrootcert=\(authority)"))
        try await address.probe()
        try await TestPostgres.withClient(address) { client in
            for try await encrypted in try await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: TestPostgres.logger)
                .decode(Bool.self) { #expect(encrypted, "the connection is encrypted") }
        }
        // This machine's own authorities do not know the test server's.
        let untrusted = try PostgresAddress(parsing: base + "?sslmode=require", environment: [:])
        do {
            try await untrusted.probe(timeout: .seconds(5))
            Issue.record("a certificate from an unknown authority was accepted")
        } catch {
            let line = PostgresFailure.line(error)
            #expect(line.contains("certificate is not trusted") && line.contains("sslrootcert=FILE") && !line.contains("\n") && !line.contains("/"), "\(line)")
        }
        #expect(throws: PostgresAddressError.self) { try PostgresAddress(parsing: base + "?sslmode=require&sslrootcert=/nowhere/ca.crt", environment: [:]) }
    }
}

@Suite(.enabled(if: TestPostgres.available, "the test command starts PostgreSQL (scripts/postgres.sh) and sets ATIENDE_TEST_POSTGRES"))
struct PostgresSchemaTests {
    @Test func theSchemaIsAppliedOnceAndASecondRunAddsNothing() async throws {
        try await TestPostgres.withDatabase { client, _ in
            #expect(try await PostgresSchema.migrate(client, logger: TestPostgres.logger) == PostgresSchema.version)
            #expect(try await PostgresSchema.migrate(client, logger: TestPostgres.logger) == 0)
            var versions: [Int] = []
            for try await version in try await client.query("SELECT version FROM schemaVersion ORDER BY version", logger: TestPostgres.logger).decode(Int.self) {
                versions.append(version)
            }
            #expect(versions == Array(1...PostgresSchema.version))
        }
    }

    @Test func anOfficeIdKeepsTheRuleInTheDatabaseToo() async throws {
        try await TestPostgres.withDatabase { client, _ in
            try await PostgresSchema.migrate(client, logger: TestPostgres.logger)
            // Through a String: `OfficeID("…")` with a literal is the literal's own initializer (SE-0213).
            func typed(_ text: String) -> OfficeID? { OfficeID(text) }
            let good = try #require(typed(" Bogota-Centro "))
            #expect(good.rawValue == "bogota-centro")
            try await client.query("INSERT INTO office (id) VALUES (\(good.rawValue))", logger: TestPostgres.logger)
            await #expect(throws: PSQLError.self) {
                try await client.query("INSERT INTO office (id) VALUES ('Bad Id')", logger: TestPostgres.logger)
            }
            #expect(typed("9-lives") == nil && typed("") == nil && typed("bogotá") == nil && typed(String(repeating: "a", count: 33)) == nil)
        }
    }
}

@Suite(.enabled(if: TestPostgres.available, "the test command starts PostgreSQL (scripts/postgres.sh) and sets ATIENDE_TEST_POSTGRES"))
struct PostgresIssueTests {
    /// Monday 2026-11-23, 09:00 in Bogotá.
    static let morning = TimeSource.fixed(Date(timeIntervalSince1970: 1_795_442_400))


    @Test func numbersArePerOfficeServiceAndDay() async throws {
        try await TestPostgres.withDatabase { client, _ in
            try await PostgresSchema.migrate(client, logger: TestPostgres.logger)
            let north = PostgresQueue(client: client, office: "norte", time: Self.morning)
            let south = PostgresQueue(client: client, office: "sur", time: Self.morning)
            try await north.apply(config: TestDatabase.demoConfig, file: "office.json")
            try await south.apply(config: TestDatabase.demoConfig, file: "office.json")
            var numbers: [String] = []
            for (queue, service) in [(north, "A"), (north, "A"), (north, "B"), (south, "A"), (north, "a")] as [(PostgresQueue, ServiceCode)] {
                numbers.append(try await queue.take(service).number.description)
            }
            #expect(numbers == ["A-001", "A-002", "B-001", "A-001", "A-003"])
            await #expect(throws: QueueError.self) { try await north.take("Z") }
            #expect(try await north.take("A").number.description == "A-004", "a refusal takes no number")
        }
    }

    @Test func aKeyGivesBackItsTicketAndRefusesAnotherRequest() async throws {
        try await TestPostgres.withOffice { queue, _, _ in
            let first = try await queue.take("A", key: "touch-1")
            #expect(try await queue.take("A", key: "touch-1") == first)
            await #expect(throws: QueueError.self) { try await queue.take("B", key: "touch-1") }
            #expect(try await queue.take("A").number.description == "A-002")
        }
    }

    /// Two servers on one database, each with its own pool, issuing at once: every number
    /// from 1 to the count, each once.
    @Test func numbersStayGapFreeWithTwoServersIssuingAtOnce() async throws {
        try await TestPostgres.withOffice { first, _, address in
            try await TestPostgres.withClient(address) { other in
                let servers = [first, PostgresQueue(client: other, office: "norte", time: Self.morning)]
                let each = 40
                let sequences = try await withThrowingTaskGroup(of: Int.self) { group in
                    for i in 0..<(2 * each) {
                        group.addTask { try await servers[i % 2].take("A").number.sequence }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(sequences.sorted() == Array(1...(2 * each)))
            }
        }
    }
}

@Suite(.enabled(if: TestPostgres.available, "the test command starts PostgreSQL (scripts/postgres.sh) and sets ATIENDE_TEST_POSTGRES"))
struct PostgresDeskTests {
    @Test func aDeskCallsByTheCallRuleAndActsOnItsTicket() async throws {
        try await TestPostgres.withOffice { queue, _, _ in
            _ = try await queue.take("A")
            _ = try await queue.take("B", preferential: true)
            let first = try #require(try await queue.callNext(desk: "1"))
            #expect(first.ticket.number.description == "B-001", "a preferential visitor's head start")
            await #expect(throws: QueueError.self) { try await queue.callNext(desk: "1") }
            #expect(try await queue.act(.start, desk: "1").ticket.state == .serving)
            #expect(try await queue.act(.finish, desk: "1").event.kind == .finished)
            #expect(try await queue.callNext(desk: "1")?.ticket.number.description == "A-001")
            #expect(try await queue.act(.noShow, desk: "1").ticket.state == .noShow)
            #expect(try await queue.callNext(desk: "1") == nil, "nobody waits")
        }
    }

    /// Two servers, three desks calling at once: every ticket called once.
    @Test func desksCallingAtOnceOnTwoServersNeverCallOneTicketTwice() async throws {
        try await TestPostgres.withOffice { first, _, address in
            for _ in 0..<24 { _ = try await first.take("A") }
            try await TestPostgres.withClient(address) { other in
                let servers = [first, PostgresQueue(client: other, office: "norte", time: PostgresIssueTests.morning)]
                // Desks 1, 2 and 4 serve A; each calls and ends its visit until nobody waits.
                let called = try await withThrowingTaskGroup(of: [String].self) { group in
                    for (server, desk) in [(0, "1"), (1, "2"), (1, "4")] as [(Int, DeskID)] {
                        group.addTask {
                            var mine: [String] = []
                            while let change = try await servers[server].callNext(desk: desk) {
                                mine.append(change.ticket.number.description)
                                _ = try await servers[server].act(.noShow, desk: desk)
                            }
                            return mine
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0 += $1 }
                }
                #expect(called.count == 24 && Set(called).count == 24)
            }
        }
    }
}

extension PostgresDeskTests {
    @Test func byNumberCancelMoveAndClosingADeskFollowTheRules() async throws {
        try await TestPostgres.withOffice { queue, _, _ in
            for _ in 0..<3 { _ = try await queue.take("A") }
            let third = try #require(TicketNumber(parsing: "A-003"))
            #expect(try await queue.call(third, desk: "1").ticket.desk == "1", "out of order, by number")
            await #expect(throws: QueueError.self) { try await queue.setDesk("1", open: false) }
            #expect(try await queue.cancel(try #require(TicketNumber(parsing: "A-002"))).ticket.state == .cancelled)
            let moved = try await queue.move(try #require(TicketNumber(parsing: "A-001")), to: "C", by: nil)
            #expect(moved.ticket.queueService == "C" && moved.event.kind == .transferred)
            await #expect(throws: QueueError.self) { try await queue.move(try #require(TicketNumber(parsing: "A-001")), to: "C", by: nil) }
            await #expect(throws: QueueError.self) { try await queue.cancel(try #require(TicketNumber(parsing: "A-009"))) }
            _ = try await queue.act(.noShow, desk: "1")
            #expect(try await queue.setDesk("1", open: false).isOpen == false)
            await #expect(throws: QueueError.self) { try await queue.callNext(desk: "1") }
        }
    }
}

@Suite(.enabled(if: TestPostgres.available, "the test command starts PostgreSQL (scripts/postgres.sh) and sets ATIENDE_TEST_POSTGRES"))
struct PostgresLongQueueTests {
    /// Past `WaitForecast.longQueue` the people ahead are counted by the database: the same
    /// count as the call rule's over the whole line, for a regular and a preferential ticket.
    @Test func aLongLineCountsThePeopleAheadAsTheCallRuleDoes() async throws {
        try await TestPostgres.withOffice { queue, _, _ in
            let clock = TestClock(Date(timeIntervalSince1970: 1_795_442_400))
            let timed = PostgresQueue(client: queue.client, office: queue.officeID, time: clock.source)
            for _ in 0..<(WaitForecast.longQueue + 5) {
                clock.advance(minutes: 1.0 / 60)
                _ = try await timed.take("A")
            }
            clock.advance(minutes: 1.0 / 60)
            let preferential = try await timed.issue(service: "A", preferential: true, firstName: nil, key: nil)
            let regular = try await timed.issue(service: "A", preferential: false, firstName: nil, key: nil)
            let office = try await timed.office()
            let line = try await timed.deskLine("1").waiting.filter { $0.queueService == "A" }
            #expect(preferential.ahead == office.callRule.ahead(of: preferential.ticket, among: line))
            #expect(regular.ahead == office.callRule.ahead(of: regular.ticket, among: line))
            #expect(regular.ahead == WaitForecast.longQueue + 6 && preferential.ahead < regular.ahead)
            #expect(try await timed.lookup(preferential.ticket.number)?.ahead == preferential.ahead)
        }
    }
}

extension PostgresQueue {
    /// A ticket, as a kiosk takes one.
    func take(_ service: ServiceCode, key: String? = nil, preferential: Bool = false) async throws -> Ticket {
        try await issue(service: service, preferential: preferential, firstName: nil, key: key).ticket
    }
}
