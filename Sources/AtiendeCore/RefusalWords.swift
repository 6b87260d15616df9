import Foundation

// The queue's and the staff directory's refusals in the office's language, for the
// people who read them at a desk or a terminal (`atiende` speaks the office's language).
// English stays `description`, which the API and the logs use.

extension TicketState {
    /// What the ticket is, in Spanish: "en espera", "en atención".
    public var palabras: String {
        switch self {
        case .waiting: "en espera"
        case .called: "llamado"
        case .serving: "en atención"
        case .done: "atendido"
        case .noShow: "marcado como ausente"
        case .cancelled: "cancelado"
        case .expired: "vencido"
        }
    }
}

extension TicketAction {
    /// Why the action cannot be taken, in Spanish: what it needs first.
    var requisito: String {
        switch self {
        case .call: "solo se llama un turno en espera"
        case .recall, .noShow, .requeue: "solo se puede con un turno llamado; llámelo primero"
        case .start: "solo se inicia un turno llamado; llámelo primero"
        case .finish: "solo se finaliza un turno en atención; inícielo primero"
        case .transfer: "solo se transfiere un turno en atención (o, en supervisión, uno en espera)"
        case .cancel: "solo se cancela un turno en espera o llamado"
        case .expire: "solo vence un turno abierto"
        }
    }
}

extension QueueError {
    /// The refusal as a person reads it in `language`.
    public func description(in language: Language) -> String {
        guard language == .es else { return description }
        switch self {
        case .unknownService(let code, let known):
            return "no hay un servicio '\(code)': use uno de \(known.joined(separator: ", "))"
        case .serviceInactive(let code):
            return "el servicio \(code) no se ofrece ahora: elija otro, o márquelo activo en la configuración"
        case .unknownDesk(let id, let known):
            return "no hay una ventanilla '\(id)': use una de \(known.joined(separator: ", "))"
        case .deskClosed(let id):
            return "la ventanilla \(id) está cerrada: ábrala primero con `atiende desk open \(id)`"
        case .deskBusy(let id, let ticket, let state):
            return "la ventanilla \(id) ya tiene \(ticket) \(state.palabras): finalícelo, márquelo ausente o devuélvalo a la fila primero"
        case .deskNotEmpty(let id, let ticket, let state):
            return "la ventanilla \(id) aún tiene \(ticket) \(state.palabras): finalícelo, transfiéralo o devuélvalo a la fila antes de cerrarla"
        case .deskIdle(let id, _):
            return "la ventanilla \(id) no tiene un turno en curso: llame uno primero con `atiende next --desk \(id)`"
        case .deskDoesNotServe(let id, let service):
            return "la ventanilla \(id) no atiende el servicio \(service): llámelo desde una que lo atienda, o transfiéralo"
        case .ticketNotFound(let number):
            return "hoy no hay un turno \(number): revise el número (por ejemplo A-007)"
        case .illegalTransition(let number, let state, let action):
            return "\(number) está \(state.palabras): \(action.requisito)"
        case .transferToSameService(let number, let service):
            return "\(number) ya espera por el servicio \(service): transfiéralo a otro servicio"
        case .invalidTicketNumber(let text):
            return "'\(text)' no es un número de turno: escríbalo así: A-007"
        case .unknownOutcome(let code, let known):
            return "no hay un resultado '\(code)': use uno de \(known.joined(separator: ", "))"
        case .outcomeMissing(let known):
            return "esta oficina registra cómo terminó cada atención: finalice con un resultado, uno de \(known.joined(separator: ", "))"
        case .outcomeNeedsDetail(let code, .caseNumber):
            return "el resultado \(code) necesita el número de caso: agréguelo (--case)"
        case .outcomeNeedsDetail(let code, .referredTo):
            return "el resultado \(code) necesita la entidad a la que se remitió a la persona: agréguela (--referred-to)"
        case .feedbackTooEarly(let number):
            return "\(number) aún no ha sido atendido: las preguntas se abren al terminar la atención"
        case .feedbackGiven(let number):
            return "\(number) ya fue calificado: una respuesta por atención"
        case .noVisitToRate(let desk):
            return "la ventanilla \(desk) no ha terminado ninguna atención hoy: las preguntas se abren al terminar una"
        case .visitNotFound:
            return "ningún turno tiene este enlace: revíselo, o pregunte en recepción con el número de su turno"
        case .invalidName, .invalidOutcomeText, .invalidFeedback, .invalidDeviceReport, .idempotencyKeyReused, .invalidIdempotencyKey:
            // Free text from the checks that made it; rare at a terminal.
            return description
        }
    }
}

extension StaffError {
    /// The refusal as a person reads it in `language`.
    public func description(in language: Language) -> String {
        guard language == .es else { return description }
        switch self {
        case .passwordTooShort(let least): return "la contraseña es muy corta: use al menos \(least) caracteres"
        case .userExists(let user): return "ya hay una cuenta '\(user)': elija otro nombre de usuario, o cambie esa cuenta"
        case .unknownUser(let user): return "no hay una cuenta '\(user)': vea `atiende staff list`"
        case .lastAdmin(let user): return "\(user) es la última cuenta de administración activa: haga administradora a otra cuenta primero, para que alguien pueda seguir administrando la oficina"
        case .passwordMissing(let user): return "\(user) es una cuenta nueva: dele una contraseña de al menos 8 caracteres"
        case .institutionsOwn(let user):
            return "\(user) también trabaja en otras oficinas o administra la institución: su nombre, su contraseña y su cuenta los cambia quien administra la institución; aquí se fijan su rol, sus ventanillas y sus servicios"
        case .invalid(let problem): return problem
        }
    }
}
