import Foundation

// The words a config problem is told in, for the people who read it: the admin page
// names a field as its form shows it, a terminal in the office's language.

/// What a whole number in the config counts, in each language.
enum ConfigUnit {
    case minutes, percent, hours, daysKept

    var english: String {
        switch self {
        case .minutes: "minutes"
        case .percent: "percent"
        case .hours: "hours"
        case .daysKept: "days (0: never stored)"
        }
    }

    var spanish: String {
        switch self {
        case .minutes: "minutos"
        case .percent: "por ciento"
        case .hours: "horas"
        case .daysKept: "días (0: no se guarda)"
        }
    }
}

extension JSONValue {
    /// What the value is, in Spanish, for "se esperaba una lista y hay un número".
    var kindInSpanish: String {
        switch self {
        case .null: "null"
        case .bool: "true/false"
        case .int, .double: "un número"
        case .string: "texto"
        case .array: "una lista"
        case .object: "un objeto"
        }
    }
}

extension AccessTokens {
    /// Whom a token of `role` ("staff", "kiosk", "read") lets in, in Spanish.
    static func roleInSpanish(_ role: String) -> String {
        switch role {
        case "kiosk": "los kioscos"
        case "read": "las pantallas de solo lectura"
        default: "el personal"
        }
    }
}

/// A config field's place (`services[5].code`) named as a person sees it on the admin
/// page ("Servicios, fila 6 · Código").
public enum ConfigFieldName {
    public static func of(_ path: String, in language: Language) -> String {
        var parts: [String] = []
        var parent = ""
        for segment in path.split(separator: ".") {
            // `services[5]` is the key and the row; a nested list gives `closed[0]`.
            var key = String(segment), rows: [Int] = []
            while let open = key.lastIndex(of: "["), key.hasSuffix("]"), let row = Int(key[key.index(after: open)..<key.index(before: key.endIndex)]) {
                rows.insert(row, at: 0)
                key = String(key[..<open])
            }
            var part = label(key, under: parent, in: language)
            for row in rows { part += ", \(rowWord(parent == "desks" ? "\(key) served" : key, in: language)) \(row + 1)" }
            parts.append(part.prefix(1).uppercased() + part.dropFirst())
            parent = key
        }
        return parts.joined(separator: " · ")
    }

    /// A list's items are rows in the page's tables, lines where the page has one a line.
    static func rowWord(_ key: String, in language: Language) -> String {
        switch (key, language) {
        case ("closed", .es), ("notices", .es): "línea"
        case ("closed", _), ("notices", _): "line"
        case ("services", .es), ("desks", .es), ("outcomes", .es): "fila"
        case ("services", _), ("desks", _), ("outcomes", _): "row"
        case (_, .es): "n.º"
        case (_, _): "no."
        }
    }

    static func label(_ key: String, under parent: String, in language: Language) -> String {
        if parent == "desks" && key == "services" { return language == .es ? "servicios que atiende" : "services it serves" }
        if parent == "desks" && key == "label" { return language == .es ? "nombre" : "name" }
        if parent == "voices" || parent == "name" || parent == "description" || parent == "text" || parent == "bring" || parent == "label" {
            if let text = Language(rawValue: key) {
                switch (text, language) {
                case (.es, .es): return "en español"
                case (.es, _): return "in Spanish"
                case (_, .es): return "en inglés"
                case (_, _): return "in English"
                }
            }
        }
        if let day = Weekday(rawValue: key) { return day.name(language) }
        guard let words = labels[key] else { return key }
        return language == .es ? words.es : words.en
    }

