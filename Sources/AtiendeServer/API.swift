import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import OpenAPIRuntime

/// The JSON API: the operations of openapi.json, through the protocol generated from it.
/// Each handler is called with its caller let in already (`OperationAccess`, by the
/// document's `x-atiende-permission`) and returns only its success; every refusal is
/// thrown and answered as `{"error", "reason"}` by `ErrorMiddleware`. Writes announce
/// themselves: the store tells the event hub of every commit (`EventLog.commits()`).
struct API: APIProtocol {
    let server: QueueServer

    var queue: any ServedQueue { server.queue }
    var caller: Caller { get throws { try Caller.required } }

    // MARK: Reading

    /// The office config as stored, without its access tokens (but for an admin, who
    /// manages them). `Atiende-Office` carries its version on every answer, so clients
    /// know when to fetch it again.
    func getOffice(_ input: Operations.GetOffice.Input) async throws -> Operations.GetOffice.Output {
        var config = try Self.config(try await queue.storedConfig().json)
        if try caller.role < .admin { config.access = nil }
        // The kiosk's exit PIN goes to kiosks and staff only.
        if try caller.role < .kiosk { config.screens?.kioskExitPIN = nil }
        return .ok(.init(body: .json(config)))
    }

    /// A stored config as the API's `OfficeConfig`: it was checked when applied, so one
    /// that does not read is damaged.
    static func config(_ json: String) throws -> Schemas.OfficeConfig {
        do {
            return try JSONDecoder().decode(Schemas.OfficeConfig.self, from: Data(json.utf8))
        } catch {
            throw APIError(.internalServerError, "the stored office config does not read as one (\(error)): apply the office's config file again with atiende init", reason: "damaged")
        }
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        try await queue.checkWritable()
        let storage = server.storage
        return .ok(.init(body: .json(.init(database: .writable, freeBytes: storage?.freeBytes, storage: storage.map { $0.low ? .low : .ok }))))
    }

