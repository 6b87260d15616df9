import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// A day's report from what happened, the same on every store (docs/domain.md, "What is
/// measured"): counts, waits against the target, service times, outcomes, per service and
/// per desk, and a span of days.
@Suite struct ReportTests {
    static let monday = LocalDay(year: 2026, month: 11, day: 23)

    @Test(arguments: StoreKind.allCases)
    func aDaysReportCountsWhatHappened(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        for service: ServiceCode in ["A", "A", "B", "C", "A"] { try await store.issue(service) }
        store.clock.advance(minutes: 4)
        _ = try await store.queue.cancel(TicketNumber(parsing: "C-001")!, by: nil)  // gave up in time: counted neither way
        _ = try await store.queue.callNext(desk: "1")  // A-001 after 4 minutes
        _ = try await store.queue.act(.start, desk: "1")
        store.clock.advance(minutes: 6)
        _ = try await store.queue.act(.finishAs(VisitOutcome(code: "resolved")), desk: "1")
        store.clock.advance(minutes: 10)
        // Issued at the same moment, B-001 has the lower number: called first, past the target.
        #expect(try await store.queue.callNext(desk: "1")?.ticket.number.description == "B-001")
        _ = try await store.queue.act(.noShow, desk: "1")
        _ = try await store.queue.callNext(desk: "2")  // A-002 after 20 minutes
        _ = try await store.queue.act(.start, desk: "2")
        store.clock.advance(minutes: 3)
        _ = try await store.queue.act(.finish, desk: "2")

        let report = try await store.queue.report(day: Self.monday)
        let office = report.office
        #expect((office.issued, office.served, office.noShows, office.cancelled, office.waiting) == (5, 2, 1, 1, 1))
        #expect(office.measured == 4 && office.withinTarget == 1, "A-001 in time; B-001, A-002 late; A-003 still waiting past it")
        #expect(office.averageServiceSeconds == 270, "6 and 3 minutes")
        #expect(office.outcomes == ["resolved": 1])
        #expect(report.services["A"]?.issued == 3 && report.services["A"]?.served == 2 && report.services["B"]?.noShows == 1)
        #expect(report.desks["1"]?.served == 1 && report.desks["2"]?.served == 1)
        let span = try await store.queue.report(from: Self.monday, to: LocalDay(year: 2026, month: 11, day: 24))
        #expect(span.total.office.served == 2 && span.total.office.issued == 5)
    }
}
