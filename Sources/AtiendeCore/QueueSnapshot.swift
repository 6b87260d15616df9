import Foundation

/// Everything a screen or `atiende status` shows, taken at one instant. Plain values:
/// the kiosk and the display draw it, the command line prints it.
public struct QueueSnapshot: Sendable, Equatable, Codable {
    public struct ServiceStatus: Sendable, Equatable, Codable {
        public var code: ServiceCode
        public var waiting: Int
        /// Longest current wait among waiting tickets, from when their current wait began.
        public var longestWaitSeconds: Int
        /// For someone arriving now; `nil` when no open desk serves the service.
        public var estimatedWaitMinutes: Int?
        /// Waiting tickets past the alert threshold and past the target.
        public var pastAlert: Int
        public var pastTarget: Int
        public var openDesks: Int
        /// When each waiting ticket's wait began, longest first: what lets a screen apply
        /// a call by itself (`applying(_:office:)`). Empty where the source does not say.
        public var waitingSince: [Date]

        public init(
            code: ServiceCode, waiting: Int, longestWaitSeconds: Int, estimatedWaitMinutes: Int?, pastAlert: Int = 0, pastTarget: Int = 0, openDesks: Int = 1,
            waitingSince: [Date] = []
        ) {
            self.code = code
            self.waitingSince = waitingSince
            self.waiting = waiting
            self.longestWaitSeconds = longestWaitSeconds
            self.estimatedWaitMinutes = estimatedWaitMinutes
            self.pastAlert = pastAlert
            self.pastTarget = pastTarget
            self.openDesks = openDesks
        }
    }

    public struct DeskStatus: Sendable, Equatable, Codable {
        public var id: DeskID
        public var state: DeskState.Activity
        public var ticket: TicketNumber?
        /// When the current ticket was called.
        public var calledAt: Date?

        public init(id: DeskID, state: DeskState.Activity, ticket: TicketNumber? = nil, calledAt: Date? = nil) {
            self.id = id
            self.state = state
            self.ticket = ticket
            self.calledAt = calledAt
        }
    }

    /// A ticket waiting longer than the alert threshold (`alertAtMinutes`), or the target.
    public struct Alert: Sendable, Equatable, Codable {
        public var number: TicketNumber
        public var service: ServiceCode
        public var waitingSeconds: Int
        public var pastTarget: Bool

        public init(number: TicketNumber, service: ServiceCode, waitingSeconds: Int, pastTarget: Bool) {
            self.number = number
            self.service = service
            self.waitingSeconds = waitingSeconds
            self.pastTarget = pastTarget
        }
    }

    /// A call shown on the wall: a number and a desk, never a name.
    public struct Call: Sendable, Equatable, Codable {
        public var number: TicketNumber
        public var desk: DeskID
        public var at: Date
        public var recall: Bool

        public init(number: TicketNumber, desk: DeskID, at: Date, recall: Bool) {
            self.number = number
            self.desk = desk
            self.at = at
            self.recall = recall
        }
    }

    /// Whether the people waiting now will be called in time, and what would help
    /// (`PromiseProjection`).
    public struct Promise: Sendable, Equatable, Codable {
        /// 0 to 100: the projected share of the people waiting for a first call who will
        /// be called within the target.
        public var projectedWithinTargetPercent: Double
        public var services: [ServiceCode: Double]
        /// The same with one more desk: `openDesk`, the closed desk that helps most, or,
        /// when every desk is open (`openDesk` nil), one more serving every service.
        public var withOneMoreDeskPercent: Double?
        public var openDesk: DeskID?
        /// The office's promise threshold (`promiseThresholdPercent`).
        public var thresholdPercent: Int

        public init(
            projectedWithinTargetPercent: Double, services: [ServiceCode: Double], withOneMoreDeskPercent: Double?, openDesk: DeskID?,
            thresholdPercent: Int
        ) {
            self.projectedWithinTargetPercent = projectedWithinTargetPercent
            self.services = services
            self.withOneMoreDeskPercent = withOneMoreDeskPercent
            self.openDesk = openDesk
            self.thresholdPercent = thresholdPercent
        }

        public var belowThreshold: Bool { projectedWithinTargetPercent < Double(thresholdPercent) }

        /// What to do, in one line ("Abrir Ventanilla 4: 62 % → 88 % a tiempo"); `nil` while
        /// the promise holds or when one more desk would not help.
        public func advice(_ office: Office, _ language: Language) -> String? {
            guard belowThreshold, let better = withOneMoreDeskPercent, better.rounded() > projectedWithinTargetPercent.rounded() else { return nil }
            let es = language == .es
            let action = openDesk.map { id in (es ? "Abrir " : "Open ") + (office.desk(id)?.label[language] ?? id.rawValue) }
                ?? (es ? "Sumar una ventanilla" : "Add one more desk")
            // From the shares as written (to a tenth), so the line and the figures agree.
            let now = Int(((projectedWithinTargetPercent * 10).rounded() / 10).rounded()), then = Int(((better * 10).rounded() / 10).rounded())
            return es ? "\(action): \(now) % → \(then) % a tiempo" : "\(action): \(now)% → \(then)% on time"
        }
    }

