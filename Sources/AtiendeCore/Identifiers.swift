import Foundation

/// A service code: one capital letter, also the ticket prefix (`A`). Checked and put in
/// capitals once, here (`init?(_:)`), wherever it was typed: a kiosk, the API, a command.
public struct ServiceCode: TextIdentifier {
    public let rawValue: String

    /// A code as stored or configured, already checked.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A code as a person typed it (`a`, ` B `): one letter A–Z, in capitals; nil otherwise.
    public init?(_ text: String) {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 1, let letter = code.unicodeScalars.first, ("A"..."Z").contains(letter) else { return nil }
        rawValue = code
    }

    /// A code as typed, put in capitals whether or not it names a service: the refusal
    /// then names what was asked for ("no hay un servicio 'Z'").
    public init(typed text: String) {
        rawValue = text.trimmingCharacters(in: .whitespaces).uppercased()
    }

}

/// A desk's id as staff type it (`"1"`, `"2"`…): up to 12 letters, digits or hyphens, as
/// the office's config names it.
public struct DeskID: TextIdentifier {
    public let rawValue: String

    /// An id as stored or configured, already checked.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An id as a person typed it (` 3 `): trimmed; nil unless 1 to 12 letters, digits or hyphens.
    public init?(_ text: String) {
        let id = text.trimmingCharacters(in: .whitespaces)
        guard (1...12).contains(id.count), id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
        rawValue = id
    }

    /// An id as typed, trimmed whether or not a desk has it: the refusal names it.
    public init(typed text: String) { rawValue = text.trimmingCharacters(in: .whitespaces) }

}

/// An office's short id, as an institution names its offices (`bogota-centro`): 1 to 32
/// lowercase letters, digits or hyphens, starting with a letter. It names the office in
/// addresses and commands, so it is checked and put in lowercase once, here.
public struct OfficeID: TextIdentifier {
    public let rawValue: String

    /// An id as stored or configured, already checked.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An id as a person typed it (` Bogota-Centro `): trimmed and in lowercase; nil
    /// unless it keeps the rule.
    public init?(_ text: String) {
        let id = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard (1...32).contains(id.count), let first = id.unicodeScalars.first, ("a"..."z").contains(first),
            id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else { return nil }
        rawValue = id
    }
}

/// What the office's identifiers share: text, written as it is (JSON, messages, the
/// database), ordered by it, and a key of a JSON object when they key a dictionary.
public protocol TextIdentifier: RawRepresentable<String>, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    ExpressibleByStringInterpolation, CustomStringConvertible where StringLiteralType == String
{
    init(rawValue: String)
}

extension TextIdentifier {
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public var description: String { rawValue }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var codingKey: any CodingKey { IdentifierKey(stringValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) { self.init(rawValue: codingKey.stringValue) }
}

extension Sequence where Element: TextIdentifier {
    /// "A, B, C", for messages.
    public func joined(separator: String) -> String { map(\.rawValue).joined(separator: separator) }
}

/// A dictionary key for an identifier, in JSON.
struct IdentifierKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