    /// The metrics for Prometheus; the gauges are read from the queue now.
    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        let office = try caller.office
        let snapshot = try await queue.snapshot()
        let text = server.metrics.render(snapshot: snapshot, office: office, streams: await server.hub.subscriberCount,
                                         connections: server.connections.open, freeBytes: server.storage?.freeBytes)
        return .ok(.init(body: .plainText(HTTPBody(text))))
    }

    func getStatus(_ input: Operations.GetStatus.Input) async throws -> Operations.GetStatus.Output {
        let caller = try caller
        let snapshot = try await queue.snapshot()
        let language = language(input.query.lang?.rawValue, caller.office)
        var status = QueueJSON.status(snapshot, office: caller.office, language: language)
        status.storage = server.storage.map { .init(freeBytes: $0.freeBytes, low: $0.low) }
        return .ok(.init(body: .json(status)))
    }

    func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        let date = try day(input.path.date, "date")
        let other = try input.query.to.map { try day($0, "to") } ?? date
        // Either order means the same span of days.
        let (from, to) = (min(date, other), max(date, other))
        guard Self.days(from: from, to: to) <= 366 else {
            throw APIError(.unprocessableContent, "a report spans at most 366 days, and \(from) to \(to) is more: ask for a year at a time", reason: "spanTooLong")
        }
        let report = try await queue.report(from: from, to: to)
        // Visitors' comments and staff members' names and figures are for staff roles only.
        return .ok(.init(body: .json(QueueJSON.report(try caller.role >= .staff ? report : report.forReaders))))
    }

    func lookUpTicket(_ input: Operations.LookUpTicket.Input) async throws -> Operations.LookUpTicket.Output {
        let caller = try caller
        let number = try number(input.path.number)
        guard let place = try await queue.lookup(number) else { throw QueueError.ticketNotFound(number.description) }
        return .ok(.init(body: .json(QueueJSON.place(place, timeZone: caller.office.timeZone, showName: caller.role >= .staff))))
    }

    /// What the desk console shows: the desk, its current ticket (with the visitor's
    /// first name, for staff only), and who it could call, in call order.
    func getDeskLine(_ input: Operations.GetDeskLine.Input) async throws -> Operations.GetDeskLine.Output {
        let office = try caller.office
        let language = language(input.query.lang?.rawValue, office)
        let (state, waiting) = try await queue.deskLine(DeskID(typed: input.path.id))
        let now = queue.time.now(), zone = office.timeZone
        let desk = try office.requireDesk(state.id)
        typealias Line = Schemas.DeskLine
        let outcomes: [Line.OutcomesPayloadPayload] = office.outcomes.map { kind in
            Line.OutcomesPayloadPayload(
                code: kind.code, name: kind.name[language], needs: kind.needs.flatMap { Line.OutcomesPayloadPayload.NeedsPayload(rawValue: $0.rawValue) })
        }
        let current: Line.CurrentPayload? = state.current.map { ticket in
            Line.CurrentPayload(
                waitSeconds: Int((ticket.firstCalledAt ?? now).timeIntervalSince(ticket.issuedAt)), ticket: QueueJSON.ticket(ticket, timeZone: zone))
        }
        let line: [Line.WaitingPayloadPayload] = waiting.prefix(50).map { ticket in
            Line.WaitingPayloadPayload(
                number: ticket.number.description, service: ticket.queueService.rawValue, preferential: ticket.preferential,
                waitingSeconds: Int(now.timeIntervalSince(ticket.waitingSince)))
        }
        let levels = Line.WaitLevelsPayload(
            amberFromSeconds: office.waitLevelThresholds.amberFromSeconds, redAfterSeconds: office.waitLevelThresholds.redAfterSeconds)
        let services: [Line.AllServicesPayloadPayload] = office.services.filter(\.active).map { .init(code: $0.code.rawValue, name: $0.name[language]) }
        let body = Line(
            office: office.name[language], targetWaitMinutes: office.targetWaitMinutes, alertAtMinutes: office.alertAtMinutes,
            waitLevels: levels, id: desk.id.rawValue, label: desk.label[language], state: QueueJSON.activity(state.activity),
            services: desk.services.map(\.rawValue), allServices: services, current: current, waitingCount: waiting.count, waiting: line,
            takenAt: OfficeTime(now, timeZone: zone), outcomes: outcomes, outcomeRequired: office.outcomeRequired)
        return .ok(.init(body: .json(body)))
    }

    // MARK: Writing

    func issueTicket(_ input: Operations.IssueTicket.Input) async throws -> Operations.IssueTicket.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        // An empty key (or blanks, which HTTP trims to empty) is no key. Any other text is
        // taken as it reads once decoded: the header's raw form is not seen here, so no
        // length can be checked against what the client sent.
        let key = input.headers.idempotencyKey.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let place = try await queue.issue(
            service: ServiceCode(typed: body.service), preferential: body.preferential ?? false, firstName: body.firstName, key: key)
        let office = try caller.office
        return .created(.init(
            headers: .init(location: "/api/tickets/\(place.ticket.number)"),
            body: .json(QueueJSON.place(place, timeZone: office.timeZone, visitURL: place.visitToken.map { server.visitURL($0, office) }))))
    }

    /// A kiosk's printer, for the staff's screens. The time is the server's, not the kiosk's.
    func reportDevice(_ input: Operations.ReportDevice.Input) async throws -> Operations.ReportDevice.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        try await queue.report(QueueJSON.readDevice(body))
        return .noContent(.init())
    }

    // MARK: The visitor's own ticket (the token is the key)

    func getVisit(_ input: Operations.GetVisit.Input) async throws -> Operations.GetVisit.Output {
        let office = try caller.office
        guard let place = try await queue.visit(input.path.token) else { throw QueueError.visitNotFound }
        return .ok(.init(body: .json(QueueJSON.visit(place, office: office, language: language(input.query.lang?.rawValue, office)))))
    }

    func giveFeedback(_ input: Operations.GiveFeedback.Input) async throws -> Operations.GiveFeedback.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        try await queue.giveFeedback(input.path.token, try QueueJSON.readFeedback(body))
        let office = try caller.office
        guard let place = try await queue.visit(input.path.token) else { throw QueueError.visitNotFound }
        return .ok(.init(body: .json(QueueJSON.visit(place, office: office, language: office.defaultLanguage))))
    }

    func rateLastVisit(_ input: Operations.RateLastVisit.Input) async throws -> Operations.RateLastVisit.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        // Only at a desk the person may work: a clerk of desk 1 rated desk 3's visit.
        try caller.checkMayWork(desk: DeskID(typed: input.path.id))
        let number = try await queue.rateLastVisit(desk: DeskID(typed: input.path.id), try QueueJSON.readFeedback(body))
        return .ok(.init(body: .json(.init(number: number.description))))
    }

    func cancelVisit(_ input: Operations.CancelVisit.Input) async throws -> Operations.CancelVisit.Output {
        let office = try caller.office
        guard let place = try await queue.visit(input.path.token) else { throw QueueError.visitNotFound }
        let change = try await queue.cancel(place.ticket.number)
        let now = TicketPlace(ticket: change.ticket, ahead: 0, estimatedWaitMinutes: nil)
        return .ok(.init(body: .json(QueueJSON.visit(now, office: office, language: language(input.query.lang?.rawValue, office)))))
    }

    func cancelTicket(_ input: Operations.CancelTicket.Input) async throws -> Operations.CancelTicket.Output {
        let staff = try caller.staff
        return .ok(.init(body: .json(try await change { try await queue.cancel(try number(input.path.number), by: staff) })))
    }

    func callNext(_ input: Operations.CallNext.Input) async throws -> Operations.CallNext.Output {
        let caller = try caller
        try caller.checkMayWork(desk: DeskID(typed: input.path.id))
        let change = try await queue.callNext(desk: DeskID(typed: input.path.id), by: caller.staff)
        return .ok(.init(body: .json(QueueJSON.next(change, timeZone: caller.office.timeZone))))
    }

    func callTicket(_ input: Operations.CallTicket.Input) async throws -> Operations.CallTicket.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        let number = try number(body.number)
        let caller = try caller
        try caller.checkMayWork(desk: DeskID(typed: input.path.id))
        return .ok(.init(body: .json(try await change { try await queue.call(number, desk: DeskID(typed: input.path.id), by: caller.staff) })))
    }

    func recall(_ input: Operations.Recall.Input) async throws -> Operations.Recall.Output {
        .ok(.init(body: .json(try await act(.recall, DeskID(typed: input.path.id)))))
    }

    func startVisit(_ input: Operations.StartVisit.Input) async throws -> Operations.StartVisit.Output {
        .ok(.init(body: .json(try await act(.start, DeskID(typed: input.path.id)))))
    }

    /// With a body, how the visit ended (checked against the office's list).
    func finishVisit(_ input: Operations.FinishVisit.Input) async throws -> Operations.FinishVisit.Output {
        guard case .json(let body)? = input.body else { return .ok(.init(body: .json(try await act(.finish, DeskID(typed: input.path.id))))) }
        let outcome = VisitOutcome(code: body.outcome, caseNumber: body.caseNumber, referredTo: body.referredTo, note: body.note)
        return .ok(.init(body: .json(try await act(.finishAs(outcome), DeskID(typed: input.path.id)))))
    }

    func markNoShow(_ input: Operations.MarkNoShow.Input) async throws -> Operations.MarkNoShow.Output {
        .ok(.init(body: .json(try await act(.noShow, DeskID(typed: input.path.id)))))
    }

    func requeue(_ input: Operations.Requeue.Input) async throws -> Operations.Requeue.Output {
        .ok(.init(body: .json(try await act(.requeue, DeskID(typed: input.path.id)))))
    }

    func transfer(_ input: Operations.Transfer.Input) async throws -> Operations.Transfer.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        return .ok(.init(body: .json(try await act(.transfer(to: ServiceCode(typed: body.to)), DeskID(typed: input.path.id)))))
    }

    func openDesk(_ input: Operations.OpenDesk.Input) async throws -> Operations.OpenDesk.Output {
        .ok(.init(body: .json(try await setDesk(DeskID(typed: input.path.id), open: true))))
    }

    func closeDesk(_ input: Operations.CloseDesk.Input) async throws -> Operations.CloseDesk.Output {
        .ok(.init(body: .json(try await setDesk(DeskID(typed: input.path.id), open: false))))
    }

    // MARK: Pieces

    private func act(_ action: DeskAction, _ desk: DeskID) async throws -> Schemas.TicketChange {
        let caller = try caller
        try caller.checkMayWork(desk: desk)
        return try await change { try await queue.act(action, desk: desk, by: caller.staff) }
    }

    private func change(_ operation: () async throws -> TicketChange) async throws -> Schemas.TicketChange {
        let change = try await operation()
        return QueueJSON.change(change, timeZone: try caller.office.timeZone)
    }

    private func setDesk(_ desk: DeskID, open: Bool) async throws -> Schemas.DeskState {
        try caller.checkMayWork(desk: desk)
        let state = try await queue.setDesk(desk, open: open)
        return QueueJSON.desk(state, timeZone: try caller.office.timeZone)
    }

    private func number(_ text: String) throws -> TicketNumber {
        guard let number = TicketNumber(parsing: text) else { throw QueueError.invalidTicketNumber(text) }
        return number
    }

    func day(_ text: String, _ name: String) throws -> LocalDay {
        guard let day = LocalDay(text) else {
            throw APIError(.badRequest, "\(name) '\(text.prefix(40))' is not a date: write YYYY-MM-DD, e.g. 2026-11-23", reason: "badRequest")
        }
        return day
    }

    static func days(from: LocalDay, to: LocalDay) -> Int {
        let utc = OfficeCalendar(timeZone: TimeZone(identifier: "UTC") ?? .current)
        return Int((utc.start(of: to).timeIntervalSince(utc.start(of: from)) / 86_400).rounded())
    }

    /// The document lists the languages (`es`, `en`): the generated layer refuses others.
    func language(_ code: String?, _ office: Office) -> Language {
        code.flatMap(Language.init(rawValue:)) ?? office.defaultLanguage
    }
}
