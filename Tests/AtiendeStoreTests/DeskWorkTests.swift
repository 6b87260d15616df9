import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

@Suite struct DeskWorkTests {
    @Test func aVisitFromCallToFinishIsRecorded() async throws {
        let db = try await TestDatabase()
        try await db.issue("A")
        db.clock.advance(minutes: 4)
        let call = try #require(try await db.queue.callNext(desk: "1"))
        #expect(call.ticket.number.description == "A-001")
        #expect(call.event.seconds == 240)
        #expect(try await db.queue.snapshot().desks.first?.state == .called)
        _ = try await db.queue.act(.start, desk: "1")
        db.clock.advance(minutes: 6)
        let finish = try await db.queue.act(.finish, desk: "1")
        #expect(finish.ticket.state == .done)
        #expect(finish.event.seconds == 360)
        let snapshot = try await db.queue.snapshot()
        #expect(snapshot.desks.first?.state == .idle)
        #expect(snapshot.today.served == 1)
        #expect(snapshot.today.averageWaitSeconds == 240)
        #expect(snapshot.recentCalls.map(\.number.description) == ["A-001"])
    }

    @Test func nextFollowsTheCallRuleAcrossTheDesksServices() async throws {
        let db = try await TestDatabase()
        try await db.issue("C")  // desk 1 does not serve C
        db.clock.advance(minutes: 1)
        try await db.issue("B")
        db.clock.advance(minutes: 1)
        try await db.issue("A", preferential: true)
        let first = try await db.queue.callNext(desk: "1")
        #expect(first?.ticket.number.description == "A-001", "preferential goes first")
        _ = try await db.queue.act(.noShow, desk: "1")
        #expect(try await db.queue.callNext(desk: "1")?.ticket.number.description == "B-001")
        _ = try await db.queue.act(.requeue, desk: "1")
        #expect(try await db.queue.callNext(desk: "2")?.ticket.number.description == "C-001")
        #expect(try await db.queue.callNext(desk: "3")?.ticket.number.description == "B-001", "requeued B-001 kept its place")
        #expect(try await db.queue.callNext(desk: "4") == nil, "nobody waits for A or D")
    }

    @Test func aDeskHoldsOneTicketAtATime() async throws {
        let db = try await TestDatabase()
        try await db.issue("A")
        try await db.issue("A")
        _ = try await db.queue.callNext(desk: "1")
        await #expect(throws: QueueError.deskBusy("1", ticket: TicketNumber(service: "A", sequence: 1), state: .called)) {
            try await db.queue.callNext(desk: "1")
        }
        await #expect(throws: QueueError.deskNotEmpty("1", ticket: TicketNumber(service: "A", sequence: 1), state: .called)) {
            try await db.queue.setDesk("1", open: false)
        }
    }

    @Test func transferredTicketKeepsItsPlaceInTheNewQueue() async throws {
        let db = try await TestDatabase()
        try await db.issue("A")
        db.clock.advance(minutes: 2)
        try await db.issue("C")
        _ = try await db.queue.callNext(desk: "1")
        _ = try await db.queue.act(.start, desk: "1")
        db.clock.advance(minutes: 5)
        let moved = try await db.queue.act(.transfer(to: "C"), desk: "1")
        #expect(moved.ticket.queueService == "C")
        let lookup = try #require(try await db.queue.lookup(TicketNumber(service: "A", sequence: 1)))
        #expect(lookup.ahead == 0)
        #expect(try await db.queue.callNext(desk: "3")?.ticket.number.description == "A-001")
    }

    @Test func callByNumberCancelAndClosedDesks() async throws {
        let db = try await TestDatabase()
        for _ in 0..<3 { try await db.issue("D") }
        let called = try await db.queue.call(TicketNumber(service: "D", sequence: 3), desk: "4")
        #expect(called.ticket.number.description == "D-003")
        let cancelled = try await db.queue.cancel(TicketNumber(service: "D", sequence: 1))
        #expect(cancelled.ticket.state == .cancelled)
        await #expect(throws: QueueError.ticketNotFound("D-009")) {
            try await db.queue.call(TicketNumber(service: "D", sequence: 9), desk: "3")
        }
        _ = try await db.queue.setDesk("3", open: false)
        await #expect(throws: QueueError.deskClosed("3")) { try await db.queue.callNext(desk: "3") }
        _ = try await db.queue.act(.noShow, desk: "4")
        _ = try await db.queue.setDesk("4", open: false)
        let d = try #require(try await db.queue.snapshot().services.first { $0.code == "D" })
        #expect(d.waiting == 1)
        #expect(d.estimatedWaitMinutes == nil, "no open desk serves D")
    }

    @Test func issueReportsPeopleAheadAndAnEstimate() async throws {
        let db = try await TestDatabase()
        for _ in 0..<6 { try await db.issue("C") }
        let issued = try await db.queue.issue(service: "C", preferential: false, firstName: nil)
        #expect(issued.ahead == 6)
        // Desks 2 and 3 serve C and start the first two at once; the new ticket needs five
        // more desks to free up, one every 5 min ÷ 2 desks on average: 12.5 min, shown as 13.
        #expect(issued.estimatedWaitMinutes == 13)
    }
}
