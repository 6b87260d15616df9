import Foundation

/// How a request reached the office (the seminario's channels, pp. 7 and 33–40).
public enum RequestChannel: String, Sendable, CaseIterable, Codable {
    case inPerson, phone, email, written, lostCall, referred
}

/// What came of trying to reach the person.
public enum ContactResult: String, Sendable, CaseIterable, Codable {
    /// Spoke with the person: the first one meets or misses the promise.
    case reached
    case leftWord, noAnswer, wrongNumber
}

/// A request's number, the person's proof that it was received: `S-2026-000123`, its own
/// series per office and year, gap-free like tickets' numbers.
public struct RequestNumber: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var year: Int
    public var sequence: Int

    public init(year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }

    /// `S-2026-000123`, `s-2026-123` or `S2026000123`, as people type it.
    public init?(parsing text: String) {
        let compact = text.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "-", with: "")
        guard compact.hasPrefix("S"), compact.count >= 6, compact.count <= 11 else { return nil }
        let digits = compact.dropFirst()
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let year = Int(digits.prefix(4)), let sequence = Int(digits.dropFirst(4)),
            (2000...2999).contains(year), sequence > 0
        else { return nil }
        self.init(year: year, sequence: sequence)
    }

    public var description: String { "S-\(year)-" + String(repeating: "0", count: max(0, 6 - String(sequence).count)) + String(sequence) }

    public static func < (a: RequestNumber, b: RequestNumber) -> Bool { (a.year, a.sequence) < (b.year, b.sequence) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = RequestNumber(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a request number"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One try at reaching the person.
public struct ContactAttempt: Sendable, Equatable {
    public var at: Date
    public var by: StaffUser?
    public var result: ContactResult
    public var note: String?
    /// When to try again, when it did not reach them.
    public var next: Date?

    public init(at: Date, by: StaffUser?, result: ContactResult, note: String? = nil, next: Date? = nil) {
        self.at = at
        self.by = by
        self.result = result
        self.note = note
        self.next = next
    }
}

/// What a staff member registers: how it came, what it is about, who it is and how to reach
/// them, and who handles it.
public struct RequestDraft: Sendable, Equatable {
    public var channel: RequestChannel
    public var service: ServiceCode
    public var summary: String
    public var name: String?
    public var phone: String?
    public var email: String?
    public var assignee: StaffUser?
    /// The visit it came from (a visit finished as `caseOpened` or `followUp`).
    public var ticket: TicketNumber?

    public init(channel: RequestChannel, service: ServiceCode, summary: String, name: String? = nil, phone: String? = nil, email: String? = nil,
                assignee: StaffUser? = nil, ticket: TicketNumber? = nil) {
        self.channel = channel
        self.service = service
        self.summary = summary
        self.name = name
        self.phone = phone
        self.email = email
        self.assignee = assignee
        self.ticket = ticket
    }
}

/// A matter the office must come back to: its number, what it is about, the person and how
/// to reach them, who handles it, the deadline for first contact and every try to make it
/// (docs/domain.md, "Requests and the 24-hour promise").
public struct ServiceRequest: Sendable, Equatable {
    public var number: RequestNumber
    public var channel: RequestChannel
    public var service: ServiceCode
    public var summary: String
    public var name: String?
    public var phone: String?
    public var email: String?
    public var assignee: StaffUser?
    public var receivedAt: Date
    public var receivedBy: StaffUser?
    /// First contact is promised by then.
    public var deadline: Date
    public var attempts: [ContactAttempt]
    public var ticket: TicketNumber?
    /// The token of the person's own page (`Office.requestURL`): the number alone never opens it.
    public var link: String?

    public init(number: RequestNumber, channel: RequestChannel, service: ServiceCode, summary: String, name: String?, phone: String?, email: String?,
                assignee: StaffUser?, receivedAt: Date, receivedBy: StaffUser?, deadline: Date, attempts: [ContactAttempt] = [], ticket: TicketNumber? = nil,
                link: String? = nil) {
        self.number = number
        self.channel = channel
        self.service = service
        self.summary = summary
        self.name = name
        self.phone = phone
        self.email = email
        self.assignee = assignee
        self.receivedAt = receivedAt
        self.receivedBy = receivedBy
        self.deadline = deadline
        self.attempts = attempts
        self.ticket = ticket
        self.link = link
    }

    /// When someone first spoke with the person.
    public var firstContactAt: Date? { attempts.first { $0.result == .reached }?.at }

    /// Where the promise of first contact stands at `now`.
    public enum Promise: String, Sendable, Equatable {
        /// Not reached yet, and time is left.
        case pending
        /// Not reached, and the deadline has passed: an alert.
        case overdue
        /// Reached by the deadline.
        case met
        /// Reached, but after the deadline.
        case missed
    }

    public func promise(at now: Date) -> Promise {
        if let first = firstContactAt { return first <= deadline ? .met : .missed }
        return now > deadline ? .overdue : .pending
    }

    /// Time left to the deadline (negative past it); `nil` once the person was reached.
    public func secondsLeft(at now: Date) -> Double? { firstContactAt == nil ? deadline.timeIntervalSince(now) : nil }
}

extension ServiceRequest {
    /// The request as privacy keeps it (docs/domain.md, "Requests and the 24-hour promise"):
    /// while the person has not been reached, everything; once they were, their name, phone
    /// and email for as long as the office keeps first names, and the notes of the tries for
    /// as long as it keeps staff notes, counted from the day they were reached.
    public func kept(_ privacy: PrivacySettings.Horizon, calendar: OfficeCalendar) -> ServiceRequest {
        guard let reached = firstContactAt.map(calendar.day(of:)) else { return self }
        var kept = self
        if reached < privacy.firstNames {
            kept.name = nil
            kept.phone = nil
            kept.email = nil
        }
        if reached < privacy.notes { for index in kept.attempts.indices { kept.attempts[index].note = nil } }
        return kept
    }

    /// The first instant whose reached requests still keep the person's data, and the notes.
    public static func keptSince(_ privacy: PrivacySettings.Horizon, calendar: OfficeCalendar) -> (person: Date, notes: Date) {
        (calendar.start(of: privacy.firstNames), calendar.start(of: privacy.notes))
    }
}
