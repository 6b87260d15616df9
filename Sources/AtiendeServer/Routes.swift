import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import HTTPTypes
import Hummingbird

/// The JSON API: every queue operation, with the shapes of `atiende … --json`
/// (`QueueJSON`). Writes need a token (`Access`); every successful write wakes the
/// event hub so displays hear of it at once.
struct Routes {
    let server: QueueServer

    var queue: any ServedQueue { server.queue }

    /// Each group's context has let its callers in already (`Admitted`); the access
    /// middleware must come before these routes.
    func add(to router: Router<AtiendeRequestContext>) {
        let reading = router.group("api", context: Admitted<Reading>.self)
        reading.get("office") { _, context in try await office(context) }
        reading.get("status") { request, context in try await status(request, context) }
        reading.get("events") { request, _ in try await events(request) }
        reading.get("reports/:date") { request, context in try await report(request, context) }
        reading.get("tickets/:number") { request, context in try await lookup(request, context) }

        let issuing = router.group("api", context: Admitted<Issuing>.self)
        issuing.post("tickets") { request, context in try await issue(request, context) }

        let desks = router.group("api", context: Admitted<DeskWork>.self)
        desks.post("tickets/:number/cancel") { _, context in
            try await deskWrite(context) { try await queue.cancel(try number(context)) }
        }
        desks.get("desks/:id") { request, context in try await deskLine(request, context) }
        desks.post("desks/:id/next") { _, context in
            try await deskWrite(context) { try await queue.callNext(desk: desk(context)) }
        }
        desks.post("desks/:id/call") { request, context in
            let body = try await body(request, allowed: ["number"])
            let text = try body.string("number")
            guard let number = TicketNumber(parsing: text) else { throw QueueError.invalidTicketNumber(text) }
            return try await deskWrite(context) { try await queue.call(number, desk: desk(context)) }
        }
        let actions: [(String, DeskAction)] = [
            ("recall", .recall), ("start", .start), ("finish", .finish), ("no-show", .noShow), ("requeue", .requeue),
        ]
        for (path, action) in actions {
            desks.post("desks/:id/\(path)") { _, context in
                try await deskWrite(context) { try await queue.act(action, desk: desk(context)) }
            }
        }
        desks.post("desks/:id/transfer") { request, context in
            let body = try await body(request, allowed: ["to"])
            let target = try body.string("to").uppercased()
            return try await deskWrite(context) { try await queue.act(.transfer(to: target), desk: desk(context)) }
        }
        desks.post("desks/:id/open") { _, context in try await setDesk(context, open: true) }
        desks.post("desks/:id/close") { _, context in try await setDesk(context, open: false) }
    }

    // MARK: Reading

    /// The office config as stored, without its access tokens. `Atiende-Office` carries
    /// its version on every answer, so clients know when to fetch it again.
    func office(_ context: Admitted<Reading>) async throws -> Response {
        let (id, json) = try await queue.storedConfig()
        var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        object.removeValue(forKey: "access")
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store", Self.officeHeader: String(id)],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func status(_ request: Request, _ context: Admitted<Reading>) async throws -> Response {
        let caller = context.caller
        let snapshot = try await queue.snapshot()
        return answer(QueueJSON.status(snapshot, office: caller.office, language: try language(request, caller.office)), caller)
    }

    func events(_ request: Request) async throws -> Response {
        let after = try Self.lastEventID(request)
        return await EventStream(hub: server.hub, queue: queue, offices: server.offices).response(request, lastEventID: after)
    }

    static let lastEventIDHeader = HTTPField.Name("Last-Event-ID")!

    /// Where a reconnecting client left off: `Last-Event-ID` (browsers send it) or
    /// `?after=`. An event id is a whole number from 0 up, as the stream sent it; anything
    /// else is refused rather than guessed at, and an empty header means "from now".
    static func lastEventID(_ request: Request) throws(APIError) -> Int64? {
        let header = try request.headers[lastEventIDHeader].flatMap { $0.isEmpty ? nil : $0 }.map { text throws(APIError) in
            try eventID(text, name: "Last-Event-ID")
        }
        let query = try request.uri.queryParameters["after"].map { text throws(APIError) in try eventID(String(text), name: "after") }
        return header ?? query
    }

    /// Each one given is checked, even when the other wins.
    static func eventID(_ text: String, name: String) throws(APIError) -> Int64 {
        guard text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let id = Int64(text)
        else {
            throw APIError(.badRequest, "\(name) '\(text.prefix(24))' is not an event id: send a whole number from 0 to \(Int64.max), as the stream sent it", reason: "badRequest")
        }
        return id
    }

    func report(_ request: Request, _ context: Admitted<Reading>) async throws -> Response {
        let date = try day(context.parameters.get("date") ?? "", "date")
        let other = try request.uri.queryParameters["to"].map { try day(String($0), "to") } ?? date
        // Either order means the same span of days.
        let (from, to) = (min(date, other), max(date, other))
        guard Self.days(from: from, to: to) <= 366 else {
            throw APIError(.unprocessableContent, "a report spans at most 366 days, and \(from) to \(to) is more: ask for a year at a time", reason: "spanTooLong")
        }
        return answer(QueueJSON.report(try await queue.report(from: from, to: to)), context.caller)
    }

    func lookup(_ request: Request, _ context: Admitted<Reading>) async throws -> Response {
        let caller = context.caller
        let number = try number(context)
        guard let place = try await queue.lookup(number) else {
            throw APIError(.notFound, QueueError.ticketNotFound(number.description).description, reason: "ticketNotFound")
        }
        return answer(QueueJSON.place(place, timeZone: caller.office.timeZone, showName: caller.role == .staff), caller)
    }

