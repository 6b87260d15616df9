import AtiendeCore
import Foundation
import Testing

@Suite struct TicketLifeTests {
    /// The legal transitions of docs/domain.md, from each state, and a supervisor's move of a
    /// waiting ticket to another queue (issue 14), which the shared contract's drawing does not show.
    static let legal: [TicketState: [TicketEvent.Kind]] = [
        .waiting: [.called, .transferred, .cancelled, .expired],
        .called: [.recalled, .started, .noShow, .requeued, .cancelled, .expired],
        .serving: [.finished, .transferred, .expired],
        .done: [], .noShow: [], .cancelled: [], .expired: [],
    ]

    static let actions: [TicketAction] = [
        .call(desk: "1"), .recall, .start, .finish, .noShow, .transfer(to: "B"), .requeue, .cancel, .expire,
    ]

    /// A ticket brought to `state` by legal steps.
    static func ticket(in state: TicketState) throws -> Ticket {
        var t = Fixtures.ticket("A", 1, minute: 0)
        let path: [TicketAction] = switch state {
        case .waiting: []
        case .called: [.call(desk: "1")]
        case .serving: [.call(desk: "1"), .start]
        case .done: [.call(desk: "1"), .start, .finish]
        case .noShow: [.call(desk: "1"), .noShow]
        case .cancelled: [.cancel]
        case .expired: [.expire]
        }
        for (i, action) in path.enumerated() { try t.apply(action, at: Fixtures.at(minutes: Double(i + 1))) }
        #expect(t.state == state)
        return t
    }

    @Test(arguments: TicketState.allCases)
    func everyTransitionIsCheckedFromEveryState(_ state: TicketState) throws {
        for action in Self.actions {
            var t = try Self.ticket(in: state)
            let allowed = Self.legal[state, default: []].contains(action.kind)
            if allowed {
                let event = try t.apply(action, at: Fixtures.at(minutes: 30))
                #expect(event.kind == action.kind)
            } else {
                #expect(throws: QueueError.self, "\(action) from \(state) must be refused") {
                    try t.apply(action, at: Fixtures.at(minutes: 30))
                }
            }
        }
    }

    @Test func aFullVisitRecordsItsWaitAndServiceTime() throws {
        var t = Fixtures.ticket("A", 1, minute: 0)
        let call = try t.apply(.call(desk: "2"), at: Fixtures.at(minutes: 7))
        try t.apply(.start, at: Fixtures.at(minutes: 8))
        let finish = try t.apply(.finish, at: Fixtures.at(minutes: 20))
        #expect(call.seconds == 420)
        #expect(call.desk == "2")
        #expect(finish.seconds == 720)
        #expect(t.firstWait == 420)
        #expect(t.state == .done)
    }

    @Test func illegalTransitionSaysWhatToDoFirst() {
        var t = Fixtures.ticket("A", 3, minute: 0)
        #expect(throws: QueueError.illegalTransition(t.number, state: .waiting, action: .finish)) {
            try t.apply(.finish, at: Fixtures.nine)
        }
        let message = QueueError.illegalTransition(t.number, state: .waiting, action: .finish).description
        #expect(message == "A-003 is waiting and cannot be finished: only a ticket being served can be; start it first")
    }

    @Test func transferKeepsNumberAndIssueTimeAndRecordsSecondWait() throws {
        var t = Fixtures.ticket("A", 1, minute: 0)
        try t.apply(.call(desk: "1"), at: Fixtures.at(minutes: 5))
        try t.apply(.start, at: Fixtures.at(minutes: 6))
        let transfer = try t.apply(.transfer(to: "C"), at: Fixtures.at(minutes: 10))
        #expect(transfer.service == "C")
        #expect(t.number.description == "A-001")
        #expect(t.queueService == "C")
        #expect(t.issuedAt == Fixtures.nine)
        let second = try t.apply(.call(desk: "3"), at: Fixtures.at(minutes: 14))
        #expect(second.seconds == 240, "the second wait runs from the transfer")
        #expect(t.firstWait == 300, "the first wait is not overwritten")
    }

    @Test func replayingEventsRebuildsTheTicket() throws {
        var t = Fixtures.ticket("B", 2, minute: 0, preferential: true)
        var events: [TicketEvent] = []
        let steps: [TicketAction] = [.call(desk: "1"), .requeue, .call(desk: "2"), .recall, .start, .transfer(to: "C"), .call(desk: "3"), .start, .finish]
        for (i, step) in steps.enumerated() { events.append(try t.apply(step, at: Fixtures.at(minutes: Double(i * 2 + 1)))) }
        let fresh = Fixtures.ticket("B", 2, minute: 0, preferential: true)
        #expect(try Ticket.replay(fresh, events: events) == t)
    }
}
