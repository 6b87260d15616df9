import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

/// Staff accounts and sessions, the same on the SQLite store and in memory.
@Suite struct StaffDirectoryTests {
    typealias Directory = any ServedQueue

    /// Runs `body` on a fresh store and on a fresh queue in memory, with the same clock.
    static func onBoth(_ body: (Directory, TestClock) async throws -> Void) async throws {
        let database = try await TestDatabase()
        defer { database.remove() }
        try await body(database.queue, database.clock)
        let clock = TestClock()
        try await body(try InMemoryQueue(config: TestDatabase.demoConfig, time: clock.source), clock)
    }

    static let laura = StaffAccount(user: "laura", name: " Laura Gómez ", role: .clerk, desks: ["1", "2"])

    /// `staff add --db` on the demo's fixed-clock database, from a shell whose clock was a
    /// fortnight later, expired the demo's whole day. An account leaves the queue alone.
    @Test func anAccountMadeOnAnotherClockEndsNoOnesTurn() async throws {
        let database = try await TestDatabase()
        defer { database.remove() }
        let ticket = try await database.queue.issue(service: "A", preferential: false, firstName: nil)
        let later = try SQLiteQueue(path: database.path, time: TestClock(database.clock.now.addingTimeInterval(14 * 86_400)).source)
        try await later.addStaff(Self.laura, passwordHash: "hash")
        #expect(try await database.queue.lookup(ticket.ticket.number)?.ticket.state == .waiting)
    }

    @Test func accountsAreCheckedKeptAndChanged() async throws {
        try await Self.onBoth { queue, _ in
            try await queue.addStaff(Self.laura, passwordHash: "hash-1")
            let stored = try #require(try await queue.staffAccount("laura"))
            #expect(stored.account.name == "Laura Gómez")
            #expect(stored.passwordHash == "hash-1")
            await #expect(throws: StaffError.userExists("laura")) { try await queue.addStaff(Self.laura, passwordHash: "x") }
            var bad = Self.laura
            bad.user = "pedro"
            bad.desks = ["9"]
            await #expect(throws: StaffError.invalid("unknown desk '9': use one of 1, 2, 3, 4")) { try await queue.addStaff(bad, passwordHash: "x") }
            bad.desks = []
            bad.services = ["Q"]
            await #expect(throws: StaffError.self) { try await queue.addStaff(bad, passwordHash: "x") }

            var changed = stored.account
            changed.role = .supervisor
            try await queue.updateStaff(changed, passwordHash: nil)
            #expect(try await queue.staffAccount("laura")?.account.role == .supervisor)
            #expect(try await queue.staffAccount("laura")?.passwordHash == "hash-1")
            #expect(try await queue.staffAccounts().map(\.user) == ["laura"])
            await #expect(throws: StaffError.unknownUser("nadie")) {
                try await queue.updateStaff(StaffAccount(user: "nadie", name: "Nadie", role: .clerk), passwordHash: nil)
            }
        }
    }

    @Test func aSessionLastsUntilItExpiresIsEndedOrItsPasswordChanges() async throws {
        try await Self.onBoth { queue, clock in
            try await queue.addStaff(Self.laura, passwordHash: "hash-1")
            func open(_ hash: String) async throws {
                try await queue.openSession(StaffSession(
                    tokenHash: hash, user: "laura", startedAt: clock.now, expiresAt: clock.now.addingTimeInterval(3600)))
            }
            try await open("s1")
            #expect(try await queue.session("s1")?.account.user == "laura")
            #expect(try await queue.session("nothing") == nil)
            clock.advance(minutes: 60)
            #expect(try await queue.session("s1") == nil)

            try await open("s2")
            try await queue.endSession("s2")
            #expect(try await queue.session("s2") == nil)

            try await open("s3")
            let account = try #require(try await queue.staffAccount("laura")).account
            try await queue.updateStaff(account, passwordHash: "hash-2")
            #expect(try await queue.session("s3") == nil)
        }
    }

    @Test func everyDeskEventNamesWhoDidIt() async throws {
        try await Self.onBoth { queue, _ in
            let laura = try Self.laura.checked(against: try await queue.office())
            _ = try await queue.issue(service: "A", preferential: false, firstName: nil)
            _ = try await queue.issue(service: "A", preferential: false, firstName: nil)
            #expect(try await queue.callNext(desk: "1", by: laura)?.event.staff == "laura")
            #expect(try await queue.act(.start, desk: "1", by: laura).event.staff == "laura")
            #expect(try await queue.act(.finish, desk: "1", by: laura).event.staff == "laura")
            #expect(try await queue.cancel(TicketNumber(service: "A", sequence: 2), by: laura).event.staff == "laura")
            let logged = try await queue.events(after: 0, limit: 100).map(\.event)
            #expect(logged.map(\.staff) == [nil, nil, "laura", "laura", "laura", "laura"])
        }
    }
}

/// Reports name services and desks as they were named on each day.
@Suite struct ReportNamesTests {
    @Test func eachDayKeepsTheNamesInForceThatDay() async throws {
        let database = try await TestDatabase()
        defer { database.remove() }
        _ = try await database.queue.issue(service: "D", preferential: false, firstName: nil)
        _ = try await database.queue.callNext(desk: "1")
        // The next day desk 1 is renamed and service D retired.
        database.clock.advance(minutes: 24 * 60)
        let renamed = try TestDatabase.demoConfig { object in
            var desks = object["desks"] as? [[String: Any]] ?? []
            desks[0]["label"] = ["es": "Caja 1", "en": "Till 1"]
            desks = desks.map { desk in
                var desk = desk
                desk["services"] = (desk["services"] as? [String] ?? []).filter { $0 != "D" }
                return desk
            }
            object["desks"] = desks
            object["services"] = (object["services"] as? [[String: Any]] ?? []).filter { $0["code"] as? String != "D" }
        }
        _ = try await database.queue.apply(config: renamed, file: "office.json")
        _ = try await database.queue.issue(service: "A", preferential: false, firstName: nil)
        let first = try await database.queue.report(day: LocalDay("2026-11-23")!)
        let second = try await database.queue.report(day: LocalDay("2026-11-24")!)
        #expect(first.names.desk("1", .es) == "Ventanilla 1")
        #expect(first.names.service("D", .es) == "Entregar documentos")
        #expect(second.names.desk("1", .es) == "Caja 1")
        // A retired service keeps its own name in later reports too.
        #expect(second.names.service("D", .en) == "Hand in documents")
    }
}
