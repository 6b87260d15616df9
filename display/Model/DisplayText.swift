import AtiendeCore
import Foundation

/// The wall's words in each language.
struct DisplayText {
    let language: Language

    var es: Bool { language == .es }
    var caption: String { es ? "Turno" : "Ticket" }
    var toDesk: String { es ? "Diríjase a" : "Please go to" }
    var idle: String { es ? "Bienvenidos. Tome su turno en la entrada." : "Welcome. Take a ticket at the entrance." }
    var recentTitle: String { es ? "Últimos llamados" : "Recent calls" }
    /// Two lines each, as large as the figures under them.
    var columns: [String] { es ? ["Personas\nen espera", "Espera\nmás larga", "Espera\nestimada"] : ["People\nwaiting", "Longest\nwait", "Estimated\nwait"] }
    var noDesk: String { es ? "sin ventanilla" : "no desk" }

    /// A new ticket's estimate, under the label "Espera estimada", so the figure alone:
    /// "no wait" only when nobody waits.
    func estimate(_ minutes: Int?, waiting: Int) -> String {
        switch WaitWording(ahead: waiting, minutes: minutes) {
        case .noEstimate: noDesk
        case .next: es ? "sin espera" : "no wait"
        case .underAMinute: "<1 min"
        case .minutes(let minutes): "\(minutes) min"
        }
    }

    func within(_ percent: Double?, target: Int) -> String {
        let value = percent.map { "\(Int($0.rounded())) %" } ?? "–"
        return es ? "Llamados en menos de \(target) min hoy: \(value)" : "Called within \(target) min today: \(value)"
    }

    func average(_ seconds: Double?) -> String {
        let value = seconds.map { "\(Int(($0 / 60).rounded())) min" } ?? "–"
        return es ? "Espera promedio: \(value)" : "Average wait: \(value)"
    }

    func served(_ count: Int) -> String { es ? "Atendidos hoy: \(count)" : "Served today: \(count)" }

    func stale(_ seconds: Int?) -> String {
        let base = es ? "Sin conexión con la cola — reintentando" : "No connection to the queue — retrying"
        guard let seconds else { return base }
        let age = seconds < 90 ? (es ? "\(seconds) s" : "\(seconds) s") : "\(seconds / 60) min"
        return base + (es ? " · datos de hace \(age)" : " · data from \(age) ago")
    }

    /// "lunes 23 de noviembre" / "Monday 23 November".
    func date(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: es ? "es_CO" : "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = es ? "EEEE d 'de' MMMM" : "EEEE d MMMM"
        return formatter.string(from: date)
    }

    func clock(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }

    /// Waits in whole minutes ("12 min", "1 h 05 min"): readable at a glance, never
    /// mistaken for a time of day, and changing once a minute rather than every second.
    static func duration(_ seconds: Int) -> String {
        let minutes = max(0, seconds) / 60
        if minutes < 1 { return "<1 min" }
        if minutes < 60 { return "\(minutes) min" }
        let rest = minutes % 60
        return "\(minutes / 60) h " + (rest < 10 ? "0\(rest)" : "\(rest)") + " min"
    }
}
