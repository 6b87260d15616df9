import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

/// What supervisors (and admins) see and steer beyond a desk.
extension API {
    func getFloor(_ input: Operations.GetFloor.Input) async throws -> Operations.GetFloor.Output {
        let office = try caller.office
        let now = queue.time.now()
        let seated = try await queue.seated().sorted { $0.key < $1.key }.map { desk, entry in
            Schemas.Floor.SeatedPayloadPayload(
                desk: desk.rawValue, user: entry.account.user, name: entry.account.name, since: OfficeTime(entry.since, timeZone: office.timeZone))
        }
        let waiting = try await queue.waitingTickets(limit: 300).map { ticket in
            Schemas.Floor.WaitingPayloadPayload(
                number: ticket.number.description, service: ticket.queueService.rawValue, preferential: ticket.preferential,
                waitingSeconds: Int(now.timeIntervalSince(ticket.issuedAt)))
        }
        let levels = Schemas.Floor.WaitLevelsPayload(
            amberFromSeconds: office.waitLevelThresholds.amberFromSeconds, redAfterSeconds: office.waitLevelThresholds.redAfterSeconds)
        return .ok(.init(body: .json(.init(
            office: office.name[office.defaultLanguage], seated: seated, waiting: waiting, targetWaitMinutes: office.targetWaitMinutes, waitLevels: levels,
            takenAt: OfficeTime(now, timeZone: office.timeZone)))))
    }

    func moveTicket(_ input: Operations.MoveTicket.Input) async throws -> Operations.MoveTicket.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        guard let number = TicketNumber(parsing: input.path.number) else { throw QueueError.invalidTicketNumber(input.path.number) }
        let caller = try caller
        let change = try await queue.move(number, to: ServiceCode(typed: body.to), by: caller.staff)
        return .ok(.init(body: .json(QueueJSON.change(change, timeZone: caller.office.timeZone))))
    }
}
