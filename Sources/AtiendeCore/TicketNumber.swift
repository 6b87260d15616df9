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

    /// Parses what staff type: `A-007`, `a-7`, `A007` or `A7` all mean `A-007`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let first = trimmed.first, first.isASCII, first.isLetter else { return nil }
        var digits = trimmed.dropFirst()
        if digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let sequence = Int(digits), sequence >= 1
        else { return nil }
        self.init(service: String(first), sequence: sequence)
    }

    public var description: String {
        let digits = String(sequence)
        return service + "-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
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
