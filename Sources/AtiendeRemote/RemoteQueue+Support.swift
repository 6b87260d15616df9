import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

/// Calls for a supervisor through a server (`/api/desks/{id}/support…`, `/api/support`).
extension RemoteQueue: SupportLine {
    public func askSupport(desk: DeskID, ticket: TicketNumber?, by staff: StaffUser?) async throws -> SupportCall {
        try Self.supportCall(try await call { try await api.askSupport(path: .init(id: desk.rawValue)).ok.body.json })
    }

    public func acknowledgeSupport(desk: DeskID, by staff: StaffUser?) async throws -> SupportCall? {
        do {
            return try Self.supportCall(try await call { try await api.acknowledgeSupport(path: .init(id: desk.rawValue)).ok.body.json })
        } catch let refused as QueueRefused where refused.status == 404 && refused.reason == "noSupportCall" {
            return nil
        }
    }

    public func supportCalls() async throws -> [SupportCall] {
        try await call { try await api.listSupportCalls().ok.body.json }.map(Self.supportCall)
    }

    static func supportCall(_ json: Schemas.SupportCall) throws -> SupportCall {
        SupportCall(
            id: json.id, desk: json.desk, ticket: json.ticket.flatMap(TicketNumber.init(parsing:)), askedAt: json.askedAt.date, askedBy: json.askedBy,
            acknowledgedAt: json.acknowledgedAt?.date, acknowledgedBy: json.acknowledgedBy)
    }
}
