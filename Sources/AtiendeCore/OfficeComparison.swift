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

        public init(office: String, name: String, targetMinutes: Int, indicators: Indicators, rank: Int) {
            self.office = office
            self.name = name
            self.targetMinutes = targetMinutes
            self.indicators = indicators
            self.rank = rank
        }
    }

    public var from: LocalDay
    public var to: LocalDay
    /// Best first.
    public var offices: [Row]
    public var institution: Indicators

    /// Ranks the offices and adds them up.
    /// - Parameter offices: each office's id, name, target and its tally over the span.
    public static func make(from: LocalDay, to: LocalDay, offices: [(office: String, name: String, target: TimeInterval, tally: DayTally)]) -> OfficeComparison {
        var rows = offices.map { office in
            Row(office: office.office, name: office.name, targetMinutes: Int(office.target / 60),
                indicators: office.tally.indicators(target: office.target, waiting: [], now: nil), rank: 0)
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
        return OfficeComparison(from: from, to: to, offices: rows, institution: institution)
    }

    public init(from: LocalDay, to: LocalDay, offices: [Row], institution: Indicators) {
        self.from = from
        self.to = to
        self.offices = offices
        self.institution = institution
    }
}
