import Foundation

/// A calendar day in the office's time zone, as `YYYY-MM-DD`. Ticket numbers restart
/// each local day, and "today" in every indicator is this day.
public struct LocalDay: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else or an impossible date. Reads the bytes
    /// directly: reports parse one of these for every stored row.
    public init?(_ text: String) {
        var bytes = text.utf8.makeIterator()
        var digits: [Int] = []
        digits.reserveCapacity(8)
        var position = 0
        while let byte = bytes.next() {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                digits.append(Int(byte - UInt8(ascii: "0")))
            }
            position += 1
            if position > 10 { return nil }
        }
        guard position == 10 else { return nil }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let m = digits[4] * 10 + digits[5], d = digits[6] * 10 + digits[7]
        guard (1...12).contains(m), (1...31).contains(d), d <= Self.daysIn(month: m, year: y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD`, the year always in four digits (0850, not 850), so it parses back.
    public var description: String {
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-\(Self.pad(month))-\(Self.pad(day))"
    }

    public static func < (a: LocalDay, b: LocalDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Days in a month of the Gregorian calendar (parsing runs for every stored row,
    /// so it avoids building a `Calendar`).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = LocalDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Local days, hours and weekdays in the office's time zone.
public struct OfficeCalendar: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public func day(of date: Date) -> LocalDay {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDay(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    /// Local hour 0…23. From the zone's offset at that instant, which is exact and much
    /// cheaper than a calendar lookup (reports call it for every ticket).
    public func hour(of date: Date) -> Int {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        return ((local % 86_400) + 86_400) % 86_400 / 3600
    }

    /// Minutes since local midnight.
    public func minuteOfDay(of date: Date) -> Int {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return (c.hour ?? 0) * 60 + (c.minute ?? 0)
    }

    public func weekday(of date: Date) -> Weekday {
        Weekday(calendarWeekday: calendar.component(.weekday, from: date))
    }

    /// The instant the local day starts (local midnight).
    public func start(of day: LocalDay) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? .distantPast
    }

    /// The instant a local day reaches a time of day.
    public func date(_ day: LocalDay, at time: TimeOfDay) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.minutes / 60, minute: time.minutes % 60))
            ?? start(of: day).addingTimeInterval(Double(time.minutes) * 60)
    }

    /// The instant the next local day starts.
    public func end(of day: LocalDay) -> Date {
        calendar.date(byAdding: .day, value: 1, to: start(of: day)) ?? .distantFuture
    }

    /// The day `count` days after `day` (negative goes back).
    public func day(_ day: LocalDay, adding count: Int) -> LocalDay {
        let date = calendar.date(byAdding: .day, value: count, to: start(of: day)) ?? start(of: day)
        return self.day(of: date.addingTimeInterval(3600))
    }
}

public enum Weekday: String, Sendable, CaseIterable {
    case mon, tue, wed, thu, fri, sat, sun

    /// From Foundation's numbering, where 1 is Sunday.
    init(calendarWeekday: Int) {
        let order: [Weekday] = [.sun, .mon, .tue, .wed, .thu, .fri, .sat]
        self = order[(calendarWeekday - 1 + 7) % 7]
    }
}

/// A time of day as minutes since midnight, written `HH:MM`.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let minutes: Int

    public init(minutes: Int) { self.minutes = minutes }

    /// Parses `HH:MM` (00:00…24:00).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
            h * 60 + m <= 24 * 60
        else { return nil }
        self.minutes = h * 60 + m
    }

    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }
}
