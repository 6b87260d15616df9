import Foundation

/// How an office keeps its promise of first contact (`"requests"` in the office config).
public struct RequestSettings: Sendable, Equatable {
    /// First contact within this many hours of the request (24 by default).
    public var firstContactHours: Int = 24
    /// Count only the office's opening hours (its week, break and closed dates).
    public var countOpeningHoursOnly = false

    public init(firstContactHours: Int = 24, countOpeningHoursOnly: Bool = false) {
        self.firstContactHours = firstContactHours
        self.countOpeningHoursOnly = countOpeningHoursOnly
    }
}

/// What a request refuses, in words the person registering it can act on.
public enum RequestError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(field: String, problem: String, es: String)
    case unknownRequest(String)
    case invalidNumber(String)

    public var code: String {
        switch self {
        case .invalid: "invalidRequest"
        case .unknownRequest: "unknownRequest"
        case .invalidNumber: "invalidRequestNumber"
        }
    }

    public var description: String {
        switch self {
        case .invalid(let field, let problem, _): "\(field): \(problem)"
        case .unknownRequest(let number): "no request \(number): check the number on the person's receipt"
        case .invalidNumber(let text): "'\(text.prefix(30))' is not a request number: write it like S-2026-000123"
        }
    }

    static let spanishField = [
        "service": "servicio", "assignee": "quién la atiende", "summary": "resumen", "name": "nombre", "phone": "teléfono", "email": "correo", "note": "nota", "next": "próximo intento",
    ]

    public func description(in language: Language) -> String {
        guard language == .es else { return description }
        return switch self {
        case .invalid(let field, _, let es): "\(Self.spanishField[field] ?? field): \(es)"
        case .unknownRequest(let number): "no hay una solicitud \(number): revise el número en el comprobante de la persona"
        case .invalidNumber(let text): "'\(text.prefix(30))' no es un número de solicitud: escríbalo así: S-2026-000123"
        }
    }
}

/// The decisions about requests (docs/domain.md, "Requests and the 24-hour promise"): the
/// stores read what these need and keep what they return.
public enum RequestRules {
    /// A new request, checked, with the next number of its year and its deadline.
    /// - Parameter lastSequence: the last number given in the office this year (0: none).
    public static func register(
        _ draft: RequestDraft, office: Office, at now: Date, by staff: StaffUser?, lastSequence: Int
    ) throws(RequestError) -> ServiceRequest {
        guard office.service(draft.service) != nil else {
            throw .invalid(field: "service", problem: "the office has no service \(draft.service): use one of \(office.services.map(\.code.rawValue).joined(separator: ", "))",
                           es: "la oficina no tiene el servicio \(draft.service): use uno de \(office.services.map(\.code.rawValue).joined(separator: ", "))")
        }
        let summary = try text(draft.summary, field: "summary", max: 500, required: true)!
        let name = try text(draft.name, field: "name", max: 80)
        let phone = try phoneNumber(draft.phone)
        let email = try emailAddress(draft.email)
        if let assignee = draft.assignee, (try? StaffAccount.checkUser(assignee)) != assignee {
            throw .invalid(field: "assignee", problem: "'\(assignee.prefix(40))' is not a user name: name the staff member by their user, like laura",
                           es: "'\(assignee.prefix(40))' no es un usuario: indique a quien la atiende por su usuario, como laura")
        }
        // The promise is to contact the person: a request from afar needs a way to.
        if draft.channel != .inPerson, phone == nil, email == nil {
            throw .invalid(field: "phone", problem: "give a phone or an email to contact the person within the promise",
                           es: "anote un teléfono o un correo para contactar a la persona dentro del plazo")
        }
        let year = office.calendar.day(of: now).year
        return ServiceRequest(
            number: RequestNumber(year: year, sequence: lastSequence + 1), channel: draft.channel, service: draft.service, summary: summary,
            name: name, phone: phone, email: email, assignee: draft.assignee ?? (draft.channel == .lostCall ? nil : staff), receivedAt: now,
            receivedBy: staff, deadline: deadline(receivedAt: now, office: office), ticket: draft.ticket)
    }

    /// The outcomes of a visit that leave the office something to do, and so open a request
    /// linked to the visit: a case filed, and "the office will contact you".
    public static let openingOutcomes: Set<String> = ["caseOpened", "followUp"]

