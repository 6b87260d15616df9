import AtiendeCore
import AtiendeQueue
import Foundation

/// The report as one self-contained, printable HTML page in the office's language, with
/// inline SVG charts: it opens anywhere, offline, and prints on A4.
struct ReportPage {
    var report: RangeReport
    var office: Office
    var language: Language

    private var es: Bool { language == .es }
    private var target: Int { office.targetWaitMinutes }

    var html: String {
        let total = report.total
        let span = report.from == report.to ? report.from.description : "\(report.from) – \(report.to)"
        var body = "<h1>\(escape(office.name[language]))</h1><p class=sub>\(es ? "Indicadores de atención" : "Service indicators") · \(span)</p>"
        body += summary(total.office)
        body += "<h2>\(es ? "Distribución de la espera" : "Wait distribution")</h2>" + histogram(total.waitHistogram)
        body += "<h2>\(es ? "Llegadas y atendidos por hora" : "Arrivals and served by hour")</h2>" + hours(total.hours)
        body += "<h2>\(es ? "Llamados dentro de la meta, por servicio" : "Called within the target, by service")</h2>" + shares(total.services)
        body += "<h2>\(es ? "Por servicio" : "By service")</h2>" + table(rows: serviceRows(total.services))
        body += "<h2>\(es ? "Por hora de llegada" : "By hour of arrival")</h2>" + table(rows: total.hours.sorted { $0.key < $1.key }.map { (String(format: "%02d:00", $0.key), $0.value) })
        if report.days.count > 1 {
            body += "<h2>\(es ? "Por día" : "By day")</h2>" + table(rows: report.days.map { ($0.day.description, $0.report.office) })
        }
        if !total.desks.isEmpty {
            body += "<h2>\(es ? "Por ventanilla" : "By desk")</h2><table><tr><th></th><th>\(es ? "Atendidos" : "Served")</th><th>\(es ? "Atención promedio" : "Average service")</th></tr>"
            for (id, desk) in total.desks.sorted(by: { $0.key < $1.key }) {
                body += "<tr><td>\(escape(total.names.desks[id]?[language] ?? office.desk(id)?.label[language] ?? id.rawValue))</td><td>\(desk.served)</td><td>\(minutes(desk.averageServiceSeconds))</td></tr>"
            }
            body += "</table>"
        }
        body += staff(total)
        body += outcomes(total)
        body += feedback(total)
        return Self.frame(title: "\(escape(office.name[language])) — \(span)", language: language, body: body)
    }

    /// A whole page around `body`: its look on a screen, a phone and A4 paper. A table
    /// wider than a phone scrolls on its own, by keyboard too.
    static func frame(title: String, language: Language, body: String) -> String {
        let body = body.replacingOccurrences(of: "<table", with: "<div class=\"wide\" tabindex=\"0\"><table").replacingOccurrences(of: "</table>", with: "</table></div>")
        return """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>
            body{font-family:"DejaVu Sans",Arial,sans-serif;color:#0b1d3a;max-width:60rem;margin:2rem auto;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:2px solid #163a6b}
            .sub{color:#5a6678;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:.8rem}
            .card{border:1px solid #c9d1de;border-radius:6px;padding:.6rem .9rem;min-width:9rem}
            .card b{display:block;font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
            th,td{border-bottom:1px solid #c9d1de;padding:.3rem .5rem;text-align:right}td{white-space:nowrap}td:first-child{white-space:normal}th:first-child,td:first-child{text-align:left}
            svg{width:100%;height:auto}.wide{overflow-x:auto}@page{size:A4;margin:15mm}@media print{body{margin:0}h2{break-after:avoid}svg,table{break-inside:avoid}}
            </style></head><body>\(body)</body></html>
            """
    }

    /// How visits ended: counts per outcome for the office, each service and each desk,
    /// with the share resolved on the spot.

