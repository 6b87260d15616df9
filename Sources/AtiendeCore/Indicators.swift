import Foundation

/// The office's measures for a set of tickets (docs/domain.md, "What is measured").
/// Computed from tickets replayed from the event log, never stored.
///
/// Rules chosen where the contract is silent:
/// - The wait is from issue to the **first** call. A ticket counts against the target
///   when it was called later than the target, when it expired without being called
///   (nobody attended it), when it was cancelled uncalled after waiting past the target,
///   or, live, when it is still waiting past the target. A visitor who cancelled
///   within the target is not counted either way.
/// - Waits of tickets never called are not in the averages (they have no end).
/// - Served counts finished tickets; service time is start to finish of the last segment
///   (a transferred ticket's earlier segments are in its transfer events).
/// - By hour, every figure counts the visit in the hour it arrived (was issued), served
///   visits included, so each row reads as "of those who came in this hour".
/// - How visits ended counts the finishes that recorded an outcome; the share resolved
///   on the spot is of those (a finish without an outcome is neither).
public struct Indicators: Sendable, Equatable, Codable {
    public var issued = 0
    public var waiting = 0
    public var served = 0
    public var noShows = 0
    public var cancelled = 0
    public var expired = 0
    /// Tickets measured against the target, and how many met it.
    public var measured = 0
    public var withinTarget = 0
    public var averageWaitSeconds: Double?
    public var medianWaitSeconds: Double?
    public var p90WaitSeconds: Double?
    public var averageServiceSeconds: Double?
    /// Finished visits by how they ended (`OutcomeKind.code`).
    public var outcomes: [String: Int] = [:]
    /// What the visitors who answered said of their visits.
    public var feedback = FeedbackSummary()

    public init() {}

    /// Share of the served visits whose visitor answered, 0…100.
    public var answeredPercent: Double? {
        served == 0 ? nil : (Double(feedback.answered) * 1000 / Double(served)).rounded() / 10
    }

    /// Share of the visits with a recorded outcome that were resolved on the spot, 0…100.
    public var resolvedPercent: Double? {
        let recorded = outcomes.values.reduce(0, +)
        return recorded == 0 ? nil : (Double(outcomes[OutcomeKind.resolved] ?? 0) * 1000 / Double(recorded)).rounded() / 10
    }

    /// Share of measured tickets called within the target, 0…100; `nil` before any.
    public var withinTargetPercent: Double? {
        measured == 0 ? nil : (Double(withinTarget) * 1000 / Double(measured)).rounded() / 10
    }
}

/// Per desk: how many it served and how long a service took.
public struct DeskIndicators: Sendable, Equatable, Codable {
    public var served = 0
    public var averageServiceSeconds: Double?
    /// Finished visits by how they ended.
    public var outcomes: [String: Int] = [:]
    public var feedback = FeedbackSummary()

    public init(served: Int = 0, averageServiceSeconds: Double? = nil, outcomes: [String: Int] = [:], feedback: FeedbackSummary = .init()) {
        self.served = served
        self.averageServiceSeconds = averageServiceSeconds
        self.outcomes = outcomes
        self.feedback = feedback
    }
}

/// Indicators for the office, per service, per local hour and per desk.
public struct IndicatorReport: Sendable, Equatable, Codable {
    public var office: Indicators
    public var services: [ServiceCode: Indicators]
    public var hours: [Int: Indicators]
    public var desks: [DeskID: DeskIndicators]
    /// First waits counted by whole minutes: index m holds waits of m to m+1 minutes; the
    /// last bucket holds everything from `histogramMinutes` on.
    public var waitHistogram: [Int]
    /// The visitors' comments, oldest first.
    public var comments: [String] = []
    /// Per staff member signed in as themselves (`StaffIndicators.compute`).
    public var staff: [StaffUser: StaffIndicators] = [:]
    /// The names of services and desks in force over these days (filled in by the store).
    public var names = ReportNames()

    /// What anyone who may read the office's figures sees: no visitor's comment and no
    /// staff member's name or figures, which are for staff roles only.
    public var forReaders: IndicatorReport {
        var open = self
        open.comments = []
        open.staff = [:]
        return open
    }

    public static let histogramMinutes = 60

    public init(
        office: Indicators, services: [ServiceCode: Indicators], hours: [Int: Indicators],
        desks: [DeskID: DeskIndicators], waitHistogram: [Int]
    ) {
        self.office = office
        self.services = services
        self.hours = hours
        self.desks = desks
        self.waitHistogram = waitHistogram
    }

