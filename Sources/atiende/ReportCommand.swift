import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The office's indicators for a day or a span of days, recomputed from the event log.",
        discussion: """
            For the office and each service: tickets issued, served, no-shows, cancelled and \
            expired; average, median and 90th-percentile wait (issue to first call); the share \
            called within the target; average service time. Then the same per hour of arrival, \
            per desk, and for a span, per day. Any past day can be reported: figures are rebuilt \
            from the events.

            --csv FILE writes one row per day and office, service, hour and desk, ready for a \
            spreadsheet. --html FILE writes one printable page in the office's language with \
            charts (wait distribution against the target, arrivals and served by hour, share \
            within the target by service) that needs no network to open.

            Examples: atiende report; atiende report --date 2026-11-23 --html day.html;
            atiende report --from 2026-11-01 --to 2026-11-30 --csv november.csv
            """
    )
    @Option(name: .long, help: ArgumentHelp("One office-local day, YYYY-MM-DD. Default: today.", valueName: "date"))
    var date: LocalDay?

    @Option(name: .long, help: ArgumentHelp("First day of a span, YYYY-MM-DD (with --to).", valueName: "date"))
    var from: LocalDay?

    @Option(name: .long, help: ArgumentHelp("Last day of a span, YYYY-MM-DD (with --from).", valueName: "date"))
    var to: LocalDay?

    @Option(name: .long, help: ArgumentHelp("Also write the report as CSV to this file.", valueName: "file"))
    var csv: String?

    @Option(name: .customLong("csv-dialect"), help: ArgumentHelp(
        "semicolon: ';' between fields, decimal commas and a byte-order mark, as Excel in a Spanish locale opens it; comma: plain CSV. Default: semicolon for an office whose first language is Spanish.",
        valueName: "dialect"))
    var csvDialect: CSVDialect?

    @Option(name: .long, help: ArgumentHelp("Also write the report as a printable HTML page to this file.", valueName: "file"))
    var html: String?

    @Flag(name: .long, help: "Every office of an institution's database side by side (with --db postgres://…), ranked by the share called within the target.")
    var institution = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        if (from == nil) != (to == nil) { throw CommandFailure(message: "give both --from and --to for a span of days, or --date for one day", code: 64) }
        if date != nil && from != nil { throw CommandFailure(message: "give either --date or --from/--to, not both", code: 64) }
        if let from, let to, to < from { throw CommandFailure(message: "--to \(to) is before --from \(from): swap them", code: 64) }
        if institution { return try await runInstitution() }
        let queue = try await common.openQueue()
        let office = try await queue.office()
        let today = try await queue.snapshot().day
        let first = from ?? date ?? today, last = to ?? date ?? today
        let report = try await queue.report(from: first, to: last)
        let lang = common.language(for: office)
        let rows = ReportRows(report: report.total, office: office, lang: lang)
        if let csv {
            let dialect = csvDialect ?? (office.defaultLanguage == .es ? .semicolon : .comma)
            try write(ReportRows.csv(report, office: office, lang: lang, dialect: dialect), to: csv)
        }
        if let html { try write(ReportPage(report: report, office: office, language: lang).html, to: html) }
        let span = first == last ? first.description : "\(first) – \(last)"
        if common.json {
            QueueJSON.print(QueueJSON.report(report))
            return
        }
        say("\(office.name[lang]) — \(span)")
        rows.printTable()
        if first != last { ReportRows.printDays(report, lang) }
        if let csv { say(lang == .es ? "\nCSV escrito en \(csv)" : "\nCSV written to \(csv)") }
        if let html { say(lang == .es ? "Página escrita en \(html)" : "Page written to \(html)") }
    }

    func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure(message: "cannot write \(path): check the folder exists and is writable")
        }
    }
}

/// The report flattened into rows: office, each service, each hour, each desk.
struct ReportRows {
    var report: IndicatorReport
    var office: Office
    var lang: Language

    /// Names as they were over the report's days (a retired service's own name too),
    /// else as the office has them now.
    func serviceName(_ code: ServiceCode) -> String {
        report.names.services[code]?[lang] ?? office.service(code)?.name[lang] ?? code.rawValue
    }

    func deskLabel(_ id: DeskID) -> String { report.names.desks[id]?[lang] ?? office.desk(id)?.label[lang] ?? id.rawValue }

