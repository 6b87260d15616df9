import Foundation

/// A desk asking a supervisor for help, and the supervisor's answer (the seminario, pp. 26–29:
/// when a situation cannot be handled, bring in a superior). Both are kept: who asked, from
/// which desk, about which visit, when, and who answered and when (docs/domain.md,
/// "A superior, when needed").
public struct SupportCall: Sendable, Equatable {
    public var id: Int64
    public var desk: DeskID
    /// The visit the desk held when it asked, if any.
    public var ticket: TicketNumber?
    public var askedAt: Date
    public var askedBy: StaffUser?
    public var acknowledgedAt: Date?
    public var acknowledgedBy: StaffUser?

    public init(id: Int64, desk: DeskID, ticket: TicketNumber?, askedAt: Date, askedBy: StaffUser?, acknowledgedAt: Date? = nil, acknowledgedBy: StaffUser? = nil) {
        self.id = id
        self.desk = desk
        self.ticket = ticket
        self.askedAt = askedAt
        self.askedBy = askedBy
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
    }

    public var isOpen: Bool { acknowledgedAt == nil }
}

/// The decisions about calls for help: the stores read the desk's open call and keep what
/// these return.
public enum SupportRules {
    /// A desk's call for help about the visit it holds. A desk that already asked and is still
    /// waiting keeps its first call (`open`): asking twice is not two alerts.
    public static func ask(desk: DeskID, holding ticket: TicketNumber?, office: Office, by staff: StaffUser?, at now: Date,
                           open: SupportCall?, nextID: Int64) throws(QueueError) -> SupportCall {
        guard office.desk(desk) != nil else { throw .unknownDesk(desk, known: office.desks.map(\.id)) }
        if let open { return open }
        return SupportCall(id: nextID, desk: desk, ticket: ticket, askedAt: now, askedBy: staff)
    }

    /// The supervisor's answer to a desk's open call.
    public static func acknowledge(_ call: SupportCall, by staff: StaffUser?, at now: Date) -> SupportCall {
        guard call.isOpen else { return call }
        var answered = call
        answered.acknowledgedAt = now
        answered.acknowledgedBy = staff
        return answered
    }

    /// How long an answered call stays on the desk's screen ("a supervisor is coming").
    public static let answeredShownFor: TimeInterval = 15 * 60

    /// The calls staff screens show at `now`: every open one, and those answered lately.
    public static func shown(_ calls: [SupportCall], at now: Date) -> [SupportCall] {
        calls.filter { call in call.acknowledgedAt.map { now.timeIntervalSince($0) < answeredShownFor } ?? true }
            .sorted { ($0.askedAt, $0.id) < ($1.askedAt, $1.id) }
    }
}
