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
    var servicesTitle: String { es ? "En espera" : "Waiting" }
    var columns: [String] { es ? ["Personas", "Espera más larga", "Espera estimada"] : ["People", "Longest wait", "Estimated wait"] }
    var noDesk: String { es ? "sin ventanilla abierta" : "no desk open" }

    func estimate(_ minutes: Int?) -> String {
        guard let minutes else { return noDesk }
        return minutes == 0 ? (es ? "sin espera" : "no wait") : (es ? "aprox. \(minutes) min" : "about \(minutes) min")
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

    /// `mm:ss` under an hour, `h:mm:ss` past it.
    static func duration(_ seconds: Int) -> String {
        let s = max(0, seconds)
        let pad = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(pad(s / 60 % 60)):\(pad(s % 60))" : "\(s / 60):\(pad(s % 60))"
    }
}
