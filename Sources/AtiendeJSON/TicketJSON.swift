import AtiendeCore
import AtiendeQueue
import Foundation

/// The JSON shapes of the queue: what `atiende … --json` prints and what the HTTP API
/// sends and receives. One function writes each shape and one reads it back, so the
/// command line, the server and the remote client cannot drift apart.
///
/// Every shape carries what is needed to rebuild the value exactly (all of a ticket's
/// times, to the millisecond), so a program on a server behaves as on a local file.
public enum QueueJSON {}

// MARK: - Tickets

extension QueueJSON {
    /// A ticket and its place: `atiende issue --json`, `POST /api/tickets`, `GET /api/tickets/{number}`.
    /// - Parameter showName: whether the reader may see the visitor's first name.
    public static func place(_ place: TicketPlace, timeZone: TimeZone, showName: Bool = true) -> JSONText {
        let t = place.ticket
        return .object([
            ("number", .string(t.number.description)), ("service", .string(t.queueService)),
            ("preferential", .bool(t.preferential)), ("issuedAt", .string(Timestamp.format(t.issuedAt, timeZone: timeZone))),
            ("ahead", .int(place.ahead)), ("estimatedWaitMinutes", .int(place.estimatedWaitMinutes)),
            ("firstName", .string(showName ? t.firstName : nil)), ("day", .string(t.day.description)),
            ("state", .string(t.state.rawValue)), ("desk", .string(t.desk)),
        ] + times(t, timeZone))
    }

    public static func readPlace(_ json: JSONFields) throws(JSONShapeError) -> TicketPlace {
        TicketPlace(ticket: try ticket(json, desk: try json.optionalString("desk")), ahead: try json.int("ahead"),
            estimatedWaitMinutes: try json.optionalInt("estimatedWaitMinutes"))
    }

    /// A ticket on its own (a desk's current ticket).
    public static func ticket(_ t: Ticket, timeZone: TimeZone, showName: Bool = true) -> JSONText {
        .object([
            ("number", .string(t.number.description)), ("service", .string(t.queueService)),
            ("preferential", .bool(t.preferential)), ("issuedAt", .string(Timestamp.format(t.issuedAt, timeZone: timeZone))),
            ("firstName", .string(showName ? t.firstName : nil)), ("day", .string(t.day.description)),
            ("state", .string(t.state.rawValue)), ("desk", .string(t.desk)),
        ] + times(t, timeZone))
    }

    public static func readTicket(_ json: JSONFields) throws(JSONShapeError) -> Ticket {
        try ticket(json, desk: try json.optionalString("desk"))
    }

    /// The outcome of a desk operation: `atiende next|call|recall|… --json` and
    /// `POST /api/desks/{id}/…`. `nil` (nobody waiting) is `{"number": null}`.
    public static func change(_ change: TicketChange?, desk: DeskID?, timeZone: TimeZone) -> JSONText {
        guard let change else { return .object([("number", .null)]) }
        let t = change.ticket, event = change.event
        var fields: [(String, JSONText)] = [("number", .string(t.number.description)), ("desk", .string(event.desk ?? desk))]
        if event.kind == .called || event.kind == .recalled { fields.append(("waitSeconds", .seconds(event.seconds))) }
        fields += [
            ("state", .string(t.state.rawValue)), ("service", .string(t.queueService)),
            ("preferential", .bool(t.preferential)), ("firstName", .string(t.firstName)),
        ]
        if event.kind == .finished || event.kind == .transferred { fields.append(("serviceSeconds", .seconds(event.seconds))) }
        fields += [("day", .string(t.day.description)), ("issuedAt", .string(Timestamp.format(t.issuedAt, timeZone: timeZone)))]
        fields += times(t, timeZone)
        fields.append(("event", self.event(id: nil, event, timeZone: timeZone)))
        return .object(fields)
    }

    public static func readChange(_ json: JSONFields) throws(JSONShapeError) -> TicketChange? {
        guard json.value("number") != nil else { return nil }
        let event = try readEvent(try json.object("event")).event
        return TicketChange(ticket: try ticket(json, desk: event.desk), event: event)
    }

    /// One stored transition: the data of a Server-Sent Event, with the event's id in the log.
    public static func event(id: Int64?, _ e: TicketEvent, timeZone: TimeZone) -> JSONText {
        var fields: [(String, JSONText)] = id.map { [("id", .int(Int($0)))] } ?? []
        fields += [
            ("kind", .string(e.kind.rawValue)), ("number", .string(e.number.description)), ("day", .string(e.day.description)),
            ("at", .string(Timestamp.format(e.at, timeZone: timeZone))), ("desk", .string(e.desk)),
            ("service", .string(e.service)), ("seconds", .seconds(e.seconds)),
        ]
        return .object(fields)
    }

    public static func readEvent(_ json: JSONFields) throws(JSONShapeError) -> (id: Int64?, event: TicketEvent) {
        let event = TicketEvent(
            number: try json.ticketNumber("number"), day: try json.day("day"), kind: try json.choice("kind", TicketEvent.Kind.self),
            at: try json.date("at"), desk: try json.optionalString("desk"), service: try json.string("service"),
            seconds: try json.optionalDouble("seconds"))
        return (try json.optionalInt("id").map(Int64.init), event)
    }

    /// A desk after it was opened or closed: `atiende desk open|close --json`, `POST /api/desks/{id}/open|close`.
    public static func desk(_ state: DeskState, timeZone: TimeZone) -> JSONText {
        .object([
            ("id", .string(state.id)), ("state", .string(state.activity.rawValue)), ("open", .bool(state.isOpen)),
            ("ticket", state.current.map { ticket($0, timeZone: timeZone) } ?? .null),
        ])
    }

    public static func readDesk(_ json: JSONFields) throws(JSONShapeError) -> DeskState {
        DeskState(id: try json.string("id"), isOpen: try json.bool("open"),
            current: try json.optionalObject("ticket").map { object throws(JSONShapeError) in try readTicket(object) })
    }

    // MARK: Pieces

    private static func times(_ t: Ticket, _ timeZone: TimeZone) -> [(String, JSONText)] {
        func time(_ date: Date?) -> JSONText { .string(date.map { Timestamp.format($0, timeZone: timeZone) }) }
        return [
            ("waitingSince", time(t.waitingSince)), ("firstCalledAt", time(t.firstCalledAt)), ("calledAt", time(t.calledAt)),
            ("startedAt", time(t.startedAt)), ("endedAt", time(t.endedAt)),
        ]
    }

    private static func ticket(_ json: JSONFields, desk: DeskID?) throws(JSONShapeError) -> Ticket {
        let issuedAt = try json.date("issuedAt")
        return Ticket(
            restoring: try json.ticketNumber("number"), day: try json.day("day"), preferential: try json.bool("preferential"),
            firstName: try json.optionalString("firstName"), issuedAt: issuedAt, queueService: try json.string("service"),
            state: try json.choice("state", TicketState.self), desk: desk,
            waitingSince: try json.optionalDate("waitingSince") ?? issuedAt, firstCalledAt: try json.optionalDate("firstCalledAt"),
            calledAt: try json.optionalDate("calledAt"), startedAt: try json.optionalDate("startedAt"),
            endedAt: try json.optionalDate("endedAt"))
    }
}
