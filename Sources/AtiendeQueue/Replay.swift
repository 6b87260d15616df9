import AtiendeCore
import Foundation

/// A span's tickets rebuilt for a report: each from its issue (as stored, without what
/// happened since) through its events, applied in log order as a store reads them, with
/// the `finished` events and those that name a staff member (and the expiries that end
/// their visits) kept aside. Both stores replay through this.
public struct Replay: Sendable {
    private var index: [Int64: Int] = [:]
    public private(set) var tickets: [Ticket]
    public private(set) var finishes: [TicketEvent] = []
    public private(set) var staffEvents: [TicketEvent] = []

    /// - Parameter stored: the span's tickets with the store's row ids.
    public init(_ stored: [(id: Int64, ticket: Ticket)]) {
        var index: [Int64: Int] = [:]
        index.reserveCapacity(stored.count)
        tickets = stored.enumerated().map { i, s in
            index[s.id] = i
            let t = s.ticket
            return Ticket(number: t.number, day: t.day, preferential: t.preferential, firstName: t.firstName, issuedAt: t.issuedAt)
        }
        self.index = index
    }

    /// The ticket of row `id` as replayed so far; `nil` for one not in the span.
    public func ticket(_ id: Int64) -> Ticket? { index[id].map { tickets[$0] } }

    /// Applies the next event of the ticket of row `id`; `false` when that ticket is not in
    /// the span (a damaged log).
    public mutating func apply(_ event: TicketEvent, to id: Int64) throws -> Bool {
        guard let i = index[id] else { return false }
        if let action = event.action { try tickets[i].apply(action, at: event.at) }
        if event.kind == .finished { finishes.append(event) }
        if event.staff != nil || event.kind == .expired { staffEvents.append(event) }
        return true
    }
}
