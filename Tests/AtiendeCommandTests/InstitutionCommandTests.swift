import AtiendePostgres
import Foundation
import Testing
import TestSupport

/// `atiende` on an office of an institution's PostgreSQL database (`--db postgres://… --office ID`).
@Suite(.enabled(if: TestPostgres.available, "needs the test command's PostgreSQL (ATIENDE_TEST_POSTGRES)"))
struct InstitutionCommandTests {
    /// Two offices in one database: each set up by `init`, each numbering on its own, each
    /// with its own status and staff.
    @Test func everyCommandWorksOnAnOfficeOfTheDatabase() async throws {
        try await TestPostgres.withDatabase { _, address in
            let cli = try CommandRunner()
            let url = address.description
            let north = ["--db", url, "--office", "norte"], south = ["--db", url, "--office", "sur"]
            let created = try await cli.run(["init", "--json"] + north)
            #expect(created.status == 0 && created.stdout.contains(#""created":true"#), "\(created.stderr)")
            #expect(try await cli.run(["init"] + south).stdout.contains("office sur of \(url)"))
            #expect(try await cli.run(["issue", "A"] + north).stdout.hasPrefix("A-001"))
            #expect(try await cli.run(["issue", "A"] + north).stdout.hasPrefix("A-002"))
            #expect(try await cli.run(["issue", "A"] + south).stdout.hasPrefix("A-001"), "each office numbers on its own")
            #expect(try await cli.run(["next", "--desk", "1"] + north).stdout.hasPrefix("A-001 llamado a Ventanilla 1"))
            let status = try await cli.run(["status", "--json"] + north)
            #expect(status.status == 0 && status.stdout.contains(#""number":"A-001""#), "\(status.stdout)")
            let added = try await cli.run(["staff", "add", "Rosa Pérez", "--user", "rosa", "--password-stdin"] + north, input: "una contraseña larga\n")
            #expect(added.status == 0, "\(added.stderr)")
            #expect(try await cli.run(["staff", "list"] + north).stdout.contains("rosa"))
            #expect(!(try await cli.run(["staff", "list"] + south).stdout.contains("rosa")), "a role in one office only")
        }
    }

    /// What is wrong with the database or the office is said in one line, and the
    /// command stops with 69 (unavailable) or 64 (usage).
    @Test func aDatabaseThatCannotBeUsedIsToldInOneLine() async throws {
        let cli = try CommandRunner()
        let unreachable = try await cli.run("status", "--db", "postgres://atiende@127.0.0.1:1/atiende", "--office", "norte")
        #expect(unreachable.status == 69)
        #expect(unreachable.stderr == "atiende: cannot use the database postgres://atiende@127.0.0.1:1/atiende: the database server cannot be reached (connection refused): check that it runs and that this machine reaches it, then try again\n", "\(unreachable.stderr)")
        let noOffice = try await cli.run("status", "--db", "postgres://atiende@127.0.0.1:1/atiende")
        #expect(noOffice.status == 64 && noOffice.stderr.contains("name this one with --office ID"), "\(noOffice.stderr)")
        let password = try await cli.run("status", "--db", "postgres://atiende:secret@127.0.0.1/atiende", "--office", "norte")
        #expect(password.status == 64 && !password.stderr.contains("secret") && password.stderr.contains("ATIENDE_DB_PASSWORD"), "\(password.stderr)")
        let badOffice = try await cli.run("status", "--db", "postgres://atiende@127.0.0.1:1/atiende", "--office", "Norte Sur")
        #expect(badOffice.status == 64 && badOffice.stderr.contains("is not an office id"), "\(badOffice.stderr)")
        #expect(badOffice.stderr.split(separator: "\n").count == 1)
    }

