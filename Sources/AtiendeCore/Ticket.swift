import Foundation

/// Where a ticket is in its life. See docs/domain.md, "Life of a ticket".
public enum TicketState: String, Sendable, Codable, CaseIterable {
    case waiting, called, serving, done, noShow, cancelled, expired

    /// Open tickets still need something from the office; the others are over.
    public var isOpen: Bool { self == .waiting || self == .called || self == .serving }

    /// The state in plain words, for messages.
    public var words: String {
        switch self {
        case .waiting: "waiting"
        case .called: "called"
        case .serving: "being served"
        case .done: "done"
        case .noShow: "marked as a no-show"
        case .cancelled: "cancelled"
        case .expired: "expired"
        }
    }
}

/// Something that happens to a ticket. Every transition is one action and leaves one event.
public enum TicketAction: Sendable, Equatable {
    case call(desk: DeskID)
    case recall
    case start
    case finish
    case noShow
    case transfer(to: ServiceCode)
    case requeue
    case cancel
    /// An open ticket of an earlier day, closed on the first use of a new day.
    case expire

    public var kind: TicketEvent.Kind {
        switch self {
        case .call: .called
        case .recall: .recalled
        case .start: .started
        case .finish: .finished
        case .noShow: .noShow
        case .transfer: .transferred
        case .requeue: .requeued
        case .cancel: .cancelled
        case .expire: .expired
        }
    }

    /// The verb for messages: "A-003 is waiting; it cannot be *finished*".
    var verb: String {
        switch self {
        case .call: "called"
        case .recall: "recalled"
        case .start: "started"
        case .finish: "finished"
        case .noShow: "marked as a no-show"
        case .transfer: "transferred"
        case .requeue: "put back in the queue"
        case .cancel: "cancelled"
        case .expire: "expired"
        }
    }

    /// What must happen first, for the message of an illegal transition.
    var requirement: String {
        switch self {
        case .call: "only a waiting ticket can be called"
        case .recall, .noShow, .requeue: "only a called ticket can be; call it first"
        case .start: "only a called ticket can be started; call it first"
        case .finish: "only a ticket being served can be; start it first"
        case .transfer: "only a ticket being served (or, by a supervisor, one waiting) can be"
        case .cancel: "only a waiting or called ticket can be cancelled"
        case .expire: "only an open ticket expires"
        }
    }
}

/// One ticket and the timestamps of its life. Transitions go through `apply`, which
/// checks them and returns the event to store, so the event log always replays to
/// the same ticket.
public struct Ticket: Sendable, Equatable, Codable {
    public let number: TicketNumber
    /// The office-local day the ticket was issued; numbers are unique within it.
    public let day: LocalDay
    public let preferential: Bool
    /// Optional first name the visitor chose to give: for the desk, never for the wall.
    public let firstName: String?
    public let issuedAt: Date

    /// The queue the ticket waits in now; differs from `number.service` after a transfer.
    public private(set) var queueService: ServiceCode
    public private(set) var state: TicketState
    /// The desk that called it, while called or serving (and the last one after).
    public private(set) var desk: DeskID?
    /// When the current wait began: the issue time, or the last transfer or requeue.
    public private(set) var waitingSince: Date
    /// First call ever: the wait the 15-minute target is about ends here.
    public private(set) var firstCalledAt: Date?
    public private(set) var calledAt: Date?
    public private(set) var startedAt: Date?
    /// When it reached a final state.
    public private(set) var endedAt: Date?

    public init(
        number: TicketNumber, day: LocalDay, preferential: Bool = false,
        firstName: String? = nil, issuedAt: Date
    ) {
        self.number = number
        self.day = day
        self.preferential = preferential
        self.firstName = firstName
        self.issuedAt = issuedAt
        self.queueService = number.service
        self.state = .waiting
        self.waitingSince = issuedAt
    }

    /// Restores a ticket exactly as it was stored. Only a store calls this, with values
    /// that `apply` produced.
    public init(
        restoring number: TicketNumber, day: LocalDay, preferential: Bool, firstName: String?,
        issuedAt: Date, queueService: ServiceCode, state: TicketState, desk: DeskID?,
        waitingSince: Date, firstCalledAt: Date?, calledAt: Date?, startedAt: Date?, endedAt: Date?
    ) {
        self.number = number
        self.day = day
        self.preferential = preferential
        self.firstName = firstName
        self.issuedAt = issuedAt
        self.queueService = queueService
        self.state = state
        self.desk = desk
        self.waitingSince = waitingSince
        self.firstCalledAt = firstCalledAt
        self.calledAt = calledAt
        self.startedAt = startedAt
        self.endedAt = endedAt
    }

    /// Whether the ticket stays open once the day it was issued on has ended at `dayBegan`
    /// (docs/domain.md, "A visit that crosses midnight"): a visit in progress stays with its
    /// desk, and a ticket put back in a queue (transferred, requeued) or called after
    /// midnight keeps going; a ticket left waiting or called from the day before expires.
    public func outlivesDayChange(dayBegan: Date) -> Bool {
        switch state {
        case .serving: true
        case .waiting: waitingSince >= dayBegan
        case .called: (calledAt ?? .distantPast) >= dayBegan
        case .done, .noShow, .cancelled, .expired: false
        }
    }

