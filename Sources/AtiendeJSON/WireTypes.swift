import Foundation

/// A moment as the API writes it: ISO 8601 in the office's offset (`Timestamp`). The
/// generated types use it for every `Timestamp` in openapi.json, so a time keeps the
/// offset it was written with instead of becoming UTC.
public struct OfficeTime: Codable, Hashable, Sendable {
    public let date: Date
    /// The text on the wire.
    public let text: String

    public init(_ date: Date, timeZone: TimeZone) {
        self.date = date
        text = Timestamp.format(date, timeZone: timeZone)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text.prefix(40))' is not a time: write it like 2026-11-23T09:00:00-05:00")
        }
        self.date = date
        self.text = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// What `next` answers when nobody waits: `{"number": null}`, the API's one explicit null
/// (`NobodyWaiting` in openapi.json).
public struct NobodyWaitingAnswer: Codable, Hashable, Sendable {
    public init() {}

    private enum CodingKeys: String, CodingKey { case number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decodeNil(forKey: .number) else {
            throw DecodingError.dataCorruptedError(forKey: .number, in: container, debugDescription: "number is not null")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeNil(forKey: .number)
    }
}