    struct Row {
        var scope: String
        var key: String
        var label: String
        var indicators: Indicators
    }

    var rows: [Row] {
        var out = [Row(scope: "office", key: "all", label: words.wholeOffice, indicators: report.office)]
        let codes = office.services.map(\.code) + report.services.keys.sorted().filter { office.service($0) == nil }
        for code in codes {
            guard let value = report.services[code] else { continue }
            out.append(Row(scope: "service", key: code.rawValue, label: "\(code) " + serviceName(code), indicators: value))
        }
        for hour in report.hours.keys.sorted() {
            let label = String(format: "%02d:00–%02d:00", hour, hour + 1)
            out.append(Row(scope: "hour", key: String(format: "%02d", hour), label: label, indicators: report.hours[hour] ?? Indicators()))
        }
        return out
    }

    var words: ReportWords { ReportWords(language: lang) }

    func printTable() {
        let w = words
        let heads = w.columns
        var lastScope = ""
        for row in rows {
            if row.scope != lastScope {
                let title = row.scope == "hour" ? w.byHour : (row.scope == "service" ? w.byService : "")
                say("\n" + Format.column(title, 36) + heads.map { Format.right($0.title, $0.width) }.joined())
                lastScope = row.scope
            }
            let i = row.indicators
            let values = [
                "\(i.issued)", "\(i.served)", "\(i.noShows)", "\(i.cancelled)", "\(i.expired)",
                Format.percent(i.withinTargetPercent, lang), Format.duration(i.averageWaitSeconds), Format.duration(i.medianWaitSeconds),
                Format.duration(i.p90WaitSeconds), Format.duration(i.averageServiceSeconds),
            ]
            say(Format.column(row.label, 36) + zip(values, heads).map { Format.right($0, $1.width) }.joined())
        }
        if !report.desks.isEmpty {
            say("\n" + Format.column(w.byDesk, 36) + Format.right(heads[1].title, heads[1].width) + Format.right(heads[9].title, heads[9].width))
            for id in report.desks.keys.sorted() {
                guard let d = report.desks[id] else { continue }
                say(Format.column(deskLabel(id), 36) + Format.right("\(d.served)", heads[1].width) + Format.right(Format.duration(d.averageServiceSeconds), heads[9].width))
            }
        }
        say("\n" + w.timesNote)
        printStaff()
        printOutcomes()
        printFeedback()
    }

    /// Each staff member who signed in as themselves.
    func printStaff() {
        guard !report.staff.isEmpty else { return }
        say("\n" + Format.column(words.byStaff, 36) + words.staffHeader)
        for (user, s) in report.staff.sorted(by: { $0.key < $1.key }) {
            say(Format.column(s.name.map { "\($0) (\(user))" } ?? user, 36) + String(format: "%7d %6d ", s.served, s.noShows)
                + [Format.right(Format.duration(s.averageServiceSeconds), 8), Format.right(Format.duration(s.medianServiceSeconds), 8),
                   Format.right(Format.duration(s.averageWalkSeconds), 5), Format.right(Format.duration(s.atDeskSeconds), 7),
                   Format.right(Format.duration(s.idleSeconds), 8)].joined(separator: " "))
        }
    }

    /// What visitors said: how many answered and each driver's average, then the comments.
    func printFeedback() {
        guard report.office.feedback.answered > 0 else { return }
        let heads = words.feedbackColumns
        say("\n" + Format.column(words.whatVisitorsSaid, 36) + heads.map { Format.right($0, 11) }.joined())
        var lines: [(String, FeedbackSummary, Double?)] = [(words.wholeOffice, report.office.feedback, report.office.answeredPercent)]
        for row in rows where row.scope == "service" { lines.append((row.label, row.indicators.feedback, row.indicators.answeredPercent)) }
        for (id, d) in report.desks.sorted(by: { $0.key < $1.key }) { lines.append((deskLabel(id), d.feedback, nil)) }
        for (label, summary, share) in lines where summary.answered > 0 {
            let averages = KeyDriver.allCases.map { driver in summary.averages[driver].map { Format.decimal($0, lang) } ?? "–" }
            say(Format.column(label, 36) + ([String(summary.answered), share.map { Format.percent($0, lang) } ?? ""] + averages).map { Format.right($0, 11) }.joined())
        }
        if !report.comments.isEmpty {
            say("\n" + words.comments)
            for comment in report.comments { say("  “\(comment)”") }
        }
    }

