import AtiendeCore
import Foundation

/// The queue as the apps see it. The kiosk, the display and the command line depend on
/// this interface only; the SQLite store is its first implementation and a network
/// client will be the second, so an app runs the same on a local file or a server.
///
/// Every operation is one atomic step: it either happens whole, with its event stored,
/// or throws (a `QueueError` the person can act on, a `ConfigError`, or
/// `QueueUnavailable` when the queue cannot be reached; `QueueRefused` when a server
/// relays a refusal) and changes nothing.
public protocol QueueService: Sendable {
    /// The office as currently configured.
    func office() async throws -> Office

    /// Throws `QueueUnavailable` unless the queue takes a write now (for `/healthz`).
    func checkWritable() async throws

    /// Issues a ticket; it exists (durably stored) before this returns. With `key` (an
    /// idempotency key, one per touch), asking again with the same key the same day gives
    /// back the same ticket, so a kiosk can retry across a lost answer.
    func issue(service: ServiceCode, preferential: Bool, firstName: String?, key: String?) async throws -> TicketPlace

    /// Calls the next ticket for the desk by the call rule; `nil` when nobody waits for it.
    /// With `staff` (the person signed in), the event names them, and only the services
    /// their account calls from are considered.
    func callNext(desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange?
    /// Calls one of today's tickets by number, out of order.
    func call(_ number: TicketNumber, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange
    /// Acts on the ticket the desk has called or is serving: recall, start, finish,
    /// no-show, transfer or requeue.
    func act(_ action: DeskAction, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange
    /// Cancels one of today's waiting or called tickets.
    func cancel(_ number: TicketNumber, by staff: StaffAccount?) async throws -> TicketChange
    /// Moves one of today's waiting tickets to another service's queue (a supervisor's
    /// decision): its wait goes on, and its issue time keeps its place there.
    func move(_ number: TicketNumber, to service: ServiceCode, by staff: StaffAccount?) async throws -> TicketChange
    /// Opens or closes a desk; a desk with a ticket in hand cannot close.
    func setDesk(_ desk: DeskID, open: Bool) async throws -> DeskState

    /// One of today's tickets, with its place in the queue, for "check my turn".
    func lookup(_ number: TicketNumber) async throws -> TicketPlace?
    /// The ticket a visit link names (its token), with its place now; `nil` for a token
    /// that names no ticket. The number alone never finds it.
    func visit(_ token: String) async throws -> TicketPlace?
    /// The visitor's judgement of the visit its link names: once, after the visit ended.
    func giveFeedback(_ token: String, _ feedback: Feedback) async throws
    /// The judgement of the visit a desk finished last today, given on the desk's own
    /// tablet by a visitor without a phone; the ticket it was about.
    func rateLastVisit(desk: DeskID, _ feedback: Feedback) async throws -> TicketNumber
    /// Stores what a machine says about its parts (a kiosk's printer); the staff's screens
    /// show it with the snapshot. Repeating the same state keeps its `since`.
    func report(_ device: DeviceReport) async throws

    /// What the screens and `status` show, now.
    func snapshot() async throws -> QueueSnapshot
    /// Indicators for the days `from`…`to` (office-local), recomputed from the event log:
    /// for the whole span and for each day.
    func report(from: LocalDay, to: LocalDay) async throws -> RangeReport

    /// Yields whenever anything in the queue may have changed, from any process: the
    /// events logged when the store knows them, else `.unknown`, which it also yields
    /// once at the start (something may have changed before anyone listened).
    func changes() -> AsyncStream<QueueChange>
}

extension QueueService {
    /// One day's indicators, recomputed from the event log.
    public func report(day: LocalDay) async throws -> IndicatorReport {
        try await report(from: day, to: day).total
    }
}

/// Indicators over a span of days, and for each day that had tickets.
public struct RangeReport: Sendable, Equatable, Codable {
    public var from: LocalDay
    public var to: LocalDay
    public var total: IndicatorReport
    /// Days with tickets, in order.
    public var days: [Day]

    /// The span as readers outside the staff see it (`IndicatorReport.forReaders`).
    public var forReaders: RangeReport {
        var open = self
        open.total = total.forReaders
        open.days = days.map { Day(day: $0.day, report: $0.report.forReaders) }
        return open
    }

    public struct Day: Sendable, Equatable, Codable {
        public var day: LocalDay
        public var report: IndicatorReport

        public init(day: LocalDay, report: IndicatorReport) {
            self.day = day
            self.report = report
        }
    }

    public init(from: LocalDay, to: LocalDay, total: IndicatorReport, days: [Day]) {
        self.from = from
        self.to = to
        self.total = total
        self.days = days
    }
}

/// The desk operations that act on the desk's current ticket.
public enum DeskAction: Sendable, Equatable {
    case recall, start, finish, noShow, requeue
    case transfer(to: ServiceCode)
    /// Finishing with how the visit ended.
    case finishAs(VisitOutcome)

    /// How the visit ended, for a finish that says.
    public var outcome: VisitOutcome? {
        if case .finishAs(let outcome) = self { outcome } else { nil }
    }

    public var ticketAction: TicketAction {
        switch self {
        case .recall: .recall
        case .start: .start
        case .finish, .finishAs: .finish
        case .noShow: .noShow
        case .requeue: .requeue
        case .transfer(let service): .transfer(to: service)
        }
    }
}

/// A ticket and its place in the queue: what a visitor is told when the ticket is
/// issued, and again when they check their turn.
public struct TicketPlace: Sendable, Equatable, Codable {
    public var ticket: Ticket
    /// People who will be called before this ticket in its queue (0 once it is called).
    public var ahead: Int
    /// Rounded estimate; `nil` when no open desk serves the service, or once called.
    public var estimatedWaitMinutes: Int?
    /// The secret of the ticket's visit link: only on the answer to the issue itself.
    public var visitToken: String?
    /// Whether the visitor has rated the visit (on a visit read by its link).
    public var feedbackGiven = false

    public init(ticket: Ticket, ahead: Int, estimatedWaitMinutes: Int?, visitToken: String? = nil) {
        self.visitToken = visitToken
        self.ticket = ticket
        self.ahead = ahead
        self.estimatedWaitMinutes = estimatedWaitMinutes
    }
}

/// A ticket after an operation, with the event that was stored for it.
public struct TicketChange: Sendable, Equatable, Codable {
    public var ticket: Ticket
    public var event: TicketEvent
    /// The request the visit's finish opened (`RequestRules.fromVisit`), to show the desk.
    public var request: RequestNumber?

    public init(ticket: Ticket, event: TicketEvent, request: RequestNumber? = nil) {
        self.ticket = ticket
        self.event = event
        self.request = request
    }
}

/// A server refused the operation, for a reason the person can act on: what would have
/// been a `QueueError` or `ConfigError` at a local file, relayed with the same message,
/// or a missing permission.
public struct QueueRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status the server answered with (409 for a desk that is busy, 401 without a token…).
    public var status: Int
    public var message: String
    /// The refusal's code, as the server names it (`deskBusy`, `unknownService`: a
    /// `QueueError.code`), when it did.
    public var reason: String?

    public init(status: Int, _ message: String, reason: String? = nil) {
        self.status = status
        self.message = message
        self.reason = reason
    }

    public var description: String { message }
}

/// The queue cannot be used right now: the database is missing, locked, damaged, or
/// the office was never set up. Screens show a banner and retry; the command line
/// prints the message.
public struct QueueUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case missing, notInitialised, busy, damaged, failed
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}

/// Visit links: a token per ticket that a phone can follow without anyone's key, and
/// that no one can guess from the number.
public enum VisitToken {
    /// 128 random bits, base64url without padding: 22 characters.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var bits = (generator.next() as UInt64, generator.next() as UInt64)
        // Six bits a character, straight from the two words (every ticket gets one: no
        // base64 string and three replacements on the way).
        var characters = [UInt8](repeating: 0, count: 22)
        for index in 0..<22 {
            characters[index] = alphabet[Int(bits.0 & 63)]
            bits.0 = (bits.0 >> 6) | (bits.1 << 58)
            bits.1 >>= 6
        }
        return String(decoding: characters, as: UTF8.self)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Whether `text` has a token's shape (checked before any lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 22 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }
    }
}

