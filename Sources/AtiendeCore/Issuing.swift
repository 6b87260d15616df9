import Foundation

/// What a kiosk, the API or a command asks for when it takes a ticket, cleaned and
/// checked once: the first name's letters, the key's characters.
public struct IssueRequest: Sendable, Equatable {
    public var service: ServiceCode
    public var preferential: Bool
    public var firstName: String?
    /// The caller's `Idempotency-Key` (`IssueKey`): the same key today gives back the same ticket.
    public var key: String?

    public init(service: ServiceCode, preferential: Bool, firstName: String?, key: String?) throws(QueueError) {
        self.service = service
        self.preferential = preferential
        self.firstName = try Ticket.cleanFirstName(firstName)
        self.key = try IssueKey.checked(key)
    }
}

/// Whether a ticket is issued, and which (docs/domain.md, "Numbers are proof").
public enum IssueDecision: Sendable, Equatable {
    /// The ticket the request's key gave earlier today answers again: nothing is stored.
    case again(Ticket)
    /// A new ticket, numbered one past the last, with its `issued` event.
    case new(Ticket, TicketEvent)
}

extension Office {
    /// Decides a request. A store reads the ticket issued today under the request's key,
    /// if any (`known`), and, for the service the office resolves, the last number it gave
    /// today, its tickets' and a restore's floor alike (`lastSequence`); it stores what
    /// this returns in the same transaction, so no other writer takes the number.
    public func issue(
        _ request: IssueRequest, at now: Date, known: Ticket?, lastSequence: (ServiceCode) throws -> Int
    ) throws -> IssueDecision {
        let service = try requireService(request.service)
        if let key = request.key, let known {
            try IssueKey.answer(key, known: known, service: service.code, preferential: request.preferential,
                firstName: request.firstName, keepsNames: privacy.firstNameDays != 0)
            return .again(known)
        }
        let day = calendar.day(of: now)
        let ticket = Ticket(
            number: TicketNumber(service: service.code, sequence: try lastSequence(service.code) + 1), day: day,
            preferential: request.preferential, firstName: privacy.kept(firstName: request.firstName), issuedAt: now)
        return .new(ticket, TicketEvent(number: ticket.number, day: day, kind: .issued, at: now, service: service.code))
    }
}
