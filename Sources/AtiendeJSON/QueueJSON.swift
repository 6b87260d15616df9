import AtiendeCore
import AtiendeQueue
import Foundation

/// The queue's values as the API's generated types (openapi.json), and back: what
/// `atiende … --json` prints, what the server answers and what the remote client reads.
/// One function each way per shape, so the command line, the server and the client
/// cannot drift apart.
///
/// Every shape carries what is needed to rebuild the value exactly (all of a ticket's
/// times, to the millisecond), so a program on a server behaves as on a local file.
public enum QueueJSON {}

public typealias Schemas = Components.Schemas

// MARK: - Writing and reading JSON text

extension QueueJSON {
    /// The encoder of every JSON answer and `--json` line: keys sorted, slashes as they are.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// One encoder for every render: encoding does not change it, so threads share it.
    nonisolated(unsafe) private static let shared = encoder()

    public static func render(_ value: some Encodable) -> String {
        // Every value here is plain data: encoding cannot fail.
        (try? shared.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Prints one JSON line on standard output.
    public static func print(_ value: some Encodable) {
        StandardOutput.line(render(value))
    }

    /// An error answer of the API: `{"error": "<what to do>", "reason": "<kind>"}`. The
    /// message is the same one line the command line prints; `reason` is for programs:
    /// the queue's refusal (`deskBusy`, `ticketNotFound`, … see `QueueError.code`),
    /// `unavailable.<why>` for a 503, or `badRequest`, `unauthorized`, `forbidden`, `notFound`.
    public static func error(_ message: String, reason: String) -> Schemas._Error {
        .init(error: message.split(whereSeparator: \.isNewline).joined(separator: " "), reason: reason)
    }
}

// MARK: - Tickets

extension QueueJSON {
    /// A ticket and its place: `atiende issue --json`, `POST /api/tickets`, `GET /api/tickets/{number}`.
    /// - Parameter showName: whether the reader may see the visitor's first name.
    /// - Parameter visitURL: the visit link, for the answer to the issue only.
    public static func place(_ place: TicketPlace, timeZone: TimeZone, showName: Bool = true, visitURL: String? = nil) -> Schemas.TicketPlace {
        .init(
            value1: ticket(place.ticket, timeZone: timeZone, showName: showName),
            value2: .init(ahead: place.ahead, estimatedWaitMinutes: place.estimatedWaitMinutes, visitUrl: visitURL))
    }

    /// A visitor's own ticket, for the phone page: no name, nothing about others.
    public static func visit(_ place: TicketPlace, office: Office, language: Language) -> Schemas.Visit {
        let t = place.ticket
        return .init(
            number: t.number.description, service: t.queueService,
            serviceName: office.service(t.queueService)?.name[language] ?? t.queueService.rawValue,
            state: .init(t.state), ahead: place.ahead,
            estimatedWaitMinutes: place.estimatedWaitMinutes, desk: t.desk,
            deskLabel: t.desk.flatMap { office.desk($0)?.label[language] },
            calledAt: t.calledAt.map { OfficeTime($0, timeZone: office.timeZone) }, office: office.name[language],
            targetWaitMinutes: office.targetWaitMinutes, canCancel: t.state == .waiting || t.state == .called,
            feedbackOpen: t.state == .done && !place.feedbackGiven)
    }

    /// A visitor's judgement as the API takes it, and checked (`Feedback.checked`).
    public static func feedback(_ f: Feedback) -> Schemas.FeedbackAnswer {
        let r = f.ratings
        return .init(
            ratings: .init(
                answer: r[.answer] ?? 0, time: r[.time] ?? 0, professionalism: r[.professionalism] ?? 0,
                information: r[.information] ?? 0, attitude: r[.attitude] ?? 0),
            comment: f.comment)
    }

    public static func readFeedback(_ json: Schemas.FeedbackAnswer) throws(QueueError) -> Feedback {
        let r = json.ratings
        return try Feedback.checked(
            ratings: ["answer": r.answer, "time": r.time, "professionalism": r.professionalism, "information": r.information, "attitude": r.attitude],
            comment: json.comment)
    }

    /// The visit link in the answer to the issue, and read back.
    public static func readVisitToken(_ json: Schemas.TicketPlace) -> String? {
        json.value2.visitUrl.flatMap { $0.split(separator: "/").last.map(String.init) }
    }

    public static func readPlace(_ json: Schemas.TicketPlace) throws(JSONShapeError) -> TicketPlace {
        TicketPlace(
            ticket: try readTicket(json.value1), ahead: json.value2.ahead, estimatedWaitMinutes: json.value2.estimatedWaitMinutes,
            visitToken: readVisitToken(json))
    }

    /// A ticket on its own (a desk's current ticket).
    public static func ticket(_ t: Ticket, timeZone: TimeZone, showName: Bool = true) -> Schemas.Ticket {
        func time(_ date: Date?) -> OfficeTime? { date.map { OfficeTime($0, timeZone: timeZone) } }
        return .init(
            number: t.number.description, service: t.queueService, preferential: t.preferential,
            issuedAt: OfficeTime(t.issuedAt, timeZone: timeZone), firstName: showName ? t.firstName : nil,
            day: t.day.description, state: .init(t.state), desk: t.desk,
            waitingSince: OfficeTime(t.waitingSince, timeZone: timeZone), firstCalledAt: time(t.firstCalledAt),
            calledAt: time(t.calledAt), startedAt: time(t.startedAt), endedAt: time(t.endedAt))
    }

    public static func readTicket(_ json: Schemas.Ticket) throws(JSONShapeError) -> Ticket {
        try readTicket(json, desk: json.desk)
    }

    private static func readTicket(_ json: Schemas.Ticket, desk: DeskID?) throws(JSONShapeError) -> Ticket {
        Ticket(
            restoring: try number(json.number), day: try day(json.day), preferential: json.preferential,
            firstName: json.firstName, issuedAt: json.issuedAt.date, queueService: json.service,
            state: try choice(json.state.rawValue, "state", TicketState.self), desk: desk,
            waitingSince: json.waitingSince.date, firstCalledAt: json.firstCalledAt?.date,
            calledAt: json.calledAt?.date, startedAt: json.startedAt?.date, endedAt: json.endedAt?.date)
    }

    /// The outcome of a desk operation: `atiende call|recall|… --json` and
    /// `POST /api/desks/{id}/…`.
    public static func change(_ change: TicketChange, timeZone: TimeZone) -> Schemas.TicketChange {
        let event = change.event
        var ticket = ticket(change.ticket, timeZone: timeZone)
        ticket.desk = event.desk ?? ticket.desk
        let called = event.kind == .called || event.kind == .recalled
        let ended = event.kind == .finished || event.kind == .transferred
        return .init(
            value1: ticket,
            value2: .init(
                waitSeconds: called ? seconds(event.seconds) : nil, serviceSeconds: ended ? seconds(event.seconds) : nil,
                event: self.event(id: nil, event, timeZone: timeZone), staff: event.staff, request: change.request?.description))
    }

    public static func readChange(_ json: Schemas.TicketChange) throws(JSONShapeError) -> TicketChange {
        let event = try readEvent(json.value2.event).event
        return TicketChange(
            ticket: try readTicket(json.value1, desk: event.desk ?? json.value1.desk), event: event, request: json.value2.request.flatMap(RequestNumber.init(parsing:)))
    }

    /// `atiende next --json`: the change, or `{"number": null}` when nobody waits.
    public static func next(_ change: TicketChange?, timeZone: TimeZone) -> Operations.CallNext.Output.Ok.Body.JsonPayload {
        change.map { .TicketChange(self.change($0, timeZone: timeZone)) } ?? .NobodyWaiting(NobodyWaitingAnswer())
    }

    public static func readNext(_ json: Operations.CallNext.Output.Ok.Body.JsonPayload) throws(JSONShapeError) -> TicketChange? {
        switch json {
        case .TicketChange(let change): try readChange(change)
        case .NobodyWaiting: nil
        }
    }

    /// One stored transition: the data of a Server-Sent Event, with the event's id in the log.
    /// - Parameter details: whether the outcome's details (case, referral, note) may be
    ///   shown: to staff, yes; on the event stream, which anyone may read, no.
    public static func event(id: Int64?, _ e: TicketEvent, timeZone: TimeZone, details: Bool = true) -> Schemas.Event {
        .init(
            id: id.map(Int.init), kind: .init(e.kind), number: e.number.description,
            day: e.day.description, at: OfficeTime(e.at, timeZone: timeZone), desk: e.desk, service: e.service,
            seconds: seconds(e.seconds), outcome: (details ? e.outcome : e.outcome?.withoutDetails).map(outcome),
            staff: details ? e.staff : nil)
    }

    public static func outcome(_ o: VisitOutcome) -> Schemas.VisitOutcome {
        .init(code: o.code, caseNumber: o.caseNumber, referredTo: o.referredTo, note: o.note)
    }

    public static func readEvent(_ json: Schemas.Event) throws(JSONShapeError) -> (id: Int64?, event: TicketEvent) {
        let event = TicketEvent(
            number: try number(json.number), day: try day(json.day), kind: try choice(json.kind.rawValue, "kind", TicketEvent.Kind.self),
            at: json.at.date, desk: json.desk, service: json.service, seconds: json.seconds,
            outcome: json.outcome.map { VisitOutcome(code: $0.code, caseNumber: $0.caseNumber, referredTo: $0.referredTo, note: $0.note) },
            staff: json.staff)
        return (json.id.map(Int64.init), event)
    }

    /// A desk after it was opened or closed: `atiende desk open|close --json`, `POST /api/desks/{id}/open|close`.
    public static func desk(_ state: DeskState, timeZone: TimeZone) -> Schemas.DeskState {
        .init(
            id: state.id, state: .init(state.activity), open: state.isOpen,
            ticket: state.current.map { ticket($0, timeZone: timeZone) })
    }

    public static func readDesk(_ json: Schemas.DeskState) throws(JSONShapeError) -> DeskState {
        DeskState(id: json.id, isOpen: json.open, current: try json.ticket.map { t throws(JSONShapeError) in try readTicket(t) })
    }
}

// MARK: - Reports

extension QueueJSON {
    /// Indicators for a day or a span: `atiende report --json` and `GET /api/reports/{date}`.
    /// A span also lists each day that had tickets.
    public static func report(_ range: RangeReport) -> Schemas.Report {
        .init(
            value1: .init(
                from: range.from.description, to: range.to.description,
                days: range.from == range.to ? nil : range.days.map { .init(value1: .init(day: $0.day.description), value2: figures($0.report)) }),
            value2: figures(range.total))
    }

    public static func readReport(_ json: Schemas.Report) throws(JSONShapeError) -> RangeReport {
        let from = try day(json.value1.from), to = try day(json.value1.to)
        let total = try readFigures(json.value2)
        guard from != to else { return RangeReport(from: from, to: to, total: total, days: [.init(day: from, report: total)]) }
        var days: [RangeReport.Day] = []
        for item in json.value1.days ?? [] { days.append(.init(day: try day(item.value1.day), report: try readFigures(item.value2))) }
        return RangeReport(from: from, to: to, total: total, days: days)
    }

    private static func figures(_ report: IndicatorReport) -> Schemas.ReportFigures {
        .init(
            office: indicators(report.office),
            services: .init(additionalProperties: Self.byCode(report.services.mapValues(indicators))),
            hours: .init(additionalProperties: Dictionary(uniqueKeysWithValues: report.hours.map { (hourKey($0.key), indicators($0.value)) })),
            desks: .init(additionalProperties: Self.byCode(report.desks).mapValues {
                .init(
                    served: $0.served, averageServiceSeconds: seconds($0.averageServiceSeconds), outcomes: .init(additionalProperties: $0.outcomes),
                    answered: $0.feedback.answered,
                    drivers: .init(additionalProperties: Dictionary(uniqueKeysWithValues: $0.feedback.averages.map { ($0.key.rawValue, $0.value) })))
            }),
            waitHistogram: report.waitHistogram, comments: report.comments,
            staff: report.staff.isEmpty ? nil : .init(additionalProperties: report.staff.mapValues(staffFigures)),
            names: .init(
                services: .init(additionalProperties: Self.byCode(report.names.services.mapValues(localized))),
                desks: .init(additionalProperties: Self.byCode(report.names.desks.mapValues(localized)))))
    }

    private static func localized(_ text: LocalizedText) -> Schemas.LocalizedText {
        .init(additionalProperties: Dictionary(uniqueKeysWithValues: text.values.map { ($0.key.rawValue, $0.value) }))
    }

    private static func readLocalized(_ json: Schemas.LocalizedText) -> LocalizedText {
        LocalizedText(Dictionary(uniqueKeysWithValues: json.additionalProperties.compactMap { key, value in Language(rawValue: key).map { ($0, value) } }))
    }

    private static func staffFigures(_ figures: StaffIndicators) -> Schemas.StaffFigures {
        .init(
            name: figures.name, served: figures.served, noShows: figures.noShows,
            averageServiceSeconds: seconds(figures.averageServiceSeconds), medianServiceSeconds: seconds(figures.medianServiceSeconds),
            averageWalkSeconds: seconds(figures.averageWalkSeconds), atDeskSeconds: figures.atDeskSeconds, idleSeconds: figures.idleSeconds)
    }

    private static func readFigures(_ json: Schemas.ReportFigures) throws(JSONShapeError) -> IndicatorReport {
        var hours: [Int: Indicators] = [:]
        for (key, value) in json.hours.additionalProperties {
            guard let hour = Int(key), (0..<24).contains(hour) else { throw JSONShapeError("hours.\(key) is not an hour 00 to 23") }
            hours[hour] = readIndicators(value)
        }
        var report = IndicatorReport(
            office: readIndicators(json.office), services: Self.byCode(json.services.additionalProperties.mapValues(readIndicators)), hours: hours,
            desks: Self.byCode(json.desks.additionalProperties).mapValues {
                DeskIndicators(
                    served: $0.served, averageServiceSeconds: $0.averageServiceSeconds, outcomes: $0.outcomes.additionalProperties,
                    feedback: readSummary(answered: $0.answered, drivers: $0.drivers.additionalProperties))
            },
            waitHistogram: json.waitHistogram)
        report.comments = json.comments
        report.names.services = Self.byCode((json.names?.services?.additionalProperties ?? [:]).mapValues(readLocalized))
        report.names.desks = Self.byCode((json.names?.desks?.additionalProperties ?? [:]).mapValues(readLocalized))
        report.staff = (json.staff?.additionalProperties ?? [:]).mapValues { figures in
            var staff = StaffIndicators()
            staff.name = figures.name
            staff.served = figures.served
            staff.noShows = figures.noShows
            staff.averageServiceSeconds = figures.averageServiceSeconds
            staff.medianServiceSeconds = figures.medianServiceSeconds
            staff.averageWalkSeconds = figures.averageWalkSeconds
            staff.atDeskSeconds = figures.atDeskSeconds
            staff.idleSeconds = figures.idleSeconds
            return staff
        }
        return report
    }

    private static func hourKey(_ hour: Int) -> String { hour < 10 ? "0\(hour)" : String(hour) }
}

// MARK: - Pieces

extension QueueJSON {
    /// A map by service code or desk id as the wire keys it (the text), and back.
    static func byCode<K: RawRepresentable<String>, V>(_ map: [K: V]) -> [String: V] {
        Dictionary(uniqueKeysWithValues: map.map { ($0.key.rawValue, $0.value) })
    }

    static func byCode<K: RawRepresentable<String> & Hashable, V>(_ map: [String: V]) -> [K: V] {
        Dictionary(uniqueKeysWithValues: map.map { (K(rawValue: $0.key)!, $0.value) })
    }

    public static func activity(_ activity: DeskState.Activity) -> Schemas.DeskActivity {
        .init(activity)
    }

    /// Seconds to the millisecond, the precision durations are stored with.
    static func seconds(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }

    static func number(_ text: String) throws(JSONShapeError) -> TicketNumber {
        guard let number = TicketNumber(parsing: text) else { throw JSONShapeError("'\(text.prefix(40))' is not a ticket number") }
        return number
    }

    static func day(_ text: String) throws(JSONShapeError) -> LocalDay {
        guard let day = LocalDay(text) else { throw JSONShapeError("'\(text.prefix(40))' is not a date (YYYY-MM-DD)") }
        return day
    }

    static func choice<T: RawRepresentable<String>>(_ text: String, _ name: String, _: T.Type) throws(JSONShapeError) -> T {
        guard let value = T(rawValue: text) else { throw JSONShapeError("\(name) '\(text)' is not one this program knows") }
        return value
    }
}

/// A JSON document that does not have the expected shape: which field, what was expected.
public struct JSONShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
