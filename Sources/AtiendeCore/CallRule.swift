import Foundation

/// Who is called next (docs/domain.md, "Who is called next").
///
/// Each waiting ticket has a due time: its issue time, minus the head start when it is
/// preferential. A desk calls the waiting ticket with the earliest due time among the
/// services it serves; ties go to the earlier issue time, then the lower number.
/// A transferred or requeued ticket keeps its original issue time, so it keeps its place.
public struct CallRule: Sendable, Equatable {
    public var headStart: TimeInterval

    public init(headStartMinutes: Int) { self.headStart = TimeInterval(headStartMinutes * 60) }

    public func dueTime(issuedAt: Date, preferential: Bool) -> Date {
        preferential ? issuedAt.addingTimeInterval(-headStart) : issuedAt
    }

    public func dueTime(_ ticket: Ticket) -> Date {
        dueTime(issuedAt: ticket.issuedAt, preferential: ticket.preferential)
    }

    /// Whether `a` is called before `b`. A strict total order on distinct tickets.
    public func precedes(_ a: Ticket, _ b: Ticket) -> Bool {
        let dueA = dueTime(a), dueB = dueTime(b)
        if dueA != dueB { return dueA < dueB }
        if a.issuedAt != b.issuedAt { return a.issuedAt < b.issuedAt }
        return a.number < b.number
    }

    /// The ticket `desk` calls next among `tickets`, or `nil` when nobody waits for it.
    public func next(for desk: Desk, among tickets: [Ticket]) -> Ticket? {
        tickets
            .filter { $0.state == .waiting && desk.serves($0.queueService) }
            .min(by: precedes)
    }

    /// How many waiting tickets of the same queue will be called before `ticket`.
    public func ahead(of ticket: Ticket, among tickets: [Ticket]) -> Int {
        tickets.count {
            $0.state == .waiting && $0.queueService == ticket.queueService
                && $0.number != ticket.number && precedes($0, ticket)
        }
    }
}