    /// The day change, decided once for every store: of the open tickets of earlier days,
    /// those that do not outlive it, each expired at `now` with its event and its place in
    /// `open` (docs/domain.md, "A visit that crosses midnight").
    public static func expiring(_ open: [Ticket], at now: Date, calendar: OfficeCalendar) -> [(index: Int, ticket: Ticket, event: TicketEvent)] {
        let today = calendar.day(of: now), began = calendar.start(of: today)
        return open.indices.compactMap { index in
            var ticket = open[index]
            guard ticket.day < today, ticket.state.isOpen, !ticket.outlivesDayChange(dayBegan: began),
                let event = try? ticket.apply(.expire, at: now)
            else { return nil }
            return (index, ticket, event)
        }
    }

    /// Seconds from issue to first call, the number measured against the target.
    public var firstWait: TimeInterval? { firstCalledAt.map { Ticket.seconds(from: issuedAt, to: $0) } }

    /// Applies one transition, or explains why it is not allowed.
    @discardableResult
    public mutating func apply(_ action: TicketAction, at time: Date) throws(QueueError) -> TicketEvent {
        var event = TicketEvent(number: number, day: day, kind: action.kind, at: time, desk: desk, service: queueService)
        switch (action, state) {
        case (.call(let callingDesk), .waiting):
            event.desk = callingDesk
            event.seconds = Self.seconds(from: waitingSince, to: time)
            desk = callingDesk
            calledAt = time
            if firstCalledAt == nil { firstCalledAt = time }
            state = .called
        case (.recall, .called):
            calledAt = time
        case (.start, .called):
            startedAt = time
            state = .serving
        case (.finish, .serving):
            event.seconds = startedAt.map { Self.seconds(from: $0, to: time) }
            state = .done
            endedAt = time
        case (.noShow, .called):
            state = .noShow
            endedAt = time
        case (.transfer(let target), .waiting):
            // A supervisor moves a waiting ticket to another queue: the wait goes on, and
            // its issue time keeps its place there.
            event.service = target
            event.desk = nil
            queueService = target
        case (.transfer(let target), .serving):
            event.seconds = startedAt.map { Self.seconds(from: $0, to: time) }
            event.service = target
            queueService = target
            state = .waiting
            waitingSince = time
            calledAt = nil
            startedAt = nil
        case (.requeue, .called):
            state = .waiting
            waitingSince = time
            calledAt = nil
        case (.cancel, .waiting), (.cancel, .called):
            state = .cancelled
            endedAt = time
        case (.expire, .waiting), (.expire, .called), (.expire, .serving):
            state = .expired
            endedAt = time
        default:
            throw .illegalTransition(number, state: state, action: action)
        }
        return event
    }

    /// A duration rounded to the millisecond, so stored figures carry no float noise.
    public static func seconds(from start: Date, to end: Date) -> TimeInterval {
        (end.timeIntervalSince(start) * 1000).rounded() / 1000
    }

    /// Rebuilds a ticket from its issue and its events, the way reports recompute the past.
    public static func replay(_ issued: Ticket, events: [TicketEvent]) throws(QueueError) -> Ticket {
        var ticket = issued
        for event in events {
            guard let action = event.action else { continue }
            try ticket.apply(action, at: event.at)
        }
        return ticket
    }
}

/// A stored record of one transition: which ticket, what happened, where and when.
public struct TicketEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case issued, called, recalled, started, finished, noShow, transferred, requeued, cancelled, expired
    }

    public var number: TicketNumber
    public var day: LocalDay
    public var kind: Kind
    public var at: Date
    /// The desk involved, if any.
    public var desk: DeskID?
    /// The queue the ticket is in after the event (the target of a transfer).
    public var service: ServiceCode
    /// For a call, the wait that ended; for a finish or transfer, the service time.
    public var seconds: TimeInterval?
    /// For a finish: how the visit ended, when the desk said.
    public var outcome: VisitOutcome?
    /// The staff member who did it, when they were signed in as themselves.
    public var staff: StaffUser?

    public init(
        number: TicketNumber, day: LocalDay, kind: Kind, at: Date, desk: DeskID? = nil,
        service: ServiceCode, seconds: TimeInterval? = nil, outcome: VisitOutcome? = nil, staff: StaffUser? = nil
    ) {
        self.staff = staff
        self.number = number
        self.day = day
        self.kind = kind
        self.at = at
        self.desk = desk
        self.service = service
        self.seconds = seconds
        self.outcome = outcome
    }

    /// The action that produced this event (for replay); `nil` for the issue itself.
    public var action: TicketAction? {
        switch kind {
        case .issued: nil
        case .called: .call(desk: desk ?? "")
        case .recalled: .recall
        case .started: .start
        case .finished: .finish
        case .noShow: .noShow
        case .transferred: .transfer(to: service)
        case .requeued: .requeue
        case .cancelled: .cancel
        case .expired: .expire
        }
    }
}

extension Ticket {
    /// A first name is optional, short, and only letters, spaces, hyphens and apostrophes;
    /// it is kept for the desk (never shown on public screens).
    public static func cleanFirstName(_ name: String?) throws(QueueError) -> String? {
        guard let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        // Bytes too: a letter with thousands of combining marks on it is one character.
        guard name.count <= 30, name.utf8.count <= 120 else { throw .invalidName("is too long: give only a first name, up to 30 letters") }
        guard name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" }) else {
            throw .invalidName("'\(name)' may only contain letters, spaces, hyphens and apostrophes")
        }
        return name
    }
}
