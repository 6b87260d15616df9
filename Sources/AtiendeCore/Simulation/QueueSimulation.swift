import Foundation

/// A day at the office played as a discrete-event simulation, with a seeded random
/// source and a simulated clock, on the same domain core the office runs: tickets live
/// through `Ticket.apply`, desks call by `CallRule`, and every arrival gets the estimate
/// of `WaitForecast`, which is then checked against the wait it really had.
public struct QueueSimulation: Sendable {
    public enum Policy: String, Sendable, CaseIterable {
        /// The office's rule: preferential tickets get the head start.
        case headstart
        /// Plain first come, first served.
        case fifo
    }

    public struct Setup: Sendable {
        public var desks = 4
        public var arrivalsPerHour = 40.0
        public var serviceMinutes = 5.0
        public var hours = 8.0
        public var preferentialShare = 0.0
        public var distribution = ServiceDistribution.exponential
        public var policy = Policy.headstart
        public var seed: UInt64 = 1
        public var targetMinutes = 15
        public var headStartMinutes = 10
        /// Estimating every arrival's wait is the costly part; long validation runs skip it.
        public var estimate = true

        public init() {}
    }

    /// Waits of one group of visitors.
    public struct Waits: Sendable, Equatable {
        public var count = 0
        public var withinTargetPercent = 0.0
        public var averageSeconds = 0.0
        public var p90Seconds = 0.0
        public var maxSeconds = 0.0
    }

    public struct Result: Sendable, Equatable {
        public var all: Waits
        public var preferential: Waits
        public var normal: Waits
        public var served: Int
        /// Share of desk time spent serving, 0…1.
        public var utilization: Double
        /// Mean of (estimate − real wait), and mean of its absolute value, in seconds.
        public var estimateMeanErrorSeconds: Double
        public var estimateMeanAbsoluteErrorSeconds: Double
    }

    public var setup: Setup

    public init(_ setup: Setup) { self.setup = setup }

    private static let day = LocalDay(year: 2026, month: 11, day: 23)
    private static let start = Date(timeIntervalSince1970: 1_795_438_800)  // 08:00 in Bogotá

    public func run(progress: ((Double) -> Void)? = nil) -> Result {
        var random = SeededRandom(seed: setup.seed)
        let rule = CallRule(headStartMinutes: setup.policy == .headstart ? setup.headStartMinutes : 0)
        let desks = (1...max(setup.desks, 1)).map { Desk(id: "\($0)", label: LocalizedText(es: "\($0)", en: "\($0)"), services: ["A"]) }
        let meanService = setup.serviceMinutes * 60
        let forecast = WaitForecast(rule: rule, serviceSeconds: { _ in meanService })
        let horizon = setup.hours * 3600

        var now = 0.0
        var nextArrival = Self.exponential(meanSeconds: 3600 / setup.arrivalsPerHour, &random)
        var busyUntil = [Double?](repeating: nil, count: desks.count)
        var serving = [Ticket?](repeating: nil, count: desks.count)
        var waiting: [Ticket] = []
        var estimates: [TicketNumber: Double] = [:]
        var waits: [(wait: Double, preferential: Bool)] = []
        var errors: [Double] = []
        var busyTime = 0.0
        var sequence = 0
        var lastProgress = 0.0

        func date(_ t: Double) -> Date { Self.start.addingTimeInterval(t) }

        while true {
            let nextFree = busyUntil.indices.compactMap { i in busyUntil[i].map { (i, $0) } }.min { $0.1 < $1.1 }
            let arrivalDue = nextArrival < horizon
            if !arrivalDue && nextFree == nil && waiting.isEmpty { break }
            if arrivalDue, nextFree.map({ nextArrival <= $0.1 }) ?? true {
                now = nextArrival
                sequence += 1
                let preferential = random.unit() <= setup.preferentialShare
                let ticket = Ticket(number: TicketNumber(service: "A", sequence: sequence), day: Self.day,
                    preferential: preferential, issuedAt: date(now))
                if setup.estimate {
                    let open = desks.indices.map { WaitForecast.OpenDesk(desk: desks[$0], serving: serving[$0]?.queueService) }
                    estimates[ticket.number] = forecast.seconds(until: ticket, waiting: waiting, desks: open, now: date(now))
                }
                waiting.append(ticket)
                nextArrival = now + Self.exponential(meanSeconds: 3600 / setup.arrivalsPerHour, &random)
                if let progress, now / horizon - lastProgress >= 0.01 {
                    lastProgress = now / horizon
                    progress(lastProgress)
                }
            } else if let (desk, time) = nextFree {
                now = time
                if var done = serving[desk] {
                    try? done.apply(.finish, at: date(now))
                }
                serving[desk] = nil
                busyUntil[desk] = nil
            }
            // Every free desk calls the next ticket by the rule.
            for d in desks.indices where busyUntil[d] == nil {
                guard var ticket = rule.next(for: desks[d], among: waiting) else { break }
                waiting.removeAll { $0.number == ticket.number }
                try? ticket.apply(.call(desk: desks[d].id), at: date(now))
                try? ticket.apply(.start, at: date(now))
                let wait = ticket.firstWait ?? 0
                waits.append((wait, ticket.preferential))
                if let estimate = estimates[ticket.number] { errors.append(estimate - wait) }
                let service = setup.distribution.draw(mean: meanService, using: &random)
                busyTime += service
                busyUntil[d] = now + service
                serving[d] = ticket
            }
        }
        progress?(1)
        let target = Double(setup.targetMinutes * 60)
        return Result(
            all: Self.summary(waits.map(\.wait), target: target),
            preferential: Self.summary(waits.filter(\.preferential).map(\.wait), target: target),
            normal: Self.summary(waits.filter { !$0.preferential }.map(\.wait), target: target),
            served: waits.count,
            utilization: busyTime / (Double(desks.count) * max(now, horizon)),
            estimateMeanErrorSeconds: Statistics.mean(errors) ?? 0,
            estimateMeanAbsoluteErrorSeconds: Statistics.mean(errors.map(abs)) ?? 0)
    }

    /// The fewest desks (up to `limit`) that keep at least `percent` % of visitors within the target.
    public func desksNeeded(forWithinTarget percent: Double, limit: Int = 50) -> Int? {
        var setup = self.setup
        setup.estimate = false
        for desks in 1...limit {
            setup.desks = desks
            if QueueSimulation(setup).run().all.withinTargetPercent >= percent { return desks }
        }
        return nil
    }

    static func exponential(meanSeconds: Double, _ random: inout SeededRandom) -> Double {
        -meanSeconds * log(random.unit())
    }

    static func summary(_ waits: [Double], target: Double) -> Waits {
        guard !waits.isEmpty else { return Waits() }
        return Waits(
            count: waits.count,
            withinTargetPercent: Double(waits.count { $0 <= target }) * 100 / Double(waits.count),
            averageSeconds: Statistics.mean(waits) ?? 0,
            p90Seconds: Statistics.percentile(waits, 90) ?? 0,
            maxSeconds: waits.max() ?? 0)
    }
}
