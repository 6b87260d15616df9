import Foundation

/// What a desk is doing now.
public struct DeskState: Sendable, Equatable, Codable {
    public enum Activity: String, Sendable, Codable { case idle, called, serving, closed }

    public var id: DeskID
    public var isOpen: Bool
    /// The ticket called or being served at this desk (at most one).
    public var current: Ticket?

    public init(id: DeskID, isOpen: Bool, current: Ticket? = nil) {
        self.id = id
        self.isOpen = isOpen
        self.current = current
    }

    public var activity: Activity {
        switch current?.state {
        case .called: .called
        case .serving: .serving
        default: isOpen ? .idle : .closed
        }
    }
}

/// Rules that involve a desk as well as a ticket: a desk must be open and free to call,
/// must serve the ticket's service, and acts only on its own current ticket.
public struct DeskRules: Sendable {
    public let office: Office

    public init(office: Office) { self.office = office }

    /// A supervisor moves a ticket to another service's queue (docs/domain.md, "Life of a
    /// ticket"): the service must take tickets and be another one.
    public func move(_ ticket: Ticket, to code: ServiceCode, at now: Date, by staff: StaffUser?) throws(QueueError) -> (Ticket, TicketEvent) {
        let service = try office.requireService(code)
        if service.code == ticket.queueService { throw .transferToSameService(ticket.number, service.code) }
        var moved = ticket
        var event = try moved.apply(.transfer(to: service.code), at: now)
        event.staff = staff
        return (moved, event)
    }

    /// Calls the next ticket for `desk` by the call rule; `nil` when nobody waits for it.
    public func callNext(
        _ state: DeskState, waiting: [Ticket], at time: Date
    ) throws(QueueError) -> (Ticket, TicketEvent)? {
        let desk = try checkCanCall(state)
        guard var ticket = office.callRule.next(for: desk, among: waiting) else { return nil }
        let event = try ticket.apply(.call(desk: desk.id), at: time)
        return (ticket, event)
    }

    /// Calls one ticket by number, out of order.
    public func call(
        _ ticket: Ticket, from state: DeskState, at time: Date
    ) throws(QueueError) -> (Ticket, TicketEvent) {
        let desk = try checkCanCall(state)
        guard desk.serves(ticket.queueService) || ticket.state != .waiting else {
            throw .deskDoesNotServe(desk.id, service: ticket.queueService)
        }
        var ticket = ticket
        let event = try ticket.apply(.call(desk: desk.id), at: time)
        return (ticket, event)
    }

    /// Applies `action` to the ticket the desk has called or is serving; a finish
    /// records how the visit ended (`outcome`, checked against the office's list).
    public func act(
        _ action: TicketAction, on state: DeskState, at time: Date, outcome: VisitOutcome? = nil
    ) throws(QueueError) -> (Ticket, TicketEvent) {
        _ = try office.requireDesk(state.id)
        guard var ticket = state.current else {
            throw .deskIdle(state.id, action: Self.infinitive(action))
        }
        if case .transfer(let target) = action {
            let service = try office.requireService(target)
            if service.code == ticket.queueService { throw .transferToSameService(ticket.number, service.code) }
            let event = try ticket.apply(.transfer(to: service.code), at: time)
            return (ticket, event)
        }
        var event = try ticket.apply(action, at: time)
        if action == .finish { event.outcome = try office.check(outcome) }
        return (ticket, event)
    }

    /// A desk may close only when it has nobody called or in service.
    public func checkCanClose(_ state: DeskState) throws(QueueError) {
        _ = try office.requireDesk(state.id)
        if let ticket = state.current { throw .deskNotEmpty(state.id, ticket: ticket.number, state: ticket.state) }
    }

    private func checkCanCall(_ state: DeskState) throws(QueueError) -> Desk {
        let desk = try office.requireDesk(state.id)
        guard state.isOpen else { throw .deskClosed(desk.id) }
        if let ticket = state.current { throw .deskBusy(desk.id, ticket: ticket.number, state: ticket.state) }
        return desk
    }

    private static func infinitive(_ action: TicketAction) -> String {
        switch action {
        case .call: "call"
        case .recall: "recall"
        case .start: "start"
        case .finish: "finish"
        case .noShow: "mark as a no-show"
        case .transfer: "transfer"
        case .requeue: "requeue"
        case .cancel: "cancel"
        case .expire: "expire"
        }
    }
}
