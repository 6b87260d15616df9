import Foundation

/// What a request says to the person and to the official, in the office's languages
/// (docs/domain.md, "Requests and the 24-hour promise"): the person's page, the receipt,
/// the confirmation by email, the lost call's notice and the script for the call back.
/// Every text is decided here, so the server, the command line and the mail say the same.
public struct RequestWords: Sendable {
    public var office: Office
    public var language: Language

    public init(office: Office, language: Language? = nil) {
        self.office = office
        self.language = language ?? office.defaultLanguage
    }

    var es: Bool { language == .es }

    /// "martes 24 de noviembre a las 09:00", "Tuesday 24 November at 09:00", in the office's zone.
    public func when(_ date: Date) -> String {
        let calendar = office.calendar
        let day = calendar.day(of: date), weekday = calendar.weekday(of: date)
        let minute = calendar.minuteOfDay(of: date)
        let time = String(format: "%02d:%02d", minute / 60, minute % 60)
        let order: [Weekday] = [.mon, .tue, .wed, .thu, .fri, .sat, .sun]
        let index = order.firstIndex(of: weekday) ?? 0
        if es {
            let days = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
            let months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
            return "\(days[index]) \(day.day) de \(months[day.month - 1]) a las \(time)"
        }
        let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(days[index]) \(day.day) \(months[day.month - 1]) at \(time)"
    }

    public func channel(_ channel: RequestChannel) -> String {
        switch channel {
        case .inPerson: es ? "en persona" : "in person"
        case .phone: es ? "por teléfono" : "by phone"
        case .email: es ? "por correo electrónico" : "by email"
        case .written: es ? "por nota escrita" : "by written note"
        case .lostCall: es ? "por una llamada que no pudimos atender" : "by a call we could not answer"
        case .referred: es ? "por medio de otro funcionario" : "through another official"
        }
    }

    /// A channel as a table's row names it: "Teléfono", "Llamada perdida".
    public func channelName(_ channel: RequestChannel) -> String {
        switch channel {
        case .inPerson: es ? "En persona" : "In person"
        case .phone: es ? "Teléfono" : "Phone"
        case .email: es ? "Correo electrónico" : "Email"
        case .written: es ? "Nota escrita" : "Written note"
        case .lostCall: es ? "Llamada perdida" : "Lost call"
        case .referred: es ? "Otro funcionario" : "Another official"
        }
    }

    func service(_ code: ServiceCode) -> String { office.service(code)?.name[language] ?? code.rawValue }

    /// Where the request stands, in the words the person reads on their page: a headline and
    /// a sentence. `handler` is the display name of whoever handles it.
    public func state(_ request: ServiceRequest, at now: Date, handler: String?) -> (headline: String, detail: String) {
        let who = handler.map { es ? "La atiende \($0)." : "\($0) is handling it." }
            ?? (es ? "Pronto le asignaremos a una persona." : "Someone will be assigned to it soon.")
        switch request.promise(at: now) {
        case .pending:
            return (es ? "Recibida: le contactaremos pronto" : "Received: we will contact you soon",
                    (es ? "Le contactaremos a más tardar el \(when(request.deadline))." : "We will contact you by \(when(request.deadline)).") + " " + who)
        case .overdue:
            return (es ? "Recibida: aún no hemos podido contactarle" : "Received: we have not reached you yet",
                    (es ? "Le pedimos disculpas por la demora: le contactaremos lo antes posible." : "We apologise for the delay: we will contact you as soon as we can.") + " " + who)
        case .met, .missed:
            let first = request.firstContactAt.map(when) ?? ""
            return (es ? "En curso: ya le contactamos" : "In progress: we have contacted you",
                    (es ? "Hablamos con usted el \(first)." : "We spoke with you on \(first).") + " " + who)
        }
    }

    /// The acknowledgement of receipt, line by line: printed on A4 or on the ticket printer,
    /// and the body of the confirmation by email.
    public func receipt(_ request: ServiceRequest, receivedBy: String?, link: String?) -> [String] {
        var lines = [
            es ? "Constancia de recibo" : "Acknowledgement of receipt",
            office.name[language],
            (es ? "Solicitud " : "Request ") + request.number.description,
            (es ? "Recibida el " : "Received on ") + when(request.receivedAt) + ", " + channel(request.channel) + ".",
            (es ? "Servicio: " : "Service: ") + service(request.service),
            (es ? "Asunto: " : "About: ") + request.summary,
        ]
        if let receivedBy { lines.append((es ? "Recibida por: " : "Received by: ") + receivedBy) }
        lines.append(promise(request))
        if let link { lines.append((es ? "Siga su solicitud en: " : "Follow your request at: ") + link) }
        lines.append(es ? "Guarde este número: es la prueba de que recibimos su solicitud." : "Keep this number: it is the proof that we received your request.")
        return lines
    }

