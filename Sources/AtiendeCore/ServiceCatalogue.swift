import Foundation

/// The services an institution describes once for all its offices (docs/domain.md, "One
/// institution, many offices"). An office offers a subset by naming them in its own config,
/// `{"code": "B", "catalogue": true}`, and may add services of its own beside them. What a
/// service is (its name, description, what to bring) is the catalogue's; when it is offered
/// (`hours`) and whether it is paused (`active`) stay the office's. The office's config is
/// kept filled in (`expand`), so every reader of a config reads a whole one, and a change
/// of the catalogue reaches each office as a new version of its config.
public struct ServiceCatalogue: Sendable, Equatable {
    public var services: [Service]
    /// Each service as the catalogue writes it, by code.
    let written: [ServiceCode: [String: JSONValue]]

    /// An institution without a catalogue yet.
    public static let empty = ServiceCatalogue(services: [], written: [:])

    /// `{"services": [ … ]}`, each service written as an office config writes one (without
    /// `hours` or `active`, which are each office's), codes unique.
    public static func parse(_ data: Data, file: String) throws(ConfigError) -> ServiceCatalogue {
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch {
            throw ConfigError(
                file: file, field: error.path, problem: "is not valid JSON (line \(error.line), column \(error.column): \(error.problem))",
                es: "no es JSON válido (línea \(error.line), columna \(error.column): \(error.problemInSpanish))")
        }
        let reader = ConfigReader(file: file)
        let top = try reader.fields(ConfigNode(value: root, path: ""), allowed: ["services"])
        let list = try reader.required(top, "services", in: ConfigNode(value: root, path: ""))
        var services: [Service] = [], written: [ServiceCode: [String: JSONValue]] = [:]
        for node in try reader.array(list, nonEmpty: false) {
            _ = try reader.fields(node, allowed: ["code", "name", "description", "bring"])
            let service = try reader.service(node)
            guard written[service.code] == nil, case .object(let fields) = node.value else {
                throw reader.fail(node.child("code"), "duplicate code '\(service.code)'", es: "la letra \(service.code) ya es de otro servicio del catálogo: elija otra")
            }
            services.append(service)
            written[service.code] = fields
        }
        return ServiceCatalogue(services: services, written: written)
    }

    /// The codes an office config takes from the catalogue (`"catalogue": true`).
    public static func offered(in config: Data) -> Set<ServiceCode> {
        guard case .object(let root)? = try? JSONValue.parse(config), case .array(let services)? = root["services"] else { return [] }
        var codes: Set<ServiceCode> = []
        for case .object(let service) in services where service["catalogue"] == .bool(true) {
            if case .string(let code)? = service["code"], let valid = ServiceCode(code) { codes.insert(valid) }
        }
        return codes
    }

    /// `config` with each service it takes from the catalogue filled in from this
    /// catalogue, or `nil` when it takes none (the text is kept as written). A code the
    /// catalogue lacks is refused with the codes it has.
    public func expand(_ config: Data, file: String) throws(ConfigError) -> Data? {
        guard case .object(var root)? = try? JSONValue.parse(config), case .array(let services)? = root["services"] else { return nil }
        var changed = false
        var out: [JSONValue] = []
        for (index, service) in services.enumerated() {
            guard case .object(let fields) = service, fields["catalogue"] == .bool(true) else {
                out.append(service)
                continue
            }
            guard case .string(let code)? = fields["code"], let valid = ServiceCode(code), let shared = written[valid] else {
                let has = self.services.isEmpty ? "none yet" : self.services.map(\.code.rawValue).joined(separator: ", ")
                let code: String = if case .string(let code)? = fields["code"] { code } else { "?" }
                throw ConfigError(
                    file: file, field: "services[\(index)].code",
                    problem: "the institution's catalogue has no service '\(code)' (it has \(has)): write the service whole, or add it to the catalogue",
                    es: "el catálogo de la institución no tiene el servicio '\(code)' (tiene \(has == "none yet" ? "ninguno aún" : has)): escriba el servicio completo o agréguelo al catálogo")
            }
            var filled = shared
            for key in ["hours", "active"] { if let own = fields[key] { filled[key] = own } }
            filled["catalogue"] = .bool(true)
            out.append(.object(filled))
            changed = true
        }
        guard changed else { return nil }
        root["services"] = .array(out)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(JSONValue.object(root))
    }

    /// Refuses a catalogue that would take away a service an office offers from it.
    /// - Parameter offices: each office's id and the codes it takes from the catalogue.
    public func checkCovers(_ offices: [(office: String, codes: Set<ServiceCode>)]) throws(ConfigError) {
        let have = Set(services.map(\.code))
        for office in offices.sorted(by: { $0.office < $1.office }) {
            if let missing = office.codes.subtracting(have).sorted().first {
                throw ConfigError(
                    file: "the catalogue", field: "services",
                    problem: "office \(office.office) offers service \(missing) from the catalogue: keep it, or take it out of that office first",
                    es: "la oficina \(office.office) ofrece el servicio \(missing) del catálogo: manténgalo o quítelo antes de esa oficina")
            }
        }
    }
}
