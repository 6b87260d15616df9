import Foundation

/// The one clock every part of Atiende reads (docs/domain.md, "Time"). `ATIENDE_NOW`
/// (ISO 8601 with an offset) fixes it for tests, demos and simulations.
public struct TimeSource: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = TimeSource { Date() }

    public static func fixed(_ date: Date) -> TimeSource { TimeSource { date } }

    /// A clock that starts at `date` and then runs at real speed: for screens started with
    /// `ATIENDE_NOW`, whose clock and animations must still move.
    public static func running(from date: Date) -> TimeSource {
        let start = ContinuousClock.now
        return TimeSource {
            let elapsed = ContinuousClock.now - start
            return date.addingTimeInterval(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    /// The clock of `ATIENDE_NOW` when it is set, else the system clock. A command reads
    /// one instant, so it gets that instant (fixed); a program that keeps running (a
    /// screen, the server) gets a clock that starts there and moves (`running`), unless
    /// `ATIENDE_CLOCK=fixed` holds it still, as tests comparing outputs need.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, running: Bool = false
    ) throws(TimeSourceError) -> TimeSource {
        guard let text = environment["ATIENDE_NOW"], !text.isEmpty else { return .system }
        guard let date = parse(text) else { throw TimeSourceError(value: text) }
        return running && environment["ATIENDE_CLOCK"] != "fixed" ? .running(from: date) : .fixed(date)
    }

    /// Parses ISO 8601 with an offset, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

public struct TimeSourceError: Error, Sendable, CustomStringConvertible {
    public var value: String
    public var description: String {
        "ATIENDE_NOW='\(value)' is not a time: write ISO 8601 with an offset, e.g. 2026-11-23T09:30:00-05:00"
    }
}
