import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// The queue's rules as every store keeps them (docs/domain.md): numbering, the call rule,
/// each desk action and its refusals, idempotency, feedback once, outcomes, moves and
/// transfers, and the day's report. Each test runs on every `StoreKind`.
@Suite struct QueueBehaviourTests {
    static func number(_ text: String) -> TicketNumber { TicketNumber(parsing: text)! }

    @Test(arguments: StoreKind.allCases)
    func numbersArePerServiceAndGapFree(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        var numbers: [String] = []
        for service: ServiceCode in ["A", "A", "B", "A", "b"] { numbers.append(try await store.issue(service).number.description) }
        #expect(numbers == ["A-001", "A-002", "B-001", "A-003", "B-002"])
        #expect(await refusal { try await store.issue("Z") } == "unknownService")
        #expect(try await store.issue("A").number.description == "A-004", "a refusal takes no number")
    }

    @Test(arguments: StoreKind.allCases)
    func theEarliestDueIsCalledAndPreferentialVisitorsHaveAHeadStart(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        try await store.issue("A")  // due 08:00
        store.clock.advance(minutes: 5)
        try await store.issue("B", preferential: true)  // issued 08:05, due 07:55
        try await store.issue("B")  // due 08:05
        var called: [String] = []
        for _ in 0..<3 {
            let change = try #require(try await store.queue.callNext(desk: "2"))
            called.append(change.ticket.number.description)
            _ = try await store.queue.act(.start, desk: "2")
            _ = try await store.queue.act(.finish, desk: "2")
        }
        #expect(called == ["B-001", "A-001", "B-002"])
        #expect(try await store.queue.callNext(desk: "2") == nil, "nobody waits")
    }

    @Test(arguments: StoreKind.allCases)
    func eachDeskActionAndItsRefusals(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        #expect(await refusal { try await store.queue.act(.start, desk: "1") } == "deskIdle")
        try await store.issue("A")
        try await store.issue("A")
        try await store.issue("A")
        #expect(try await store.queue.callNext(desk: "1")?.ticket.state == .called)
        #expect(await refusal { try await store.queue.callNext(desk: "1") } == "deskBusy")
        #expect(await refusal { try await store.queue.act(.finish, desk: "1") } == "illegalTransition")
        #expect(try await store.queue.act(.recall, desk: "1").event.kind == .recalled)
        #expect(try await store.queue.act(.noShow, desk: "1").ticket.state == .noShow)
        #expect(try await store.queue.callNext(desk: "1")?.ticket.number == Self.number("A-002"))
        #expect(try await store.queue.act(.requeue, desk: "1").ticket.state == .waiting)
        #expect(await refusal { try await store.queue.call(Self.number("A-003"), desk: "3", by: nil) } == "deskDoesNotServe")
        #expect(await refusal { try await store.queue.call(Self.number("A-009"), desk: "1", by: nil) } == "ticketNotFound")
        #expect(await refusal { try await store.queue.callNext(desk: "9") } == "unknownDesk")
        #expect(try await store.queue.call(Self.number("A-003"), desk: "1", by: nil).ticket.desk == "1")
        #expect(await refusal { try await store.queue.setDesk("1", open: false) } == "deskNotEmpty")
        _ = try await store.queue.act(.start, desk: "1")
        #expect(try await store.queue.act(.finish, desk: "1").ticket.state == .done)
        #expect(try await store.queue.setDesk("1", open: false).isOpen == false)
        #expect(await refusal { try await store.queue.callNext(desk: "1") } == "deskClosed")
        #expect(try await store.queue.cancel(Self.number("A-002"), by: nil).ticket.state == .cancelled)
        #expect(await refusal { try await store.queue.cancel(Self.number("A-002"), by: nil) } == "illegalTransition")
    }

    @Test(arguments: StoreKind.allCases)
    func aKeyGivesBackItsTicketAndRefusesAnotherRequest(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let key = "3f2b9c1e-7d4a-4f5e-9a61-0c8e2b7d5a13"
        let first = try await store.queue.issue(service: "A", preferential: false, firstName: nil, key: key)
        let again = try await store.queue.issue(service: "A", preferential: false, firstName: nil, key: key)
        #expect(again.ticket.number == first.ticket.number)
        #expect(await refusal { try await store.queue.issue(service: "B", preferential: false, firstName: nil, key: key) } == "idempotencyKeyReused")
        #expect(try await store.issue("A").number.description == "A-002", "no second ticket was made")
    }

