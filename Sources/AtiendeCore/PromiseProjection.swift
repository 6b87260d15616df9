import Foundation

/// Whether the people waiting now will be called within the target (the office's first
/// promise, docs/domain.md), and what one more desk would change.
///
/// The same play-forward as the estimate (`WaitForecast`: the call rule over the desks
/// open now, each visit memoryless around its service's typical length), played many
/// times with random visit lengths: the share of plays in which a person is called before
/// their deadline is their chance. A person's deadline is the target counted from when
/// they took their ticket; someone already called once (sent back to the line) has had
/// their first wait, and is in the line but not in the shares. Later arrivals matter only
/// when they are preferential (they may be called before people already waiting): each
/// play draws them at the rate they came in the last hour, per service.
public struct PromiseProjection: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var number: TicketNumber
        public var service: ServiceCode
        /// 0 to 1.
        public var chance: Double
    }

    /// The advice: the desk whose opening helps most (`nil`: one more desk serving every
    /// service, since all are open), and the office's share with it.
    public struct OneMoreDesk: Sendable, Equatable {
        public var desk: DeskID?
        public var percent: Double
    }

    public var people: [Person]
    /// Projected share, 0 to 100, of the people waiting now who will be called in time;
    /// `nil` when nobody waits for a first call.
    public var percent: Double?
    public var services: [ServiceCode: Double]
    public var oneMoreDesk: OneMoreDesk?

    /// Plays per projection: a share is then good to about ±3.5 points (1.96 × √(¼ / 200)).
    public static let plays = 200

    /// Projects `waiting` over `desks`; with `office`, also the best desk to open.
    /// - Parameter preferentialPerHour: preferential arrivals an hour, per service (the last hour's).
    public static func make(
        waiting: [Ticket], desks: [WaitForecast.OpenDesk], forecast: WaitForecast, target: TimeInterval, now: Date,
        closedDesks: [Desk] = [], allServices: [ServiceCode] = [], preferentialPerHour: [ServiceCode: Double] = [:]
    ) -> PromiseProjection {
        var projection = project(waiting: waiting, desks: desks, forecast: forecast, target: target, now: now, preferentialPerHour: preferentialPerHour)
        guard let percent = projection.percent else { return projection }
        // Each closed desk opened now, free; with none closed, one more desk for everything.
        let candidates: [(DeskID?, Desk)] = closedDesks.isEmpty
            ? [(nil, Desk(id: "+", label: LocalizedText(es: "+", en: "+"), services: allServices))]
            : closedDesks.map { ($0.id, $0) }
        var best: OneMoreDesk?
        for (id, desk) in candidates where !desk.services.isEmpty {
            let with = project(
                waiting: waiting, desks: desks + [.init(desk: desk, serving: nil)], forecast: forecast, target: target, now: now,
                preferentialPerHour: preferentialPerHour)
            if let share = with.percent, share > (best?.percent ?? -1) { best = OneMoreDesk(desk: id, percent: share) }
        }
        projection.oneMoreDesk = best.map { $0.percent >= percent ? $0 : OneMoreDesk(desk: $0.desk, percent: percent) }
        return projection
    }

    /// The chances and shares, without advice.
    static func project(
        waiting: [Ticket], desks: [WaitForecast.OpenDesk], forecast: WaitForecast, target: TimeInterval, now: Date,
        preferentialPerHour: [ServiceCode: Double] = [:]
    ) -> PromiseProjection {
        let line = waiting.filter { $0.state == .waiting }.sorted(by: forecast.rule.precedes)
        let judged = line.indices.filter { line[$0].firstCalledAt == nil }
        guard !judged.isEmpty else { return PromiseProjection(people: [], percent: nil, services: [:]) }
        // Seconds from now each person has left, and each one's due time in seconds from
        // now (the call order); the plays stop past the latest deadline.
        let deadline = line.map { $0.issuedAt.addingTimeInterval(target).timeIntervalSince(now) }
        let due = line.map { forecast.rule.dueTime($0).timeIntervalSince(now) }
        let arrivals = Arrivals(perSecond: preferentialPerHour.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value / 3600) },
            headStart: forecast.rule.headStart)
        let horizon = judged.map { deadline[$0] }.max() ?? 0
        var hits = [Int](repeating: 0, count: line.count)
        if horizon >= 0 {
            var random = SeededRandom(seed: 0x5EED)
            for _ in 0..<plays {
                play(line, due: due, arrivals: arrivals, desks: desks, forecast: forecast, horizon: horizon, random: &random) { index, at in
                    if at <= deadline[index] { hits[index] += 1 }
                }
            }
        }
        let people = judged.map { Person(number: line[$0].number, service: line[$0].queueService, chance: Double(hits[$0]) / Double(plays)) }
        var services: [ServiceCode: Double] = [:]
        for (service, group) in Dictionary(grouping: people, by: \.service) {
            services[service] = group.map(\.chance).reduce(0, +) * 100 / Double(group.count)
        }
        return PromiseProjection(people: people, percent: people.map(\.chance).reduce(0, +) * 100 / Double(people.count), services: services)
    }

    /// Preferential visitors still to come, per service: their rates and the head start
    /// that puts them before people already waiting.
    struct Arrivals {
        var perSecond: [(ServiceCode, Double)]
        var headStart: TimeInterval
        var total: Double { perSecond.reduce(0) { $0 + $1.1 } }
    }

    /// One play: desks free up after random (exponential) visit lengths and call by the
    /// rule, among the line and the preferential visitors who came meanwhile;
    /// `called(index, seconds from now)` for each person of the line called up to `horizon`.
    private static func play(
        _ line: [Ticket], due: [Double], arrivals: Arrivals, desks: [WaitForecast.OpenDesk], forecast: WaitForecast, horizon: Double,
        random: inout SeededRandom, called: (Int, Double) -> Void
    ) {
        var taken = [Bool](repeating: false, count: line.count)
        var left = line.count
        var cursor = [Int](repeating: 0, count: desks.count)
        // When each desk is next free (0 for a free desk); a busy desk's visit has a
        // memoryless rest, so it is drawn whole.
        var freeAt = desks.map { $0.serving.map { exponential(forecast.serviceSeconds($0), &random) } ?? 0 }
        // Preferential visitors who have come, per service, in due order (a head index per
        // service), and when the next one comes.
        var newcomers = [[Double]](repeating: [], count: arrivals.perSecond.count)
        var heads = [Int](repeating: 0, count: arrivals.perSecond.count)
        let serves = desks.map { desk in arrivals.perSecond.indices.filter { desk.desk.serves(arrivals.perSecond[$0].0) } }
        let rate = arrivals.total
        var nextArrival = rate > 0 ? exponential(1 / rate, &random) : .infinity
        while true {
            guard let d = freeAt.indices.filter({ freeAt[$0].isFinite }).min(by: { freeAt[$0] < freeAt[$1] }) else { return }
            let now = freeAt[d]
            if now > horizon { return }
            while nextArrival <= now {
                var pick = random.unit() * rate
                let service = arrivals.perSecond.indices.first { pick -= arrivals.perSecond[$0].1; return pick <= 0 } ?? arrivals.perSecond.count - 1
                newcomers[service].append(nextArrival - arrivals.headStart)
                nextArrival += exponential(1 / rate, &random)
            }
            var i = cursor[d]
            while i < line.count && (taken[i] || !desks[d].desk.serves(line[i].queueService)) { i += 1 }
            cursor[d] = i
            // A newcomer due before the next of the line is called first.
            let first = serves[d].filter { heads[$0] < newcomers[$0].count }.min { newcomers[$0][heads[$0]] < newcomers[$1][heads[$1]] }
            if let n = first, i >= line.count || newcomers[n][heads[n]] < due[i] {
                heads[n] += 1
                freeAt[d] = now + exponential(forecast.serviceSeconds(arrivals.perSecond[n].0), &random)
                continue
            }
            guard i < line.count else {
                // Nothing left this desk may call now; a newcomer for it may still come.
                freeAt[d] = rate > 0 && nextArrival <= horizon ? max(nextArrival, now) : .infinity
                continue
            }
            taken[i] = true
            called(i, now)
            left -= 1
            if left == 0 { return }  // everyone in the line has been called: the rest is newcomers
            freeAt[d] = now + exponential(forecast.serviceSeconds(line[i].queueService), &random)
        }
    }

    private static func exponential(_ mean: Double, _ random: inout SeededRandom) -> Double {
        -max(mean, 1) * log(random.unit())
    }
}
