import Foundation

/// The simple estimate of a wait: people ahead × the recent typical service time ÷ the open
/// desks that serve the service. `WaitForecast` is the estimate shown to visitors; this
/// formula, which the forecast approaches in a long queue, stands in for it when the queue
/// is too long to play forward cheaply.
public struct WaitEstimate: Sendable, Equatable {
    /// Used before a service has any finished visit to learn from.
    public static let defaultServiceSeconds: Double = 5 * 60
    /// How many recent visits the typical visit is learned from.
    public static let recentWindow = 20
    /// The least a visit is taken to last. Visits finished in 0:00 (a start and a finish
    /// pressed together) once pulled the typical visit to zero, and a ticket with six people
    /// ahead was told "less than a minute".
    public static let minimumServiceSeconds: Double = 60
    /// The most one visit counts for: a visit left open over lunch is not a typical one.
    public static let longestCountedServiceSeconds: Double = 60 * 60

    /// A service's typical visit: the mean of its recent visits (each counted up to an
    /// hour), never under the floor, and the default before there is any history. A wait is
    /// a sum of visits, so the mean is what it needs: the median, used before, told visitors
    /// about 30 % less than they waited when visit lengths vary as they do at a counter
    /// (measured by `atiende-bench`: -79 s on a mean wait of 261 s, against -2 s now).
    public static func typicalServiceSeconds(_ recent: [Double]) -> Double {
        let counted = recent.suffix(recentWindow).map { min($0, longestCountedServiceSeconds) }
        return max(minimumServiceSeconds, Statistics.mean(counted) ?? defaultServiceSeconds)
    }

    /// Minutes until the call, rounded up; `nil` when no open desk serves the service.
    public static func minutes(ahead: Int, recentServiceSeconds: [Double], openDesks: Int) -> Int? {
        guard openDesks > 0 else { return nil }
        return Int((Double(ahead) * typicalServiceSeconds(recentServiceSeconds) / Double(openDesks) / 60).rounded(.up))
    }
}

/// How a wait is put into words, the same on every screen and on paper: "next" only when
/// nobody is ahead, "less than a minute" when people are ahead but the estimate rounds to
/// zero, "no wait" on the wall only when nobody waits at all.
public enum WaitWording: Sendable, Equatable {
    /// Nobody ahead: the visitor is next.
    case next
    /// People ahead, and the estimate rounds to no whole minute.
    case underAMinute
    case minutes(Int)
    /// No open desk serves the service: no estimate.
    case noEstimate

    /// For a ticket: `ahead` people before it and its estimate.
    public init(ahead: Int, minutes: Int?) {
        guard let minutes else { self = .noEstimate; return }
        if ahead == 0 && minutes == 0 { self = .next } else if minutes == 0 { self = .underAMinute } else { self = .minutes(minutes) }
    }
}
