import AtiendeCore
import AtiendeJSON
import AtiendePostgres
import AtiendeQueue
import Foundation

extension Report {
    /// `--institution`: the offices side by side (`OfficeComparison`), from their day tallies.
    func runInstitution() async throws {
        guard case .database(let url, let id) = try common.address() else {
            throw CommandFailure(message: "--institution compares the offices of an institution's database: give --db postgres://… (and --office)", code: 64)
        }
        let queue = try await Institution.open(url, office: id, time: try TimeSource.fromEnvironment())
        let office = try await queue.office()
        let today = office.calendar.day(of: queue.time.now())
        let first = from ?? date ?? today, last = to ?? date ?? today
        let comparison = try await PostgresInstitution(client: queue.client).comparison(from: first, to: last)
        let lang = common.language(for: office)
        if let csv { try write(Self.csv(comparison, lang), to: csv) }
        if let html { try write(InstitutionPage(comparison: comparison, language: lang, office: office).html, to: html) }
        if common.json {
            say(QueueJSON.render(QueueJSON.institutionReport(comparison)))
            return
        }
        let es = lang == .es
        say((es ? "Oficinas de la institución — " : "The institution's offices — ") + (first == last ? first.description : "\(first) – \(last)"))
        let head = es
            ? ["Oficina", "Emitidos", "Atendidos", "En el objetivo", "Espera media", "Mediana", "P90"]
            : ["Office", "Issued", "Served", "Within target", "Average wait", "Median", "P90"]
        say("  #  " + Format.column(head[0], 20) + Format.right(head[1], 9) + Format.right(head[2], 11) + Format.right(head[3], 16)
            + Format.right(head[4], 14) + Format.right(head[5], 9) + Format.right(head[6], 6))
        func line(_ rank: String, _ name: String, _ i: Indicators) -> String {
            let share = Format.percent(i.withinTargetPercent, lang)
            let minutes = { (seconds: Double?) in Format.duration(seconds) }
            return Format.right(rank, 3) + "  " + Format.column(name, 20) + Format.right(String(i.issued), 9) + Format.right(String(i.served), 11)
                + Format.right(share, 16) + Format.right(minutes(i.averageWaitSeconds), 14) + Format.right(minutes(i.medianWaitSeconds), 9)
                + Format.right(minutes(i.p90WaitSeconds), 6)
        }
        for row in comparison.offices { say(line(String(row.rank), row.office, row.indicators)) }
        say(line("", es ? "Toda la institución" : "Whole institution", comparison.institution))
        if let csv { say(es ? "\nCSV escrito en \(csv)" : "\nCSV written to \(csv)") }
        if let html { say(es ? "Página escrita en \(html)" : "Page written to \(html)") }
    }

    /// One table for a spreadsheet: a row per office (ranked), per person of each office,
    /// and the whole institution, told apart by the first column.
    static func csv(_ comparison: OfficeComparison, _ lang: Language) -> String {
        let es = lang == .es
        let drivers = KeyDriver.allCases.map(\.rawValue)
        let header = (es
            ? ["fila", "puesto", "oficina", "nombre", "objetivo_min", "emitidos", "atendidos", "ausentes", "cancelados", "medidos", "en_objetivo",
               "porcentaje_en_objetivo", "espera_media_s", "mediana_s", "p90_s", "atencion_media_s", "resueltas_porcentaje", "respondieron"]
            : ["row", "rank", "office", "name", "target_min", "issued", "served", "no_shows", "cancelled", "measured", "within_target",
               "within_target_percent", "average_wait_s", "median_s", "p90_s", "average_service_s", "resolved_percent", "answered"]) + drivers
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func row(_ kind: String, _ rank: String, _ office: String, _ name: String, _ target: String, _ i: Indicators) -> String {
            let averages = i.feedback.averages
            return ([kind, rank, office, quoted(name), target, String(i.issued), String(i.served), String(i.noShows), String(i.cancelled), String(i.measured),
                     String(i.withinTarget), number(i.withinTargetPercent), number(i.averageWaitSeconds), number(i.medianWaitSeconds), number(i.p90WaitSeconds),
                     number(i.averageServiceSeconds), number(i.resolvedPercent), String(i.feedback.answered)]
                + KeyDriver.allCases.map { number(averages[$0]) }).joined(separator: ",")
        }
        var lines = [header.joined(separator: ",")]
        for office in comparison.offices {
            lines.append(row(es ? "oficina" : "office", String(office.rank), office.office, office.name, String(office.targetMinutes), office.indicators))
            for person in office.people {
                // A person's row has what they did only: no tickets of their own.
                let cells = [es ? "persona" : "person", "", office.office, quoted(person.name ?? person.user), "", "", String(person.served),
                             String(person.noShows), "", "", "", "", "", "", "", number(person.averageServiceSeconds), "", ""]
                lines.append((cells + drivers.map { _ in "" }).joined(separator: ","))
            }
        }
        lines.append(row(es ? "institucion" : "institution", "", "", es ? "Toda la institución" : "Whole institution", "", comparison.institution))
        return lines.joined(separator: "\n") + "\n"
    }
}