    /// The previous release's file moves whole: the same report from the database as from
    /// the file, a second run adds nothing, and the office numbers on where the file stopped.
    @Test func migrateMovesAnOfficesFileWithoutLosingATicket() async throws {
        try await TestPostgres.withDatabase { _, address in
            var cli = try CommandRunner()
            cli.now = "2026-11-23T15:00:00-05:00"
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../Fixtures/previous-release.sqlite").standardized
            try FileManager.default.copyItem(atPath: fixture.path, toPath: cli.database)
            let url = address.description, office = ["--db", url, "--office", "antigua"]
            let moved = try await cli.run("migrate", "--from", cli.database, "--to", url, "--office", "antigua", "--json")
            #expect(moved.status == 0, "\(moved.stderr)")
            let first = try moved.json()
            #expect(first["tickets"] as? Int == first["ticketsInFile"] as? Int && (first["tickets"] as? Int ?? 0) > 0, "\(first)")
            #expect((first["events"] as? Int ?? 0) > 0 && first["configs"] as? Int == 1)
            let again = try await cli.run("migrate", "--from", cli.database, "--to", url, "--office", "antigua", "--json").json()
            #expect(again["tickets"] as? Int == 0 && again["events"] as? Int == 0 && again["configs"] as? Int == 0, "\(again)")
            let span = ["--from", "2026-11-01", "--to", "2026-11-30", "--json"]
            let fromFile = try await cli.run(["report"] + span).stdout
            let fromDatabase = try await cli.run(["report"] + span + office).stdout
            #expect(!fromFile.isEmpty && fromFile == fromDatabase, "the same report from both")
            let next = try await cli.run(["issue", "A"] + office).stdout
            #expect(next.hasPrefix(try await cli.run("issue", "A").stdout.prefix(5)), "numbering goes on where the file stopped: \(next)")
            let nowhere = try await cli.run("migrate", "--from", cli.folder.appendingPathComponent("none.sqlite").path, "--to", url, "--office", "antigua")
            #expect(nowhere.status == 66 && nowhere.stderr.hasPrefix("atiende: no database at"))
        }
    }

