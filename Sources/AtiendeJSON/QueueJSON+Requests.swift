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
}
