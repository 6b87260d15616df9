import Foundation

/// The estimated wait, second version (docs/domain.md, "The wait, estimated and promised"): plays the call rule
/// forward over the desks open now.
///
/// Visits are taken as memoryless (exponential service times, the usual model of a
/// counter): while desks are busy, the next one frees up after 1 / Σ(1 / typical service
/// time) on average, and each busy desk is the one that frees in proportion to its rate.
/// A freed desk calls the next ticket it serves in the call rule's order. The estimate is
/// when a desk calls the ticket. With identical desks this is queueing theory's
/// (people ahead + 1) × service time ÷ desks once all are busy, which is why it is
/// unbiased (checked by simulation). Later arrivals are unknown, so only a later
/// preferential visitor can make the real wait longer than the estimate.
public struct WaitForecast: Sendable {
    /// A desk open now: what it serves and, if busy, the service of its current visit.
    public struct OpenDesk: Sendable {
        public var desk: Desk
        public var serving: ServiceCode?

        public init(desk: Desk, serving: ServiceCode?) {
            self.desk = desk
            self.serving = serving
        }
    }

    /// Past this many people in the line the play-forward gives way to the formula it
    /// approaches, (people ahead) × service time ÷ desks, so an estimate stays cheap.
    public static let longQueue = 300

    public var rule: CallRule
    /// Typical service seconds per service (`WaitEstimate.typicalServiceSeconds`).
    public var serviceSeconds: @Sendable (ServiceCode) -> Double

    public init(rule: CallRule, serviceSeconds: @escaping @Sendable (ServiceCode) -> Double) {
        self.rule = rule
        self.serviceSeconds = serviceSeconds
    }

    /// Seconds until `target` is called, or `nil` if no open desk serves its queue.
    /// - Parameter waiting: the waiting tickets that may be called before it (any order).
    public func seconds(until target: Ticket, waiting: some Sequence<Ticket>, desks: [OpenDesk], now: Date) -> Double? {
        let servers = desks.filter { $0.desk.serves(target.queueService) }
        guard !servers.isEmpty else { return nil }
        let relevant = Set(servers.flatMap(\.desk.services))
        let waiting = Array(waiting)
        let queue = (waiting + (waiting.contains { $0.number == target.number } ? [] : [target]))
            .filter { $0.state == .waiting && relevant.contains($0.queueService) }
            .sorted(by: rule.precedes)
        // Each desk calls the first ticket it serves that nobody took: a cursor per desk
        // over the line in call order, so playing forward is linear in the line's length.
        var taken = [Bool](repeating: false, count: queue.count)
        var cursor = [Int](repeating: 0, count: servers.count)
        // Typical length of each desk's current visit; nil when the desk is free.
        var busy: [Double?] = servers.map { $0.serving.map(serviceSeconds) }
        var credit = [Double](repeating: 0, count: servers.count)
        var elapsed = 0.0

        /// The freed desk `d` calls its next ticket; true when that is the target.
        func call(_ d: Int) -> Bool {
            var i = cursor[d]
            while i < queue.count && (taken[i] || !servers[d].desk.serves(queue[i].queueService)) { i += 1 }
            cursor[d] = i
            guard i < queue.count else {
                busy[d] = nil
                return false
            }
            taken[i] = true
            let ticket = queue[i]
            if ticket.number == target.number && ticket.day == target.day { return true }
            busy[d] = serviceSeconds(ticket.queueService)
            return false
        }

        for d in servers.indices where busy[d] == nil {
            if call(d) { return 0 }
        }
        while true {
            let rates = busy.map { $0.map { 1 / max($0, 1) } ?? 0 }
            let total = rates.reduce(0, +)
            guard total > 0 else { return nil }  // every desk idle with nothing it may call
            elapsed += 1 / total
            for d in servers.indices { credit[d] += rates[d] / total }
            guard let d = credit.indices.filter({ busy[$0] != nil }).max(by: { credit[$0] < credit[$1] }) else { return nil }
            credit[d] -= 1
            if call(d) { return elapsed }
        }
    }
}

extension WaitForecast {
    /// The office's forecast: its call rule, and each service's typical visit (the recent
    /// median, never under a minute; a default before there is history).
    public init(office: Office, recentServiceSeconds: [ServiceCode: [Double]]) {
        let typical = recentServiceSeconds.mapValues(WaitEstimate.typicalServiceSeconds)
        self.init(rule: office.callRule, serviceSeconds: { typical[$0] ?? WaitEstimate.defaultServiceSeconds })
    }

    /// Rounded minutes until `ticket` is called, from the desks' states now; `nil` when no
    /// open desk serves its queue.
    public func minutes(until ticket: Ticket, waiting: [Ticket], desks: [DeskState], office: Office, now: Date) -> Int? {
        let open = desks.filter(\.isOpen).compactMap { state in
            office.desk(state.id).map { OpenDesk(desk: $0, serving: state.current?.queueService) }
        }
        return seconds(until: ticket, waiting: waiting, desks: open, now: now).map { Int(($0 / 60).rounded()) }
    }
}
