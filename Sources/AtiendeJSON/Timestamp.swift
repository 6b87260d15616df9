import Foundation

/// Times in the JSON contract: ISO 8601 with the office's offset, to the millisecond
/// when there is a fraction (`2026-11-23T09:00:00-05:00`, `2026-11-23T09:00:00.250-05:00`).
///
/// Written by hand rather than with a date formatter: it runs on every ticket a server
/// answers with, must be safe from any thread, and the shape is fixed.
public enum Timestamp {
    public static func format(_ date: Date, timeZone: TimeZone) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        // RFC 3339 offsets have no seconds: an old local mean time (-04:56:16) is written in UTC.
        let zoneOffset = timeZone.secondsFromGMT(for: date)
        let offset = zoneOffset % 60 == 0 ? zoneOffset : 0
        let local = totalMillis.floorDiv(1000) + Int64(offset)
        let millis = Int(totalMillis - totalMillis.floorDiv(1000) * 1000)
        let days = local.floorDiv(86_400), second = Int(local - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        // Written into one buffer: joining a dozen small strings cost more than the arithmetic.
        return String(unsafeUninitializedCapacity: 48) { buffer in
            var end = 0
            func put(_ character: Unicode.Scalar) {
                buffer[end] = UInt8(ascii: character)
                end += 1
            }
            func put(_ value: Int, width: Int) {
                if value < 0 { put("-") }
                var rest = value.magnitude, count = 1
                while rest >= 10 { rest /= 10; count += 1 }
                rest = value.magnitude
                end += max(width, count)
                for index in stride(from: end - 1, through: end - max(width, count), by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4); put("-"); put(month, width: 2); put("-"); put(day, width: 2); put("T")
            put(second / 3600, width: 2); put(":"); put(second / 60 % 60, width: 2); put(":"); put(second % 60, width: 2)
            if millis != 0 { put("."); put(millis, width: 3) }
            if offset == 0 {
                put("Z")
            } else {
                let magnitude = abs(offset) / 60
                put(offset < 0 ? "-" : "+"); put(magnitude / 60, width: 2); put(":"); put(magnitude % 60, width: 2)
            }
            return end
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= b.count else { return nil }
            var value = 0
            for byte in b[start..<start + length] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), b[4] == 45, let month = number(5, 2), b[7] == 45, let day = number(8, 2),
            b[10] == 84 || b[10] == 116, let hour = number(11, 2), b[13] == 58, let minute = number(14, 2),
            b[16] == 58, let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if b[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, b[index] >= 48 && b[index] <= 57 {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        if b[index] == 90 || b[index] == 122 {
            index += 1
        } else if b[index] == 43 || b[index] == 45, let h = number(index + 1, 2), index + 3 < b.count, b[index + 3] == 58,
            let m = number(index + 4, 2) {
            offset = (h * 60 + m) * 60 * (b[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let seconds = days(fromCivil: year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func civil(fromDays z: Int64) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Int64 {
    /// Division rounding towards negative infinity.
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
