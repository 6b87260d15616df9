import Foundation

/// The config's opening hours and notices.
extension ConfigReader {
    /// `{"days": [...], "open": "08:00", "close": "17:00"}`, and optionally `"byDay":
    /// {"sat": {"open": "08:00", "close": "12:00"}}`, `"lunch": {"open": "12:00", "close":
    /// "13:00"}` and `"closed": [{"date": "2026-12-25", "name": "Navidad"}]`.
    func openingHours(_ node: ConfigNode) throws(ConfigError) -> OpeningHours {
        let f = try fields(node, allowed: ["days", "open", "close", "byDay", "lunch", "closed"])
        var days: [Weekday] = []
        for item in try array(required(f, "days", in: node)) {
            let day = try weekday(item)
            guard !days.contains(day) else { throw fail(item.path, "day '\(day.rawValue)' is listed twice", es: "el día '\(day.rawValue)' está dos veces") }
            days.append(day)
        }
        let usual = try span(node, f)
        var byDay: [Weekday: OpeningHours.Span] = [:]
        if let days = f["byDay"] {
            guard case .object(let object) = days.value else { throw fail(days.path, "expected an object such as {\"sat\": {\"open\": \"08:00\", \"close\": \"12:00\"}}",
                                                                         es: "se esperaba un objeto como {\"sat\": {\"open\": \"08:00\", \"close\": \"12:00\"}}") }
            for (key, value) in object {
                let item = ConfigNode(value: value, path: days.child(key))
                guard let day = Weekday(rawValue: key.lowercased()) else {
                    throw fail(item.path, "unknown day '\(key)'; use mon, tue, wed, thu, fri, sat or sun", es: "no hay un día '\(key)': use mon, tue, wed, thu, fri, sat o sun")
                }
                byDay[day] = try span(item, fields(item, allowed: ["open", "close"]))
            }
        }
        let lunch = try f["lunch"].map { node throws(ConfigError) in try span(node, fields(node, allowed: ["open", "close"])) }
        var closed: [OpeningHours.ClosedDate] = []
        for item in try f["closed"].map({ node throws(ConfigError) in try array(node, nonEmpty: false, max: 400) }) ?? [] {
            let g = try fields(item, allowed: ["date", "name"])
            let dateNode = try required(g, "date", in: item)
            let day = try day(dateNode)
            guard !closed.contains(where: { $0.day == day }) else { throw fail(dateNode.path, "\(day) is listed twice", es: "el \(day) está dos veces") }
            closed.append(.init(day: day, name: try localized(required(g, "name", in: item), max: 60)))
        }
        return OpeningHours(days: days, open: usual.open, close: usual.close, byDay: byDay, lunch: lunch, closed: closed)
    }

    func weekday(_ node: ConfigNode) throws(ConfigError) -> Weekday {
        let text = try string(node).lowercased()
        guard let day = Weekday(rawValue: text) else { throw fail(node.path, "unknown day '\(text)'; use mon, tue, wed, thu, fri, sat or sun",
                                                                      es: "no hay un día '\(text)': use mon, tue, wed, thu, fri, sat o sun") }
        return day
    }

    /// `"open"` and `"close"` of `node`, the close after the open.
    func span(_ node: ConfigNode, _ f: [String: ConfigNode]) throws(ConfigError) -> OpeningHours.Span {
        let openNode = try required(f, "open", in: node), closeNode = try required(f, "close", in: node)
        let open = try time(openNode), close = try time(closeNode)
        guard open < close else { throw fail(closeNode.path, "closes at \(close), not after it opens at \(open)", es: "cierra a las \(close), que no es después de abrir a las \(open)") }
        return .init(open: open, close: close)
    }

    /// `"notices": [{"text": {"es": "Hoy cerramos a las 15:00", "en": "…"}, "from": "2026-12-24", "to": "2026-12-24"}]`.
    func noticeList(_ node: ConfigNode) throws(ConfigError) -> [Notice] {
        var notices: [Notice] = []
        for item in try array(node, nonEmpty: false, max: Notice.most) {
            let f = try fields(item, allowed: ["text", "from", "to"])
            let text = try localized(required(f, "text", in: item), max: 100)
            let from = try f["from"].map { node throws(ConfigError) in try day(node) }
            let to = try f["to"].map { node throws(ConfigError) in try day(node) }
            if let from, let to, to < from, let toNode = f["to"] { throw fail(toNode.path, "ends on \(to), before it starts on \(from)", es: "termina el \(to), antes de empezar el \(from)") }
            notices.append(Notice(text: text, from: from, to: to))
        }
        return notices
    }

    func day(_ node: ConfigNode) throws(ConfigError) -> LocalDay {
        let text = try string(node)
        guard let day = LocalDay(text) else { throw fail(node.path, "'\(text)' is not a date; write YYYY-MM-DD, e.g. 2026-12-25", es: "'\(text)' no es una fecha: escríbala así: 2026-12-25") }
        return day
    }
}
