import Foundation

/// The first estimate of a wait (DOMAIN.md, "Estimated wait"): people ahead × the recent
/// median service time ÷ the open desks that serve the service. A later version plays the
/// call rule forward; this one is simple on purpose and always shown as an estimate.
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
