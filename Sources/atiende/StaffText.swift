import AtiendeCore
import Foundation

/// What the desk and issue commands tell staff, in the office's language (`--lang`, else
/// the office's first language). Errors stay in English: they name config fields and
/// options, which are English.
struct StaffText {
    let language: Language
    var es: Bool { language == .es }

    func people(_ count: Int) -> String {
        es ? (count == 1 ? "1 persona" : "\(count) personas") : Format.people(count)
    }

    func estimate(ahead: Int, _ minutes: Int?) -> String {
        guard es else { return Format.estimate(ahead: ahead, minutes) }
        switch WaitWording(ahead: ahead, minutes: minutes) {
        case .noEstimate: return "ninguna ventanilla abierta para este servicio (sin estimación)"
        case .next: return "es el siguiente (estimación)"
        case .underAMinute: return "espera de menos de 1 min (estimación)"
        case .minutes(let minutes): return "espera de unos \(minutes) min (estimación)"
        }
    }

    func issued(_ number: String, _ service: String, preferential: Bool) -> String {
        "\(number)  \(service)" + (preferential ? (es ? "  (preferencial)" : "  (preferential)") : "")
    }

    func issuedAt(_ time: String) -> String { (es ? "  emitido " : "  issued ") + time }
    func ahead(_ count: Int, _ estimate: Int?) -> String {
        "  " + people(count) + (es ? " antes, " : " ahead, ") + self.estimate(ahead: count, estimate)
    }

    func desk(_ label: String, open: Bool) -> String {
        es ? "\(label) está \(open ? "abierta" : "cerrada")." : "\(label) is \(open ? "open" : "closed")."
    }

    func nobodyWaiting(_ desk: String) -> String {
        es ? "Nadie espera por la ventanilla \(desk)." : "Nobody is waiting for desk \(desk)."
    }

    func longWaits(_ count: Int, desk: String, target: Int, longest: String, minutes: Int) -> String {
        es ? "atiende: aviso: \(people(count)) de los servicios de la ventanilla \(desk) esperaron más de la meta de \(target) min (la más larga \(longest), \(minutes) min)"
            : "atiende: warning: \(people(count)) for desk \(desk)'s services waited past the \(target)-min target (longest \(longest), \(minutes) min)"
    }

    func called(_ ticket: String, to desk: String, waited: String, preferential: Bool) -> String {
        es ? "\(ticket) llamado a \(desk), esperó \(waited)\(preferential ? ", preferencial" : "")"
            : "\(ticket) called to \(desk), waited \(waited)\(preferential ? ", preferential" : "")"
    }

    func recalled(_ ticket: String, to desk: String) -> String { es ? "\(ticket) llamado de nuevo a \(desk)" : "\(ticket) called again to \(desk)" }
    func started(_ ticket: String, at desk: String) -> String { es ? "\(ticket) en atención en \(desk)" : "\(ticket) being served at \(desk)" }
    func finished(_ ticket: String, at desk: String, after: String, ended: String) -> String {
        es ? "\(ticket) finalizado en \(desk) tras \(after)\(ended)" : "\(ticket) done at \(desk) after \(after)\(ended)"
    }
    func noShow(_ ticket: String, at desk: String) -> String { es ? "\(ticket) marcado como ausente en \(desk)" : "\(ticket) marked as a no-show at \(desk)" }
    func transferred(_ ticket: String, to service: String) -> String {
        es ? "\(ticket) enviado a \(service); conserva su lugar en esa fila" : "\(ticket) sent to \(service); it keeps its place in that queue"
    }
    func requeued(_ ticket: String) -> String { es ? "\(ticket) de vuelta en la fila, con su lugar" : "\(ticket) back in the queue, keeping its place" }
    func cancelled(_ ticket: String) -> String { es ? "\(ticket) cancelado" : "\(ticket) cancelled" }

    // MARK: status