    /// Each staff member who signed in as themselves: what they did and their time at desks.
    func staff(_ total: IndicatorReport) -> String {
        guard !total.staff.isEmpty else { return "" }
        let es = language == .es
        let heads = es
            ? ["Atendidos", "No se presentaron", "Atención promedio", "Atención mediana", "Llamado a inicio", "En ventanilla", "Sin turno"]
            : ["Served", "No-shows", "Average service", "Median service", "Call to start", "At a desk", "Idle"]
        var html = "<h2>\(es ? "Por persona" : "By staff member")</h2><table><tr><th></th>" + heads.map { "<th>\($0)</th>" }.joined() + "</tr>"
        for (user, figures) in total.staff.sorted(by: { $0.key < $1.key }) {
            let cells = [String(figures.served), String(figures.noShows), minutes(figures.averageServiceSeconds),
                         minutes(figures.medianServiceSeconds), minutes(figures.averageWalkSeconds), minutes(figures.atDeskSeconds),
                         minutes(figures.idleSeconds)]
            html += "<tr><td>\(escape(figures.name ?? user))</td>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }
    private func outcomes(_ total: IndicatorReport) -> String {
        guard !total.office.outcomes.isEmpty else { return "" }
        let codes = ReportRows.outcomeCodes(office, [total])
        let heads = codes.map { code in escape(office.outcomes.first { $0.code == code }?.name[language] ?? code) }
        var html = "<h2>\(es ? "Cómo terminaron las atenciones" : "How visits ended")</h2><table><tr><th></th>"
            + heads.map { "<th>\($0)</th>" }.joined() + "<th>\(es ? "Resueltas aquí" : "Resolved here")</th></tr>"
        var rows: [(String, [String: Int])] = [(es ? "Toda la oficina" : "Whole office", total.office.outcomes)]
        rows += serviceRows(total.services).map { ($0.0, $0.1.outcomes) }
        rows += total.desks.sorted(by: { $0.key < $1.key }).map { (total.names.desks[$0.key]?[language] ?? office.desk($0.key)?.label[language] ?? $0.key.rawValue, $0.value.outcomes) }
        for (label, counts) in rows where !counts.isEmpty {
            var share = Indicators()
            share.outcomes = counts
            html += "<tr><td>\(escape(label))</td>" + codes.map { "<td>\(counts[$0] ?? 0)</td>" }.joined()
                + "<td>\(Format.percent(share.resolvedPercent, language))</td></tr>"
        }
        return html + "</table>"
    }

    static func driverName(_ driver: KeyDriver, _ language: Language) -> String {
        switch (driver, language) {
        case (.answer, .es): "Respuesta o solución"
        case (.time, .es): "Tiempo"
        case (.professionalism, .es): "Profesionalismo"
        case (.information, .es): "Información"
        case (.attitude, .es): "Actitud del personal"
        case (.answer, _): "Answer or solution"
        case (.time, _): "Time"
        case (.professionalism, _): "Professionalism"
        case (.information, _): "Information"
        case (.attitude, _): "Staff attitude"
        }
    }

    /// What visitors said: a bar per key driver (1 to 5), the drivers by service and desk,
    /// and the comments.
    private func feedback(_ total: IndicatorReport) -> String {
        let o = total.office
        guard o.feedback.answered > 0 else { return "" }
        let answered = es
            ? "\(o.feedback.answered) visitantes respondieron (\(Format.percent(o.answeredPercent, language)) de los atendidos)"
            : "\(o.feedback.answered) visitors answered (\(Format.percent(o.answeredPercent, language)) of those served)"
        var html = "<h2>\(es ? "La opinión de los visitantes" : "What visitors said")</h2><p>\(escape(answered))</p>"
        // Labels sit left of the bars and the value right of each bar, so no bar covers a label.
        let width = 720.0, rowHeight = 34.0, left = 220.0, scale = (width - left - 70) / 5
        var svg = ""
        for (k, driver) in KeyDriver.allCases.enumerated() {
            let y = Double(k) * rowHeight + 5, average = o.feedback.averages[driver] ?? 0
            svg += "<text x='0' y='\(y + 19)' font-size='13'>\(escape(Self.driverName(driver, language)))</text>"
            svg += rect(left, y, scale * average, rowHeight - 10, "#163a6b")
            svg += "<text x='\(left + scale * average + 8)' y='\(y + 19)' font-size='13'>\(Format.decimal(average, language)) / 5</text>"
        }
        html += "<svg viewBox='0 0 \(width) \(Double(KeyDriver.allCases.count) * rowHeight + 10)' role='img' aria-label='\(es ? "Promedio de cada aspecto, de 1 a 5" : "Average of each driver, 1 to 5")'>\(svg)</svg>"
        var rows: [(String, FeedbackSummary)] = [(es ? "Toda la oficina" : "Whole office", o.feedback)]
        rows += serviceRows(total.services).map { ($0.0, $0.1.feedback) }
        rows += total.desks.sorted(by: { $0.key < $1.key }).map { (total.names.desks[$0.key]?[language] ?? office.desk($0.key)?.label[language] ?? $0.key.rawValue, $0.value.feedback) }
        html += "<table><tr><th></th><th>\(es ? "Respondieron" : "Answered")</th>"
            + KeyDriver.allCases.map { "<th>\(escape(Self.driverName($0, language)))</th>" }.joined() + "</tr>"
        for (label, summary) in rows where summary.answered > 0 {
            html += "<tr><td>\(escape(label))</td><td>\(summary.answered)</td>"
                + KeyDriver.allCases.map { "<td>\(summary.averages[$0].map { Format.decimal($0, language) } ?? "–")</td>" }.joined() + "</tr>"
        }
        html += "</table>"
        if !total.comments.isEmpty {
            html += "<h2>\(es ? "Comentarios" : "Comments")</h2><ul>" + total.comments.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        return html
    }

    private func summary(_ o: Indicators) -> String {
        let cards: [(String, String)] = [
            (es ? "Llamados en \(target) min o menos" : "Called within \(target) min", Format.percent(o.withinTargetPercent, language)),
            (es ? "Espera promedio" : "Average wait", minutes(o.averageWaitSeconds)),
            (es ? "Espera mediana" : "Median wait", minutes(o.medianWaitSeconds)),
            (es ? "Percentil 90" : "90th percentile", minutes(o.p90WaitSeconds)),
            (es ? "Turnos emitidos" : "Tickets issued", "\(o.issued)"),
            (es ? "Atendidos" : "Served", "\(o.served)"),
            (es ? "No se presentaron" : "No-shows", "\(o.noShows)"),
            (es ? "Cancelados / vencidos" : "Cancelled / expired", "\(o.cancelled) / \(o.expired)"),
        ]
        return "<div class=cards>" + cards.map { "<div class=card>\(escape($0.0))<b>\($0.1)</b></div>" }.joined() + "</div>"
    }

    /// Bars per minute of wait, with the target as a red line.
    private func histogram(_ counts: [Int]) -> String {
        let width = 720.0, height = 220.0, left = 40.0, bottom = 30.0
        let top = Double(max(counts.max() ?? 0, 1))
        let bar = (width - left) / Double(counts.count)
        var svg = axes(width: width, height: height, left: left, bottom: bottom, top: top)
        for (m, n) in counts.enumerated() where n > 0 {
            let h = (height - bottom - 10) * Double(n) / top
            svg += rect(left + Double(m) * bar + 1, height - bottom - h, bar - 2, h, m >= target ? "#e74c3c" : "#163a6b")
        }
        let x = left + Double(target) * bar
        svg += "<line x1='\(x)' y1='5' x2='\(x)' y2='\(height - bottom)' stroke='#b03a2e' stroke-width='2' stroke-dasharray='6 4'/>"
        svg += "<text x='\(x + 4)' y='16' fill='#b03a2e' font-size='12'>\(es ? "meta" : "target") \(target) min</text>"
        for m in stride(from: 0, through: IndicatorReport.histogramMinutes, by: 10) {
            let anchor = m == IndicatorReport.histogramMinutes ? "end" : "start"
            let x = m == IndicatorReport.histogramMinutes ? width : left + Double(m) * bar
            svg += "<text x='\(x)' y='\(height - 10)' font-size='11' text-anchor='\(anchor)'>\(m == IndicatorReport.histogramMinutes ? "\(m)+" : "\(m)") min</text>"
        }
        return "<svg viewBox='0 0 \(width) \(height)' role='img' aria-label='\(es ? "Distribución de la espera, en minutos, con la meta" : "Distribution of the wait, in minutes, with the target")'>\(svg)</svg>"
    }

    /// Arrivals and served side by side for each hour.
    private func hours(_ hours: [Int: Indicators]) -> String {
        let keys = hours.keys.sorted()
        guard let first = keys.first, let last = keys.last else { return "<p>–</p>" }
        let width = 720.0, height = 220.0, left = 40.0, bottom = 30.0
        let top = Double(max(hours.values.map { max($0.issued, $0.served) }.max() ?? 0, 1))
        let slot = (width - left) / Double(last - first + 1)
        var svg = axes(width: width, height: height, left: left, bottom: bottom, top: top)
        for hour in first...last {
            let i = hours[hour] ?? Indicators()
            let x = left + Double(hour - first) * slot
            for (k, (value, color)) in [(i.issued, "#163a6b"), (i.served, "#0e6e78")].enumerated() {
                let h = (height - bottom - 28) * Double(value) / top
                svg += rect(x + 4 + Double(k) * (slot - 8) / 2, height - bottom - h, (slot - 8) / 2 - 1, h, color)
            }
            svg += "<text x='\(x + 4)' y='\(height - 10)' font-size='11'>\(String(format: "%02d", hour))h</text>"
        }
        svg += "<rect x='\(width - 190)' y='6' width='10' height='10' fill='#163a6b'/><text x='\(width - 175)' y='15' font-size='11'>\(es ? "llegadas" : "arrivals")</text>"
        svg += "<rect x='\(width - 100)' y='6' width='10' height='10' fill='#0e6e78'/><text x='\(width - 85)' y='15' font-size='11'>\(es ? "atendidos" : "served")</text>"
        return "<svg viewBox='0 0 \(width) \(height)' role='img' aria-label='\(es ? "Llegadas y atendidos por hora de llegada" : "Arrivals and served by hour of arrival")'>\(svg)</svg>"
    }

    /// A horizontal bar per service: share called within the target. Each service's name
    /// has a line of its own above its bar, so a long name is never cut by the bar.
    private func shares(_ services: [ServiceCode: Indicators]) -> String {
        let rows = serviceRows(services)
        let width = 720.0, rowHeight = 46.0, barHeight = 18.0, room = width - 70
        var svg = ""
        for (k, row) in rows.enumerated() {
            let y = Double(k) * rowHeight + 4, share = row.1.withinTargetPercent ?? 0
            let color = share >= 90 ? "#2ecc71" : (share >= 70 ? "#f5a623" : "#e74c3c")
            svg += "<text x='0' y='\(y + 13)' font-size='13'>\(escape(row.0))</text>"
            svg += rect(0, y + 20, room * share / 100, barHeight, color)
            svg += "<text x='\(room * share / 100 + 6)' y='\(y + 34)' font-size='13'>\(Format.percent(row.1.withinTargetPercent, language))</text>"
        }
        let label = es ? "Llamados dentro de la meta, por servicio" : "Called within the target, by service"
        return "<svg viewBox='0 0 \(width) \(Double(max(rows.count, 1)) * rowHeight + 6)' role='img' aria-label='\(label)'>\(svg)</svg>"
    }

    private func serviceRows(_ services: [ServiceCode: Indicators]) -> [(String, Indicators)] {
        services.sorted { $0.key < $1.key }.map { code, value in
            ("\(code) · " + (report.total.names.services[code]?[language] ?? office.service(code)?.name[language] ?? code.rawValue), value)
        }
    }

    private func table(rows: [(String, Indicators)]) -> String {
        let heads = es
            ? ["", "Emitidos", "Atendidos", "No se presentaron", "Dentro de la meta", "Espera prom.", "Mediana", "P90", "Atención prom."]
            : ["", "Issued", "Served", "No-shows", "Within target", "Avg wait", "Median", "P90", "Avg service"]
        var html = "<table><tr>" + heads.map { "<th>\($0)</th>" }.joined() + "</tr>"
        for (label, i) in rows {
            let cells = [escape(label), "\(i.issued)", "\(i.served)", "\(i.noShows)", Format.percent(i.withinTargetPercent, language),
                minutes(i.averageWaitSeconds), minutes(i.medianWaitSeconds), minutes(i.p90WaitSeconds), minutes(i.averageServiceSeconds)]
            html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    private func axes(width: Double, height: Double, left: Double, bottom: Double, top: Double) -> String {
        "<line x1='\(left)' y1='\(height - bottom)' x2='\(width)' y2='\(height - bottom)' stroke='#5a6678'/>"
            + "<text x='0' y='16' font-size='11'>\(Int(top))</text><text x='0' y='\(height - bottom)' font-size='11'>0</text>"
    }

    private func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ fill: String) -> String {
        String(format: "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%@'/>", x, y, max(w, 0), max(h, 0), fill)
    }

    private func minutes(_ seconds: Double?) -> String { Self.minutes(seconds, language) }

    static func minutes(_ seconds: Double?, _ language: Language) -> String {
        seconds.map { Format.decimal($0 / 60, language) + " min" } ?? "–"
    }

    private func escape(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
