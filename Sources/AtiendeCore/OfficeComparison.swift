import Foundation

/// The offices of an institution side by side over a span of days, and the institution as a
/// whole (docs/domain.md, "What is measured"): each office's figures from its running day
/// tallies (`DayTally`), so a year of fifty offices costs what its days cost, never what its
/// tickets do. Each office is measured against its own target; the institution's share
/// within the target is of all the visits measured, each against its office's target.
public struct OfficeComparison: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var office: String
        public var name: String
        public var targetMinutes: Int
        public var indicators: Indicators
        /// 1 for the highest share called within the target; offices with nothing measured last.
        public var rank: Int
        /// Each person who worked there, most visits first.
        public var people: [Person] = []

        public init(office: String, name: String, targetMinutes: Int, indicators: Indicators, rank: Int) {
            self.office = office
            self.name = name
            self.targetMinutes = targetMinutes
            self.indicators = indicators
            self.rank = rank
        }
    }

    /// One staff member's work in one office over the span, from the events that name them.
    public struct Person: Sendable, Equatable {
        public var user: StaffUser
        public var name: String?
        public var served: Int
        public var noShows: Int
        public var averageServiceSeconds: Double?

        /// - Parameter serviceSeconds: the sum of their visits' service times.
        public init(user: StaffUser, name: String?, served: Int, noShows: Int, serviceSeconds: Double) {
            self.user = user
            self.name = name
            self.served = served
            self.noShows = noShows
            averageServiceSeconds = served > 0 ? serviceSeconds / Double(served) : nil
        }
    }

    /// What an office's row adds beside its tally: its visitors' answers on the five key
    /// drivers (its indicators' `feedback`) and its people.
    public struct Extras: Sendable, Equatable {
        public var drivers = FeedbackSummary()
        public var people: [Person] = []
        public init() {}
    }

    public var from: LocalDay
    public var to: LocalDay
    /// Best first.
    public var offices: [Row]
    public var institution: Indicators

    /// Ranks the offices and adds them up.
    /// - Parameters:
    ///   - offices: each office's id, name, target and its tally over the span.
    ///   - extras: each office's answers and people, by office id.
    public static func make(
        from: LocalDay, to: LocalDay, offices: [(office: String, name: String, target: TimeInterval, tally: DayTally)], extras: [String: Extras] = [:]
    ) -> OfficeComparison {
        var rows = offices.map { office in
            var row = Row(office: office.office, name: office.name, targetMinutes: Int(office.target / 60),
                          indicators: office.tally.indicators(target: office.target, waiting: [], now: nil), rank: 0)
            if let extra = extras[office.office] {
                row.indicators.feedback = extra.drivers
                row.people = extra.people.sorted { ($0.served, $1.user) > ($1.served, $0.user) }
            }
            return row
        }
        rows.sort { a, b in
            switch (a.indicators.withinTargetPercent, b.indicators.withinTargetPercent) {
            case (let x?, let y?) where x != y: x > y
            case (.some, nil): true
            case (nil, .some): false
            default: a.office < b.office
            }
        }
        for index in rows.indices { rows[index].rank = index + 1 }
        var all = DayTally()
        for office in offices { all.merge(office.tally) }
        // Waits as a whole (median, 90th percentile); the share within each office's own target.
        var institution = all.indicators(target: .infinity, waiting: [], now: nil)
        institution.measured = rows.reduce(0) { $0 + $1.indicators.measured }
        institution.withinTarget = rows.reduce(0) { $0 + $1.indicators.withinTarget }
        for row in rows {
            institution.feedback.answered += row.indicators.feedback.answered
            for (driver, sum) in row.indicators.feedback.sums { institution.feedback.sums[driver, default: 0] += sum }
        }
        return OfficeComparison(from: from, to: to, offices: rows, institution: institution)
    }

    public init(from: LocalDay, to: LocalDay, offices: [Row], institution: Indicators) {
        self.from = from
        self.to = to
        self.offices = offices
        self.institution = institution
    }
}
