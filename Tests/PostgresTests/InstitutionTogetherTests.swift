import AtiendeCore
import AtiendePostgres
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// The institution administered together (docs/postgres.md): its admins, the accounts its
/// offices share, the catalogue of services and the report side by side.
@Suite(.enabled(if: TestPostgres.available, "the test command starts PostgreSQL (scripts/postgres.sh) and sets ATIENDE_TEST_POSTGRES"))
struct InstitutionTogetherTests {
    static let catalogue = #"""
        {"services": [{"code": "B", "name": {"es": "Quejas y peticiones", "en": "Complaints and petitions"},
                       "description": {"es": "Presente una queja o una petición", "en": "File a complaint or a petition"}}]}
        """#

    /// The demo config with its service B taken from the catalogue, paused if `active` is false.
    static func offeringB(active: Bool = true) throws -> String {
        var config = try JSONSerialization.jsonObject(with: Data(TestDatabase.demoConfig.utf8)) as! [String: Any]
        var services = config["services"] as! [[String: Any]]
        let index = services.firstIndex { $0["code"] as? String == "B" }!
        services[index] = active ? ["code": "B", "catalogue": true] : ["code": "B", "catalogue": true, "active": false]
        config["services"] = services
        return String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
    }

    @Test func anOfficeOffersTheCataloguesServicesAndAChangeReachesItAsANewVersion() async throws {
        try await TestPostgres.withOffice { north, client, _ in
            let south = PostgresQueue(client: client, office: "sur", time: PostgresIssueTests.morning)
            // Before the catalogue has the service, the office's config is refused with what it has.
            await #expect(throws: ConfigError.self) { try await south.apply(config: try Self.offeringB(), file: "sur.json") }
            #expect(try await north.setCatalogue(Self.catalogue, by: nil).offices == [])
            try await south.apply(config: try Self.offeringB(), file: "sur.json")
            #expect(try await south.office().service("B")?.name[.es] == "Quejas y peticiones")
            #expect(try await south.office().service("A")?.name[.es] == "Orientación y asesoría", "its own services stay")
            let before = try await south.configVersions(limit: 10).count
            let renamed = Self.catalogue.replacingOccurrences(of: "Quejas y peticiones", with: "Quejas, reclamos y peticiones")
            #expect(try await north.setCatalogue(renamed, by: "marta").offices == ["sur"], "norte writes its own B")
            #expect(try await south.office().service("B")?.name[.es] == "Quejas, reclamos y peticiones")
            #expect(try await south.configVersions(limit: 10).count == before + 1)
            #expect(try await north.office().service("B")?.name[.es] == "Presentar una queja o petición")
            // Taking away what an office offers is refused, naming the office.
            do {
                _ = try await north.setCatalogue(#"{"services": []}"#, by: nil)
                Issue.record("the catalogue lost B while sur offers it")
            } catch let error as ConfigError {
                #expect(error.description.contains("office sur offers service B"), "\(error)")
            }
            // The office keeps its own hours and pause for a catalogue service.
            try await south.apply(config: try Self.offeringB(active: false), file: "sur.json")
            #expect(try await south.office().service("B")?.active == false)
            #expect(try await south.office().service("B")?.name[.es] == "Quejas, reclamos y peticiones")
        }
    }

    @Test func anInstitutionAdminIsAnAdminInEveryOfficeAndAnOfficeAdminOnlyInTheirs() async throws {
        try await TestPostgres.withOffice { north, client, _ in
            let south = PostgresQueue(client: client, office: "sur", time: PostgresIssueTests.morning)
            try await south.apply(config: TestDatabase.demoConfig, file: "office.json")
            try await north.addStaff(StaffAccount(user: "marta", name: "Marta Ruiz", role: .clerk), passwordHash: "hash-m")
            try await south.addStaff(StaffAccount(user: "sofia", name: "Sofía León", role: .admin), passwordHash: "hash-s")
            #expect(try await south.staffAccount("marta") == nil, "marta works in norte only")
            try await north.setInstitutionAdmin("marta", true)
            #expect(try await south.staffAccount("marta")?.account.role == .admin)
            #expect(try await north.staffAccount("marta")?.account.role == .admin)
            let martaRuns = try await south.isInstitutionAdmin("marta"), sofiaRuns = try await south.isInstitutionAdmin("sofia")
            #expect(martaRuns && !sofiaRuns)
            // Sofía runs sur: she may not change the password of the institution's admin…
            let marta = try #require(try await south.staffAccount("marta")?.account)
            await #expect(throws: StaffError.institutionsOwn("marta")) {
                try await south.updateStaff(marta, passwordHash: "taken-over", byInstitution: false)
            }
            // …and a person of another office gets a role in sur without a password of sur's.
            try await north.addStaff(StaffAccount(user: "laura", name: "Laura Gómez", role: .clerk, desks: ["1"]), passwordHash: "hash-l")
            await #expect(throws: StaffError.userExists("laura")) {
                try await south.addStaff(StaffAccount(user: "laura", name: "Laura Gómez", role: .clerk), passwordHash: "hash-other", byInstitution: false)
            }
            try await south.addStaff(StaffAccount(user: "laura", name: "Laura", role: .supervisor, desks: ["2"]), passwordHash: nil, byInstitution: false)
            let inSouth = try #require(try await south.staffAccount("laura"))
            #expect(inSouth.account.role == .supervisor && inSouth.account.desks == ["2"] && inSouth.passwordHash == "hash-l")
            #expect(inSouth.account.name == "Laura Gómez", "her name is the institution's")
            #expect(try await north.staffAccount("laura")?.account.role == .clerk, "her role in norte stays")
            // Sofía sets Laura's role in sur, but not her password, which is Laura's everywhere.
            var promoted = inSouth.account
            promoted.role = .admin
            try await south.updateStaff(promoted, passwordHash: nil, byInstitution: false)
            await #expect(throws: StaffError.institutionsOwn("laura")) {
                try await south.updateStaff(promoted, passwordHash: "new", byInstitution: false)
            }
            try await south.updateStaff(promoted, passwordHash: "new", byInstitution: true)
            #expect(try await north.staffAccount("laura")?.passwordHash == "new")
            await #expect(throws: StaffError.passwordMissing("nuevo")) {
                try await south.addStaff(StaffAccount(user: "nuevo", name: "Nuevo Nombre", role: .clerk), passwordHash: nil, byInstitution: false)
            }
        }
    }

    @Test func theReportSideBySideHasTheDriversAndEachOfficesPeople() async throws {
        try await TestPostgres.withOffice { north, client, _ in
            let south = PostgresQueue(client: client, office: "sur", time: PostgresIssueTests.morning)
            try await south.apply(config: TestDatabase.demoConfig, file: "office.json")
            try await north.addStaff(StaffAccount(user: "laura", name: "Laura Gómez", role: .clerk), passwordHash: "h")
            let laura = try #require(try await north.staffAccount("laura")?.account)
            for queue in [north, south] {
                _ = try await queue.take("A")
                _ = try await queue.callNext(desk: "1", by: queue === north ? laura : nil)
                _ = try await queue.act(.start, desk: "1", by: queue === north ? laura : nil)
                _ = try await queue.act(.finish, desk: "1", by: queue === north ? laura : nil)
            }
            let ratings = Dictionary(uniqueKeysWithValues: KeyDriver.allCases.map { ($0, 4) })
            _ = try await north.rateLastVisit(desk: "1", Feedback(ratings: ratings))
            let day = try await north.snapshot().day
            let comparison = try await north.comparison(from: day, to: day)
            let rows = Dictionary(uniqueKeysWithValues: comparison.offices.map { ($0.office, $0) })
            #expect(rows["norte"]?.indicators.feedback.answered == 1)
            #expect(rows["norte"]?.indicators.feedback.averages[.attitude] == 4)
            #expect(rows["sur"]?.indicators.feedback.answered == 0)
            #expect(rows["norte"]?.people.map(\.user) == ["laura"] && rows["norte"]?.people.first?.served == 1)
            #expect(rows["norte"]?.people.first?.name == "Laura Gómez")
            #expect(rows["sur"]?.people.isEmpty == true, "nobody signed in at sur")
            #expect(comparison.institution.feedback.answered == 1 && comparison.institution.served == 2)
            // Every office now, for the institution's page.
            let now = try await north.officesNow()
            #expect(now.map(\.office) == ["norte", "sur"])
            #expect(now.allSatisfy { $0.issuedToday == 1 && $0.waiting == 0 && $0.desks == 4 })
        }
    }
}
