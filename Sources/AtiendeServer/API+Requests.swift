import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

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
        QueueJSON.serviceRequest(request, timeZone: try caller.office.timeZone, now: queue.time.now())
    }

    func addRequest(_ input: Operations.AddRequest.Input) async throws -> Operations.AddRequest.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        let draft = RequestDraft(
            channel: RequestChannel(rawValue: body.channel.rawValue) ?? .inPerson, service: body.service, summary: body.summary, name: body.name,
            phone: body.phone, email: body.email, assignee: body.assignee)
        let registered = try await requests.register(draft, by: try caller.staff?.user)
        return .created(.init(body: .json(try answer(registered.request))))
    }

    func listRequests(_ input: Operations.ListRequests.Input) async throws -> Operations.ListRequests.Output {
        let now = queue.time.now()
        let open = try await requests.openRequests().filter { input.query.overdue != true || $0.promise(at: now) == .overdue }
        return .ok(.init(body: .json(try open.map(answer))))
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        let number = try requestNumber(input.path.number)
        guard let request = try await requests.request(number) else { throw RequestError.unknownRequest(number.description) }
        return .ok(.init(body: .json(try answer(request))))
    }

    func addRequestContact(_ input: Operations.AddRequestContact.Input) async throws -> Operations.AddRequestContact.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        let number = try requestNumber(input.path.number)
        let request = try await requests.recordContact(
            number, result: ContactResult(rawValue: body.result.rawValue) ?? .noAnswer, note: body.note, next: body.next?.date, by: try caller.staff?.user)
        return .ok(.init(body: .json(try answer(request))))
    }
}
