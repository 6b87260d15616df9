import Foundation

/// How the 24-hour promise was kept over a span of days, measured like the waiting room
/// (docs/domain.md, "Requests and the 24-hour promise"): for the office, and per channel,
/// service and official, the requests received, the share first contacted within the
/// promise, the median and 90th percentile time to first contact, the tries per first
/// contact, and those still open and overdue now.
public struct RequestReport: Sendable, Equatable {
    public struct Figures: Sendable, Equatable {
        public var received = 0
        /// Reached by the deadline.
        public var contactedInTime = 0
        /// Reached after it.
        public var contactedLate = 0
        /// Share reached by the deadline of those whose outcome is known (reached, or past the
        /// deadline unreached): one still in time counts neither way. `nil` with none known.
        public var inTimePercent: Double?
        public var medianHoursToContact: Double?
        public var p90HoursToContact: Double?
        /// Tries made up to and including the first that reached the person, on average.
        public var attemptsPerFirstContact: Double?
        /// Not reached yet, now.
        public var open = 0
        /// Not reached, and past the deadline, now.
        public var overdue = 0

        public init() {}
    }

    public var from: LocalDay
    public var to: LocalDay
    public var office: Figures
    public var byChannel: [RequestChannel: Figures]
    public var byService: [ServiceCode: Figures]
    /// By whoever handles it; requests nobody handles yet are under `nil`'s key, left out.
    public var byOfficial: [StaffUser: Figures]

    /// The report of the requests received from `from` to `to` (office days), as they stand at `now`.
    public static func make(_ requests: [ServiceRequest], from: LocalDay, to: LocalDay, calendar: OfficeCalendar, now: Date) -> RequestReport {
        let received = requests.filter { (from...to).contains(calendar.day(of: $0.receivedAt)) }
        func figures(_ group: [ServiceRequest]) -> Figures {
            var f = Figures()
            f.received = group.count
            var hours: [Double] = [], tries: [Double] = []
            for request in group {
                switch request.promise(at: now) {
                case .met: f.contactedInTime += 1
                case .missed: f.contactedLate += 1
                case .overdue: f.open += 1; f.overdue += 1
                case .pending: f.open += 1
                }
                if let first = request.firstContactAt {
                    hours.append(first.timeIntervalSince(request.receivedAt) / 3600)
                    tries.append(Double((request.attempts.firstIndex { $0.result == .reached } ?? 0) + 1))
                }
            }
            let known = f.contactedInTime + f.contactedLate + f.overdue
            f.inTimePercent = known == 0 ? nil : Double(f.contactedInTime) * 100 / Double(known)
            f.medianHoursToContact = Statistics.median(hours)
            f.p90HoursToContact = Statistics.percentile(hours, 90)
            f.attemptsPerFirstContact = Statistics.mean(tries)
            return f
        }
        return RequestReport(
            from: from, to: to, office: figures(received),
            byChannel: Dictionary(grouping: received, by: \.channel).mapValues(figures),
            byService: Dictionary(grouping: received, by: \.service).mapValues(figures),
            byOfficial: Dictionary(grouping: received.filter { $0.assignee != nil }, by: { $0.assignee ?? "" }).mapValues(figures))
    }

    public init(from: LocalDay, to: LocalDay, office: Figures, byChannel: [RequestChannel: Figures], byService: [ServiceCode: Figures],
                byOfficial: [StaffUser: Figures]) {
        self.from = from
        self.to = to
        self.office = office
        self.byChannel = byChannel
        self.byService = byService
        self.byOfficial = byOfficial
    }
}
