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
    /// The language's own name, for the button that switches to it.
    public var languageName: String { es ? "Español" : "English" }
    public var listen: String { es ? "Escuchar" : "Listen" }
    public var listening: String { es ? "Escuchando" : "Listening" }
    /// Under "Escuchar" when this kiosk cannot speak.
    /// The listen button's label on a kiosk that cannot speak: short, so it fits one line
    /// in larger text ("Escuchar · Sin voz en este equipo" was cut to "Escuchar · Sin voz …").
    public var noVoice: String { es ? "Sin voz aquí" : "No voice here" }
    public var largerText: String { es ? "Letra grande" : "Larger text" }
    public var normalText: String { es ? "Letra normal" : "Normal text" }
    public func textSizeNow(large: Bool) -> String {
        large ? (es ? "Letra grande activada" : "Larger text is on") : (es ? "Letra normal" : "Normal text size")
    }
    public var touchAgainToChoose: String { es ? "Toque otra vez para elegir." : "Touch again to choose." }
    public var howToListen: String {
        es ? "Toque una vez para escuchar, y otra vez para elegir." : "Touch once to listen, and again to choose."
    }
    public var nextPage: String { es ? "Más servicios" : "More services" }
    public var previousPage: String { es ? "Servicios anteriores" : "Previous services" }
    public func pageOf(_ page: Int, _ pages: Int) -> String { es ? "Página \(page) de \(pages)" : "Page \(page) of \(pages)" }
    public func spokenService(_ code: String, _ name: String) -> String { (es ? "Servicio " : "Service ") + code + ", " + name }
    public var chooseHowServed: String {
        es ? "Elija turno normal, o atención preferencial si es adulto mayor, está embarazada, tiene una discapacidad o viene con niños pequeños."
            : "Choose a regular ticket, or priority attention if you are an older adult, pregnant, with a disability or with small children."
    }
    public var closedNow: String { es ? "Cerrado ahora" : "Closed now" }
    public var backWord: String { es ? "Volver" : "Back" }
    public var done: String { es ? "Listo" : "Done" }
    public var moreTime: String { es ? "Más tiempo" : "More time" }
    public var hearAgain: String { es ? "Escuchar otra vez" : "Listen again" }
    public var ticketButtons: String {
        es ? "Cuando termine, toque Listo. Si necesita más tiempo, toque Más tiempo."
            : "When you are done, touch Done. If you need more time, touch More time."
    }
    public func moreTimeGiven(_ seconds: Int) -> String {
        es ? "Su turno sigue en pantalla \(seconds) segundos más." : "Your ticket stays on screen for \(seconds) more seconds."
    }
    /// The warning before a screen goes home by itself.
    public func closingSoon(_ seconds: Int, ticket: Bool) -> String {
        switch (es, ticket) {
        case (true, true): "Esta pantalla se cierra en \(seconds) s · toque «Más tiempo» para seguir viéndola"
        case (true, false): "¿Sigue ahí? Volvemos al inicio en \(seconds) s · toque la pantalla para seguir"
        case (false, true): "This screen closes in \(seconds) s · touch “More time” to keep it"
        case (false, false): "Still there? Back to the start in \(seconds) s · touch the screen to stay"
        }
    }
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
    public var staffExit: String { es ? "Salida del personal" : "Staff exit" }
    public var typePIN: String { es ? "Escriba la clave de salida" : "Type the exit PIN" }
    public var erase: String { es ? "Borrar" : "Delete" }
    public var submit: String { es ? "Consultar" : "Check" }
    public var noDeskNow: String { es ? "Cerrado ahora: ninguna ventanilla atiende este servicio" : "Closed now: no desk serves this service" }

    /// A closed service's card: why (a holiday) and when it opens next, in plain words:
    /// "Cerrado · abre hoy a las 13:00", "Cerrado hoy: Navidad · abre el viernes 26 a las 08:00".
    public func closed(_ hours: OpeningHours, at now: Date, calendar: OfficeCalendar) -> String {
        let today = calendar.day(of: now)
        var head = es ? "Cerrado" : "Closed"
        if let holiday = hours.closedDate(today) { head += (es ? " hoy: " : " today: ") + holiday.name[language] }
        guard let opens = hours.nextOpening(after: now, calendar: calendar) else { return head }
        let day = calendar.day(of: opens), time = TimeOfDay(minutes: calendar.minuteOfDay(of: opens)).description
        let when: String
        if day == today {
            when = es ? "abre hoy a las \(time)" : "opens today at \(time)"
        } else if day == calendar.day(today, adding: 1) {
            when = es ? "abre mañana a las \(time)" : "opens tomorrow at \(time)"
        } else {
            let weekday = calendar.weekday(of: opens).name(language)
            when = es ? "abre el \(weekday) \(day.day) a las \(time)" : "opens \(weekday) \(day.day) at \(time)"
        }
        return head + " · " + when
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

    /// Always said to be an estimate; "any moment" only with nobody ahead.
    public func estimate(ahead: Int, _ minutes: Int?) -> String {
        switch WaitWording(ahead: ahead, minutes: minutes) {
        case .noEstimate: es ? "Sin estimación: ninguna ventanilla abierta" : "No estimate: no desk open"
        case .next: es ? "Lo llamarán en cualquier momento" : "You will be called any moment"
        case .underAMinute: es ? "Espera estimada: menos de 1 minuto" : "Estimated wait: under 1 minute"
        case .minutes(let minutes): es ? "Espera estimada: unos \(minutes) min" : "Estimated wait: about \(minutes) min"
        }
    }

    public func staysFor(_ seconds: Int) -> String {
        es ? "Esta pantalla se cierra en \(seconds) s" : "This screen closes in \(seconds) s"
    }

    public func result(_ result: KioskModel.CheckResult) -> (String, String) {
        switch result {
        case .waiting(let number, let ahead, let minutes): (number, self.ahead(ahead) + " · " + estimate(ahead: ahead, minutes))
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