    public var takenAt: Date
    public var day: LocalDay
    public var services: [ServiceStatus]
    public var desks: [DeskStatus]
    /// Newest first.
    public var recentCalls: [Call]
    public var today: Indicators
    /// Waiting tickets past the alert threshold, longest wait first.
    public var alerts: [Alert]
    /// `nil` when nobody waits for a first call.
    public var promise: Promise?
    /// What the office's machines last reported (a kiosk's printer), problems first.
    public var devices: [DeviceReport] = []
    /// Requests whose person has not been reached by their deadline (a count: no one's data).
    public var requestsOverdue = 0
    /// The id in the event log of the newest event this snapshot includes, when the store
    /// says: a screen applies the events after it (`applying(_:)`) and skips those before.
    public var eventID: Int64?

    public init(
        takenAt: Date, day: LocalDay, services: [ServiceStatus], desks: [DeskStatus], recentCalls: [Call], today: Indicators, alerts: [Alert] = [],
        promise: Promise? = nil
    ) {
        self.takenAt = takenAt
        self.day = day
        self.services = services
        self.desks = desks
        self.recentCalls = recentCalls
        self.today = today
        self.alerts = alerts
        self.promise = promise
    }

    /// Builds the snapshot from today's tickets and the desks' states.
    /// - Parameters:
    ///   - tickets: today's tickets; with `today` and `preferentialLastHour` given, only
    ///     those waiting and at desks are needed (the store reads no more).
    ///   - serviceTimes: recent service times per service, oldest first.
    public static func make(
        office: Office, now: Date, tickets: [Ticket], desks: [DeskState],
        finishes: [TicketEvent], recentCalls: [Call], serviceTimes: [ServiceCode: [Double]], today: Indicators? = nil,
        preferentialLastHour: [ServiceCode: Double]? = nil
    ) -> QueueSnapshot {
        let allWaiting = tickets.filter { $0.state == .waiting }
        let waitingByService = Dictionary(grouping: allWaiting, by: \.queueService)
        let openDeskIDs = Set(desks.filter(\.isOpen).map(\.id))
        let forecast = WaitForecast(office: office, recentServiceSeconds: serviceTimes)
        // An inactive service stays on the screens while people still wait for it.
        let services = office.services.filter { $0.active || waitingByService[$0.code] != nil }.map { service in
            let waiting = waitingByService[service.code] ?? []
            let waits = waiting.map { now.timeIntervalSince($0.waitingSince) }
            let openDesks = office.desks.count { openDeskIDs.contains($0.id) && $0.serves(service.code) }
            // Someone taking a regular ticket now.
            let newcomer = Ticket(number: TicketNumber(service: service.code, sequence: 99_999), day: office.calendar.day(of: now), issuedAt: now)
            return ServiceStatus(
                code: service.code,
                waiting: waiting.count,
                longestWaitSeconds: Int(waits.max() ?? 0),
                estimatedWaitMinutes: forecast.minutes(until: newcomer, waiting: allWaiting, desks: desks, office: office, now: now),
                pastAlert: waits.count { $0 > TimeInterval(office.alertAtMinutes * 60) },
                pastTarget: waits.count { $0 > office.targetWait },
                openDesks: openDesks,
                waitingSince: waiting.map(\.waitingSince).sorted()
            )
        }
        let deskStatus = desks.map {
            DeskStatus(id: $0.id, state: $0.activity, ticket: $0.current?.number, calledAt: $0.current?.calledAt)
        }
        let todays = today ?? IndicatorReport.compute(
            tickets: tickets, finishes: finishes, target: office.targetWait, calendar: office.calendar, now: now).office
        let alerts = allWaiting
            .map { (ticket: $0, wait: now.timeIntervalSince($0.waitingSince)) }
            .filter { $0.wait > TimeInterval(office.alertAtMinutes * 60) }
            .sorted { $0.wait > $1.wait }
            .map { Alert(number: $0.ticket.number, service: $0.ticket.queueService, waitingSeconds: Int($0.wait), pastTarget: $0.wait > office.targetWait) }
        let open = desks.filter(\.isOpen).compactMap { state in
            office.desk(state.id).map { WaitForecast.OpenDesk(desk: $0, serving: state.current?.queueService) }
        }
        let projection = PromiseProjection.make(
            waiting: allWaiting, desks: open, forecast: forecast, target: office.targetWait, now: now,
            closedDesks: office.desks.filter { !openDeskIDs.contains($0.id) }, allServices: office.services.filter(\.active).map(\.code),
            preferentialPerHour: preferentialLastHour ?? Dictionary(
                tickets.filter { $0.preferential && now.timeIntervalSince($0.issuedAt) < 3600 }.map { ($0.number.service, 1.0) }, uniquingKeysWith: +))
        let promise = projection.percent.map { percent in
            Promise(
                projectedWithinTargetPercent: percent, services: projection.services, withOneMoreDeskPercent: projection.oneMoreDesk?.percent,
                openDesk: projection.oneMoreDesk?.desk, thresholdPercent: office.promiseThresholdPercent)
        }
        return QueueSnapshot(
            takenAt: now, day: office.calendar.day(of: now), services: services, desks: deskStatus,
            recentCalls: recentCalls, today: todays, alerts: alerts, promise: promise)
    }
}
