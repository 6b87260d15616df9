import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

/// The `atiende` command as a user runs it: the real executable, a fresh database,
/// a fixed clock through ATIENDE_NOW.
@Suite(.serialized) struct CommandTests {
    /// Staff read the desk commands in the office's language (Spanish for the demo office),
    /// or the one `--lang` asks for.
    @Test func staffMessagesFollowTheOfficesLanguage() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        let issued = try await cli.run("issue", "A").stdout
        #expect(issued.contains("A-001  Orientación y asesoría") && issued.contains("0 personas antes"), "\(issued)")
        // A wait in words, not "0:00" (minutes or seconds?).
        #expect(try await cli.run("next", "--desk", "1").stdout.hasPrefix("A-001 llamado a Ventanilla 1, esperó menos de 1 min"))
        // Refusals, account messages and the report's words too (they were in English).
        #expect(try await cli.run("next", "--desk", "1").stderr.hasPrefix("atiende: la ventanilla 1 ya tiene A-001 llamado"))
        let short = try await cli.run("staff", "add", "Rosa", "--user", "rosa", "--password-stdin", input: "corta\n")
        #expect(short.stderr == "atiende: la contraseña es muy corta: use al menos 8 caracteres\n", "\(short.stderr)")
        let added = try await cli.run("staff", "add", "Rosa Pérez", "--user", "rosa", "--desks", "1", "--password-stdin", input: "una contraseña larga\n")
        #expect(added.stdout == "Cuenta agregada: rosa  Rosa Pérez  ventanilla, ventanilla 1\n", "\(added.stdout)")
        let report = try await cli.run("report").stdout
        #expect(report.contains("Toda la oficina") && report.contains("Emitidos") && report.contains("0,0 %"), "\(report)")
        #expect(!report.contains("Whole office") && !report.contains("Issued"))
        #expect(try await cli.run("issue", "B", "--lang", "en").stdout.contains("0 people ahead"))
        #expect(try await cli.run("desk", "close", "2", "--lang", "en").stdout == "Desk 2 is closed.\n")
        #expect(try await cli.run("desk", "open", "2").stdout == "Ventanilla 2 está abierta.\n")
    }

    /// `issue` outside the service's hours says so and when it opens; `--anyway` issues
    /// for a visitor already inside at closing time.
    @Test func issueOutsideTheHoursSaysWhenItOpensAndAnywayIssues() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        let saturday = ["ATIENDE_NOW": "2026-11-28T10:00:00-05:00"]
        let refused = try await cli.run("issue", "A", environment: saturday)
        #expect(refused.status == 1 && refused.stdout.isEmpty)
        #expect(refused.stderr == "atiende: el servicio A está cerrado ahora; abre 2026-11-30 08:00. Para emitir de todos modos (alguien que ya está adentro), agregue --anyway\n", "\(refused.stderr)")
        #expect(try await cli.run("issue", "A", "--lang", "en", environment: saturday).stderr.contains("service A is closed now; it opens 2026-11-30 08:00"))
        let anyway = try await cli.run("issue", "A", "--anyway", environment: saturday)
        #expect(anyway.status == 0 && anyway.stdout.contains("A-001"), "\(anyway.stderr)")
    }

    /// Through a server, the office's hours are read on the server's clock: the demo's
    /// "from another terminal" commands were refused on a machine whose clock said Saturday.
    @Test func issueThroughAServerGoesByTheServersClock() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        let server = ServerProcess(executable: CommandRunner.executable.path, database: cli.database,
            environment: ["ATIENDE_DB": cli.database, "ATIENDE_NOW": cli.now, "ATIENDE_CLOCK": "fixed"], folder: cli.folder)
        try await server.start()
        defer { server.stop() }
        let saturday = ["ATIENDE_NOW": "2026-11-28T10:00:00-05:00", "ATIENDE_DB": "", "ATIENDE_SERVER": server.url, "ATIENDE_TOKEN": ServerProcess.staffToken]
        let issued = try await cli.run("issue", "A", environment: saturday)
        #expect(issued.status == 0 && issued.stdout.contains("A-001"), "\(issued.stderr)")
    }

    @Test func issueNextAndStatusSpeakTheJSONContract() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)

        let issued = try await cli.run("issue", "A", "--json").json()
        #expect(issued["number"] as? String == "A-001")
        #expect(issued["service"] as? String == "A")
        #expect(issued["preferential"] as? Bool == false)
        #expect(issued["issuedAt"] as? String == "2026-11-23T09:00:00-05:00")
        #expect(issued["ahead"] as? Int == 0)
        #expect(issued["estimatedWaitMinutes"] as? Int == 0)

        let next = try await cli.run("next", "--desk", "1", "--json").json()
        #expect(next["number"] as? String == "A-001")
        #expect(next["desk"] as? String == "1")
        #expect(next["waitSeconds"] as? Int == 0)

        #expect(try await cli.run("finish", "--desk", "1").status == 1, "not started yet")
        let nobody = try await cli.run("next", "--desk", "2", "--json")
        #expect(nobody.stdout == "{\"number\":null}\n")

        let status = try await cli.run("status", "--json").json()
        let services = try #require(status["services"] as? [[String: Any]])
        #expect(services.map { $0["code"] as? String } == ["A", "B", "C", "D"])
        for key in ["code", "name", "waiting", "longestWaitSeconds", "estimatedWaitMinutes"] {
            #expect(services[0].keys.contains(key), "services[].\(key)")
        }
        let desks = try #require(status["desks"] as? [[String: Any]])
        #expect(desks[0]["id"] as? String == "1")
        #expect(desks[0]["label"] as? String == "Ventanilla 1")
        #expect(desks[0]["state"] as? String == "called")
        #expect(desks[0]["ticket"] as? String == "A-001")
        #expect(desks[1]["ticket"] == nil, "a field without a value is left out (openapi.json 1.1.0)")
        let today = try #require(status["today"] as? [String: Any])
        #expect(today["issued"] as? Int == 1)
        for key in ["served", "noShows", "withinTargetPercent", "averageWaitSeconds"] { #expect(today.keys.contains(key)) }
    }

    /// Twenty people waiting for one service: `status` projects who will be called in time
    /// and, below the office's 90 %, says which desk to open.
    @Test func statusProjectsThePromiseAndAdvises() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        #expect(try await cli.run("issue", "A", "--count", "20").status == 0)
        let status = try await cli.run("status", "--json").json()
        let promise = try #require(status["promise"] as? [String: Any])
        let percent = try #require(promise["projectedWithinTargetPercent"] as? Double)
        #expect((0...100).contains(percent))
        #expect(promise["thresholdPercent"] as? Int == 90)
        #expect(promise["belowThreshold"] as? Bool == (percent < 90))
        let services = try #require(status["services"] as? [[String: Any]])
        #expect(services.first { $0["code"] as? String == "A" }?["projectedWithinTargetPercent"] as? Double == percent, "one service waits")
        #expect(services.first { $0["code"] as? String == "B" }?["projectedWithinTargetPercent"] == nil, "nobody waits for B")
        let better = try #require(promise["withOneMoreDeskPercent"] as? Double)
        #expect(better > percent)
        let advice = try #require(promise["advice"] as? String, "\(percent) % is below 90 %")
        #expect(advice.hasSuffix(" % a tiempo") && (advice.hasPrefix("Abrir ") || advice.hasPrefix("Sumar una ventanilla")), "\(advice)")
        let text = try await cli.run("status").stdout
        #expect(text.contains("Promesa: ") && text.contains(advice), "\(text)")
        #expect(try await cli.run("status", "--lang", "en").stdout.contains("Promise: "))
        // Nobody waiting: no projection.
        let empty = try CommandRunner()
        #expect(try await empty.run("init").status == 0)
        #expect(try await empty.run("status", "--json").json()["promise"] == nil)
    }

    @Test func finishRecordsHowTheVisitEnded() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        #expect(try await cli.run("issue", "A").status == 0)
        #expect(try await cli.run("next", "--desk", "1").status == 0)
        #expect(try await cli.run("start", "--desk", "1").status == 0)
        let missing = try await cli.run("finish", "--desk", "1", "--outcome", "caseOpened")
        #expect(missing.status == 1)
        #expect(missing.stderr == "atiende: el resultado caseOpened necesita el número de caso: agréguelo (--case)\n")
        let stray = try await cli.run("finish", "--desk", "1", "--note", "x")
        #expect(stray.status == 64)
        #expect(stray.stderr.hasPrefix("atiende: --case, --referred-to and --note go with --outcome"))
        let done = try await cli.run("finish", "--desk", "1", "--outcome", "caseOpened", "--case", "Q-2026-0412", "--json").json()
        let event = try #require(done["event"] as? [String: Any])
        let outcome = try #require(event["outcome"] as? [String: Any])
        #expect(outcome["code"] as? String == "caseOpened")
        #expect(outcome["caseNumber"] as? String == "Q-2026-0412")
        let report = try await cli.run("report", "--json").json()
        let office = try #require(report["office"] as? [String: Any])
        #expect(office["outcomes"] as? [String: Int] == ["caseOpened": 1])
    }

    @Test func waitSecondsComeFromTheClock() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        try await cli.run("issue", "B")
        let next = try await cli.at("09:07").run("next", "--desk", "3", "--json").json()
        #expect(next["waitSeconds"] as? Int == 420)
    }

    @Test func aBrokenConfigLeavesTheDatabaseUntouched() async throws {
        let cli = try CommandRunner()
        let bad = cli.folder.appendingPathComponent("office.json")
        try Data(#"{"name": "X", "timeZone": "America/Bogota", "targetWaitMinutes": 0, "hours": {"days": ["mon"], "open": "08:00", "close": "17:00"}, "services": [], "desks": []}"#.utf8).write(to: bad)

        let fresh = try await cli.run("init", "--config", bad.path)
        #expect(fresh.status == 1)
        #expect(fresh.stderr == "atiende: \(bad.path): targetWaitMinutes: 0 is out of range; use 1 to 240 minutes\n")
        #expect(!FileManager.default.fileExists(atPath: cli.database), "no database was created")

        try await cli.run("init")
        try await cli.run("issue", "C")
        let before = try await cli.run("status", "--json").stdout
        let again = try await cli.run("init", "--config", bad.path)
        #expect(again.status == 1)
        #expect(try await cli.run("status", "--json").stdout == before)
    }

    @Test(arguments: [
        (["issue", "Z"], "atiende: no hay un servicio 'Z': use uno de A, B, C, D\n", Int32(1)),
        (["next"], "atiende: Missing expected argument '--desk <id>' (see `atiende --help`)\n", 64),
        (["call", "hello", "--desk", "1"], "atiende: 'hello' is not a ticket number: write it like A-007\n", 1),
        (["next", "--desk", "9"], "atiende: no hay una ventanilla '9': use una de 1, 2, 3, 4\n", 1),
        (["finish", "--desk", "2"], "atiende: la ventanilla 2 no tiene un turno en curso: llame uno primero con `atiende next --desk 2`\n", 1),
        (["report", "--date", "23/11/2026"], "atiende: --date '23/11/2026' is not a date: write YYYY-MM-DD, e.g. 2026-11-23 (see `atiende --help`)\n", 64),
        (["report", "--from", "2026-11-23"], "atiende: give both --from and --to for a span of days, or --date for one day\n", 64),
        (["report", "--from", "2026-11-23", "--to", "2026-11-01"], "atiende: --to 2026-11-01 is before --from 2026-11-23: swap them\n", 64),
    ])
    func errorsAreOneLineThatSaysWhatToDo(arguments: [String], message: String, status: Int32) async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let result = try await cli.run(arguments)
        #expect(result.stderr == message)
        #expect(result.status == status)
        #expect(result.stdout.isEmpty)
    }

    @Test func unusableDatabasesAndClocksAreExplained() async throws {
        let cli = try CommandRunner()
        let missing = try await cli.run("status")
        #expect(missing.status == 69)
        #expect(missing.stderr.hasPrefix("atiende: no database at "))
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: cli.database))
        let corrupt = try await cli.run("issue", "A")
        #expect(corrupt.status == 69)
        #expect(corrupt.stderr.contains("is not an Atiende database or is damaged"))
        #expect(corrupt.stderr.split(separator: "\n").count == 1)
        let clock = try await cli.run("status", environment: ["ATIENDE_NOW": "tomorrow"])
        #expect(clock.stderr.hasPrefix("atiende: ATIENDE_NOW='tomorrow' is not a time"))
    }

    @Test func helpReadsLikeAManual() async throws {
        let cli = try CommandRunner()
        let help = try await cli.run("issue", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("Preferential attention"))
        #expect(help.stdout.contains("--db <path>"))
        #expect(help.stdout.contains("--json"))
    }

    @Test func reportWritesASpreadsheetReadyCSV() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        try await cli.run("issue", "A")
        try await cli.at("09:05").run("next", "--desk", "1")
        try await cli.at("09:06").run("start", "--desk", "1")
        try await cli.at("09:16").run("finish", "--desk", "1")
        let csv = cli.folder.appendingPathComponent("day.csv")
        let result = try await cli.at("12:00").run("report", "--csv", csv.path, "--csv-dialect", "comma")
        #expect(result.status == 0)
        let rows = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(rows[0].hasPrefix("day,scope,key,name,issued,served"))
        // Then the share resolved here, what visitors said, and one count per outcome (none here).
        #expect(rows[0].hasSuffix(
            ",resolvedPercent,answered,answeredPercent,driver:answer,driver:time,driver:professionalism,driver:information,driver:attitude"
                + ",outcome:resolved,outcome:caseOpened,outcome:referred,outcome:followUp"))
        #expect(rows[1] == "2026-11-23,office,all,\"Toda la oficina\",1,1,0,0,0,100.0,300.0,300.0,300.0,600.0,,0,0.0,,,,,,0,0,0,0")
        #expect(rows.contains { $0.hasPrefix("2026-11-23,hour,09,") })
        #expect(rows.contains { $0.hasPrefix("2026-11-23,desk,1,") })
    }
}

