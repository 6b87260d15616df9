import AtiendeCore
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
        if common.json {
            say(Self.json(comparison))
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
    }

    static func json(_ comparison: OfficeComparison) -> String {
        struct Row: Encodable { var rank: Int, office: String, name: String, targetMinutes: Int, indicators: Indicators }
        struct Whole: Encodable { var from: String, to: String, offices: [Row], institution: Indicators }
        let whole = Whole(
            from: comparison.from.description, to: comparison.to.description,
            offices: comparison.offices.map { Row(rank: $0.rank, office: $0.office, name: $0.name, targetMinutes: $0.targetMinutes, indicators: $0.indicators) },
            institution: comparison.institution)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(whole)) ?? Data(), as: UTF8.self)
    }

    static func csv(_ comparison: OfficeComparison, _ lang: Language) -> String {
        let header = lang == .es
            ? "puesto,oficina,nombre,objetivo_min,emitidos,atendidos,ausentes,cancelados,medidos,en_objetivo,porcentaje_en_objetivo,espera_media_s,mediana_s,p90_s"
            : "rank,office,name,target_min,issued,served,no_shows,cancelled,measured,within_target,within_target_percent,average_wait_s,median_s,p90_s"
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func row(_ rank: String, _ office: String, _ name: String, _ target: String, _ i: Indicators) -> String {
            [rank, office, quoted(name), target, String(i.issued), String(i.served), String(i.noShows), String(i.cancelled), String(i.measured),
             String(i.withinTarget), number(i.withinTargetPercent), number(i.averageWaitSeconds), number(i.medianWaitSeconds), number(i.p90WaitSeconds)]
                .joined(separator: ",")
        }
        let rows = comparison.offices.map { row(String($0.rank), $0.office, $0.name, String($0.targetMinutes), $0.indicators) }
        let whole = row("", "", lang == .es ? "Toda la institución" : "Whole institution", "", comparison.institution)
        return ([header] + rows + [whole]).joined(separator: "\n") + "\n"
    }
}
