import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import GRDB
import Testing
import TestSupport

/// What visitors and staff wrote is kept only as long as the office says (`"privacy"`),
/// and the first write of a later day clears it; numbers, outcomes and ratings stay.
@Suite struct PrivacyTests {
    static let ratings: [String: Int] = ["answer": 5, "time": 4, "professionalism": 5, "information": 4, "attitude": 5]

    /// Issue with a name, finish with a note, rate with a comment; returns the visit's token.
    static func visit(_ db: TestDatabase) async throws -> String {
        let place = try await db.queue.issue(service: "A", preferential: false, firstName: "Rosa")
        _ = try await db.queue.callNext(desk: "1")
        _ = try await db.queue.act(.start, desk: "1")
        _ = try await db.queue.act(.finishAs(VisitOutcome(code: "resolved", note: "vuelve el lunes")), desk: "1")
        let token = try #require(place.visitToken)
        try await db.queue.giveFeedback(token, try Feedback.checked(ratings: ratings, comment: "Muy amables"))
        return token
    }

    static func written(_ db: TestDatabase) async throws -> (names: Int, notes: Int, comments: Int, ratings: Int, outcomes: Int) {
        try await DatabaseQueue(path: db.path).read { d in
            (try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM ticket WHERE firstName IS NOT NULL") ?? -1,
             try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM event WHERE outcomeNote IS NOT NULL") ?? -1,
             try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM feedback WHERE comment IS NOT NULL") ?? -1,
             try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM feedback") ?? -1,
             try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM event WHERE outcome IS NOT NULL") ?? -1)
        }
    }

    @Test func byDefaultWhatWasWrittenGoesTheNextDay() async throws {
        let clock = TestClock()
        let db = try await TestDatabase(clock: clock)
        defer { db.remove() }
        _ = try await Self.visit(db)
        #expect(try await Self.written(db) == (1, 1, 1, 1, 1), "kept the day of the visit")
        clock.advance(minutes: 24 * 60)
        _ = try await db.queue.issue(service: "B", preferential: false, firstName: nil)  // the day's first write
        #expect(try await Self.written(db) == (0, 0, 0, 1, 1), "names, notes and comments gone; the rating and outcome stay")
        let report = try await db.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(report.office.served == 1 && report.comments.isEmpty)
    }

    @Test func zeroMeansNeverStored() async throws {
        let config = try TestDatabase.demoConfig { $0["privacy"] = ["firstNames": 0, "notes": 0, "comments": 0] }
        let db = try await TestDatabase(clock: TestClock(), config: config)
        defer { db.remove() }
        _ = try await Self.visit(db)
        #expect(try await Self.written(db) == (0, 0, 0, 1, 1))
    }

    @Test func longerKeepsLonger() async throws {
        let clock = TestClock()
        let config = try TestDatabase.demoConfig { $0["privacy"] = ["comments": 30] }
        let db = try await TestDatabase(clock: clock, config: config)
        defer { db.remove() }
        _ = try await Self.visit(db)
        clock.advance(minutes: 2 * 24 * 60)
        _ = try await db.queue.issue(service: "B", preferential: false, firstName: nil)
        #expect(try await Self.written(db) == (0, 0, 1, 1, 1), "the comment is kept 30 days")
    }

    @Test func aBadPrivacySettingIsOneClearLine() throws {
        let config = try TestDatabase.demoConfig { $0["privacy"] = ["firstNames": -1] }
        #expect(throws: ConfigError.self) { try OfficeConfig.parse(Data(config.utf8), file: "office.json") }
        do { _ = try OfficeConfig.parse(Data(config.utf8), file: "office.json") } catch {
            #expect("\(error)".contains("privacy.firstNames"), "\(error)")
        }
    }
}