    /// The offices side by side: each office's own figures, ranked by the share called
    /// within the target, and the institution's sums.
    @Test func theInstitutionsReportSetsTheOfficesSideBySide() async throws {
        try await TestPostgres.withDatabase { _, address in
            let cli = try CommandRunner()
            let url = address.description
            for office in ["norte", "sur"] { #expect(try await cli.run("init", "--db", url, "--office", office).status == 0) }
            let north = ["--db", url, "--office", "norte"], south = ["--db", url, "--office", "sur"]
            for _ in 0..<3 { try await cli.run(["issue", "A"] + north) }
            try await cli.run(["issue", "A"] + south)
            // South calls its visitor after 20 minutes, past the target; north at once.
            try await cli.run(["next", "--desk", "1"] + north)
            try await cli.at("09:20").run(["next", "--desk", "1"] + south)
            let json = try await cli.run(["report", "--institution", "--json"] + north)
            #expect(json.status == 0, "\(json.stderr)")
            let report = try json.json()
            let offices = report["offices"] as? [[String: Any]] ?? []
            #expect(offices.map { $0["office"] as? String } == ["norte", "sur"], "ranked by the share within the target")
            #expect(offices.map { $0["rank"] as? Int } == [1, 2])
            let whole = report["institution"] as? [String: Any]
            #expect(whole?["issued"] as? Int == 4 && whole?["measured"] as? Int == 2 && whole?["withinTarget"] as? Int == 1, "\(String(describing: whole))")
            let table = try await cli.run(["report", "--institution"] + north).stdout
            #expect(table.contains("Toda la institución") && table.contains("50,0 %"), "\(table)")
            let alone = try await cli.run(["report", "--institution"])
            #expect(alone.status == 64 && alone.stderr.contains("--institution compares the offices"))
            // The spreadsheet and the printable page: a row per office, per person and the whole.
            let csv = cli.folder.appendingPathComponent("oficinas.csv"), page = cli.folder.appendingPathComponent("oficinas.html")
            #expect(try await cli.run(["report", "--institution", "--csv", csv.path, "--html", page.path] + north).status == 0)
            let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
            #expect(rows.first?.hasPrefix("fila,puesto,oficina,nombre") == true && rows.first?.hasSuffix("answer,time,professionalism,information,attitude") == true)
            #expect(rows.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["oficina", "oficina", "institucion"])
            let html = try String(contentsOf: page, encoding: .utf8)
            #expect(html.contains("Oficinas de la institución") && html.contains("Lo que dijeron las personas") && html.contains("@page{size:A4"))
        }
    }

    /// The catalogue from the command line: shown, set, taken in by an office that offers
    /// from it, and refused on a single office's file.
    @Test func theCatalogueIsSetOnceAndAnOfficeOffersFromIt() async throws {
        try await TestPostgres.withDatabase { _, address in
            let cli = try CommandRunner()
            let url = address.description
            #expect(try await cli.run("init", "--db", url, "--office", "norte").status == 0)
            let north = ["--db", url, "--office", "norte"]
            #expect(try await cli.run(["catalogue"] + north).stdout.contains("El catálogo está vacío"))
            let file = cli.folder.appendingPathComponent("catalogo.json")
            try Data(#"{"services": [{"code": "E", "name": {"es": "Derechos humanos"}, "description": {"es": "Orientación en derechos"}}]}"#.utf8).write(to: file)
            let set = try await cli.run(["catalogue", "--set", file.path] + north)
            #expect(set.status == 0 && set.stdout.contains("Catálogo aplicado (versión 1); ninguna oficina cambió"), "\(set.stdout)\(set.stderr)")
            let south = try TestDatabase.demoConfig { config in
                var services = config["services"] as! [[String: Any]]
                services.append(["code": "E", "catalogue": true])
                config["services"] = services
            }
            let config = cli.folder.appendingPathComponent("sur.json")
            try Data(south.utf8).write(to: config)
            let made = try await cli.run("init", "--config", config.path, "--db", url, "--office", "sur")
            #expect(made.status == 0 && made.stdout.contains("Derechos humanos"), "\(made.stdout)\(made.stderr)")
            let single = try await cli.run("catalogue")
            #expect(single.status == 64 && single.stderr.contains("a catalogue is shared by the offices of an institution's database"))
            let onFile = try await cli.run("init", "--config", config.path)
            #expect(onFile.status != 0 && onFile.stderr.contains("(PostgreSQL)"), "\(onFile.stderr)")
        }
    }

    /// `init --if-changed` on the database, as on a file: the same file keeps what /admin
    /// changed; an edited file wins and says which version it replaced.
    @Test func initIfChangedKeepsWhatTheAdminChangedUntilTheFileChanges() async throws {
        try await TestPostgres.withDatabase { client, address in
            let cli = try CommandRunner()
            let url = address.description
            let file = cli.folder.appendingPathComponent("norte.json")
            try Data(TestDatabase.demoConfig.utf8).write(to: file)
            let north = ["--db", url, "--office", "norte", "--config", file.path, "--if-changed"]
            #expect(try await cli.run(["init"] + north).status == 0)
            let again = try await cli.run(["init"] + north)
            #expect(again.status == 0 && again.stdout.contains("Kept the office as it is: "), "\(again.stdout)\(again.stderr)")
            // An admin's change in the browser is a later version; a restart keeps it.
            let admin = PostgresQueue(client: client, office: "norte")
            let renamed = try TestDatabase.demoConfig { $0["name"] = ["es": "Oficina Norte"] }
            _ = try await admin.applyConfig(renamed, by: "marta", basedOn: nil)
            let kept = try await cli.run(["init"] + north)
            #expect(kept.stdout.contains("Kept the office as it is, version 2 (changed in /admin by marta"), "\(kept.stdout)")
            #expect(try await admin.office().name[.es] == "Oficina Norte")
            // The file edited: it wins, and says what it replaced.
            try Data(try TestDatabase.demoConfig { $0["targetWaitMinutes"] = 20 }.utf8).write(to: file)
            let edited = try await cli.run(["init"] + north)
            #expect(edited.stdout.contains("changed since it was last applied: it replaces version 2"), "\(edited.stdout)")
            #expect(try await admin.office().targetWaitMinutes == 20)
        }
    }
}