/// One visitor's answer, with the ticket it is about: what reports read.
public typealias FeedbackRow = (day: LocalDay, number: TicketNumber, feedback: Feedback)

extension QueueService {
    /// A queue in memory, or behind a server, takes writes while it answers at all.
    public func checkWritable() async throws { _ = try await office() }

    /// Desk work by no one in particular (a shared staff token, the command line on the
    /// office's own file): the events name nobody.
    public func callNext(desk: DeskID) async throws -> TicketChange? { try await callNext(desk: desk, by: nil) }
    public func call(_ number: TicketNumber, desk: DeskID) async throws -> TicketChange { try await call(number, desk: desk, by: nil) }
    public func act(_ action: DeskAction, desk: DeskID) async throws -> TicketChange { try await act(action, desk: desk, by: nil) }
    public func cancel(_ number: TicketNumber) async throws -> TicketChange { try await cancel(number, by: nil) }

    /// Issues a ticket without an idempotency key.
    public func issue(service: ServiceCode, preferential: Bool, firstName: String?) async throws -> TicketPlace {
        try await issue(service: service, preferential: preferential, firstName: firstName, key: nil)
    }
}

/// A queue kept on a volume of a machine's disk, which says how much room is left there
/// (`/healthz`, `/metrics` and the staff's screens show it).
public protocol StorageReporting: Sendable {
    /// Free bytes on the volume that holds the database; `nil` when it cannot be read.
    func freeBytes() -> Int64?
}

