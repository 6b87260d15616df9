import ArgumentParser
import AtiendeCore
import AtiendeQueue
import Foundation

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The day's indicators per service and per hour, recomputed from the event log.",
        discussion: """
            For the office and each service: tickets issued, served, no-shows, cancelled and \
            expired; average, median and 90th-percentile wait (issue to first call); the share \
            called within the target; average service time. Then the same per hour of arrival, \
            and per desk. Any past day can be reported: figures are rebuilt from the events.

            --csv FILE writes one row per office, service, hour and desk, ready for a spreadsheet.
            """
    )
    @Option(name: .long, help: ArgumentHelp("The office-local day, YYYY-MM-DD. Default: today.", valueName: "date"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp("Also write the report as CSV to this file.", valueName: "file"))
    var csv: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let day: LocalDay? = try date.map { text in
            guard let day = LocalDay(text) else { throw CommandFailure(message: "--date '\(text)' is not a date: write YYYY-MM-DD, e.g. 2026-11-23", code: 64) }
            return day
        }
        let queue = try common.openQueue()
        let office = try await queue.office()
        let snapshot = try await queue.snapshot()
        let reportDay = day ?? snapshot.day
        let report = try await queue.report(day: reportDay)
        let rows = ReportRows(report: report, office: office, lang: common.language(for: office))
        if let csv {
            do {
                try rows.csv(day: reportDay).write(toFile: csv, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure(message: "cannot write \(csv): check the folder exists and is writable")
            }
        }
        if common.json {
            JSONText.object([("day", .string(reportDay.description))] + rows.json).print()
        } else {
            say("\(office.name[rows.lang]) — \(reportDay)")
            rows.printTable()
            if let csv { say("\nCSV written to \(csv)") }
        }
    }
}

/// The report flattened into rows: office, each service, each hour, each desk.
struct ReportRows {
    var report: IndicatorReport
    var office: Office
    var lang: Language

    struct Row {
        var scope: String
        var key: String
        var label: String
        var indicators: Indicators
    }

    var rows: [Row] {
        var out = [Row(scope: "office", key: "all", label: "Whole office", indicators: report.office)]
        let codes = office.services.map(\.code) + report.services.keys.sorted().filter { office.service($0) == nil }
        for code in codes {
            guard let value = report.services[code] else { continue }
            out.append(Row(scope: "service", key: code, label: "\(code) " + (office.service(code)?.name[lang] ?? "(retired service)"), indicators: value))
        }
        for hour in report.hours.keys.sorted() {
            let label = String(format: "%02d:00–%02d:00", hour, hour + 1)
            out.append(Row(scope: "hour", key: String(format: "%02d", hour), label: label, indicators: report.hours[hour] ?? Indicators()))
        }
        return out
    }

    static let header = "Issued Served NoShow Cancel Expired  Within  AvgWait  Median   P90   AvgSvc"

    func printTable() {
        var lastScope = ""
        for row in rows {
            if row.scope != lastScope {
                say("\n" + Format.column(row.scope == "hour" ? "By hour of arrival" : (row.scope == "service" ? "By service" : ""), 36) + Self.header)
                lastScope = row.scope
            }
            let i = row.indicators
            say(Format.column(row.label, 36)
                + String(format: "%6d %6d %6d %6d %7d ", i.issued, i.served, i.noShows, i.cancelled, i.expired)
                + [Format.right(Format.percent(i.withinTargetPercent), 7), Format.right(Format.duration(i.averageWaitSeconds), 8),
                   Format.right(Format.duration(i.medianWaitSeconds), 7), Format.right(Format.duration(i.p90WaitSeconds), 5),
                   Format.right(Format.duration(i.averageServiceSeconds), 8)].joined(separator: " "))
        }
        if !report.desks.isEmpty {
            say("\nBy desk                             Served   AvgSvc")
            for id in report.desks.keys.sorted() {
                guard let d = report.desks[id] else { continue }
                say(Format.column(office.desk(id)?.label[lang] ?? id, 36) + String(format: "%6d ", d.served) + Format.right(Format.duration(d.averageServiceSeconds), 8))
            }
        }
    }

    func csv(day: LocalDay) -> String {
        var lines = ["day,scope,key,name,issued,served,noShows,cancelled,expired,withinTargetPercent,averageWaitSeconds,medianWaitSeconds,p90WaitSeconds,averageServiceSeconds"]
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        for row in rows {
            let i = row.indicators
            lines.append([
                day.description, row.scope, row.key, Self.quote(row.label), "\(i.issued)", "\(i.served)", "\(i.noShows)",
                "\(i.cancelled)", "\(i.expired)", number(i.withinTargetPercent), number(i.averageWaitSeconds),
                number(i.medianWaitSeconds), number(i.p90WaitSeconds), number(i.averageServiceSeconds),
            ].joined(separator: ","))
        }
        for (id, d) in report.desks.sorted(by: { $0.key < $1.key }) {
            lines.append([day.description, "desk", id, Self.quote(office.desk(id)?.label[lang] ?? id), "", "\(d.served)", "", "", "", "", "", "", "", number(d.averageServiceSeconds)].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    var json: [(String, JSONText)] {
        func indicators(_ i: Indicators) -> JSONText {
            .object([
                ("issued", .int(i.issued)), ("served", .int(i.served)), ("noShows", .int(i.noShows)),
                ("cancelled", .int(i.cancelled)), ("expired", .int(i.expired)), ("waiting", .int(i.waiting)),
                ("withinTargetPercent", .decimal(i.withinTargetPercent)),
                ("averageWaitSeconds", .seconds(i.averageWaitSeconds)), ("medianWaitSeconds", .seconds(i.medianWaitSeconds)),
                ("p90WaitSeconds", .seconds(i.p90WaitSeconds)), ("averageServiceSeconds", .seconds(i.averageServiceSeconds)),
            ])
        }
        return [
            ("office", indicators(report.office)),
            ("services", .object(report.services.sorted { $0.key < $1.key }.map { ($0.key, indicators($0.value)) })),
            ("hours", .object(report.hours.sorted { $0.key < $1.key }.map { (String(format: "%02d", $0.key), indicators($0.value)) })),
            ("desks", .object(report.desks.sorted { $0.key < $1.key }.map { desk in
                (desk.key, .object([("served", .int(desk.value.served)), ("averageServiceSeconds", .seconds(desk.value.averageServiceSeconds))]))
            })),
        ]
    }

    /// CSV field quoting: always quote names, doubling inner quotes.
    static func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
