import AtiendeCore
import AtiendeJSON
import Foundation

/// Text shapes shared by the commands' human output.
enum Format {
    /// Local time in the office, `HH:mm` or `yyyy-MM-dd HH:mm`.
    static func localTime(_ date: Date, _ office: Office, withDate: Bool = false) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = office.timeZone
        formatter.dateFormat = withDate ? "yyyy-MM-dd HH:mm" : "HH:mm"
        return formatter.string(from: date)
    }

    static func people(_ count: Int) -> String { count == 1 ? "1 person" : "\(count) people" }

    static func estimate(ahead: Int, _ minutes: Int?) -> String {
        switch WaitWording(ahead: ahead, minutes: minutes) {
        case .noEstimate: "no desk open for this service yet (no estimate)"
        case .next: "next to be called (estimate)"
        case .underAMinute: "less than 1 min wait (estimate)"
        case .minutes(let minutes): "about \(minutes) min wait (estimate)"
        }
    }

    /// `12:05` style minutes and seconds, or `–`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        let s = Int(seconds.rounded())
        return "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
    }

    /// One decimal, with a decimal comma in Spanish.
    static func decimal(_ value: Double, _ language: Language) -> String {
        let text = String(format: "%.1f", value)
        return language == .es ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0) } ?? "–"
    }

    /// A percentage as people in `language` write it: `75,0 %` in Spanish, `75.0%` in English.
    static func percent(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "–" }
        return language == .es ? decimal(value, language) + " %" : String(format: "%.1f%%", value)
    }

    /// Pads or cuts text to a column width (by characters).
    static func column(_ text: String, _ width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    /// Right-aligns text in a column (by characters).
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// Writes one line to standard output at once (unbuffered), so a line that was shown
/// was really written, even if the process is killed right after.
func say(_ text: String = "") {
    StandardOutput.line(text)
}
