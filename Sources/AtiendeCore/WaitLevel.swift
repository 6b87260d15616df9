import Foundation

/// How a wait stands against the office's target: the one rule the wall display, the desk
/// console and `atiende status` colour waits by. Green under two thirds of the target,
/// amber up to it, red past it; a colour always goes with words or a symbol on screen.
public enum WaitLevel: String, Sendable, Codable, CaseIterable {
    case green, amber, red

    /// The level of a wait of `seconds` against a target of `target` seconds.
    public init(seconds: Int, target: TimeInterval) {
        let thresholds = Thresholds(target: target)
        if seconds > thresholds.redAfterSeconds {
            self = .red
        } else {
            self = seconds >= thresholds.amberFromSeconds ? .amber : .green
        }
    }

    /// Where the levels change, in whole seconds, for clients that recolour a wait as it
    /// grows between two reads (the desk console).
    public struct Thresholds: Sendable, Equatable {
        /// A wait this long or longer is amber.
        public var amberFromSeconds: Int
        /// A wait longer than this is red.
        public var redAfterSeconds: Int

        public init(target: TimeInterval) {
            amberFromSeconds = Int((target * 2 / 3).rounded(.up))
            redAfterSeconds = Int(target)
        }
    }
}

extension Office {
    /// The level of a wait of `seconds` against this office's target.
    public func waitLevel(seconds: Int) -> WaitLevel { WaitLevel(seconds: seconds, target: targetWait) }
    public var waitLevelThresholds: WaitLevel.Thresholds { WaitLevel.Thresholds(target: targetWait) }
}
