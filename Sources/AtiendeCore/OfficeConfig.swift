import Foundation

/// A problem in an office config file: which file, which field, what is wrong.
/// The problem is kept in English (logs, scripts, the API's `description`) and in Spanish,
/// for the people who read it at a terminal or on the admin page.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var problem: String
    public var problemInSpanish: String

    public init(file: String, field: String, problem: String, es: String) {
        self.file = file
        self.field = field
        self.problem = problem
        self.problemInSpanish = es
    }

    public var description: String { description(in: .en) }

    /// As a terminal shows it: the file, the field's place in it, the problem.
    public func description(in language: Language) -> String {
        let problem = language == .es ? problemInSpanish : problem
        return field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)"
    }

    /// As a page shows it: the field named as a person sees it ("Servicio 6 · código"),
    /// with its place in the JSON for whoever edits that, then the problem.
    public func shown(in language: Language) -> String {
        let problem = language == .es ? problemInSpanish : problem
        guard !field.isEmpty else { return problem }
        return "\(ConfigFieldName.of(field, in: language)) (\(field)): \(problem)"
    }
}

/// Reads and validates an office config (`Assets/office.json` is the example).
/// Nothing outside this type accepts an unchecked office: unknown keys, duplicate
/// codes, desks naming unknown services, bad hours and a zero target are all refused.
public enum OfficeConfig {
    public static func parse(_ data: Data, file: String) throws(ConfigError) -> Office {
        guard data.count <= maxBytes else {
            throw ConfigError(
                file: file, field: "", problem: "is \(data.count / 1024) KB; an office config is a few KB, at most \(maxBytes / 1024) KB: check it is the right file",
                es: "ocupa \(data.count / 1024) KB; una configuración ocupa unos pocos KB, \(maxBytes / 1024) KB como mucho: revise que sea el archivo correcto")
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            if error.isAboutAField {
                throw ConfigError(
                    file: file, field: error.path, problem: "\(error.problem) (line \(error.line), column \(error.column))",
                    es: "\(error.problemInSpanish) (línea \(error.line), columna \(error.column))")
            }
            let place = error.path.isEmpty ? "" : " in \(error.path)", lugar = error.path.isEmpty ? "" : " en \(error.path)"
            throw ConfigError(
                file: file, field: "",
                problem: "is not valid JSON (line \(error.line), column \(error.column)\(place): \(error.problem)); check commas, quotes and brackets",
                es: "no es JSON válido (línea \(error.line), columna \(error.column)\(lugar): \(error.problemInSpanish)); revise comas, comillas y corchetes")
        }
        return try ConfigReader(file: file).office(ConfigNode(value: root, path: ""))
    }

    /// The largest config file read.
    public static let maxBytes = 256 * 1024
}

/// A JSON value and where it sits in the file, for error messages.
/// A value of the config with where it is (`hours.closed[0].date`), for messages.
struct ConfigNode {
    var value: JSONValue
    var path: String

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Reads a config, refusing the first mistake with its place.
struct ConfigReader {
    let file: String

    func fail(_ path: String, _ problem: String, es: String) -> ConfigError {
        ConfigError(file: file, field: path, problem: problem, es: es)
    }

    /// The fields of an object, refusing keys it does not know.
    func fields(_ node: ConfigNode, allowed: [String]) throws(ConfigError) -> [String: ConfigNode] {
        guard case .object(let object) = node.value else {
            throw fail(node.path, "expected an object with \(allowed.joined(separator: ", ")), found \(node.value.kind)",
                       es: "se esperaba un objeto con \(allowed.joined(separator: ", ")) y hay \(node.value.kindInSpanish)")
        }
        var out: [String: ConfigNode] = [:]
        for (key, value) in object {
            guard allowed.contains(key) else {
                throw fail(node.child(key), "unknown key; expected one of \(allowed.joined(separator: ", "))",
                           es: "esta clave no existe; use una de \(allowed.joined(separator: ", "))")
            }
            out[key] = ConfigNode(value: value, path: node.child(key))
        }
        return out
    }

    func required(_ fields: [String: ConfigNode], _ key: String, in parent: ConfigNode) throws(ConfigError) -> ConfigNode {
        guard let node = fields[key] else { throw fail(parent.child(key), "is missing", es: "falta: agréguelo") }
        return node
    }