    @Test(arguments: StoreKind.allCases)
    func aVisitIsRatedOnceAfterItEnds(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let token = try #require(try await store.queue.issue(service: "A", preferential: false, firstName: nil).visitToken)
        let ratings = try Feedback.checked(ratings: ["answer": 5, "time": 4, "professionalism": 5, "information": 4, "attitude": 5], comment: nil)
        #expect(await refusal { try await store.queue.giveFeedback(token, ratings) } == "feedbackTooEarly")
        _ = try await store.queue.callNext(desk: "1")
        _ = try await store.queue.act(.start, desk: "1")
        _ = try await store.queue.act(.finish, desk: "1")
        try await store.queue.giveFeedback(token, ratings)
        #expect(await refusal { try await store.queue.giveFeedback(token, ratings) } == "feedbackGiven")
        #expect(await refusal { try await store.queue.giveFeedback("AAAAAAAAAAAAAAAAAAAAAA", ratings) } == "visitNotFound")
        #expect(try await store.queue.report(day: LocalDay(year: 2026, month: 11, day: 23)).office.feedback.answered == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func anOfficeThatRecordsOutcomesRefusesAFinishWithoutOne(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind, config: try TestDatabase.demoConfig { $0["outcomeRequired"] = true })
        defer { store.remove() }
        try await store.issue("A")
        _ = try await store.queue.callNext(desk: "1")
        _ = try await store.queue.act(.start, desk: "1")
        #expect(await refusal { try await store.queue.act(.finish, desk: "1") } == "outcomeMissing")
        #expect(await refusal { try await store.queue.act(.finishAs(VisitOutcome(code: "magic")), desk: "1") } == "unknownOutcome")
        #expect(await refusal { try await store.queue.act(.finishAs(VisitOutcome(code: "caseOpened")), desk: "1") } == "outcomeNeedsDetail")
        let done = try await store.queue.act(.finishAs(VisitOutcome(code: "caseOpened", caseNumber: "2026-117")), desk: "1")
        #expect(done.event.outcome?.caseNumber == "2026-117")
        let report = try await store.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(report.office.served == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aMoveKeepsThePlaceAndATransferJoinsTheOtherQueue(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        try await store.issue("A")
        store.clock.advance(minutes: 1)
        try await store.issue("B")
        // A supervisor moves A-001 to B: issued first, it is called first there.
        #expect(try await store.queue.move(Self.number("A-001"), to: "B", by: nil).ticket.queueService == "B")
        #expect(await refusal { try await store.queue.move(Self.number("A-001"), to: "B", by: nil) } == "transferToSameService")
        #expect(try await store.queue.callNext(desk: "3")?.ticket.number == Self.number("A-001"))
        _ = try await store.queue.act(.start, desk: "3")
        let moved = try await store.queue.act(.transfer(to: "C"), desk: "3")
        #expect(moved.ticket.state == .waiting && moved.ticket.queueService == "C")
        let snapshot = try await store.queue.snapshot()
        #expect(snapshot.services.first { $0.code == "C" }?.waiting == 1)
        #expect(snapshot.services.first { $0.code == "B" }?.waiting == 1)
        #expect(snapshot.desks.first { $0.id == "3" }?.state == .idle)
    }

    /// Who called, served and finished is recorded: named locally, signed in remotely.
    @Test(arguments: StoreKind.allCases)
    func whoServedIsRecorded(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let eva = StoreUnderTest.admin
        try await store.issue("A")
        try await store.issue("A")
        #expect(try await store.queue.callNext(desk: "1", by: eva)?.event.staff == eva.user)
        _ = try await store.queue.act(.start, desk: "1", by: eva)
        #expect(try await store.queue.act(.finish, desk: "1", by: eva).event.staff == eva.user)
        _ = try await store.queue.callNext(desk: "1", by: eva)
        _ = try await store.queue.act(.noShow, desk: "1", by: eva)
        let report = try await store.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(report.staff[eva.user]?.served == 1)
        #expect(report.staff[eva.user]?.noShows == 1)
        #expect(report.staff[eva.user]?.name == "Eva Ríos")
    }
}
