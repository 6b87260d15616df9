import AtiendeCore
import Foundation
import Testing

@Suite struct ServiceCatalogueTests {
    static let catalogue = #"{"services": [{"code": "B", "name": {"es": "Quejas"}, "description": {"es": "Presente una queja"}, "bring": {"es": ["Cédula"]}}]}"#

    static func config(_ services: String) -> Data {
        Data(#"""
            {"name": {"es": "Sur"}, "timeZone": "America/Bogota", "hours": {"days": ["mon"], "open": "08:00", "close": "17:00"},
             "services": \#(services), "desks": [{"id": "1", "label": {"es": "Ventanilla 1"}, "services": ["A", "B"]}]}
            """#.utf8)
    }

    @Test func aServiceFromTheCatalogueIsFilledInAndKeepsTheOfficesOwnHoursAndPause() throws {
        let catalogue = try ServiceCatalogue.parse(Data(Self.catalogue.utf8), file: "catalogue")
        let config = Self.config(#"[{"code": "A", "name": {"es": "Propio"}, "description": {"es": "Del lugar"}}, {"code": "B", "catalogue": true, "active": false}]"#)
        #expect(ServiceCatalogue.offered(in: config) == ["B"])
        let expanded = try #require(try catalogue.expand(config, file: "sur.json"))
        let office = try OfficeConfig.parse(expanded, file: "sur.json")
        #expect(office.service("B")?.name[.es] == "Quejas" && office.service("B")?.bring[.es] == ["Cédula"])
        #expect(office.service("B")?.active == false)
        #expect(office.service("A")?.name[.es] == "Propio")
        #expect(try catalogue.expand(Self.config(#"[{"code": "A", "name": {"es": "Propio"}, "description": {"es": "Del lugar"}}]"#), file: "x") == nil,
                "a config that takes nothing from it is kept as written")
    }

    @Test func aServiceTheCatalogueLacksOrAnOfficeWithoutOneIsToldWhatToDo() throws {
        let catalogue = try ServiceCatalogue.parse(Data(Self.catalogue.utf8), file: "catalogue")
        let config = Self.config(#"[{"code": "A", "catalogue": true}, {"code": "B", "catalogue": true}]"#)
        #expect(throws: ConfigError.self) { try catalogue.expand(config, file: "sur.json") }
        do { _ = try catalogue.expand(config, file: "sur.json") } catch {
            #expect(error.description.contains("no service 'A' (it has B)"), "\(error)")
            #expect(error.description(in: .es).contains("no tiene el servicio 'A' (tiene B)"), "\(error.description(in: .es))")
        }
        // A single office (SQLite) has no catalogue: the marker alone is refused in one line.
        do {
            _ = try OfficeConfig.parse(config, file: "office.json")
            Issue.record("a service without its name was accepted")
        } catch {
            #expect(error.description.contains("only an office in an institution's database (PostgreSQL) has"), "\(error)")
        }
    }

    @Test func aCatalogueWithTheSameLetterTwiceOrAnOfficesHoursIsRefused() {
        #expect(throws: ConfigError.self) {
            try ServiceCatalogue.parse(Data(#"{"services": [{"code": "B", "name": {"es": "x"}, "description": {"es": "y"}}, {"code": "B", "name": {"es": "z"}, "description": {"es": "w"}}]}"#.utf8), file: "c")
        }
        #expect(throws: ConfigError.self) {
            try ServiceCatalogue.parse(Data(#"{"services": [{"code": "B", "name": {"es": "x"}, "description": {"es": "y"}, "active": false}]}"#.utf8), file: "c")
        }
    }
}