    /// Non-empty text of at most `max` characters (and 4 bytes a character, so a pile of
    /// combining marks on one letter cannot pass for short), with no control characters.
    func string(_ node: ConfigNode, max: Int = 120) throws(ConfigError) -> String {
        guard case .string(let text) = node.value, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail(node.path, "expected non-empty text, found \(node.value.kind)", es: "no puede quedar vacío (hay \(node.value.kindInSpanish))")
        }
        guard text.count <= max, text.utf8.count <= max * 4 else {
            throw fail(node.path, "is \(text.count) characters (\(text.utf8.count) bytes) long; keep it to \(max) characters",
                       es: "tiene \(text.count) caracteres; acórtelo a \(max) como mucho")
        }
        guard !containsControlCharacter(text) else { throw fail(node.path, "has a control character (such as NUL or a line break): remove it",
                                                                 es: "tiene un carácter de control (como un salto de línea): quítelo") }
        return text
    }

    func int(_ node: ConfigNode, in range: ClosedRange<Int>, unit: ConfigUnit) throws(ConfigError) -> Int {
        guard case .int(let n) = node.value else { throw fail(node.path, "expected a whole number of \(unit.english), found \(node.value.kind)",
                                                                     es: "escriba un número entero de \(unit.spanish) (hay \(node.value.kindInSpanish))") }
        guard range.contains(n) else { throw fail(node.path, "\(n) is out of range; use \(range.lowerBound) to \(range.upperBound) \(unit.english)",
                                                               es: "\(n) no está entre \(range.lowerBound) y \(range.upperBound): escriba un número de \(range.lowerBound) a \(range.upperBound) \(unit.spanish)") }
        return n
    }

    func bool(_ node: ConfigNode) throws(ConfigError) -> Bool {
        guard case .bool(let b) = node.value else { throw fail(node.path, "expected true or false, found \(node.value.kind)", es: "escriba true o false (hay \(node.value.kindInSpanish))") }
        return b
    }

    func array(_ node: ConfigNode, nonEmpty: Bool = true, max: Int = 100) throws(ConfigError) -> [ConfigNode] {
        guard case .array(let items) = node.value else { throw fail(node.path, "expected a list, found \(node.value.kind)", es: "se esperaba una lista y hay \(node.value.kindInSpanish)") }
        if nonEmpty && items.isEmpty { throw fail(node.path, "must not be empty", es: "no puede quedar vacía") }
        if items.count > max { throw fail(node.path, "has \(items.count) items; at most \(max) are taken", es: "tiene \(items.count) elementos; se admiten \(max) como mucho") }
        return items.enumerated().map { ConfigNode(value: $1, path: "\(node.path)[\($0)]") }
    }

    /// Text in each language: `{"es": "…", "en": "…"}`, or plain text for every language.
    func localized(_ node: ConfigNode, max: Int = 120) throws(ConfigError) -> LocalizedText {
        if case .string = node.value { return LocalizedText([.es: try string(node, max: max)]) }
        let fields = try fields(node, allowed: Language.allCases.map(\.rawValue))
        var values: [Language: String] = [:]
        for language in Language.allCases {
            if let item = fields[language.rawValue] { values[language] = try string(item, max: max) }
        }
        guard values[.es] != nil else { throw fail(node.child("es"), "is missing; Spanish text is required", es: "falta: el texto en español es obligatorio") }
        return LocalizedText(values)
    }

