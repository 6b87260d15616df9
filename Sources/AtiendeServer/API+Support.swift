import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

/// A desk's call for a supervisor and the answer (docs/domain.md, "A superior, when needed"):
/// staff screens hear of each change at once (the event stream's `support`).
extension API {
    var supportLine: any SupportLine {
        get throws {
            guard let line = queue as? any SupportLine else { throw APIError(.notFound, "this server's store keeps no calls for help", reason: "notFound") }
            return line
        }
    }

    func askSupport(_ input: Operations.AskSupport.Input) async throws -> Operations.AskSupport.Output {
        let caller = try caller, desk = DeskID(typed: input.path.id)
        try caller.checkMayWork(desk: desk)
        let held = try await queue.deskLine(desk).desk.current?.number
        let call = try await supportLine.askSupport(desk: desk, ticket: held, by: caller.staff?.user)
        return .ok(.init(body: .json(try await supportJSON([call])[0])))
    }

    func acknowledgeSupport(_ input: Operations.AcknowledgeSupport.Input) async throws -> Operations.AcknowledgeSupport.Output {
        let desk = DeskID(typed: input.path.id)
        _ = try caller.office.requireDesk(desk)
        guard let call = try await supportLine.acknowledgeSupport(desk: desk, by: try caller.staff?.user) else {
            throw APIError(.notFound, "desk \(desk) is not waiting for a supervisor: someone may have answered already", reason: "noSupportCall")
        }
        return .ok(.init(body: .json(try await supportJSON([call])[0])))
    }

    func listSupportCalls(_ input: Operations.ListSupportCalls.Input) async throws -> Operations.ListSupportCalls.Output {
        .ok(.init(body: .json(try await supportJSON(try await supportLine.supportCalls()))))
    }

    /// Calls as staff screens show them: with the desk's and the people's names.
    func supportJSON(_ calls: [SupportCall]) async throws -> [Schemas.SupportCall] {
        let office = try caller.office, names = try await staffNames()
        func time(_ date: Date) -> OfficeTime { OfficeTime(date, timeZone: office.timeZone) }
        return calls.map { call in
            .init(
                id: call.id, desk: call.desk, deskLabel: office.desk(call.desk)?.label[office.defaultLanguage], ticket: call.ticket?.description,
                askedAt: time(call.askedAt), askedBy: call.askedBy, askedByName: call.askedBy.flatMap { names[$0] },
                acknowledgedAt: call.acknowledgedAt.map(time), acknowledgedBy: call.acknowledgedBy, acknowledgedByName: call.acknowledgedBy.flatMap { names[$0] })
        }
    }
}
