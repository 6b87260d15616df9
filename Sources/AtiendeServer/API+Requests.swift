import AtiendeCore
import AtiendeJSON
import AtiendeMail
import AtiendeQueue
import Foundation
import Logging

/// Requests from every channel, for staff (docs/domain.md, "Requests and the 24-hour promise"):
/// the person's name and how to reach them are never shown to any other role.
extension API {
    var requests: any RequestBook {
        get throws {
            guard let book = queue as? any RequestBook else {
                throw APIError(.notFound, "this server's store keeps no requests", reason: "notFound")
            }
            return book
        }
    }

    func requestNumber(_ text: String) throws -> RequestNumber {
        guard let number = RequestNumber(parsing: text) else { throw RequestError.invalidNumber(text) }
        return number
    }

    func answer(_ request: ServiceRequest) throws -> Schemas.ServiceRequest {
        var json = QueueJSON.serviceRequest(request, timeZone: try caller.office.timeZone, now: queue.time.now())
        let office = try caller.office
        json.link = request.link.map { server.requestURL($0, office) }
        return json
    }

    /// One request, with what staff print and say: the receipt and the call-back script.
    func whole(_ request: ServiceRequest) async throws -> Schemas.ServiceRequest {
        let office = try caller.office, words = RequestWords(office: office)
        var json = try answer(request)
        let names = try await staffNames()
        // Paper carries the link only as an address a phone can open (the office's public one).
        json.receipt = words.receipt(request, receivedBy: request.receivedBy.map { names[$0] ?? $0 }, link: office.publicAddress == nil ? nil : json.link)
        let official = try caller.staff?.name ?? request.assignee.map { names[$0] ?? $0 } ?? (office.defaultLanguage == .es ? "(su nombre)" : "(your name)")
        json.callBack = words.callBackScript(request, official: official, at: queue.time.now())
        return json
    }

    /// Staff members' names by user, for the words people read.
    func staffNames() async throws -> [StaffUser: String] {
        guard let directory = queue as? any StaffDirectory else { return [:] }
        return Dictionary(try await directory.staffAccounts().map { ($0.user, $0.name) }) { first, _ in first }
    }

    /// Sends what a new request sends: the request is kept either way; a failure is told to
    /// the staff member in one line, and logged.
    func sendMails(_ request: ServiceRequest) async throws -> (Schemas.ServiceRequest.MailPayload, String?) {
        let office = try caller.office
        let mails = RequestRules.mails(
            onRegistering: request, office: office, link: office.publicAddress == nil ? nil : request.link.map(office.requestURL),
            console: office.publicAddress.map { $0 + "/requests" })
        let (outcome, problem) = await SMTPSender.deliver(mails, office: office, at: queue.time.now())
        if let problem { Logger(label: "atiende.mail").warning("mail for request \(request.number) not sent: \(problem)") }
        return (Schemas.ServiceRequest.MailPayload(rawValue: outcome.rawValue) ?? .none, problem)
    }

    func addRequest(_ input: Operations.AddRequest.Input) async throws -> Operations.AddRequest.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        let draft = RequestDraft(
            channel: RequestChannel(rawValue: body.channel.rawValue) ?? .inPerson, service: body.service, summary: body.summary, name: body.name,
            phone: body.phone, email: body.email, assignee: body.assignee)
        let registered = try await requests.register(draft, by: try caller.staff?.user)
        var json = try await whole(registered.request)
        (json.mail, json.mailProblem) = try await sendMails(registered.request)
        return .created(.init(body: .json(json)))
    }

    func listRequests(_ input: Operations.ListRequests.Input) async throws -> Operations.ListRequests.Output {
        let now = queue.time.now()
        let open = try await requests.openRequests().filter { input.query.overdue != true || $0.promise(at: now) == .overdue }
        return .ok(.init(body: .json(try open.map(answer))))
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        let number = try requestNumber(input.path.number)
        guard let request = try await requests.request(number) else { throw RequestError.unknownRequest(number.description) }
        return .ok(.init(body: .json(try await whole(request))))
    }

    func addRequestContact(_ input: Operations.AddRequestContact.Input) async throws -> Operations.AddRequestContact.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        let number = try requestNumber(input.path.number)
        let request = try await requests.recordContact(
            number, result: ContactResult(rawValue: body.result.rawValue) ?? .noAnswer, note: body.note, next: body.next?.date, by: try caller.staff?.user)
        return .ok(.init(body: .json(try answer(request))))
    }

    func getRequestReport(_ input: Operations.GetRequestReport.Input) async throws -> Operations.GetRequestReport.Output {
        let a = try day(input.query.from, "from"), b = try day(input.query.to, "to")
        let (from, to) = (min(a, b), max(a, b))
        guard Self.days(from: from, to: to) <= 366 else {
            throw APIError(.unprocessableContent, "a report spans at most 366 days, and \(from) to \(to) is more: ask for a year at a time", reason: "spanTooLong")
        }
        let office = try caller.office
        let report = try await requests.requestReport(from: from, to: to)
        return .ok(.init(body: .json(QueueJSON.requestReport(report, office: office, names: try await staffNames(), language: office.defaultLanguage))))
    }

    /// The person's view of their request, by its link: where it stands in plain words, who
    /// handles it and when they will be contacted; never the notes nor how to reach them.
    func getRequestFollowUp(_ input: Operations.GetRequestFollowUp.Input) async throws -> Operations.GetRequestFollowUp.Output {
        let office = try caller.office
        guard VisitToken.isWellFormed(input.path.token), let request = try await requests.request(link: input.path.token) else {
            throw RequestError.unknownRequest(office.defaultLanguage == .es ? "con este enlace" : "with this link")
        }
        let language = language(input.query.lang?.rawValue, office)
        return .ok(.init(body: .json(try await followUp(request, office: office, language: language))))
    }

    func followUp(_ request: ServiceRequest, office: Office, language: Language) async throws -> Schemas.RequestFollowUp {
        let names = try await staffNames()
        let handler = request.assignee.map { names[$0] ?? $0 }
        let words = RequestWords(office: office, language: language), now = queue.time.now()
        let (headline, detail) = words.state(request, at: now, handler: handler)
        func time(_ date: Date) -> OfficeTime { OfficeTime(date, timeZone: office.timeZone) }
        return .init(
            number: request.number.description, service: request.service, serviceName: office.service(request.service)?.name[language] ?? request.service.rawValue,
            channel: .init(rawValue: request.channel.rawValue) ?? .inPerson, receivedAt: time(request.receivedAt), deadline: time(request.deadline),
            firstContactAt: request.firstContactAt.map(time), promise: .init(rawValue: request.promise(at: now).rawValue) ?? .pending,
            handledBy: handler, headline: headline, detail: detail)
    }
}