    /// The outcome codes to show: the office's, then any others the visits recorded.
    static func outcomeCodes(_ office: Office, _ reports: [IndicatorReport]) -> [String] {
        let listed = office.outcomes.map(\.code)
        let recorded = Set(reports.flatMap { $0.office.outcomes.keys })
        return listed + recorded.subtracting(listed).sorted()
    }

    /// How visits ended: the office, each service and each desk, with the share resolved here.
    func printOutcomes() {
        guard !report.office.outcomes.isEmpty else { return }
        let codes = Self.outcomeCodes(office, [report])
        // By code: the office's names for them can be long.
        say("\n" + Format.column(words.howVisitsEnded, 36) + codes.map { Format.right(String($0.prefix(12)), 13) }.joined() + Format.right(words.resolved, 12))
        var lines: [(String, [String: Int], Double?)] = [(words.wholeOffice, report.office.outcomes, report.office.resolvedPercent)]
        for row in rows where row.scope == "service" { lines.append((row.label, row.indicators.outcomes, row.indicators.resolvedPercent)) }
        for (id, d) in report.desks.sorted(by: { $0.key < $1.key }) {
            var share = Indicators()
            share.outcomes = d.outcomes
            lines.append((deskLabel(id), d.outcomes, share.resolvedPercent))
        }
        for (label, counts, resolved) in lines where !counts.isEmpty {
            say(Format.column(label, 36) + codes.map { Format.right(String(counts[$0] ?? 0), 13) }.joined()
                + Format.right(Format.percent(resolved, lang), 12))
        }
    }

    /// The plain dialect's header: English keys, for scripts.
    static let csvHeader = "day,scope,key,name,issued,served,noShows,cancelled,expired,withinTargetPercent,averageWaitSeconds,medianWaitSeconds,p90WaitSeconds,averageServiceSeconds,resolvedPercent,answered,answeredPercent"
        + KeyDriver.allCases.map { ",driver:\($0.rawValue)" }.joined()
    /// The header people read in Spanish Excel (the semicolon dialect of a Spanish office).
    static let csvHeaderSpanish = "día,ámbito,clave,nombre,emitidos,atendidos,ausentes,cancelados,vencidos,% llamados en meta,espera promedio (s),espera mediana (s),espera p90 (s),atención promedio (s),% resueltos aquí,respuestas,% que respondió"
        + ",respuesta,tiempo,profesionalismo,información,actitud"

    /// One row per day and office, service, hour and desk; then one column per outcome.
    static func csv(_ range: RangeReport, office: Office, lang: Language, dialect: CSVDialect = .comma) -> String {
        let codes = outcomeCodes(office, range.days.map(\.report))
        let spanish = dialect == .semicolon && lang == .es
        let outcomeHeads: [String] = codes.map { code in
            guard spanish else { return ",outcome:" + code }
            let name: String = office.outcomes.first { $0.code == code }?.name[.es] ?? code
            return ",resultado: " + name
        }
        var lines = [(spanish ? csvHeaderSpanish : csvHeader) + outcomeHeads.joined()]
        for day in range.days {
            lines += ReportRows(report: day.report, office: office, lang: lang).csvRows(day: day.day, outcomes: codes)
        }
        let text = lines.map(dialect.line).joined(separator: "\r\n") + "\r\n"
        return dialect == .semicolon ? "\u{FEFF}" + text : text
    }

    func csvRows(day: LocalDay, outcomes codes: [String]) -> [String] {
        var lines: [String] = []
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        func counts(_ outcomes: [String: Int]) -> [String] { codes.map { outcomes[$0].map(String.init) ?? "0" } }
        func judged(_ summary: FeedbackSummary, _ share: Double?) -> [String] {
            [String(summary.answered), number(share)] + KeyDriver.allCases.map { number(summary.averages[$0]) }
        }
        for row in rows {
            let i = row.indicators
            lines.append(([
                day.description, row.scope, row.key, Self.quote(row.label), "\(i.issued)", "\(i.served)", "\(i.noShows)",
                "\(i.cancelled)", "\(i.expired)", number(i.withinTargetPercent), number(i.averageWaitSeconds),
                number(i.medianWaitSeconds), number(i.p90WaitSeconds), number(i.averageServiceSeconds), number(i.resolvedPercent),
            ] + judged(i.feedback, i.answeredPercent) + counts(i.outcomes)).joined(separator: ","))
        }
        for (id, d) in report.desks.sorted(by: { $0.key < $1.key }) {
            var share = Indicators()
            share.outcomes = d.outcomes
            lines.append(([
                day.description, "desk", id.rawValue, Self.quote(deskLabel(id)), "", "\(d.served)", "", "", "", "", "", "", "",
                number(d.averageServiceSeconds), number(share.resolvedPercent),
            ] + judged(d.feedback, nil) + counts(d.outcomes)).joined(separator: ","))
        }
        return lines
    }