    var statusColumns: String {
        "   " + Format.column(es ? "Servicio" : "Service", 34) + (es ? "En espera  Espera más larga      Estimación" : "Waiting  Longest wait          Estimate")
    }
    func mark(_ level: WaitLevel) -> String {
        switch level {
        case .red: es ? "PASÓ LA META" : "PAST TARGET"
        case .amber: es ? "cerca de la meta" : "near target"
        case .green: ""
        }
    }
    /// A new ticket's estimate in `status`, worded as on the wall: "no wait" only when nobody waits.
    func shortEstimate(_ minutes: Int?, waiting: Int) -> String {
        switch WaitWording(ahead: waiting, minutes: minutes) {
        case .noEstimate: es ? "sin ventanilla" : "no desk open"
        case .next: es ? "sin espera" : "no wait"
        case .underAMinute: es ? "menos de 1 min" : "under 1 min"
        case .minutes(let minutes): "~\(minutes) min"
        }
    }

    /// A wait or a visit's length as a person says it: "menos de 1 min", "12 min", "1 h 05 min"
    /// ("esperó 0:13" read as minutes or seconds alike).
    func length(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        let minutes = Int(seconds) / 60
        if minutes < 1 { return es ? "menos de 1 min" : "under 1 min" }
        if minutes < 60 { return "\(minutes) min" }
        return "\(minutes / 60) h " + String(format: "%02d", minutes % 60) + " min"
    }
    func waitingPast(alert: Int, target: Int) -> String {
        es ? "Esperan más de \(alert) min (! = pasó la meta de \(target) min): " : "Waiting past \(alert) min (! = past the \(target)-min target): "
    }
    func promise(_ percent: String, waiting: Int, target: Int, below threshold: Int?) -> String {
        es ? "Promesa: se proyecta que \(percent) de las personas en espera (\(waiting)) sean llamadas en menos de \(target) min"
            + (threshold.map { ", por debajo del \($0) % de la oficina" } ?? "")
            : "Promise: \(percent) of the people waiting (\(waiting)) projected to be called within \(target) min"
            + (threshold.map { ", below the office's \($0)%" } ?? "")
    }
    /// `issue` outside the service's hours.
    func closed(_ service: String, holiday: String?, opens: String?) -> String {
        let why = holiday.map { es ? " (\($0))" : " (\($0))" } ?? ""
        let next = opens.map { es ? "; abre \($0)" : "; it opens \($0)" } ?? ""
        return es
            ? "el servicio \(service) está cerrado ahora\(why)\(next). Para emitir de todos modos (alguien que ya está adentro), agregue --anyway"
            : "service \(service) is closed now\(why)\(next). To issue anyway (someone already inside), add --anyway"
    }

    /// A kiosk whose printer needs someone.
    func device(_ name: String, _ printer: DeviceReport.Printer, since: String, detail: String?) -> String {
        let problem = switch printer {
        case .missing: es ? "no encuentra su impresora" : "cannot find its printer"
        case .failing: es ? "su impresora falla" : "its printer is failing"
        case .ok: es ? "imprime" : "prints"
        }
        let line = es ? "! Kiosco \(name): \(problem) desde las \(since)" : "! Kiosk \(name): \(problem) since \(since)"
        return line + (detail.map { " (\($0))" } ?? "")
    }

    func requestsOverdue(_ count: Int) -> String {
        es ? "! \(count) \(count == 1 ? "solicitud vencida" : "solicitudes vencidas"): la persona aún no ha sido contactada (atiende request list --overdue)"
            : "! \(count) overdue \(count == 1 ? "request" : "requests"): the person has not been contacted yet (atiende request list --overdue)"
    }

    func diskLow(megabytes: Int64) -> String {
        es ? "! Queda poco disco para la base de datos (\(megabytes) MB libres): libere espacio antes de que deje de emitir turnos"
            : "! The database's disk is nearly full (\(megabytes) MB free): free some room before it stops issuing tickets"
    }

    func deskState(_ activity: DeskState.Activity) -> String {
        guard es else { return activity.rawValue }
        switch activity {
        case .idle: return "libre"
        case .called: return "llamando"
        case .serving: return "atiende"
        case .closed: return "cerrada"
        }
    }
    func today(issued: Int, served: Int, noShows: Int, within: String, target: Int, average: String) -> String {
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) " + (n == 1 ? one : many) }
        return es
            ? "Hoy: \(count(issued, "emitido", "emitidos")), \(count(served, "atendido", "atendidos")), \(count(noShows, "ausente", "ausentes")), \(within) llamados en menos de \(target) min, espera promedio \(average)"
            : "Today: \(issued) issued, \(served) served, \(count(noShows, "no-show", "no-shows")), \(within) called within \(target) min, average wait \(average)"
    }
}