    func office(_ root: ConfigNode) throws(ConfigError) -> Office {
        let f = try fields(root, allowed: [
            "name", "shortName", "timeZone", "languages", "targetWaitMinutes",
            "priorityHeadStartMinutes", "alertAtMinutes", "hours", "services", "desks", "access",
            "outcomes", "outcomeRequired", "publicAddress", "promiseThresholdPercent", "screens", "privacy", "notices", "requests", "mail",
        ])
        let name = try localized(required(f, "name", in: root))
        let shortName = try f["shortName"].map { node throws(ConfigError) in try localized(node, max: 40) }
        let zoneNode = try required(f, "timeZone", in: root)
        let zoneName = try string(zoneNode)
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw fail(zoneNode.path, "unknown time zone '\(zoneName)'; use an IANA name such as America/Bogota",
                       es: "no existe la zona horaria '\(zoneName)': use un nombre IANA como America/Bogota")
        }
        let languages = try f["languages"].map { node throws(ConfigError) in try languageList(node) } ?? [.es, .en]
        let target = try f["targetWaitMinutes"].map { node throws(ConfigError) in try int(node, in: 1...240, unit: .minutes) } ?? 15
        let headStart = try f["priorityHeadStartMinutes"].map { node throws(ConfigError) in try int(node, in: 0...240, unit: .minutes) } ?? 10
        let alert = try f["alertAtMinutes"].map { node throws(ConfigError) in try int(node, in: 1...target, unit: .minutes) } ?? min(12, target)
        let hours = try openingHours(required(f, "hours", in: root))
        let servicesNode = try required(f, "services", in: root)
        var services: [Service] = []
        for node in try array(servicesNode) {
            let service = try self.service(node)
            if let index = services.firstIndex(where: { $0.code == service.code }) {
                throw fail(node.child("code"), "duplicate code '\(service.code)' (already used by \(servicesNode.path)[\(index)])",
                           es: "la letra \(service.code) ya es del servicio \(index + 1) («\(services[index].name[.es])»): elija otra")
            }
            services.append(service)
        }
        let desksNode = try required(f, "desks", in: root)
        var desks: [Desk] = []
        for node in try array(desksNode) {
            let desk = try self.desk(node, services: services.map(\.code))
            if let index = desks.firstIndex(where: { $0.id == desk.id }) {
                throw fail(node.child("id"), "duplicate desk id '\(desk.id)' (already used by \(desksNode.path)[\(index)])",
                           es: "el número \(desk.id) ya es de otra ventanilla (la \(index + 1).ª de la lista): elija otro")
            }
            desks.append(desk)
        }
        let access = try f["access"].map { node throws(ConfigError) in try accessTokens(node) }
        let outcomes = try f["outcomes"].map { node throws(ConfigError) in try outcomeList(node) } ?? OutcomeKind.defaults
        let required = try f["outcomeRequired"].map { node throws(ConfigError) in try bool(node) } ?? false
        let publicAddress = try f["publicAddress"].map { node throws(ConfigError) -> String in
            var text = try string(node, max: 200)
            while text.hasSuffix("/") { text.removeLast() }
            guard text.hasPrefix("https://") || text.hasPrefix("http://"), !text.dropFirst(8).contains("/"), !text.contains(" ") else {
                throw fail(node.path, "'\(text)' is not an address; write it like https://turnos.example.org",
                           es: "'\(text)' no es una dirección: escríbala así: https://turnos.example.org")
            }
            return text
        }
        let threshold = try f["promiseThresholdPercent"].map { node throws(ConfigError) in try int(node, in: 1...100, unit: .percent) } ?? 90
        let screens = try screenSettings(f["screens"] ?? ConfigNode(value: .object([:]), path: "screens"), languages: languages)
        var privacy = PrivacySettings()
        if let node = f["privacy"] {
            let p = try fields(node, allowed: ["firstNames", "notes", "comments"])
            if let n = p["firstNames"] { privacy.firstNameDays = try int(n, in: 0...3650, unit: .daysKept) }
            if let n = p["notes"] { privacy.noteDays = try int(n, in: 0...3650, unit: .daysKept) }
            if let n = p["comments"] { privacy.commentDays = try int(n, in: 0...3650, unit: .daysKept) }
        }
        let notices = try f["notices"].map { node throws(ConfigError) in try noticeList(node) } ?? []
        let requests = try f["requests"].map { node throws(ConfigError) in try requestSettings(node) } ?? RequestSettings()
        var office = Office(
            name: name, shortName: shortName, timeZone: timeZone, languages: languages,
            targetWaitMinutes: target, priorityHeadStartMinutes: headStart, alertAtMinutes: alert,
            hours: hours, services: services, desks: desks, access: access, outcomes: outcomes, outcomeRequired: required,
            publicAddress: publicAddress, promiseThresholdPercent: threshold, screens: screens, privacy: privacy, notices: notices)
        office.requests = requests
        office.mail = try f["mail"].map { node throws(ConfigError) in try mailSettings(node) }
        return office
    }


    /// `"outcomes": [{"code": "resolved", "name": {"es": "…", "en": "…"}, "needs": "caseNumber"}, …]`:
    /// the office's own list, which replaces the default one (give the default codes to
    /// rename them).
    func outcomeList(_ node: ConfigNode) throws(ConfigError) -> [OutcomeKind] {
        var out: [OutcomeKind] = []
        for item in try array(node, max: 12) {
            let f = try fields(item, allowed: ["code", "name", "needs"])
            let codeNode = try required(f, "code", in: item)
            let code = try string(codeNode, max: 30)
            guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw fail(codeNode.path, "'\(code)' is not an outcome code; use letters and digits, e.g. resolved",
                           es: "'\(code)' no es un código de resultado: use letras y dígitos sin espacios, como resolved")
            }
            guard !out.contains(where: { $0.code == code }) else { throw fail(codeNode.path, "duplicate outcome '\(code)'", es: "el resultado '\(code)' ya está en la lista") }
            let needs = try f["needs"].map { node throws(ConfigError) -> OutcomeKind.Detail in
                let text = try string(node)
                guard let detail = OutcomeKind.Detail(rawValue: text) else {
                    throw fail(node.path, "'\(text)' is not a detail; use caseNumber or referredTo",
                               es: "'\(text)' no es un dato que se pida: use caseNumber o referredTo")
                }
                return detail
            }
            out.append(OutcomeKind(code: code, name: try localized(required(f, "name", in: item), max: 40), needs: needs))
        }
        return out
    }

    /// `"access": {"staff": "…" or ["…", …], "kiosk": …, "read": …, "sessionHours": 10}`.
    /// A token is 12 to 200 visible ASCII characters and belongs to one role. Staff who
    /// sign in as themselves need no token here: `staff` is the deprecated shared token,
    /// and leaving it out turns it off.
    func accessTokens(_ node: ConfigNode) throws(ConfigError) -> AccessTokens {
        let f = try fields(node, allowed: ["staff", "kiosk", "read", "sessionHours"])
        var seen: [String: String] = [:]
        func tokens(_ key: String) throws(ConfigError) -> [String] {
            guard let item = f[key] else { return [] }
            let nodes: [ConfigNode]
            if case .string = item.value { nodes = [item] } else { nodes = try array(item) }
            var out: [String] = []
            for token in nodes {
                let text = try string(token, max: 200)
                guard (12...200).contains(text.count), text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
                    throw fail(token.path, "a token must be 12 to 200 letters, digits or symbols without spaces",
                               es: "una ficha lleva de 12 a 200 letras, dígitos o símbolos, sin espacios ni tildes")
                }
                if let other = seen[text] { throw fail(token.path, "this token is already used for \(other): give each role its own",
                                                        es: "esta ficha ya es de \(AccessTokens.roleInSpanish(other)): dé a cada uso la suya") }
                seen[text] = key
                out.append(text)
            }
            return out
        }
        let hours = try f["sessionHours"].map { node throws(ConfigError) in try int(node, in: 1...24, unit: .hours) } ?? AccessTokens.defaultSessionHours
        return AccessTokens(staff: try tokens("staff"), kiosk: try tokens("kiosk"), read: try tokens("read"), sessionHours: hours)
    }

    /// `"screens": {"voices": {"es": "es-419"}, "chimeVolume": 80, "voiceVolume": 100,
    /// "wallLanguages": ["es", "en"], "kioskScreenInches": 21.5}`, every key optional.
    func screenSettings(_ node: ConfigNode, languages: [Language]) throws(ConfigError) -> ScreenSettings {
        let f = try fields(node, allowed: ["voices", "chimeVolume", "voiceVolume", "wallLanguages", "kioskScreenInches", "kioskExitPIN"])
        var settings = ScreenSettings(wallLanguages: [languages.first ?? .es])
        if let voicesNode = f["voices"] {
            for (key, item) in try fields(voicesNode, allowed: Language.allCases.map(\.rawValue)) {
                let voice = try string(item, max: 40)
                guard voice.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "+" || $0 == "_") }) else {
                    throw fail(item.path, "'\(voice)' is not an espeak-ng voice name; use one like es-419 (espeak-ng --voices lists them)",
                               es: "'\(voice)' no es una voz de espeak-ng: use una como es-419 (espeak-ng --voices las lista)")
                }
                settings.voices[Language(rawValue: key)!] = voice
            }
        }
        if let n = f["chimeVolume"] { settings.chimeVolume = try int(n, in: 0...100, unit: .percent) }
        if let n = f["voiceVolume"] { settings.voiceVolume = try int(n, in: 0...100, unit: .percent) }
        if let n = f["wallLanguages"] {
            let list = try languageList(n)
            if let missing = list.first(where: { !languages.contains($0) }) {
                throw fail(n.path, "'\(missing.rawValue)' is not one of the office's languages (\(languages.map(\.rawValue).joined(separator: ", ")))",
                           es: "'\(missing.rawValue)' no es uno de los idiomas de la oficina (\(languages.map(\.rawValue).joined(separator: ", ")))")
            }
            settings.wallLanguages = Array(list.prefix(2))
        }
        if let n = f["kioskScreenInches"] {
            let inches: Double
            switch n.value {
            case .int(let value): inches = Double(value)
            case .double(let value): inches = value
            default: throw fail(n.path, "expected the kiosk screen's diagonal in inches, such as 21.5, found \(n.value.kind)",
                                   es: "escriba la diagonal de la pantalla del kiosco en pulgadas, como 21.5 (hay \(n.value.kindInSpanish))")
            }
            guard (7...100).contains(inches) else { throw fail(n.path, "\(inches) is out of range; use 7 to 100 inches", es: "\(inches) no sirve: use de 7 a 100 pulgadas") }
            settings.kioskScreenInches = inches
        }
        if let n = f["kioskExitPIN"] {
            let pin = try string(n, max: 8)
            guard (4...8).contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw fail(n.path, "'\(pin)' is not a PIN; use 4 to 8 digits, such as \"4821\"",
                               es: "'\(pin)' no es un PIN: use de 4 a 8 dígitos, como \"4821\"")
            }
            settings.kioskExitPIN = pin
        }
        return settings
    }

    func languageList(_ node: ConfigNode) throws(ConfigError) -> [Language] {
        var out: [Language] = []
        for item in try array(node) {
            let code = try string(item)
            guard let language = Language(rawValue: code) else {
                throw fail(item.path, "unsupported language '\(code)'; use es or en", es: "el idioma '\(code)' no está disponible: use es o en")
            }
            if !out.contains(language) { out.append(language) }
        }
        return out
    }

    func time(_ node: ConfigNode) throws(ConfigError) -> TimeOfDay {
        let text = try string(node)
        guard let time = TimeOfDay(text) else { throw fail(node.path, "'\(text)' is not a time; write HH:MM, e.g. 08:00", es: "'\(text)' no es una hora: escríbala así: 08:00") }
        return time
    }

    func service(_ node: ConfigNode) throws(ConfigError) -> Service {
        let f = try fields(node, allowed: ["code", "name", "description", "bring", "hours", "active", "catalogue"])
        let codeNode = try required(f, "code", in: node)
        // Filled in from the institution's catalogue before it is read (ServiceCatalogue);
        // only an office in an institution's database has one.
        if let marker = f["catalogue"], try bool(marker), f["name"] == nil {
            throw fail(marker.path, "takes the service from an institution's catalogue, which only an office in an institution's database (PostgreSQL) has: write the service whole",
                       es: "toma el servicio del catálogo de una institución, que solo tiene una oficina en la base de datos de una institución (PostgreSQL): escriba el servicio completo")
        }
        let code = try string(codeNode)
        // The file writes it in capitals, as tickets and screens show it.
        guard let valid = ServiceCode(code), valid.rawValue == code else {
            throw fail(codeNode.path, "'\(code)' is not a service code; use one capital letter A–Z", es: "'\(code)' no sirve como código: use una letra mayúscula de la A a la Z")
        }
        var bring: [Language: [String]] = [:]
        if let bringNode = f["bring"] {
            let byLanguage = try fields(bringNode, allowed: Language.allCases.map(\.rawValue))
            for (key, list) in byLanguage {
                guard let language = Language(rawValue: key) else { continue }
                var items: [String] = []
                for item in try array(list, nonEmpty: false, max: 12) { items.append(try string(item)) }
                bring[language] = items
            }
        }
        return Service(
            code: valid,
            name: try localized(required(f, "name", in: node)),
            description: try localized(required(f, "description", in: node), max: 300),
            bring: bring,
            hours: try f["hours"].map { node throws(ConfigError) in try openingHours(node) },
            active: try f["active"].map { node throws(ConfigError) in try bool(node) } ?? true)
    }

    func desk(_ node: ConfigNode, services: [ServiceCode]) throws(ConfigError) -> Desk {
        let f = try fields(node, allowed: ["id", "label", "services"])
        let idNode = try required(f, "id", in: node)
        let id = try string(idNode)
        guard let valid = DeskID(id), valid.rawValue == id else {
            throw fail(idNode.path, "'\(id)' is not a desk id; use up to 12 letters or digits, e.g. \"3\"",
                           es: "'\(id)' no sirve como número de ventanilla: use hasta 12 letras o dígitos, como \"3\"")
        }
        var served: [ServiceCode] = []
        for item in try array(required(f, "services", in: node)) {
            let code = ServiceCode(rawValue: try string(item))
            guard services.contains(code) else {
                throw fail(item.path, "unknown service '\(code)'; the services are \(services.joined(separator: ", "))",
                           es: "no hay un servicio '\(code)': los servicios son \(services.joined(separator: ", "))")
            }
            if !served.contains(code) { served.append(code) }
        }
        return Desk(id: valid, label: try localized(required(f, "label", in: node), max: 40), services: served)
    }
}