    /// The per-day lines of a span.
    static func printDays(_ range: RangeReport, _ lang: Language) {
        let w = ReportWords(language: lang), heads = w.columns
        say("\n" + Format.column(w.byDay, 12) + [heads[0], heads[1], heads[5], heads[6]].map { Format.right($0.title, $0.width) }.joined())
        for day in range.days {
            let o = day.report.office
            say(Format.column(day.day.description, 12) + Format.right("\(o.issued)", heads[0].width) + Format.right("\(o.served)", heads[1].width)
                + Format.right(Format.percent(o.withinTargetPercent, lang), heads[5].width) + Format.right(Format.duration(o.averageWaitSeconds), heads[6].width))
        }
    }

    /// CSV field quoting: always quote names, doubling inner quotes.
    static func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// How a CSV file separates fields and writes decimals.
enum CSVDialect: String, CaseIterable, ExpressibleByArgument {
    /// `,` and `1.5`: plain CSV, for programs.
    case comma
    /// `;` and `1,5`, with a byte-order mark: Excel in a Spanish locale opens it in columns.
    case semicolon

    /// A line written in the plain dialect, in this one. Quoted names stay as they are;
    /// only plain decimal numbers change their point.
    func line(_ plain: String) -> String {
        guard self == .semicolon else { return plain }
        var fields: [String] = [], field = "", quoted = false
        for character in plain {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields.map { field in
            field.first != "\"" && field.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) && field.contains(".")
                ? field.replacingOccurrences(of: ".", with: ",") : field
        }.joined(separator: ";")
    }
}

/// The text report's words in the office's language; each column as wide as its title needs.
struct ReportWords {
    var language: Language
    var es: Bool { language == .es }

    struct Column { var title: String; var width: Int }

    /// Issued, served, no-shows, cancelled, expired, within the target, average wait,
    /// median, 90th percentile, average service.
    var columns: [Column] {
        let titles = es
            ? ["Emitidos", "Atendidos", "Ausentes", "Cancelados", "Vencidos", "En meta", "Espera", "Mediana", "P90", "Atención"]
            : ["Issued", "Served", "NoShow", "Cancel", "Expired", "Within", "AvgWait", "Median", "P90", "AvgSvc"]
        return titles.map { Column(title: $0, width: max($0.count, 7) + 2) }
    }
    var wholeOffice: String { es ? "Toda la oficina" : "Whole office" }
    var byService: String { es ? "Por servicio" : "By service" }
    var byHour: String { es ? "Por hora de llegada" : "By hour of arrival" }
    var byDesk: String { es ? "Por ventanilla" : "By desk" }
    var byDay: String { es ? "Por día" : "By day" }
    var byStaff: String { es ? "Por persona" : "By staff member" }
    var timesNote: String {
        es ? "Tiempos en minutos:segundos; Espera y Atención son promedios; En meta: llamados antes de la meta."
            : "Times in minutes:seconds; AvgWait and AvgSvc are averages; Within: called within the target."
    }
    var staffHeader: String {
        es ? " Atendidos Ausentes  Atención   Mediana  Camino  En vent.   Sin turno" : " Served NoShow   AvgSvc   Median  Walk  AtDesk     Idle"
    }
    var whatVisitorsSaid: String { es ? "Qué dijeron las personas (1-5)" : "What visitors said (1-5)" }
    var feedbackColumns: [String] {
        es ? ["Respuestas", "% resp.", "Respuesta", "Tiempo", "Profes.", "Inform.", "Actitud"]
            : ["Answered", "Share", "Answer", "Time", "Prof.", "Info", "Attitude"]
    }
    var comments: String { es ? "Comentarios" : "Comments" }
    var howVisitsEnded: String { es ? "Cómo terminaron las atenciones" : "How visits ended" }
    var resolved: String { es ? "Resueltos" : "Resolved" }
}
