import Foundation

/// A staff member at a desk, from when they sat down (signed in at its console) until
/// they left it: signed out, their session ended, or someone else sat down there.
public struct DeskPresence: Sendable, Equatable {
    public var desk: DeskID
    public var user: StaffUser
    public var since: Date
    /// `nil` while they are still there.
    public var until: Date?

    public init(desk: DeskID, user: StaffUser, since: Date, until: Date?) {
        self.desk = desk
        self.user = user
        self.since = since
        self.until = until
    }
}

/// One staff member's work over a span of days, from the events that name them and
/// their time at the desks (what Novo SGA's users ask of their reports: per clerk).
///
/// - Served and no-shows count the finishes and no-shows they recorded.
/// - The walk to the desk is from their call to their start of the same visit: how long
///   visitors took to come (and desks waited) once called.
/// - A desk is busy from a call to the end of that visit at it (finish, no-show,
///   transfer, requeue, cancel); idle is their time at desks with no visit in hand.
public struct StaffIndicators: Sendable, Equatable, Codable {
    /// Their name as their account has it now (filled in by the store).
    public var name: String?
    public var served = 0
    public var noShows = 0
    public var averageServiceSeconds: Double?
    public var medianServiceSeconds: Double?
    public var averageWalkSeconds: Double?
    /// Time signed in at a desk, and the part of it with no visit in hand.
    public var atDeskSeconds: Double = 0
    public var idleSeconds: Double = 0

    public init() {}

    /// - Parameters:
    ///   - events: the span's events, in the order they happened (those that name no
    ///     one are passed over).
    ///   - presence: who sat at which desk, and when; an open span ends at `now`
    ///     (or is left out for a closed day, when `now` is `nil`).
    ///   - names: the accounts' names, by user name.
    public static func compute(
        events: [TicketEvent], presence: [DeskPresence], now: Date?, names: [StaffUser: String] = [:]
    ) -> [StaffUser: StaffIndicators] {
        struct Visit { var staff: StaffUser; var calledAt: Date }
        struct Key: Hashable { var day: LocalDay; var number: TicketNumber }
        var figures: [StaffUser: StaffIndicators] = [:]
        var serviceTimes: [StaffUser: [Double]] = [:], walks: [StaffUser: [Double]] = [:]
        var busy: [StaffUser: [(Date, Date)]] = [:]
        var open: [Key: Visit] = [:]
        for event in events {
            let key = Key(day: event.day, number: event.number)
            if let staff = event.staff {
                switch event.kind {
                case .finished:
                    figures[staff, default: .init()].served += 1
                    serviceTimes[staff, default: []].append(event.seconds ?? 0)
                case .noShow:
                    figures[staff, default: .init()].noShows += 1
                case .started:
                    if let visit = open[key], visit.staff == staff {
                        walks[staff, default: []].append(Ticket.seconds(from: visit.calledAt, to: event.at))
                    }
                default: break
                }
            }
            switch event.kind {
            case .called:
                if let staff = event.staff { open[key] = Visit(staff: staff, calledAt: event.at) } else { open[key] = nil }
            case .finished, .noShow, .transferred, .requeued, .cancelled, .expired:
                if let visit = open.removeValue(forKey: key) { busy[visit.staff, default: []].append((visit.calledAt, event.at)) }
            case .issued, .recalled, .started:
                break
            }
        }
        // A visit still in hand is busy until now.
        if let now { for visit in open.values { busy[visit.staff, default: []].append((visit.calledAt, now)) } }
        for span in presence {
            guard let end = span.until ?? now, end > span.since else { continue }
            let overlap = (busy[span.user] ?? []).reduce(0.0) { sum, interval in
                sum + max(0, min(end, interval.1).timeIntervalSince(max(span.since, interval.0)))
            }
            let length = end.timeIntervalSince(span.since)
            figures[span.user, default: .init()].atDeskSeconds += length
            figures[span.user, default: .init()].idleSeconds += max(0, length - overlap)
        }
        for (staff, times) in serviceTimes {
            figures[staff]?.averageServiceSeconds = Statistics.mean(times)
            figures[staff]?.medianServiceSeconds = Statistics.median(times)
        }
        for (staff, times) in walks { figures[staff, default: .init()].averageWalkSeconds = Statistics.mean(times) }
        return figures.reduce(into: [:]) { out, entry in
            let (user, figure) = entry
            var rounded = figure
            rounded.name = names[user]
            rounded.atDeskSeconds = figure.atDeskSeconds.rounded()
            rounded.idleSeconds = figure.idleSeconds.rounded()
            out[user] = rounded
        }
    }
}