@Suite struct SimulateCommandTests {
    @Test func simulateSpeaksTheJSONContractAndRepeatsWithASeed() async throws {
        let cli = try CommandRunner()
        let args = ["simulate", "--desks", "4", "--arrivals-per-hour", "40", "--service-minutes", "5", "--hours", "8", "--seed", "3", "--json"]
        let first = try await cli.run(args)
        #expect(first.status == 0)
        let json = try first.json()
        for key in ["withinTargetPercent", "averageWaitSeconds", "p90WaitSeconds", "maxWaitSeconds", "served", "utilization",
                    "estimateMeanErrorSeconds", "estimateMeanAbsoluteErrorSeconds"] {
            #expect(json.keys.contains(key), "\(key)")
        }
        #expect(try await cli.run(args).stdout == first.stdout, "the same seed gives the same day")
        let bad = try await cli.run("simulate", "--service-distribution", "normal")
        #expect(bad.status == 64)
        #expect(bad.stderr == "atiende: --service-distribution 'normal': use exponential, fixed or lognormal (see `atiende --help`)\n")
    }
}

@Suite struct ReportPageTests {
    @Test func theHTMLPageIsSelfContainedWithChartsInTheOfficeLanguage() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        try await cli.run("issue", "A")
        try await cli.run("issue", "B")
        try await cli.at("09:20").run("next", "--desk", "1")
        let page = cli.folder.appendingPathComponent("day.html")
        #expect(try await cli.at("12:00").run("report", "--html", page.path).status == 0)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<html lang=\"es\">"))
        #expect(html.contains("Defensoría del Pueblo — Centro de Atención al Usuario"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3, "three charts")
        #expect(html.contains("meta 15 min"), "the target line")
        #expect(html.contains("Distribución de la espera"))
        // Every chart has a name a screen reader says, and a service's name in the
        // within-target chart sits on its own line, above its bar (a bar never cuts it).
        #expect(html.components(separatedBy: "role='img' aria-label='").count - 1 == 3)
        let shares = try #require(html.components(separatedBy: "<svg").last)
        let labels = shares.matches(of: #/<text x='0' y='([0-9.]+)'[^>]*>[A-Z] · /#)
        #expect(!labels.isEmpty)
        for match in labels {
            let labelLine = Double(match.output.1)!
            #expect(shares.contains(String(format: "<rect x='0.0' y='%.1f'", labelLine + 7)), "the bar right under its label")
        }
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="), "nothing to fetch")
    }

