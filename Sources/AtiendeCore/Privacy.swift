import Foundation

// What the office's privacy settings keep, decided once for every store (docs/domain.md,
// "Privacy"): a store writes what these return, and on the first write of a day forgets
// what is older than the horizon.

extension PrivacySettings {
    /// A visitor's first name as it is kept: not at all when the office keeps none.
    public func kept(firstName: String?) -> String? { firstNameDays == 0 ? nil : firstName }

    /// How a visit ended, as it is kept: the staff note goes when the office keeps none.
    public func kept(_ outcome: VisitOutcome?) -> VisitOutcome? {
        guard var outcome else { return nil }
        if noteDays == 0 { outcome.note = nil }
        return outcome
    }

    /// A visitor's answer, as it is kept: the comment goes when the office keeps none.
    public func kept(_ feedback: Feedback) -> Feedback {
        var feedback = feedback
        if commentDays == 0 { feedback.comment = nil }
        return feedback
    }

    /// The first day whose text of each kind is still kept: what belongs to an earlier day
    /// is forgotten. Kept for `n` days means the day of the visit and the `n - 1` after it.
    public struct Horizon: Sendable, Equatable {
        public var firstNames: LocalDay
        public var notes: LocalDay
        public var comments: LocalDay
    }

    public func horizon(now: Date, calendar: OfficeCalendar) -> Horizon {
        func first(_ days: Int) -> LocalDay { calendar.day(of: now.addingTimeInterval(-Double(max(days, 1) - 1) * 86_400)) }
        return Horizon(firstNames: first(firstNameDays), notes: first(noteDays), comments: first(commentDays))
    }
}

extension Ticket {
    /// The same ticket without the visitor's first name, once it is past its time.
    public var forgettingFirstName: Ticket {
        Ticket(
            restoring: number, day: day, preferential: preferential, firstName: nil, issuedAt: issuedAt,
            queueService: queueService, state: state, desk: desk, waitingSince: waitingSince,
            firstCalledAt: firstCalledAt, calledAt: calledAt, startedAt: startedAt, endedAt: endedAt)
    }
}

/// May a visitor rate this visit: once, after it ended (docs/domain.md, "Feedback").
public enum FeedbackRule {
    public static func check(_ ticket: Ticket, alreadyGiven: Bool) throws(QueueError) {
        guard ticket.state == .done else { throw .feedbackTooEarly(ticket.number) }
        guard !alreadyGiven else { throw .feedbackGiven(ticket.number) }
    }
}
