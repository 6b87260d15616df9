import Foundation

/// Whether the people waiting now will be called within the target (DOMAIN.md, "The
/// promise"), and what one more desk would change.
///
/// The same play-forward as the estimate (`WaitForecast`: the call rule over the desks
/// open now, each visit memoryless around its service's typical length), played many
/// times with random visit lengths: the share of plays in which a person is called before
/// their deadline is their chance. A person's deadline is the target counted from when
/// they took their ticket; someone already called once (sent back to the line) has had
/// their first wait, and is in the line but not in the shares. Arrivals after now are not
/// known, so only a later preferential visitor can make things worse than projected.
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
    public static func make(
        waiting: [Ticket], desks: [WaitForecast.OpenDesk], forecast: WaitForecast, target: TimeInterval, now: Date,
        closedDesks: [Desk] = [], allServices: [ServiceCode] = []
    ) -> PromiseProjection {
        var projection = project(waiting: waiting, desks: desks, forecast: forecast, target: target, now: now)
        guard let percent = projection.percent else { return projection }
        // Each closed desk opened now, free; with none closed, one more desk for everything.
        let candidates: [(DeskID?, Desk)] = closedDesks.isEmpty
            ? [(nil, Desk(id: "+", label: LocalizedText(es: "+", en: "+"), services: allServices))]
            : closedDesks.map { ($0.id, $0) }
        var best: OneMoreDesk?
        for (id, desk) in candidates where !desk.services.isEmpty {
            let with = project(waiting: waiting, desks: desks + [.init(desk: desk, serving: nil)], forecast: forecast, target: target, now: now)
            if let share = with.percent, share > (best?.percent ?? -1) { best = OneMoreDesk(desk: id, percent: share) }
        }
        projection.oneMoreDesk = best.map { $0.percent >= percent ? $0 : OneMoreDesk(desk: $0.desk, percent: percent) }
        return projection
    }

    /// The chances and shares, without advice.
    static func project(waiting: [Ticket], desks: [WaitForecast.OpenDesk], forecast: WaitForecast, target: TimeInterval, now: Date) -> PromiseProjection {
        let line = waiting.filter { $0.state == .waiting }.sorted(by: forecast.rule.precedes)
        let judged = line.indices.filter { line[$0].firstCalledAt == nil }
        guard !judged.isEmpty else { return PromiseProjection(people: [], percent: nil, services: [:]) }
        // Seconds from now each person has left; the plays stop past the latest of them.
        let deadline = line.map { $0.issuedAt.addingTimeInterval(target).timeIntervalSince(now) }
        let horizon = judged.map { deadline[$0] }.max() ?? 0
        var hits = [Int](repeating: 0, count: line.count)
        if horizon >= 0 {
            var random = SeededRandom(seed: 0x5EED)
            for _ in 0..<plays {
                play(line, desks: desks, forecast: forecast, horizon: horizon, random: &random) { index, at in
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

    /// One play: desks free up after random (exponential) visit lengths and call by the
    /// rule; `called(index, seconds from now)` for each person called up to `horizon`.
    private static func play(
        _ line: [Ticket], desks: [WaitForecast.OpenDesk], forecast: WaitForecast, horizon: Double, random: inout SeededRandom,
        called: (Int, Double) -> Void
    ) {
        var taken = [Bool](repeating: false, count: line.count)
        var cursor = [Int](repeating: 0, count: desks.count)
        // When each desk is next free (0 for a free desk); a busy desk's visit has a
        // memoryless rest, so it is drawn whole.
        var freeAt = desks.map { $0.serving.map { exponential(forecast.serviceSeconds($0), &random) } ?? 0 }
        while true {
            guard let d = freeAt.indices.filter({ freeAt[$0].isFinite }).min(by: { freeAt[$0] < freeAt[$1] }) else { return }
            let now = freeAt[d]
            if now > horizon { return }
            var i = cursor[d]
            while i < line.count && (taken[i] || !desks[d].desk.serves(line[i].queueService)) { i += 1 }
            cursor[d] = i
            guard i < line.count else {
                freeAt[d] = .infinity  // nothing left this desk may call
                continue
            }
            taken[i] = true
            called(i, now)
            freeAt[d] = now + exponential(forecast.serviceSeconds(line[i].queueService), &random)
        }
    }

    private static func exponential(_ mean: Double, _ random: inout SeededRandom) -> Double {
        -max(mean, 1) * log(random.unit())
    }
}
