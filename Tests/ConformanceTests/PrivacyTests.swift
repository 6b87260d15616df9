import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// What visitors and staff wrote is kept only as long as the office says, on every store,
/// as read back through the queue's interface: a visitor's name on their visit, a staff
/// note in the event log, a comment in the day's report. Once only the file did this; the
/// queue in memory kept everything forever.
@Suite struct PrivacyTests {
    static let monday = LocalDay(year: 2026, month: 11, day: 23)
    static let ratings: [String: Int] = ["answer": 5, "time": 4, "professionalism": 5, "information": 4, "attitude": 5]

    /// Issue with a name, finish with a note, rate with a comment; the visit's token.
    static func visit(_ store: StoreUnderTest) async throws -> String {
        let place = try await store.queue.issue(service: "A", preferential: false, firstName: "Rosa")
        _ = try await store.queue.callNext(desk: "1")
        _ = try await store.queue.act(.start, desk: "1")
        _ = try await store.queue.act(.finishAs(VisitOutcome(code: "resolved", note: "vuelve el lunes")), desk: "1")
        let token = try #require(place.visitToken)
        try await store.queue.giveFeedback(token, try Feedback.checked(ratings: Self.ratings, comment: "Muy amables"))
        return token
    }

    /// What is still written: the name, the note, the comment, and the visits served.
    static func kept(_ store: StoreUnderTest, token: String) async throws -> (name: Bool, note: Bool, comment: Bool, served: Int) {
        // The store's own view: a visitor's page never shows the name, whoever asks.
        let name = try await store.backing.visit(token)?.ticket.firstName != nil
        let note = try await store.backing.events(after: 0, limit: 1000).contains { $0.event.outcome?.note != nil }
        let report = try await store.queue.report(day: monday)
        return (name, note, !report.comments.isEmpty, report.office.served)
    }

    @Test(arguments: StoreKind.allCases)
    func byDefaultWhatWasWrittenGoesTheNextDay(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let token = try await Self.visit(store)
        #expect(try await Self.kept(store, token: token) == (true, true, true, 1), "kept the day of the visit")
        store.clock.advance(minutes: 24 * 60)
        try await store.issue("B")  // the day's first write
        #expect(try await Self.kept(store, token: token) == (false, false, false, 1), "gone; the visit still counts")
    }

    @Test(arguments: StoreKind.allCases)
    func zeroMeansNeverStored(_ kind: StoreKind) async throws {
        let config = try TestDatabase.demoConfig { $0["privacy"] = ["firstNames": 0, "notes": 0, "comments": 0] }
        let store = try await StoreUnderTest(kind, config: config)
        defer { store.remove() }
        let token = try await Self.visit(store)
        #expect(try await Self.kept(store, token: token) == (false, false, false, 1))
    }

    @Test(arguments: StoreKind.allCases)
    func longerKeepsLonger(_ kind: StoreKind) async throws {
        let config = try TestDatabase.demoConfig { $0["privacy"] = ["comments": 30] }
        let store = try await StoreUnderTest(kind, config: config)
        defer { store.remove() }
        let token = try await Self.visit(store)
        store.clock.advance(minutes: 2 * 24 * 60)
        try await store.issue("B")
        #expect(try await Self.kept(store, token: token) == (false, false, true, 1), "the comment is kept 30 days")
    }
}