    /// - Parameters:
    ///   - tickets: tickets in their current (or final) state.
    ///   - finishes: the `finished` events of those tickets.
    ///   - now: for live figures, tickets still waiting past the target count against it;
    ///     `nil` for a closed day.
    ///   - feedback: what visitors said of those tickets' visits, oldest first.
    public static func compute(
        tickets: [Ticket], finishes: [TicketEvent], target: TimeInterval,
        calendar: OfficeCalendar, now: Date? = nil, feedback: [(day: LocalDay, number: TicketNumber, feedback: Feedback)] = []
    ) -> IndicatorReport {
        var office = Accumulator(), services: [ServiceCode: Accumulator] = [:], hours: [Int: Accumulator] = [:]
        for ticket in tickets {
            let hour = calendar.hour(of: ticket.issuedAt)
            office.add(ticket, target: target, now: now)
            services[ticket.number.service, default: .init()].add(ticket, target: target, now: now)
            hours[hour, default: .init()].add(ticket, target: target, now: now)
        }
        var histogram = [Int](repeating: 0, count: histogramMinutes + 1)
        for wait in tickets.compactMap(\.firstWait) { histogram[min(Int(wait / 60), histogramMinutes)] += 1 }
        // A finish counts in the hour its visitor arrived.
        var arrival: [TicketKey: Int] = [:]
        arrival.reserveCapacity(tickets.count)
        for ticket in tickets { arrival[TicketKey(day: ticket.day, number: ticket.number)] = calendar.hour(of: ticket.issuedAt) }
        var desks: [DeskID: Accumulator] = [:]
        for event in finishes where event.kind == .finished {
            let seconds = event.seconds ?? 0, outcome = event.outcome?.code
            office.addService(seconds, outcome: outcome)
            services[event.service, default: .init()].addService(seconds, outcome: outcome)
            let hour = arrival[TicketKey(day: event.day, number: event.number)] ?? calendar.hour(of: event.at)
            hours[hour, default: .init()].addService(seconds, outcome: outcome)
            if let desk = event.desk { desks[desk, default: .init()].addService(seconds, outcome: outcome) }
        }
        var byTicket: [TicketKey: Ticket] = [:]
        byTicket.reserveCapacity(feedback.isEmpty ? 0 : tickets.count)
        if !feedback.isEmpty { for ticket in tickets { byTicket[TicketKey(day: ticket.day, number: ticket.number)] = ticket } }
        var comments: [String] = []
        for answer in feedback {
            guard let ticket = byTicket[TicketKey(day: answer.day, number: answer.number)] else { continue }
            office.indicators.feedback.add(answer.feedback)
            services[ticket.queueService, default: .init()].indicators.feedback.add(answer.feedback)
            hours[calendar.hour(of: ticket.issuedAt), default: .init()].indicators.feedback.add(answer.feedback)
            if let desk = ticket.desk { desks[desk, default: .init()].indicators.feedback.add(answer.feedback) }
            if let comment = answer.feedback.comment { comments.append(comment) }
        }
        var report = IndicatorReport(
            office: office.result,
            services: services.mapValues(\.result),
            hours: hours.mapValues(\.result),
            desks: desks.mapValues { desk in
                let result = desk.result
                return DeskIndicators(
                    served: result.served, averageServiceSeconds: result.averageServiceSeconds, outcomes: result.outcomes,
                    feedback: result.feedback)
            },
            waitHistogram: histogram
        )
        report.comments = comments
        return report
    }

    private struct TicketKey: Hashable {
        var day: LocalDay
        var number: TicketNumber
    }

    private struct Accumulator {
        var indicators = Indicators()
        var waits: [Double] = []
        var serviceTimes: [Double] = []

        mutating func add(_ ticket: Ticket, target: TimeInterval, now: Date?) {
            indicators.issued += 1
            switch ticket.state {
            case .waiting: indicators.waiting += 1
            case .noShow: indicators.noShows += 1
            case .cancelled: indicators.cancelled += 1
            case .expired: indicators.expired += 1
            case .called, .serving, .done: break
            }
            if let wait = ticket.firstWait {
                waits.append(wait)
                measure(within: wait <= target)
            } else if ticket.state == .expired {
                measure(within: false)
            } else if ticket.state == .cancelled, let ended = ticket.endedAt, ended.timeIntervalSince(ticket.issuedAt) > target {
                measure(within: false)
            } else if ticket.state == .waiting, let now, now.timeIntervalSince(ticket.issuedAt) > target {
                measure(within: false)
            }
        }

        mutating func addService(_ seconds: Double, outcome: String?) {
            indicators.served += 1
            serviceTimes.append(seconds)
            if let outcome { indicators.outcomes[outcome, default: 0] += 1 }
        }

        private mutating func measure(within: Bool) {
            indicators.measured += 1
            if within { indicators.withinTarget += 1 }
        }

        var result: Indicators {
            var out = indicators
            out.averageWaitSeconds = Statistics.mean(waits)
            out.medianWaitSeconds = Statistics.median(waits)
            out.p90WaitSeconds = Statistics.percentile(waits, 90)
            out.averageServiceSeconds = Statistics.mean(serviceTimes)
            return out
        }
    }
}

/// Small statistics used by indicators and estimates.
public enum Statistics {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The middle value (the mean of the two middle values for an even count).
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Nearest-rank percentile: the smallest value with at least `p` % of values at or below it.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
