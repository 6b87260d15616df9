import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

/// Requests through a server (`/api/requests…`), for staff: the same book a local store keeps.
/// The person's link comes back as the server's address of the page; its token is kept.
extension RemoteQueue: RequestBook {
    public func register(_ draft: RequestDraft, by staff: StaffUser?) async throws -> (request: ServiceRequest, link: String) {
        let body = Operations.AddRequest.Input.Body.JsonPayload(
            channel: .init(rawValue: draft.channel.rawValue) ?? .inPerson, service: draft.service, summary: draft.summary, name: draft.name,
            phone: draft.phone, email: draft.email, assignee: draft.assignee)
        let answer = try await call { try await api.addRequest(body: .json(body)).created.body.json }
        let request = try read(answer, QueueJSON.readRequest)
        return (request, request.link ?? "")
    }

    public func request(_ number: RequestNumber) async throws -> ServiceRequest? {
        do {
            return try read(try await call { try await api.getRequest(path: .init(number: number.description)).ok.body.json }, QueueJSON.readRequest)
        } catch let refused as QueueRefused where refused.status == 404 {
            return nil
        }
    }

    /// Only what the person's page shows comes back: the summary, the person and the tries stay unknown.
    public func request(link: String) async throws -> ServiceRequest? {
        guard VisitToken.isWellFormed(link) else { return nil }
        let view: Schemas.RequestFollowUp
        do {
            view = try await call { try await api.getRequestFollowUp(path: .init(token: link)).ok.body.json }
        } catch let refused as QueueRefused where refused.status == 404 {
            return nil
        }
        guard let number = RequestNumber(parsing: view.number) else { throw QueueUnavailable(.failed, "the server sent '\(view.number.prefix(30))' as a request number") }
        let channel = RequestChannel(rawValue: view.channel.rawValue) ?? .inPerson
        var request = ServiceRequest(
            number: number, channel: channel, service: view.service, summary: "", name: nil, phone: nil, email: nil, assignee: nil,
            receivedAt: view.receivedAt.date, receivedBy: nil, deadline: view.deadline.date, link: link)
        if let first = view.firstContactAt { request.attempts = [ContactAttempt(at: first.date, by: nil, result: .reached)] }
        return request
    }

    public func requestReport(from: LocalDay, to: LocalDay) async throws -> RequestReport {
        let answer = try await call { try await api.getRequestReport(query: .init(from: from.description, to: to.description)).ok.body.json }
        return try read(answer, QueueJSON.readRequestReport)
    }

    public func openRequests() async throws -> [ServiceRequest] {
        let answer = try await call { try await api.listRequests().ok.body.json }
        return try answer.map { try read($0, QueueJSON.readRequest) }
    }

    public func recordContact(_ number: RequestNumber, result: ContactResult, note: String?, next: Date?, by staff: StaffUser?) async throws -> ServiceRequest {
        let zone = try await office().timeZone
        let body = Operations.AddRequestContact.Input.Body.JsonPayload(
            result: .init(rawValue: result.rawValue) ?? .noAnswer, note: note, next: next.map { OfficeTime($0, timeZone: zone) })
        let answer = try await call { try await api.addRequestContact(path: .init(number: number.description), body: .json(body)).ok.body.json }
        return try read(answer, QueueJSON.readRequest)
    }
}