    static let labels: [String: (es: String, en: String)] = [
        "name": ("nombre", "name"), "shortName": ("nombre corto", "short name"), "timeZone": ("zona horaria", "time zone"),
        "languages": ("idiomas", "languages"), "targetWaitMinutes": ("meta de espera (minutos)", "wait target (minutes)"),
        "priorityHeadStartMinutes": ("ventaja preferencial (minutos)", "priority head start (minutes)"),
        "alertAtMinutes": ("alerta a los (minutos)", "alert at (minutes)"), "hours": ("horario", "hours"),
        "services": ("servicios", "services"), "desks": ("ventanillas", "desks"), "access": ("fichas de acceso", "access tokens"),
        "outcomes": ("resultados", "outcomes"), "outcomeRequired": ("resultado obligatorio", "outcome required"),
        "publicAddress": ("dirección pública", "public address"),
        "promiseThresholdPercent": ("umbral de la promesa (%)", "promise threshold (%)"), "screens": ("pantallas", "screens"),
        "privacy": ("privacidad", "privacy"), "notices": ("avisos", "notices"), "code": ("código", "code"),
        "description": ("qué es", "what it is"), "bring": ("qué traer", "what to bring"), "active": ("activo", "active"),
        "id": ("número", "number"), "label": ("nombre", "name"), "days": ("días", "days"), "open": ("abre", "opens"),
        "close": ("cierra", "closes"), "byDay": ("por día", "by day"), "lunch": ("almuerzo", "lunch"),
        "closed": ("días cerrados", "closed days"), "date": ("fecha", "date"), "text": ("texto", "text"),
        "from": ("desde", "from"), "to": ("hasta", "until"), "kiosk": ("kioscos", "kiosks"),
        "read": ("pantallas de solo lectura", "read-only screens"), "staff": ("personal", "staff"),
        "sessionHours": ("horas de sesión", "session hours"), "voices": ("voces", "voices"),
        "chimeVolume": ("volumen del timbre", "chime volume"), "voiceVolume": ("volumen de la voz", "voice volume"),
        "wallLanguages": ("idiomas de la pantalla", "wall languages"), "kioskScreenInches": ("pulgadas del kiosco", "kiosk screen inches"),
        "kioskExitPIN": ("PIN de salida del kiosco", "kiosk exit PIN"), "firstNames": ("nombres", "first names"),
        "notes": ("notas", "notes"), "comments": ("comentarios", "comments"), "needs": ("dato que pide", "detail it needs"),
        "requests": ("solicitudes", "requests"), "firstContactHours": ("horas para el primer contacto", "hours to first contact"),
        "countOpeningHoursOnly": ("contar solo horas de atención", "count opening hours only"), "mail": ("correo", "mail"),
        "url": ("servidor de correo", "mail server"), "caFile": ("autoridad de certificados", "certificate authority"),
    ]
}

/// A config that is well formed but would strand someone if applied now: nothing changes.
public enum SetupRefused: Error, Equatable, Sendable, CustomStringConvertible {
    /// The time zone changes while tickets of the day are open.
    case timeZoneWithOpenTickets(open: Int)
    /// A service leaves the config while people wait for it.
    case serviceHasOpenTickets(ServiceCode, open: Int)
    /// A desk leaves the config while it calls or serves someone.
    case deskHoldsTicket(DeskID, TicketNumber, TicketState)

    public var description: String { description(in: .en) }

    /// The refusal's name, as the API gives it in `reason` details and tests compare it.
    public var code: String {
        switch self {
        case .timeZoneWithOpenTickets: "timeZoneWithOpenTickets"
        case .serviceHasOpenTickets: "serviceHasOpenTickets"
        case .deskHoldsTicket: "deskHoldsTicket"
        }
    }

    public func description(in language: Language) -> String {
        switch (self, language) {
        case (.timeZoneWithOpenTickets(let open), .es):
            "no se puede cambiar la zona horaria con \(open) \(open == 1 ? "turno abierto" : "turnos abiertos"): cámbiela cuando se haya atendido a la última persona del día, o cuando se hayan cancelado los turnos abiertos, antes del primer turno del día siguiente"
        case (.timeZoneWithOpenTickets(let open), _):
            "cannot change the time zone while \(open) ticket(s) are open: change it once the day's last visitor is served or the open tickets are cancelled, before the next day's first ticket"
        case (.serviceHasOpenTickets(let code, let open), .es):
            "el servicio \(code) aún tiene \(open) \(open == 1 ? "turno abierto" : "turnos abiertos"): atiéndalos, transfiéralos o cancélelos, o deje \(code) en la configuración como inactivo (\"active\": false), que deja de dar turnos mientras se atiende a quienes esperan"
        case (.serviceHasOpenTickets(let code, let open), _):
            "service \(code) still has \(open) open ticket(s): serve, transfer or cancel them, or keep \(code) in the config with \"active\": false, which stops new tickets while these are served"
        case (.deskHoldsTicket(let id, let number, let state), .es):
            "la ventanilla \(id) aún tiene \(number) \(state.palabras): finalícelo o devuélvalo a la fila antes de quitar la ventanilla"
        case (.deskHoldsTicket(let id, let number, let state), _):
            "desk \(id) still has \(number) \(state.words): finish or requeue it before removing the desk"
        }
    }
}
