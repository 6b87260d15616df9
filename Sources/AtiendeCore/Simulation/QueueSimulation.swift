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
        /// Every this many arrivals, project the promise for everyone waiting and check each
        /// chance against the wait the person then had (`Result.calibration`); 0: never.
        public var calibrateEvery = 0
        /// How the estimate learns a visit's length from the visits finished so far: the
        /// office's rule (`WaitEstimate.typicalServiceSeconds`), or another to compare with.
        public var typicalService: @Sendable ([Double]) -> Double = WaitEstimate.typicalServiceSeconds

        public init() {}

        /// The days the promise's calibration is judged on: 3 desks, 33 visitors an hour,
        /// 5-minute visits, 8 hours, a projection every third arrival (tests and benchmark).
        /// The projection is given the true mean visit, so the days judge its model of the
        /// line; `learned` gives it what the office learns from finished visits instead,
        /// whose own error widens the spread (the benchmark prints both).
        public static func calibrationDay(preferentialShare: Double, seed: UInt64, learned: Bool = false) -> Setup {
            var setup = Setup()
            setup.desks = 3
            setup.arrivalsPerHour = 33
            setup.serviceMinutes = 5
            setup.hours = 8
            setup.estimate = false
            setup.calibrateEvery = 3
            setup.preferentialShare = preferentialShare
            setup.seed = seed
            if !learned {
                let mean = setup.serviceMinutes * 60
                setup.typicalService = { _ in mean }
            }
            return setup
        }
    }

    /// Waits of one group of visitors.
    public struct Waits: Sendable, Equatable {
        public var count = 0
        public var withinTargetPercent = 0.0
        public var averageSeconds = 0.0
        public var p90Seconds = 0.0
        public var maxSeconds = 0.0
    }

    /// Projected chances of being called in time, in bins of 10 points, against what happened.
    public struct CalibrationBin: Sendable, Equatable {
        /// The bin's lower edge, 0, 10, … 90.
        public var from: Int
        public var count = 0
        /// Mean projected chance and share really called in time, 0 to 100.
        public var projectedPercent = 0.0
        public var observedPercent = 0.0

        /// The bins of several runs as one table, each weighted by its count.
        public static func merged(_ runs: [[CalibrationBin]]) -> [CalibrationBin] {
            (0..<10).map { i in
                let bins = runs.compactMap { $0.indices.contains(i) ? $0[i] : nil }.filter { $0.count > 0 }
                let count = bins.reduce(0) { $0 + $1.count }
                guard count > 0 else { return CalibrationBin(from: i * 10) }
                let weighted = { (value: (CalibrationBin) -> Double) in bins.reduce(0) { $0 + value($1) * Double($1.count) } / Double(count) }
                return CalibrationBin(from: i * 10, count: count, projectedPercent: weighted(\.projectedPercent), observedPercent: weighted(\.observedPercent))
            }
        }
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
        public var calibration: [CalibrationBin] = []
    }

    public var setup: Setup

    public init(_ setup: Setup) { self.setup = setup }

    private static let day = LocalDay(year: 2026, month: 11, day: 23)
    private static let start = Date(timeIntervalSince1970: 1_795_438_800)  // 08:00 in Bogotá

    public func run(progress: ((Double) -> Void)? = nil) -> Result {
        var random = SeededRandom(seed: setup.seed)
        let rule = CallRule(headStartMinutes: setup.policy == .headstart ? setup.headStartMinutes : 0)
        let desks = (1...max(setup.desks, 1)).map { Desk(id: DeskID(rawValue: "\($0)"), label: LocalizedText(es: "\($0)", en: "\($0)"), services: ["A"]) }
        let meanService = setup.serviceMinutes * 60
        // The estimate knows only what the office knows: the visits finished so far.
        var finished: [Double] = []
        var startedAt = [Double](repeating: 0, count: desks.count)
        func forecast() -> (WaitForecast, Double) {
            let typical = setup.typicalService(finished)
            return (WaitForecast(rule: rule, serviceSeconds: { _ in typical }), typical)
        }
        let horizon = setup.hours * 3600

        var now = 0.0
        var nextArrival = Self.exponential(meanSeconds: 3600 / setup.arrivalsPerHour, &random)
        var busyUntil = [Double?](repeating: nil, count: desks.count)
        var serving = [Ticket?](repeating: nil, count: desks.count)
        // One line per kind of ticket, each in issue order, which is also its call order
        // (the head start is the same for every preferential ticket): the rule chooses
        // between the two heads, so a call costs the same with 10 or 10,000 waiting.
        var normal = Line(), priority = Line()
        var estimates: [TicketNumber: Double] = [:]
        var waits: [(wait: Double, preferential: Bool)] = []
        var errors: [Double] = []
        var busyTime = 0.0
        var sequence = 0
        let target = Double(setup.targetMinutes * 60)
        var projected: [TicketNumber: [Double]] = [:]
        // Preferential arrivals, for the projection's rate of them (the last hour's, as the office counts).
        var preferentialArrivals: [Double] = []
        var lastHourStart = 0
        var bins = [(count: Int, chance: Double, hits: Int)](repeating: (0, 0, 0), count: 10)
        var lastProgress = 0.0

        func date(_ t: Double) -> Date { Self.start.addingTimeInterval(t) }

        while true {
            let nextFree = busyUntil.indices.compactMap { i in busyUntil[i].map { (i, $0) } }.min { $0.1 < $1.1 }
            let arrivalDue = nextArrival < horizon
            if !arrivalDue && nextFree == nil && normal.count + priority.count == 0 { break }
            if arrivalDue, nextFree.map({ nextArrival <= $0.1 }) ?? true {
                now = nextArrival
                sequence += 1
                let preferential = random.unit() <= setup.preferentialShare
                let ticket = Ticket(number: TicketNumber(service: "A", sequence: sequence), day: Self.day,
                    preferential: preferential, issuedAt: date(now))
                if setup.estimate {
                    let (learned, typical) = forecast()
                    if normal.count + priority.count <= WaitForecast.longQueue {
                        let open = desks.indices.map { WaitForecast.OpenDesk(desk: desks[$0], serving: serving[$0]?.queueService) }
                        estimates[ticket.number] = learned.seconds(
                            until: ticket, waiting: normal.waiting + priority.waiting, desks: open, now: date(now))
                    } else {
                        // As the office does past `longQueue`: the formula the play-forward approaches.
                        let ahead = priority.count + (preferential ? normal.count(issuedBefore: rule.dueTime(ticket)) : normal.count)
                        estimates[ticket.number] = Double(ahead) * typical / Double(desks.count)
                    }
                }
                if preferential {
                    priority.append(ticket)
                    preferentialArrivals.append(now)
                } else {
                    normal.append(ticket)
                }
                while lastHourStart < preferentialArrivals.count && preferentialArrivals[lastHourStart] <= now - 3600 { lastHourStart += 1 }
                if setup.calibrateEvery > 0 && sequence % setup.calibrateEvery == 0 {
                    let open = desks.indices.map { WaitForecast.OpenDesk(desk: desks[$0], serving: serving[$0]?.queueService) }
                    let projection = PromiseProjection.project(
                        waiting: Array(normal.waiting) + Array(priority.waiting), desks: open, forecast: forecast().0, target: target, now: date(now),
                        preferentialPerHour: ["A": Double(preferentialArrivals.count - lastHourStart)])
                    for person in projection.people { projected[person.number, default: []].append(person.chance) }
                }
                nextArrival = now + Self.exponential(meanSeconds: 3600 / setup.arrivalsPerHour, &random)
                if let progress, now / horizon - lastProgress >= 0.01 {
                    lastProgress = now / horizon
                    progress(lastProgress)
                }
            } else if let (desk, time) = nextFree {
                now = time
                if var done = serving[desk] {
                    try? done.apply(.finish, at: date(now))
                    finished.append(now - startedAt[desk])
                    if finished.count > 2 * WaitEstimate.recentWindow { finished.removeFirst(WaitEstimate.recentWindow) }
                }
                serving[desk] = nil
                busyUntil[desk] = nil
            }
            // Every free desk calls the next ticket by the rule.
            for d in desks.indices where busyUntil[d] == nil {
                guard var ticket = rule.next(for: desks[d], among: [normal.first, priority.first].compactMap { $0 }) else { break }
                if ticket.preferential { priority.removeFirst() } else { normal.removeFirst() }
                try? ticket.apply(.call(desk: desks[d].id), at: date(now))
                try? ticket.apply(.start, at: date(now))
                let wait = ticket.firstWait ?? 0
                waits.append((wait, ticket.preferential))
                if let estimate = estimates[ticket.number] { errors.append(estimate - wait) }
                for chance in projected.removeValue(forKey: ticket.number) ?? [] {
                    let bin = min(Int(chance * 10), 9)
                    bins[bin].count += 1
                    bins[bin].chance += chance
                    if wait <= target { bins[bin].hits += 1 }
                }
                let service = setup.distribution.draw(mean: meanService, using: &random)
                busyTime += service
                busyUntil[d] = now + service
                startedAt[d] = now
                serving[d] = ticket
            }
        }
        progress?(1)
        return Result(
            all: Self.summary(waits.map(\.wait), target: target),
            preferential: Self.summary(waits.filter(\.preferential).map(\.wait), target: target),
            normal: Self.summary(waits.filter { !$0.preferential }.map(\.wait), target: target),
            served: waits.count,
            utilization: busyTime / (Double(desks.count) * max(now, horizon)),
            estimateMeanErrorSeconds: Statistics.mean(errors) ?? 0,
            estimateMeanAbsoluteErrorSeconds: Statistics.mean(errors.map(abs)) ?? 0,
            calibration: bins.indices.map { i in
                let bin = bins[i]
                return CalibrationBin(
                    from: i * 10, count: bin.count, projectedPercent: bin.count == 0 ? 0 : bin.chance * 100 / Double(bin.count),
                    observedPercent: bin.count == 0 ? 0 : Double(bin.hits) * 100 / Double(bin.count))
            })
    }

    /// The fewest desks (up to `limit`) that keep at least `percent` % of visitors within the target.
    /// Desk counts that cannot keep up (offered load of one or more per desk: the line only
    /// grows) are not played at all; the search starts at the first that can.
    public func desksNeeded(forWithinTarget percent: Double, limit: Int = 50) -> Int? {
        var setup = self.setup
        setup.estimate = false
        guard Self.fewestStableDesks(setup) <= limit else { return nil }
        for desks in Self.fewestStableDesks(setup)...limit {
            setup.desks = desks
            if QueueSimulation(setup).run().all.withinTargetPercent >= percent { return desks }
        }
        return nil
    }

    /// The fewest desks whose load (arrivals × service time ÷ desks) is under one.
    static func fewestStableDesks(_ setup: Setup) -> Int {
        let offered = setup.arrivalsPerHour * setup.serviceMinutes / 60
        return max(1, Int(offered.rounded(.down)) + 1)
    }

    /// Waiting tickets in issue order: a head index instead of removing from the front.
    struct Line {
        private var tickets: [Ticket] = []
        private var head = 0

        var count: Int { tickets.count - head }
        var first: Ticket? { head < tickets.count ? tickets[head] : nil }
        var waiting: ArraySlice<Ticket> { tickets[head...] }

        mutating func append(_ ticket: Ticket) { tickets.append(ticket) }

        mutating func removeFirst() {
            head += 1
            // Give the called part back now and then, so a long run's memory stays the line's.
            if head > 4096 && head * 2 > tickets.count {
                tickets.removeFirst(head)
                head = 0
            }
        }

        /// How many were issued before `date` (binary search: the line is in issue order).
        func count(issuedBefore date: Date) -> Int {
            var low = head, high = tickets.count
            while low < high {
                let mid = (low + high) / 2
                if tickets[mid].issuedAt < date { low = mid + 1 } else { high = mid }
            }
            return low - head
        }
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
