import Foundation

/// A ticket number: the service code, a hyphen and a per-service, per-day counter
/// that starts at 001 and grows to four digits past 999 (`A-001`, `A-1000`).
public struct TicketNumber: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let service: ServiceCode
    public let sequence: Int

    public init(service: ServiceCode, sequence: Int) {
        self.service = service
        self.sequence = sequence
    }

    /// Parses what staff type: `A-007`, `a-7`, `A007` or `A7` all mean `A-007`, with spaces
    /// around it allowed. At most
    /// 32 characters, and at most six digits after any leading zeros (the API document's
    /// pattern says the same).
    public init?(parsing text: String) {
        guard text.count <= 32 else { return nil }
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: " ")).uppercased()
        guard let first = trimmed.first, first.isASCII, first.isLetter else { return nil }
        var digits = trimmed.dropFirst()
        if digits.first == "-" { digits = digits.dropFirst() }
        let significant = digits.drop { $0 == "0" }
        guard !digits.isEmpty, significant.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let sequence = Int(significant), sequence >= 1
        else { return nil }
        self.init(service: ServiceCode(rawValue: String(first)), sequence: sequence)
    }

    public var description: String {
        let digits = String(sequence)
        return service.rawValue + "-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    public static func < (a: TicketNumber, b: TicketNumber) -> Bool {
        (a.sequence, a.service) < (b.sequence, b.service)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = TicketNumber(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a ticket number: \(text)"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
