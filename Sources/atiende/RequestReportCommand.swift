import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

extension RequestCommand {
    /// `atiende request report`: the 24-hour promise measured like the waiting room, for the
    /// office and per channel, service and official; as text, JSON, CSV and a printable page.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How the promise of first contact was kept: per channel, service and official.",
            discussion: "Example: atiende request report --from 2026-11-01 --to 2026-11-30 --csv solicitudes.csv --html solicitudes.html")

        @Option(help: ArgumentHelp("First day, YYYY-MM-DD. Default: today.", valueName: "date"))
        var from: LocalDay?
        @Option(help: ArgumentHelp("Last day, YYYY-MM-DD. Default: --from, or today.", valueName: "date"))
        var to: LocalDay?
        @Option(help: ArgumentHelp("Also write it as CSV to this file.", valueName: "file"))
        var csv: String?
        @Option(help: ArgumentHelp("Also write it as a printable page (A4) to this file.", valueName: "file"))
        var html: String?
        @OptionGroup var common: FileOptions

        func run() async throws {
            let (book, office, language) = try await RequestCommand.open(common)
            let today = office.calendar.day(of: try TimeSource.fromEnvironment().now())
            let first = from ?? to ?? today, last = to ?? from ?? today
            if last < first { throw CommandFailure(message: "--to \(last) is before --from \(first): swap them", code: 64) }
            let report = try await book.requestReport(from: first, to: last)
            let names = Dictionary(try await (book as? any StaffDirectory)?.staffAccounts().map { ($0.user, $0.name) } ?? []) { a, _ in a }
            let json = QueueJSON.requestReport(report, office: office, names: names, language: language)
            let table = RequestReportTable(report: json, language: language)
            if let csv {
                let dialect: CSVDialect = office.defaultLanguage == .es ? .semicolon : .comma
                try table.csv(dialect).write(toFile: csv, atomically: true, encoding: .utf8)
            }
            if let html {
                let title = (language == .es ? "Solicitudes" : "Requests") + " · " + office.name[language]
                try ReportPage.frame(title: ReportPage.escape(title), language: language, body: table.html(office.name[language])).write(toFile: html, atomically: true, encoding: .utf8)
            }
            if common.json { return QueueJSON.print(json) }
            say("\(office.name[language]) — \(first == last ? first.description : "\(first) – \(last)")")
            let rows = table.rows
            let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                say(row.enumerated().map { column, text in
                    column < 2 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[column] - text.count) + text
                }.joined(separator: "  "))
            }
        }
    }
}

/// The report as rows: the office, each channel, each service, each official.
struct RequestReportTable {
    let report: Schemas.RequestReport
    let language: Language

    var heads: [String] {
        language == .es
            ? ["Grupo", "Nombre", "Recibidas", "A tiempo %", "Mediana h", "P90 h", "Intentos", "Abiertas", "Vencidas"]
            : ["Group", "Name", "Received", "In time %", "Median h", "P90 h", "Tries", "Open", "Overdue"]
    }

    var groups: [(String, [Schemas.RequestFigures])] {
        let es = language == .es
        return [(es ? "Oficina" : "Office", [report.office]), (es ? "Canal" : "Channel", report.byChannel),
                (es ? "Servicio" : "Service", report.byService), (es ? "Funcionario" : "Official", report.byOfficial)]
    }

    /// Every figure as text, a row per group, headings first.
    var rows: [[String]] {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }
        return [heads] + groups.flatMap { group, rows in
            rows.map { f in
                [group, f.name ?? f.key ?? (language == .es ? "Toda la oficina" : "The whole office"), String(f.received), number(f.inTimePercent),
                 number(f.medianHoursToContact), number(f.p90HoursToContact), number(f.attemptsPerFirstContact), String(f.open), String(f.overdue)]
            }
        }
    }

    func csv(_ dialect: CSVDialect) -> String {
        let plain = rows.map { row in
            row.map { $0 == "–" ? "" : ($0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0) }
                .joined(separator: ",")
        }
        return (dialect == .semicolon ? "\u{FEFF}" : "") + plain.map(dialect.line).joined(separator: "\r\n") + "\r\n"
    }

    func html(_ officeName: String) -> String {
        let es = language == .es
        let all = rows
        let head = all[0].map { "<th>\(ReportPage.escape($0))</th>" }.joined()
        let body = all.dropFirst().map { "<tr>" + $0.map { "<td>\(ReportPage.escape($0))</td>" }.joined() + "</tr>" }.joined()
        return """
            <h1>\(ReportPage.escape(officeName))</h1><p class="sub">\(es ? "Solicitudes y la promesa de contactar en 24 horas" : "Requests and the 24-hour promise") · \(report.from) – \(report.to)</p>
            <table><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>
            """
    }
}
