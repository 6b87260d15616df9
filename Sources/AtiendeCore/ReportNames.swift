import Foundation

/// The names of services and desks as they were, for a report: a day's report shows the
/// names in force that day, so renaming a desk does not rewrite last week, a retired
/// service keeps its own name, and a code used again later does not relabel old tickets.
public struct ReportNames: Sendable, Equatable, Codable {
    public var services: [ServiceCode: LocalizedText] = [:]
    public var desks: [DeskID: LocalizedText] = [:]

    public init() {}

    /// The names of `configs` (oldest first, each with when it was applied) in force
    /// until `end`: each code's name from the last config before `end` that had it.
    public static func inForce(_ configs: [(appliedAt: Date, office: Office)], until end: Date) -> ReportNames {
        var names = ReportNames()
        for (appliedAt, office) in configs where appliedAt < end {
            for service in office.services { names.services[service.code] = service.name }
            for desk in office.desks { names.desks[desk.id] = desk.label }
        }
        return names
    }

    /// A service's name (`code` alone when no config ever named it).
    public func service(_ code: ServiceCode, _ language: Language) -> String { services[code]?[language] ?? code.rawValue }

    /// A desk's label (`id` alone when no config ever named it).
    public func desk(_ id: DeskID, _ language: Language) -> String { desks[id]?[language] ?? id.rawValue }
}

extension LocalizedText: Codable {
    public init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([String: String].self)
        self.init(Dictionary(uniqueKeysWithValues: values.compactMap { key, value in Language(rawValue: key).map { ($0, value) } }))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }))
    }
}
