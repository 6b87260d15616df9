import AtiendeCore
import Foundation

extension QueueJSON {
    /// A request as staff see it (`/api/requests…`), its promise as it stands at `now`.
    public static func serviceRequest(_ r: ServiceRequest, timeZone: TimeZone, now: Date) -> Schemas.ServiceRequest {
        func time(_ date: Date) -> OfficeTime { OfficeTime(date, timeZone: timeZone) }
        return .init(
            number: r.number.description, channel: .init(rawValue: r.channel.rawValue) ?? .inPerson, service: r.service, summary: r.summary,
            name: r.name, phone: r.phone, email: r.email, assignee: r.assignee, receivedAt: time(r.receivedAt), receivedBy: r.receivedBy,
            deadline: time(r.deadline), firstContactAt: r.firstContactAt.map(time),
            promise: .init(rawValue: r.promise(at: now).rawValue) ?? .pending, ticket: r.ticket?.description,
            attempts: r.attempts.map { a in
                .init(at: time(a.at), by: a.by, result: .init(rawValue: a.result.rawValue) ?? .noAnswer, note: a.note, next: a.next.map(time))
            })
    }

    public static func readRequest(_ json: Schemas.ServiceRequest) throws(JSONShapeError) -> ServiceRequest {
        guard let number = RequestNumber(parsing: json.number) else { throw JSONShapeError("'\(json.number.prefix(30))' is not a request number") }
        var attempts: [ContactAttempt] = []
        for a in json.attempts {
            attempts.append(ContactAttempt(
                at: a.at.date, by: a.by, result: try choice(a.result.rawValue, "result", ContactResult.self), note: a.note, next: a.next?.date))
        }
        return ServiceRequest(
            number: number, channel: try choice(json.channel.rawValue, "channel", RequestChannel.self), service: json.service, summary: json.summary,
            name: json.name, phone: json.phone, email: json.email, assignee: json.assignee, receivedAt: json.receivedAt.date,
            receivedBy: json.receivedBy, deadline: json.deadline.date, attempts: attempts, ticket: json.ticket.flatMap(TicketNumber.init(parsing:)),
            link: json.link.flatMap { $0.split(separator: "/").last.map(String.init) })
    }

    /// How the promise of first contact was kept, with each group's name in `language`.
    public static func requestReport(_ r: RequestReport, office: Office, names: [StaffUser: String], language: Language) -> Schemas.RequestReport {
        func figures(_ f: RequestReport.Figures, key: String? = nil, name: String? = nil) -> Schemas.RequestFigures {
            .init(key: key, name: name, received: f.received, contactedInTime: f.contactedInTime, contactedLate: f.contactedLate,
                  inTimePercent: f.inTimePercent, medianHoursToContact: f.medianHoursToContact, p90HoursToContact: f.p90HoursToContact,
                  attemptsPerFirstContact: f.attemptsPerFirstContact, open: f.open, overdue: f.overdue)
        }
        let words = RequestWords(office: office, language: language)
        return .init(
            from: r.from.description, to: r.to.description, office: figures(r.office),
            byChannel: RequestChannel.allCases.compactMap { c in r.byChannel[c].map { figures($0, key: c.rawValue, name: words.channelName(c)) } },
            byService: r.byService.sorted { $0.key.rawValue < $1.key.rawValue }.map { figures($0.value, key: $0.key.rawValue, name: office.service($0.key)?.name[language]) },
            byOfficial: r.byOfficial.sorted { $0.key < $1.key }.map { figures($0.value, key: $0.key, name: names[$0.key]) })
    }

    public static func readRequestReport(_ json: Schemas.RequestReport) throws(JSONShapeError) -> RequestReport {
        guard let from = LocalDay(json.from), let to = LocalDay(json.to) else { throw JSONShapeError("the report's days are not dates") }
        func figures(_ j: Schemas.RequestFigures) -> RequestReport.Figures {
            var f = RequestReport.Figures()
            (f.received, f.contactedInTime, f.contactedLate, f.open, f.overdue) = (j.received, j.contactedInTime, j.contactedLate, j.open, j.overdue)
            (f.inTimePercent, f.medianHoursToContact, f.p90HoursToContact, f.attemptsPerFirstContact) =
                (j.inTimePercent, j.medianHoursToContact, j.p90HoursToContact, j.attemptsPerFirstContact)
            return f
        }
        var byChannel: [RequestChannel: RequestReport.Figures] = [:], byService: [ServiceCode: RequestReport.Figures] = [:]
        for row in json.byChannel {
            byChannel[try choice(row.key ?? "", "channel", RequestChannel.self)] = figures(row)
        }
        for row in json.byService {
            guard let code = row.key.flatMap(ServiceCode.init) else { throw JSONShapeError("a service row without its code") }
            byService[code] = figures(row)
        }
        let byOfficial = Dictionary(json.byOfficial.map { ($0.key ?? "", figures($0)) }) { first, _ in first }
        return RequestReport(from: from, to: to, office: figures(json.office), byChannel: byChannel, byService: byService, byOfficial: byOfficial)
    }
}