    /// The request a visit's finish opens, or `nil` when its outcome settles it. What the
    /// person asked is the desk's note, else the outcome and the case number; the person is
    /// there, so no way to reach them is needed to register it.
    public static func fromVisit(_ ticket: Ticket, outcome: VisitOutcome?, office: Office) -> RequestDraft? {
        guard let outcome, openingOutcomes.contains(outcome.code) else { return nil }
        let kind = office.outcomes.first { $0.code == outcome.code }?.name[office.defaultLanguage] ?? outcome.code
        let said = [outcome.note, outcome.caseNumber.map { "\(kind) \($0)" }].compactMap { $0 }.first ?? kind
        let summary = "\(said) (\(ticket.number))"
        return RequestDraft(channel: .inPerson, service: ticket.queueService, summary: String(summary.prefix(500)), name: ticket.firstName, ticket: ticket.number)
    }

    /// A try at reaching the person, recorded on the request. One that did not reach them
    /// may say when to try again, which must be later.
    public static func contact(
        _ request: ServiceRequest, result: ContactResult, note: String?, next: Date?, at now: Date, by staff: StaffUser?
    ) throws(RequestError) -> ServiceRequest {
        let note = try text(note, field: "note", max: 1000)
        if let next, next <= now {
            throw .invalid(field: "next", problem: "the next try must be later than now", es: "el próximo intento debe ser más tarde que ahora")
        }
        var changed = request
        changed.attempts.append(ContactAttempt(at: now, by: staff, result: result, note: note, next: result == .reached ? nil : next))
        // Whoever reached the person handles it from then, if no one did.
        if changed.assignee == nil, result == .reached { changed.assignee = staff }
        return changed
    }

    /// When first contact is due: `firstContactHours` after the request, or that many of the
    /// office's opening hours (its week, break and closed dates) when it counts only those.
    public static func deadline(receivedAt: Date, office: Office) -> Date {
        let settings = office.requests
        let promised = Double(settings.firstContactHours) * 3600
        guard settings.countOpeningHoursOnly else { return receivedAt.addingTimeInterval(promised) }
        let calendar = office.calendar
        var left = promised
        var day = calendar.day(of: receivedAt)
        for _ in 0..<400 {
            if office.hours.closedDate(day) == nil {
                let weekday = calendar.weekday(of: calendar.date(day, at: TimeOfDay(minutes: 12 * 60)))
                for span in office.hours.openMinutes(on: weekday) {
                    let start = max(calendar.date(day, at: TimeOfDay(minutes: span.lowerBound)), receivedAt)
                    let end = calendar.date(day, at: TimeOfDay(minutes: span.upperBound))
                    guard end > start else { continue }
                    let open = end.timeIntervalSince(start)
                    if open >= left { return start.addingTimeInterval(left) }
                    left -= open
                }
            }
            day = calendar.day(day, adding: 1)
        }
        // An office that never opens: the plain promise.
        return receivedAt.addingTimeInterval(promised)
    }

    static func text(_ value: String?, field: String, max: Int, required: Bool = false) throws(RequestError) -> String? {
        let text = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty {
            if required { throw .invalid(field: field, problem: "is empty: write a few words", es: "está vacío: escriba unas palabras") }
            return nil
        }
        guard text.count <= max else {
            throw .invalid(field: field, problem: "is too long: keep it to \(max) characters", es: "es demasiado largo: use como mucho \(max) caracteres")
        }
        guard !text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }) else {
            throw .invalid(field: field, problem: "has a control character: remove it", es: "tiene un carácter de control: quítelo")
        }
        return text
    }

    /// Digits, with spaces, dashes, dots, parentheses and a leading + as people write them.
    static func phoneNumber(_ value: String?) throws(RequestError) -> String? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let digits = text.filter(\.isNumber)
        guard (6...15).contains(digits.count), text.allSatisfy({ $0.isNumber || " -.()+".contains($0) }) else {
            throw .invalid(field: "phone", problem: "'\(text.prefix(30))' is not a phone number: 6 to 15 digits, like 601 555 0123",
                           es: "'\(text.prefix(30))' no es un teléfono: de 6 a 15 dígitos, como 601 555 0123")
        }
        return text
    }

    static func emailAddress(_ value: String?) throws(RequestError) -> String? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), text.count <= 254,
            !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
        else {
            throw .invalid(field: "email", problem: "'\(text.prefix(40))' is not an email address: write it like nombre@ejemplo.org",
                           es: "'\(text.prefix(40))' no es un correo: escríbalo así: nombre@ejemplo.org")
        }
        return text
    }
}

extension ConfigReader {
    /// `"requests": {"firstContactHours": 24, "countOpeningHoursOnly": false}` in the office config.
    func requestSettings(_ node: ConfigNode) throws(ConfigError) -> RequestSettings {
        var requests = RequestSettings()
        let r = try fields(node, allowed: ["firstContactHours", "countOpeningHoursOnly"])
        if let n = r["firstContactHours"] { requests.firstContactHours = try int(n, in: 1...240, unit: .hours) }
        if let n = r["countOpeningHoursOnly"] { requests.countOpeningHoursOnly = try bool(n) }
        return requests
    }
}
