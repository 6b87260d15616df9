import ArgumentParser
import AtiendeCore
import AtiendePostgres
import AtiendeQueue
import Foundation

/// `atiende catalogue`: the services an institution describes once for all its offices.
struct Catalogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Show or replace the institution's catalogue of services (--db postgres://…).",
        discussion: """
            The catalogue describes services once for every office of an institution's \
            database: {"services": [{"code": "B", "name": {…}, "description": {…}}, …]}. An \
            office offers one by writing {"code": "B", "catalogue": true} among the services \
            of its config, with its own hours or "active": false if it likes; its own services \
            stay beside them. Replacing the catalogue gives each office that offers from it a \
            new version of its config; taking away a service an office offers is refused.

            Examples: atiende catalogue --db postgres://atiende@db/atiende --office centro; \
            atiende catalogue --set catalogue.json --db … --office centro
            """)

    @Option(name: .long, help: ArgumentHelp("Replace the catalogue with this file (JSON).", valueName: "file"))
    var set: String?

    @OptionGroup var common: FileOptions

    func run() async throws {
        let institution = try await common.openInstitution("a catalogue is shared by the offices of an institution's database")
        let language = await common.language(institution)
        let es = language == .es
        if let set {
            guard let data = FileManager.default.contents(atPath: set) else {
                throw CommandFailure(message: "cannot read \(set): give the catalogue's JSON file", code: 66)
            }
            let (version, offices) = try await institution.setCatalogue(String(decoding: data, as: UTF8.self), by: nil)
            if common.json { return say(#"{"version":\#(version),"offices":[\#(offices.map { "\"\($0)\"" }.joined(separator: ","))]}"#) }
            let changed = offices.isEmpty ? (es ? "ninguna oficina cambió" : "no office changed") : (es ? "cambiaron: " : "changed: ") + offices.joined(separator: ", ")
            return say(es ? "Catálogo aplicado (versión \(version)); \(changed)" : "Catalogue applied (version \(version)); \(changed)")
        }
        let (version, json) = try await institution.catalogue()
        if common.json { return say(json) }
        let catalogue = try ServiceCatalogue.parse(Data(json.utf8), file: "the catalogue")
        guard !catalogue.services.isEmpty else {
            return say(es ? "El catálogo está vacío: cree uno con atiende catalogue --set ARCHIVO" : "The catalogue is empty: make one with atiende catalogue --set FILE")
        }
        say(es ? "Catálogo de la institución (versión \(version))" : "The institution's catalogue (version \(version))")
        for service in catalogue.services { say("  \(service.code)  \(service.name[language])") }
    }
}