extension RangeReport {
    /// A span's report from what a store read for it: the tickets replayed from their
    /// events, the `finished` events, the events that name a staff member (and the expiries),
    /// who sat where, the visitors' answers, every config applied (for the names in force),
    /// and the staff's names. The whole span, and each day that had tickets; a day that is
    /// today is live (its waits still running count against the target).
    public static func make(
        from: LocalDay, to: LocalDay, office: Office, now: Date, tickets: [Ticket], finishes: [TicketEvent], staffEvents: [TicketEvent],
        presence: [DeskPresence], answers: [FeedbackRow], configs: [(appliedAt: Date, office: Office)], names: [StaffUser: String]
    ) -> RangeReport {
        let calendar = office.calendar, today = calendar.day(of: now)
        func compute(_ tickets: [Ticket], _ finishes: [TicketEvent], _ staffEvents: [TicketEvent], _ presence: [DeskPresence],
                     live: Date?, _ answers: [FeedbackRow], last: LocalDay) -> IndicatorReport {
            var report = IndicatorReport.compute(
                tickets: tickets, finishes: finishes, target: office.targetWait, calendar: calendar, now: live, feedback: answers)
            report.staff = StaffIndicators.compute(events: staffEvents, presence: presence, now: live, names: names)
            report.names = ReportNames.inForce(configs, until: calendar.end(of: last))
            return report
        }
        let total = compute(tickets, finishes, staffEvents, presence, live: (from...to).contains(today) ? now : nil, answers, last: to)
        guard from < to else { return RangeReport(from: from, to: to, total: total, days: [.init(day: from, report: total)]) }
        let ticketsByDay = Dictionary(grouping: tickets, by: \.day)
        let finishesByDay = Dictionary(grouping: finishes, by: \.day)
        let staffByDay = Dictionary(grouping: staffEvents, by: \.day)
        let presenceByDay = Dictionary(grouping: presence) { calendar.day(of: $0.since) }
        let days = ticketsByDay.keys.sorted().map { day in
            RangeReport.Day(day: day, report: compute(
                ticketsByDay[day] ?? [], finishesByDay[day] ?? [], staffByDay[day] ?? [], presenceByDay[day] ?? [],
                live: day == today ? now : nil, answers.filter { $0.day == day }, last: day))
        }
        return RangeReport(from: from, to: to, total: total, days: days)
    }
}