    /// The 24-hour promise, in one sentence.
    public func promise(_ request: ServiceRequest) -> String {
        es ? "Una persona de la oficina le contactará a más tardar el \(when(request.deadline))."
            : "Someone from the office will contact you by \(when(request.deadline))."
    }

    /// The confirmation sent to the person's email at once.
    public func confirmation(_ request: ServiceRequest, link: String?) -> (subject: String, body: String) {
        let greeting = request.name.map { es ? "Estimado/a \($0):" : "Dear \($0)," } ?? (es ? "Cordial saludo." : "Hello,")
        let subject = es ? "Recibimos su solicitud \(request.number)" : "We received your request \(request.number)"
        let opening = es
            ? "Confirmamos que \(office.shortName[language]) recibió su solicitud \(request.number). La atenderemos."
            : "This confirms that \(office.shortName[language]) received your request \(request.number). We will handle it."
        let body = ([greeting, "", opening, promise(request)]
            + (link.map { [(es ? "Puede ver en qué va en: " : "You can see how it is going at: ") + $0] } ?? [])
            + ["", es ? "No necesita venir a la oficina para saber de su solicitud." : "You need not come to the office to hear about your request.",
               "", office.name[language]]).joined(separator: "\n")
        return (subject, body)
    }

    /// The notice to the official when a call could not be answered: call back at once.
    public func lostCallNotice(_ request: ServiceRequest, consoleLink: String?) -> (subject: String, body: String) {
        let person = request.name ?? (es ? "(sin nombre)" : "(no name)")
        let subject = es ? "Llamada perdida: devuelva la llamada (\(request.number))" : "Lost call: call back (\(request.number))"
        var lines = [
            es ? "Una llamada no pudo ser atendida. Devuélvala con una disculpa de parte de la institución."
                : "A call could not be answered. Return it with an apology on behalf of the institution.",
            "",
            (es ? "Solicitud: " : "Request: ") + request.number.description,
            (es ? "Persona: " : "Person: ") + person,
            (es ? "Teléfono: " : "Phone: ") + (request.phone ?? "—"),
            (es ? "Asunto: " : "About: ") + request.summary,
            (es ? "Contactar a más tardar el " : "Contact them by ") + when(request.deadline) + ".",
        ]
        if let consoleLink { lines += ["", (es ? "Registre la llamada en: " : "Record the call at: ") + consoleLink] }
        return (subject, lines.joined(separator: "\n"))
    }

    /// What the official says when calling back (the seminario, pp. 34–40): the greeting for
    /// the time of day, the institution, the apology for a lost call, who they are, and the
    /// request. Returned as the lines the console shows, in order.
    public func callBackScript(_ request: ServiceRequest, official: String, at now: Date) -> [String] {
        let hour = office.calendar.minuteOfDay(of: now) / 60
        let greeting = es ? (hour < 12 ? "Buenos días" : hour < 19 ? "Buenas tardes" : "Buenas noches")
            : (hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening")
        let person = request.name
        let institution = office.shortName[language]
        var lines: [String] = []
        if let person { lines.append(es ? "\(greeting), ¿me podría comunicar con \(person)?" : "\(greeting), may I speak with \(person)?") }
        lines.append(es ? "\(greeting)\(person.map { ", \($0)" } ?? ""); le hablamos de \(institution)." : "\(greeting)\(person.map { ", \($0)" } ?? ""); this is \(institution).")
        if request.channel == .lostCall {
            lines.append(es ? "Ante todo, pedimos disculpas por no haberle podido atender cuando usted llamó."
                : "First of all, we apologise for not being able to answer when you called.")
        }
        lines.append(es ? "Mi nombre es \(official); soy la persona asignada para atender su solicitud \(request.number), y estoy para servirle."
            : "My name is \(official); I am the person assigned to your request \(request.number), and I am here to help.")
        lines.append(es ? "¿Podría explicarme su caso?" : "Could you tell me about your case?")
        lines.append(es ? "Si no está: deje recado con su nombre y el número de la solicitud, y vuelva a llamar."
            : "If they are not there: leave word with your name and the request number, and call again.")
        return lines
    }
}
