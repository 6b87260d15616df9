import Foundation

/// A day's indicators kept as running sums, changed by each ticket change and each
/// finished visit, so reading today's figures costs the same with 100 or 10,000 tickets.
///
/// Each ticket contributes a fixed amount for its current state (`add(_:sign:)`): a
/// change is the old ticket taken out and the new one put in. Waits are kept as counts
/// per whole second (rounded up), which makes "within the target" exact for a target in
/// whole minutes and the median and 90th percentile good to a second. What depends on
/// the clock (people still waiting past the target) is added when read, from the line.
/// `IndicatorReport.compute` over the same tickets gives the same figures: a test holds
/// the two together.
public struct DayTally: Sendable, Equatable {
    public var issued = 0
    public var noShows = 0
    public var cancelled = 0
    public var expired = 0
    /// Expired without ever being called: a wait past the target.
    public var expiredUncalled = 0
    public var served = 0
    public var waitSeconds = 0.0
    public var serviceSeconds = 0.0
    public var outcomes: [String: Int] = [:]
    /// First waits, by whole seconds rounded up → people.
    public var firstWaits: [Int: Int] = [:]
    /// Cancelled before any call: how long after their ticket, by whole seconds rounded up.
    public var cancelledAfter: [Int: Int] = [:]

    public init() {}

    /// Puts `ticket`'s share in (`sign` 1) or takes it out (`sign` -1).
    public mutating func add(_ ticket: Ticket, sign: Int) {
        issued += sign
        switch ticket.state {
        case .noShow: noShows += sign
        case .cancelled: cancelled += sign
        case .expired: expired += sign
        case .waiting, .called, .serving, .done: break
        }
        if let wait = ticket.firstWait {
            waitSeconds += Double(sign) * wait
            firstWaits[Self.second(wait), default: 0] += sign
        } else if ticket.state == .expired {
            expiredUncalled += sign
        } else if ticket.state == .cancelled, let ended = ticket.endedAt {
            cancelledAfter[Self.second(ended.timeIntervalSince(ticket.issuedAt)), default: 0] += sign
        }
    }

    /// A visit that ended at a desk (a `finished` event).
    public mutating func addFinish(seconds: Double?, outcome: String?, sign: Int = 1) {
        served += sign
        serviceSeconds += Double(sign) * (seconds ?? 0)
        if let outcome { outcomes[outcome, default: 0] += sign }
    }

    static func second(_ interval: TimeInterval) -> Int { Int(max(interval, 0).rounded(.up)) }

    /// The day's indicators now: `waiting` is the line (every ticket still waiting).
    public func indicators(target: TimeInterval, waiting: [Ticket], now: Date?) -> Indicators {
        var out = Indicators()
        out.issued = issued
        out.waiting = waiting.count
        out.noShows = noShows
        out.cancelled = cancelled
        out.expired = expired
        out.served = served
        out.outcomes = outcomes.filter { $0.value != 0 }
        let waits = firstWaits.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let measuredWaits = waits.reduce(0) { $0 + $1.value }
        let lateNow = now.map { now in waiting.count { $0.firstWait == nil && now.timeIntervalSince($0.issuedAt) > target } } ?? 0
        out.measured = measuredWaits + expiredUncalled + cancelledAfter.filter { Double($0.key) > target }.reduce(0) { $0 + $1.value } + lateNow
        out.withinTarget = waits.filter { Double($0.key) <= target }.reduce(0) { $0 + $1.value }
        if measuredWaits > 0 {
            out.averageWaitSeconds = waitSeconds / Double(measuredWaits)
            out.medianWaitSeconds = Self.median(waits, count: measuredWaits)
            out.p90WaitSeconds = Self.nearestRank(waits, count: measuredWaits, 90)
        }
        if served > 0 { out.averageServiceSeconds = serviceSeconds / Double(served) }
        return out
    }

    /// The value at 0-based `rank` of the sorted counts.
    private static func value(at rank: Int, _ counts: [(key: Int, value: Int)]) -> Double {
        var seen = 0
        for (second, count) in counts {
            seen += count
            if rank < seen { return Double(second) }
        }
        return Double(counts.last?.key ?? 0)
    }

    /// As `Statistics.median`: the middle value, or the mean of the two middle ones.
    private static func median(_ counts: [(key: Int, value: Int)], count: Int) -> Double {
        count % 2 == 1 ? value(at: count / 2, counts) : (value(at: count / 2 - 1, counts) + value(at: count / 2, counts)) / 2
    }

    /// As `Statistics.percentile`: nearest rank.
    private static func nearestRank(_ counts: [(key: Int, value: Int)], count: Int, _ p: Double) -> Double {
        let rank = Int((p / 100 * Double(count)).rounded(.up))
        return value(at: min(max(rank, 1), count) - 1, counts)
    }
}

/// The tally as stores keep it: named sums (one row a name) and wait counts (one row a
/// kind and second). Both stores write and read through these, so the names live here once.
extension DayTally {
    /// The kinds of wait counts.
    public static let firstWaitKind = 0, cancelledAfterKind = 1

    /// The non-zero sums by name (`issued`, `outcome:resolved`, …).
    public var namedSums: [(key: String, value: Double)] {
        let sums: [(String, Double)] = [
            ("issued", Double(issued)), ("noShows", Double(noShows)), ("cancelled", Double(cancelled)),
            ("expired", Double(expired)), ("expiredUncalled", Double(expiredUncalled)), ("served", Double(served)),
            ("waitSeconds", waitSeconds), ("serviceSeconds", serviceSeconds),
        ] + outcomes.map { ("outcome:" + $0.key, Double($0.value)) }
        return sums.filter { $0.1 != 0 }.map { (key: $0.0, value: $0.1) }
    }

    /// The non-zero wait counts.
    public var waitCounts: [(kind: Int, second: Int, people: Int)] {
        [(Self.firstWaitKind, firstWaits), (Self.cancelledAfterKind, cancelledAfter)].flatMap { kind, counts in
            counts.filter { $0.value != 0 }.map { (kind: kind, second: $0.key, people: $0.value) }
        }
    }

    /// Sets one named sum as read back.
    public mutating func restore(key: String, value: Double) {
        switch key {
        case "issued": issued = Int(value)
        case "noShows": noShows = Int(value)
        case "cancelled": cancelled = Int(value)
        case "expired": expired = Int(value)
        case "expiredUncalled": expiredUncalled = Int(value)
        case "served": served = Int(value)
        case "waitSeconds": waitSeconds = value
        case "serviceSeconds": serviceSeconds = value
        default: if key.hasPrefix("outcome:") { outcomes[String(key.dropFirst(8))] = Int(value) }
        }
    }

    /// Sets one wait count as read back.
    public mutating func restore(kind: Int, second: Int, people: Int) {
        if kind == Self.firstWaitKind { firstWaits[second] = people } else { cancelledAfter[second] = people }
    }

    /// Adds another tally's sums and counts to this one (the changes of one transaction).
    public mutating func merge(_ other: DayTally) {
        for (key, value) in other.namedSums { restore(key: key, value: namedValue(key) + value) }
        for (kind, second, people) in other.waitCounts {
            let now = kind == Self.firstWaitKind ? firstWaits[second, default: 0] : cancelledAfter[second, default: 0]
            restore(kind: kind, second: second, people: now + people)
        }
    }

    private func namedValue(_ key: String) -> Double {
        namedSums.first { $0.key == key }?.value ?? 0
    }
}