    @Test func reportsSayHowVisitsEndedAndWhatVisitorsSaid() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let issued = try await cli.run("issue", "A", "--json").json()
        let token = try #require((issued["visitUrl"] as? String)?.split(separator: "/").last.map(String.init))
        try await cli.at("09:05").run("next", "--desk", "1")
        try await cli.at("09:06").run("start", "--desk", "1")
        try await cli.at("09:16").run("finish", "--desk", "1", "--outcome", "resolved")
        // The visitor's phone answers through the server; here, straight into the same file.
        let store = try SQLiteQueue(path: cli.database, time: TimeSource { Date(timeIntervalSince1970: 1_795_442_400) })
        let ratings: [String: Int] = ["answer": 5, "time": 4, "professionalism": 5, "information": 4, "attitude": 5]
        try await store.giveFeedback(token, try Feedback.checked(ratings: ratings, comment: "Muy amables"))
        let page = cli.folder.appendingPathComponent("day.html")
        #expect(try await cli.at("12:00").run("report", "--html", page.path).status == 0)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("Cómo terminaron las atenciones") && html.contains("Resuelto aquí"))
        #expect(html.contains("La opinión de los visitantes") && html.contains("Profesionalismo"))
        #expect(html.contains("4,0 / 5"), "decimal comma in Spanish")
        #expect(html.contains("<li>Muy amables</li>"))
        let text = try await cli.at("12:00").run("report").stdout
        #expect(text.contains("Cómo terminaron las atenciones") && text.contains("Qué dijeron las personas"))
        #expect(text.contains("“Muy amables”"))
    }

    @Test func aSpanishOfficeGetsACSVThatSpanishExcelOpensInColumns() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        try await cli.run("issue", "A")
        try await cli.at("09:05").run("next", "--desk", "1")
        let csv = cli.folder.appendingPathComponent("es.csv")
        #expect(try await cli.at("12:00").run("report", "--csv", csv.path).status == 0)
        let data = try Data(contentsOf: csv)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark, so Excel reads UTF-8")
        let rows = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        // The Spanish dialect is for people: its header is in Spanish.
        #expect(rows[0].hasPrefix("día;ámbito;clave;nombre;emitidos;atendidos"), "\(rows[0])")
        #expect(rows[1].hasPrefix("2026-11-23;office;all;\"Toda la oficina\";1;0;0;0;0;100,0;300,0;"), "\(rows[1])")
        let page = cli.folder.appendingPathComponent("es.html")
        #expect(try await cli.at("12:00").run("report", "--html", page.path).status == 0)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("100,0 %") && html.contains("5,0 min"), "decimal commas in the Spanish page")
        #expect(try await cli.run("report", "--csv", csv.path, "--csv-dialect", "tabs").stderr.contains("tabs"))
    }

    @Test func aSpanWritesOneCSVRowPerDay() async throws {
        var cli = try CommandRunner()
        try await cli.run("init")
        try await cli.run("issue", "A")
        cli.now = "2026-11-24T09:00:00-05:00"
        try await cli.run("issue", "C")
        let csv = cli.folder.appendingPathComponent("span.csv")
        let result = try await cli.run("report", "--from", "2026-11-23", "--to", "2026-11-24", "--csv", csv.path, "--csv-dialect", "comma")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Por día"))
        let rows = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(rows.contains { $0.hasPrefix("2026-11-23,office,all,") })
        #expect(rows.contains { $0.hasPrefix("2026-11-24,office,all,") })
        #expect(rows.contains { $0.hasPrefix("2026-11-24,service,C,") })
    }
}
