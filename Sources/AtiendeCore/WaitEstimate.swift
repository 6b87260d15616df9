import Foundation

/// The simple estimate of a wait: people ahead × the recent median service time ÷ the open
/// desks that serve the service. `WaitForecast` is the estimate shown to visitors; this
/// formula, which the forecast approaches in a long queue, stands in for it when the queue
/// is too long to play forward cheaply.
public struct WaitEstimate: Sendable, Equatable {
    /// Used before a service has any finished visit to learn from.
    public static let defaultServiceSeconds: Double = 5 * 60
    /// How many recent services the median looks at.
    public static let recentWindow = 20

    /// Minutes until the call, rounded up; `nil` when no open desk serves the service.
    public static func minutes(ahead: Int, recentServiceSeconds: [Double], openDesks: Int) -> Int? {
        guard openDesks > 0 else { return nil }
        let median = Statistics.median(Array(recentServiceSeconds.suffix(recentWindow))) ?? defaultServiceSeconds
        return Int((Double(ahead) * median / Double(openDesks) / 60).rounded(.up))
    }
}
