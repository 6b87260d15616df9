import Foundation

/// A JSON document with keys in the order written, and explicit nulls: the JSON shapes
/// of `--json` and of the HTTP API are a contract for scripts, so they are spelled out
/// here rather than left to an encoder's choices.
public indirect enum JSONText: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])

    public static func int(_ value: Int?) -> JSONText { value.map(JSONText.int) ?? .null }
    public static func string(_ value: String?) -> JSONText { value.map(JSONText.string) ?? .null }
    /// Rounded to one decimal, as percentages are shown.
    public static func decimal(_ value: Double?) -> JSONText { value.map { .double(($0 * 10).rounded() / 10) } ?? .null }
    /// Seconds to the millisecond, the precision durations are stored with (a whole
    /// number of seconds prints without a decimal point).
    public static func seconds(_ value: Double?) -> JSONText { value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }

    public var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d) where !d.isFinite: "null"
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .string(let s): Self.quote(s)
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ",") + "]"
        case .object(let fields): "{" + fields.map { Self.quote($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        }
    }

    public func print() {
        StandardOutput.line(rendered)
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
