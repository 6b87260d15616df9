import ArgumentParser
import AtiendeCore
import ScreenLayout

/// A value a command line takes that ArgumentParser parses itself (so `--help` names it
/// and lists its choices), with the one line that says how to write it when it is wrong.
public protocol ExplainedArgument: ExpressibleByArgument {
    /// The value name in `--help` (`<date>`), by which a refusal is recognised.
    static var valueName: String { get }
    /// What is wrong with `text` given to `option`, and how to write it.
    static func problem(_ text: String, option: String) -> String
}

extension LocalDay: ExplainedArgument {
    public init?(argument: String) { self.init(argument) }
    public static var valueName: String { "date" }
    public static func problem(_ text: String, option: String) -> String {
        "\(option) '\(text)' is not a date: write YYYY-MM-DD, e.g. 2026-11-23"
    }
}

extension Size: ExplainedArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public var defaultValueDescription: String { "\(width)x\(height)" }
    public static var valueName: String { "WxH" }
    public static func problem(_ text: String, option: String) -> String {
        "\(option) '\(text)' is not a size: write WIDTHxHEIGHT, e.g. 1920x1080"
    }
}

extension Language: ExpressibleByArgument {}

/// A service code as typed on a command line (`a` is `A`); the queue says if no service has it.
extension ServiceCode: ExpressibleByArgument {
    public init?(argument: String) { self.init(typed: argument) }
}

/// A desk id as typed on a command line; the queue says if no desk has it.
extension DeskID: ExpressibleByArgument {
    public init?(argument: String) { self.init(typed: argument) }
}

/// An office's id as typed on a command line (`Bogota-Centro` is `bogota-centro`).
extension OfficeID: ExplainedArgument {
    public init?(argument: String) { self.init(argument) }
    public static var valueName: String { "office" }
    public static func problem(_ text: String, option: String) -> String {
        "\(option) '\(text)': an office id is 1 to 32 letters, digits or hyphens, starting with a letter, such as bogota-centro"
    }
}

extension ServiceDistribution: ExplainedArgument {
    public static var valueName: String { "distribution" }
    public static func problem(_ text: String, option: String) -> String {
        "\(option) '\(text)': use " + ListFormat.or(allCases.map(\.rawValue))
    }
}

extension QueueSimulation.Policy: ExplainedArgument {
    public static var valueName: String { "policy" }
    public static func problem(_ text: String, option: String) -> String {
        "\(option) '\(text)': use " + ListFormat.or(allCases.map(\.rawValue))
    }
}

enum ListFormat {
    /// "a, b or c".
    static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}

enum ArgumentProblem {
    static let explained: [any ExplainedArgument.Type] = [LocalDay.self, Size.self, ServiceDistribution.self, QueueSimulation.Policy.self]

    /// ArgumentParser's "The value 'X' is invalid for '--opt <name>'" for a type that
    /// explains itself, in that type's words; nil for anything else.
    static func explain(_ message: String) -> String? {
        let prefix = "The value '"
        guard message.hasPrefix(prefix), let quoteEnd = message.range(of: "' is invalid for '", options: .backwards) else { return nil }
        let value = String(message[message.index(message.startIndex, offsetBy: prefix.count)..<quoteEnd.lowerBound])
        let rest = message[quoteEnd.upperBound...]
        let parts = rest.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[1].hasPrefix("<"), let close = parts[1].firstIndex(of: ">") else { return nil }
        let name = String(parts[1][parts[1].index(after: parts[1].startIndex)..<close])
        guard let type = explained.first(where: { $0.valueName == name }) else { return nil }
        return type.problem(value, option: String(parts[0]))
    }
}
