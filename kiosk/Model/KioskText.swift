import AtiendeCore
import Foundation

/// The kiosk's words in each language: short, plain, no jargon.
public struct KioskText: Sendable {
    public let language: Language
    public init(_ language: Language) { self.language = language }

    var es: Bool { language == .es }
    public var chooseService: String { es ? "Toque el servicio que necesita" : "Touch the service you need" }
    public var preferentialHint: String {
        es ? "¿Adulto mayor, embarazada, con discapacidad o con niños pequeños? Elija su servicio y luego «Atención preferencial»."
            : "Older adult, pregnant, with a disability or small children? Choose your service, then “Priority attention”."
    }
    public var checkMyTurn: String { es ? "Consultar mi turno" : "Check my turn" }
    public var otherLanguage: String { es ? "English" : "Español" }
    public var bringTitle: String { es ? "Traiga:" : "Please bring:" }
    public var normal: String { es ? "Turno normal" : "Regular ticket" }
    public var preferential: String { es ? "Atención preferencial" : "Priority attention" }
    public var preferentialWho: String {
        es ? "adultos mayores, embarazo, discapacidad, niños pequeños" : "older adults, pregnancy, disability, small children"
    }
    public var back: String { es ? "← Volver" : "← Back" }
    public var wait: String { es ? "Un momento, por favor…" : "One moment, please…" }
    public var yourTicket: String { es ? "Su turno" : "Your ticket" }
    public var keep: String {
        es ? "Conserve este número: es su constancia de atención" : "Keep this number: it is your proof that your visit was received"
    }
    public var followOnPhone: String { es ? "Siga su turno en su celular" : "Follow your turn on your phone" }
    public var printFailed: String { es ? "No se pudo imprimir: anote su número" : "Could not print: please write your number down" }
    public var unavailable: String {
        es ? "No podemos emitir turnos en este momento, por favor acérquese a recepción"
            : "We cannot issue tickets right now, please go to reception"
    }
    public var typeNumber: String { es ? "Escriba su número, por ejemplo A-007" : "Type your number, for example A-007" }
    public var erase: String { es ? "Borrar" : "Delete" }
    public var submit: String { es ? "Consultar" : "Check" }
    public var noDeskNow: String { es ? "Cerrado ahora: ninguna ventanilla atiende este servicio" : "Closed now: no desk serves this service" }

    public func closed(_ hours: OpeningHours) -> String {
        (es ? "Cerrado · horario " : "Closed · hours ") + hours.summary(language)
    }

    public func ahead(_ count: Int) -> String {
        switch (es, count) {
        case (true, 0): "Usted es el siguiente"
        case (true, 1): "1 persona antes que usted"
        case (true, _): "\(count) personas antes que usted"
        case (false, 0): "You are next"
        case (false, 1): "1 person ahead of you"
        case (false, _): "\(count) people ahead of you"
        }
    }

    /// Always said to be an estimate.
    public func estimate(_ minutes: Int?) -> String {
        guard let minutes else { return es ? "Sin estimación: ninguna ventanilla abierta" : "No estimate: no desk open" }
        if minutes == 0 { return es ? "Espera estimada: menos de 1 min" : "Estimated wait: under 1 min" }
        return es ? "Espera estimada: aprox. \(minutes) min (es una estimación)" : "Estimated wait: about \(minutes) min (an estimate)"
    }

    public func returnsIn(_ seconds: Int) -> String {
        es ? "Toque la pantalla para terminar · \(seconds) s" : "Touch the screen to finish · \(seconds) s"
    }

    public func result(_ result: KioskModel.CheckResult) -> (String, String) {
        switch result {
        case .waiting(let number, let ahead, let minutes): (number, self.ahead(ahead) + " · " + estimate(minutes))
        case .called(let number, let desk): (number, es ? "Ya fue llamado a \(desk)" : "Already called to \(desk)")
        case .finished(let number): (number, es ? "Este turno ya fue atendido" : "This ticket has been served")
        case .notFound(let number): (number, es ? "Número no encontrado hoy" : "Number not found today")
        }
    }

    /// "lunes 23 de noviembre · 09:41".
    public func dateTime(_ date: Date, _ office: Office?) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: es ? "es_CO" : "en_GB")
        formatter.timeZone = office?.timeZone ?? .current
        formatter.dateFormat = es ? "EEEE d 'de' MMMM · HH:mm" : "EEEE d MMMM · HH:mm"
        return formatter.string(from: date)
    }
}
