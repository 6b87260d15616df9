import AtiendeCore
import Foundation

/// The offices side by side as one printable page (`atiende report --institution --html`):
/// ranked by the share called within each office's own target, then what visitors said on
/// the five key drivers, how visits ended, and each office's people.
struct InstitutionPage {
    var comparison: OfficeComparison
    var language: Language
    /// The outcomes' names, from the office the command was run for.
    var office: Office

    private var es: Bool { language == .es }

    var html: String {
        let span = comparison.from == comparison.to ? comparison.from.description : "\(comparison.from) – \(comparison.to)"
        let title = es ? "Oficinas de la institución" : "The institution's offices"
        var body = "<h1>\(title)</h1><p class=sub>\(es ? "Indicadores de atención, de la mejor a la peor dentro de su meta" : "Service indicators, best within its target first") · \(span)</p>"
        body += "<h2>\(es ? "Espera y meta" : "Waits and targets")</h2>" + waits()
        body += "<h2>\(es ? "Lo que dijeron las personas (1 a 5)" : "What visitors said (1 to 5)")</h2>" + drivers()
        body += outcomes()
        for row in comparison.offices where !row.people.isEmpty { body += people(row) }
        return ReportPage.frame(title: "\(title) — \(span)", language: language, body: body)
    }

    private func cells(_ values: [String], head: Bool = false) -> String {
        let tag = head ? "th" : "td"
        return "<tr>" + values.map { "<\(tag)>\($0)</\(tag)>" }.joined() + "</tr>"
    }

    private func rows(_ make: (String, String, Indicators, String) -> [String]) -> String {
        comparison.offices.map { cells(make(String($0.rank), ReportPage.escape($0.name), $0.indicators, "\($0.targetMinutes) min")) }.joined()
            + cells(make("", "<b>\(es ? "Toda la institución" : "Whole institution")</b>", comparison.institution, ""))
    }

    private func waits() -> String {
        let heads = es
            ? ["#", "Oficina", "Meta", "Emitidos", "Atendidos", "No se presentaron", "Dentro de la meta", "Espera prom.", "Mediana", "P90"]
            : ["#", "Office", "Target", "Issued", "Served", "No-shows", "Within target", "Avg wait", "Median", "P90"]
        return "<table>" + cells(heads, head: true) + rows { rank, name, i, target in
            [rank, name, target, "\(i.issued)", "\(i.served)", "\(i.noShows)", Format.percent(i.withinTargetPercent, language),
             ReportPage.minutes(i.averageWaitSeconds, language), ReportPage.minutes(i.medianWaitSeconds, language),
             ReportPage.minutes(i.p90WaitSeconds, language)]
        } + "</table>"
    }

    private func drivers() -> String {
        let heads = ["#", es ? "Oficina" : "Office", es ? "Respondieron" : "Answered"] + KeyDriver.allCases.map { ReportPage.driverName($0, language) }
        return "<table>" + cells(heads, head: true) + rows { rank, name, i, _ in
            let averages = i.feedback.averages
            return [rank, name, "\(i.feedback.answered)"] + KeyDriver.allCases.map { averages[$0].map { Format.decimal($0, language) } ?? "–" }
        } + "</table>"
    }

    private func outcomes() -> String {
        let codes = Array(Set(comparison.offices.flatMap { $0.indicators.outcomes.keys })).sorted()
        guard !codes.isEmpty else { return "" }
        let names = codes.map { code in ReportPage.escape(office.outcomes.first { $0.code == code }?.name[language] ?? code) }
        let heads = ["#", es ? "Oficina" : "Office"] + names + [es ? "Resueltas en el momento" : "Resolved on the spot"]
        return "<h2>\(es ? "Cómo terminaron las atenciones" : "How visits ended")</h2><table>" + cells(heads, head: true) + rows { rank, name, i, _ in
            [rank, name] + codes.map { "\(i.outcomes[$0] ?? 0)" } + [Format.percent(i.resolvedPercent, language)]
        } + "</table>"
    }

    private func people(_ row: OfficeComparison.Row) -> String {
        let heads = es ? ["Persona", "Atendidos", "No se presentaron", "Atención prom."] : ["Person", "Served", "No-shows", "Avg service"]
        return "<h2>\(ReportPage.escape(row.name)): \(es ? "por persona" : "by person")</h2><table>" + cells(heads, head: true)
            + row.people.map { person in
                cells([ReportPage.escape(person.name ?? person.user), "\(person.served)", "\(person.noShows)", ReportPage.minutes(person.averageServiceSeconds, language)])
            }.joined() + "</table>"
    }
}