    /// What the desk console shows: the desk, its current ticket (with the visitor's
    /// first name, for staff only), and who it could call, in call order.
    func deskLine(_ request: Request, _ context: Admitted<DeskWork>) async throws -> Response {
        let office = context.caller.office
        let language = try language(request, office)
        let (state, waiting) = try await queue.deskLine(desk(context))
        let now = queue.time.now(), zone = office.timeZone
        let desk = try office.requireDesk(state.id)
        let line = waiting.prefix(50).map { ticket -> JSONText in
            .object([
                ("number", .string(ticket.number.description)), ("service", .string(ticket.queueService)),
                ("preferential", .bool(ticket.preferential)), ("waitingSeconds", .int(Int(now.timeIntervalSince(ticket.waitingSince)))),
            ])
        }
        let current = state.current.map { ticket -> JSONText in
            let wait = (ticket.firstCalledAt ?? now).timeIntervalSince(ticket.issuedAt)
            return .object([("waitSeconds", .int(Int(wait))), ("ticket", QueueJSON.ticket(ticket, timeZone: zone))])
        }
        return answer(.object([
            ("office", .string(office.name[language])), ("targetWaitMinutes", .int(office.targetWaitMinutes)),
            ("alertAtMinutes", .int(office.alertAtMinutes)),
            ("waitLevels", .object([
                ("amberFromSeconds", .int(office.waitLevelThresholds.amberFromSeconds)),
                ("redAfterSeconds", .int(office.waitLevelThresholds.redAfterSeconds)),
            ])),
            ("id", .string(desk.id)), ("label", .string(desk.label[language])), ("state", .string(state.activity.rawValue)),
            ("services", .array(desk.services.map { .string($0) })),
            ("allServices", .array(office.services.filter(\.active).map { service in
                .object([("code", .string(service.code)), ("name", .string(service.name[language]))])
            })),
            ("current", current ?? .null), ("waitingCount", .int(waiting.count)), ("waiting", .array(line)),
            ("takenAt", .string(Timestamp.format(now, timeZone: zone))),
        ]), context.caller)
    }

    // MARK: Writing

    func issue(_ request: Request, _ context: Admitted<Issuing>) async throws -> Response {
        let body = try await body(request, allowed: ["service", "preferential", "firstName"])
        let place = try await queue.issue(
            service: try body.string("service").uppercased(), preferential: try body.optionalBool("preferential") ?? false,
            firstName: try body.optionalString("firstName"))
        server.hub.poke()
        var response = answer(QueueJSON.place(place, timeZone: context.caller.office.timeZone), context.caller, status: .created)
        response.headers[.location] = "/api/tickets/\(place.ticket.number)"
        return response
    }

    func deskWrite(_ context: Admitted<DeskWork>, _ operation: () async throws -> TicketChange?) async throws -> Response {
        let change = try await operation()
        server.hub.poke()
        return answer(QueueJSON.change(change, desk: change?.event.desk, timeZone: context.caller.office.timeZone), context.caller)
    }

    func setDesk(_ context: Admitted<DeskWork>, open: Bool) async throws -> Response {
        let state = try await queue.setDesk(desk(context), open: open)
        server.hub.poke()
        return answer(QueueJSON.desk(state, timeZone: context.caller.office.timeZone), context.caller)
    }

    // MARK: Pieces

    static let officeHeader = HTTPField.Name("Atiende-Office")!

    /// A JSON answer carrying the office config's version.
    func answer(_ json: JSONText, _ caller: Caller, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.make(json, status: status, headers: [Self.officeHeader: String(caller.version)])
    }

    /// The request body as a JSON object with only the fields the route knows.
    func body(_ request: Request, allowed: [String]) async throws -> JSONFields {
        let buffer = try await request.body.collect(upTo: 16_384)
        let body = try JSONFields(parsing: Data(buffer.readableBytesView), what: "the request body")
        if let unknown = body.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError(.badRequest, "unknown field '\(unknown)' in the request body: send only \(allowed.joined(separator: ", "))", reason: "badRequest")
        }
        return body
    }

    func desk(_ context: some RequestContext) -> DeskID {
        let raw = context.parameters.get("id") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    func number(_ context: some RequestContext) throws -> TicketNumber {
        let raw = context.parameters.get("number") ?? ""
        let text = raw.removingPercentEncoding ?? raw
        guard let number = TicketNumber(parsing: text) else { throw QueueError.invalidTicketNumber(text) }
        return number
    }

    func day(_ text: String, _ name: String) throws -> LocalDay {
        guard let day = LocalDay(text) else {
            throw APIError(.badRequest, "\(name) '\(text)' is not a date: write YYYY-MM-DD, e.g. 2026-11-23", reason: "badRequest")
        }
        return day
    }

    static func days(from: LocalDay, to: LocalDay) -> Int {
        let utc = OfficeCalendar(timeZone: TimeZone(identifier: "UTC") ?? .current)
        return Int((utc.start(of: to).timeIntervalSince(utc.start(of: from)) / 86_400).rounded())
    }

    func language(_ request: Request, _ office: Office) throws -> Language {
        guard let text = request.uri.queryParameters["lang"] else { return office.defaultLanguage }
        guard let language = Language(rawValue: String(text)) else {
            throw APIError(.badRequest, "lang '\(text)' is not a language: use es or en", reason: "badRequest")
        }
        return language
    }
}
