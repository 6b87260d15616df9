/// Everything the queue refuses, with a message a person at a desk can act on.
public enum QueueError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownService(ServiceCode, known: [ServiceCode])
    case serviceInactive(ServiceCode)
    case unknownDesk(DeskID, known: [DeskID])
    case deskClosed(DeskID)
    case deskBusy(DeskID, ticket: TicketNumber, state: TicketState)
    case deskIdle(DeskID, action: String)
    case deskNotEmpty(DeskID, ticket: TicketNumber, state: TicketState)
    case deskDoesNotServe(DeskID, service: ServiceCode)
    case ticketNotFound(String)
    case illegalTransition(TicketNumber, state: TicketState, action: TicketAction)
    case transferToSameService(TicketNumber, ServiceCode)
    case invalidTicketNumber(String)
    case invalidName(String)
    /// An `Idempotency-Key` longer than the most taken, or with more than visible ASCII.
    case invalidIdempotencyKey(Int)
    case unknownOutcome(String, known: [String])
    case outcomeMissing(known: [String])
    case outcomeNeedsDetail(String, OutcomeKind.Detail)
    case invalidOutcomeText(String)
    case visitNotFound
    case invalidFeedback(String)
    case feedbackTooEarly(TicketNumber)
    case feedbackGiven(TicketNumber)
    case noVisitToRate(DeskID)
    /// An `Idempotency-Key` already used today for a different ticket request.
    case idempotencyKeyReused(String, ticket: TicketNumber)
    /// A device report with a name or detail that cannot be shown to staff.
    case invalidDeviceReport(String)

    /// A stable name for the kind of refusal (`deskBusy`), for programs that show their
    /// own words for it, such as the desk console in Spanish.
    public var code: String {
        switch self {
        case .unknownService: "unknownService"
        case .serviceInactive: "serviceInactive"
        case .unknownDesk: "unknownDesk"
        case .deskClosed: "deskClosed"
        case .deskBusy: "deskBusy"
        case .deskIdle: "deskIdle"
        case .deskNotEmpty: "deskNotEmpty"
        case .deskDoesNotServe: "deskDoesNotServe"
        case .ticketNotFound: "ticketNotFound"
        case .illegalTransition: "illegalTransition"
        case .transferToSameService: "transferToSameService"
        case .invalidTicketNumber: "invalidTicketNumber"
        case .invalidName: "invalidName"
        case .unknownOutcome: "unknownOutcome"
        case .outcomeMissing: "outcomeMissing"
        case .outcomeNeedsDetail: "outcomeNeedsDetail"
        case .invalidOutcomeText: "invalidOutcomeText"
        case .invalidDeviceReport: "invalidDeviceReport"
        case .visitNotFound: "visitNotFound"
        case .invalidFeedback: "invalidFeedback"
        case .feedbackTooEarly: "feedbackTooEarly"
        case .feedbackGiven: "feedbackGiven"
        case .noVisitToRate: "noVisitToRate"
        case .idempotencyKeyReused: "idempotencyKeyReused"
        case .invalidIdempotencyKey: "invalidIdempotencyKey"
        }
    }

    public var description: String {
        switch self {
        case .unknownService(let code, let known):
            "unknown service '\(code)': use one of \(known.joined(separator: ", "))"
        case .serviceInactive(let code):
            "service \(code) is not offered now: choose another service or mark it active in the office config"
        case .unknownDesk(let id, let known):
            "unknown desk '\(id)': use one of \(known.joined(separator: ", "))"
        case .deskClosed(let id):
            "desk \(id) is closed: open it with `atiende desk open \(id)` first"
        case .deskBusy(let id, let ticket, let state):
            "desk \(id) already has \(ticket) \(state.words): finish it, mark a no-show or requeue it first"
        case .deskNotEmpty(let id, let ticket, let state):
            "desk \(id) still has \(ticket) \(state.words): finish, transfer or requeue it before closing the desk"
        case .deskIdle(let id, let action):
            "desk \(id) has no ticket to \(action): call one with `atiende next --desk \(id)` first"
        case .deskDoesNotServe(let id, let service):
            "desk \(id) does not serve service \(service): call it from a desk that does, or transfer it"
        case .ticketNotFound(let number):
            "no ticket \(number) today: check the number (for example A-007)"
        case .illegalTransition(let number, let state, let action):
            "\(number) is \(state.words) and cannot be \(action.verb): \(action.requirement)"
        case .transferToSameService(let number, let service):
            "\(number) already waits for service \(service): transfer it to a different service"
        case .invalidTicketNumber(let text):
            "'\(text)' is not a ticket number: write it like A-007"
        case .invalidName(let problem):
            "the first name \(problem)"
        case .unknownOutcome(let code, let known):
            "unknown outcome '\(code)': use one of \(known.joined(separator: ", "))"
        case .outcomeMissing(let known):
            "this office records how every visit ended: finish with an outcome, one of \(known.joined(separator: ", "))"
        case .outcomeNeedsDetail(let code, .caseNumber):
            "the outcome \(code) needs the case number: add it (--case on the command line)"
        case .outcomeNeedsDetail(let code, .referredTo):
            "the outcome \(code) needs the institution the visitor was sent to: add it (--referred-to on the command line)"
        case .invalidOutcomeText(let problem), .invalidDeviceReport(let problem):
            problem
        case .visitNotFound:
            "no turn has this link: check it, or ask at reception with your ticket's number"
        case .invalidFeedback(let problem):
            problem
        case .feedbackTooEarly(let number):
            "\(number) has not been served yet: the questions open when the visit ends"
        case .feedbackGiven(let number):
            "\(number) has been rated already: one answer per visit"
        case .noVisitToRate(let desk):
            "desk \(desk) has finished no visit today: the questions open when a visit ends"
        case .invalidIdempotencyKey(let most):
            "the Idempotency-Key is at most \(most) visible ASCII characters (letters, digits, signs but ',' and '%'; no spaces): send one per touch, e.g. a UUID"
        case .idempotencyKeyReused(let key, let ticket):
            "Idempotency-Key '\(key.prefix(40))' already issued \(ticket) today for another request: send a new key for a new ticket"
        }
    }
}
