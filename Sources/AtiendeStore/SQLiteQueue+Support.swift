import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

/// The desks' calls for a supervisor in the office's file (`supportCall`).
extension SQLiteQueue: SupportLine {
    public func askSupport(desk: DeskID, ticket: TicketNumber?, by staff: StaffUser?) async throws -> SupportCall {
        try await write(queue: false) { db, office, now in
            let open = try Self.supportCalls(db, where: "desk = ? AND acknowledgedAt IS NULL", [desk.rawValue]).last
            let next = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM supportCall") ?? 0) + 1
            let call = try SupportRules.ask(desk: desk, holding: ticket, office: office, by: staff, at: now, open: open, nextID: next)
            guard open == nil else { return call }
            try db.execute(
                sql: "INSERT INTO supportCall (id, desk, ticket, askedAt, askedBy) VALUES (?, ?, ?, ?, ?)",
                arguments: [call.id, call.desk.rawValue, call.ticket?.description, call.askedAt.timeIntervalSince1970, call.askedBy])
            return call
        }
    }

    public func acknowledgeSupport(desk: DeskID, by staff: StaffUser?) async throws -> SupportCall? {
        try await write(queue: false) { db, _, now in
            guard let open = try Self.supportCalls(db, where: "desk = ? AND acknowledgedAt IS NULL", [desk.rawValue]).last else { return nil }
            let answered = SupportRules.acknowledge(open, by: staff, at: now)
            try db.execute(
                sql: "UPDATE supportCall SET acknowledgedAt = ?, acknowledgedBy = ? WHERE id = ?",
                arguments: [answered.acknowledgedAt?.timeIntervalSince1970, answered.acknowledgedBy, answered.id])
            return answered
        }
    }

    public func supportCalls() async throws -> [SupportCall] {
        try await read { db, _, now in
            let since = now.addingTimeInterval(-SupportRules.answeredShownFor).timeIntervalSince1970
            return SupportRules.shown(try Self.supportCalls(db, where: "acknowledgedAt IS NULL OR acknowledgedAt >= ?", [since]), at: now)
        }
    }

    static func supportCalls(_ db: Database, where condition: String, _ arguments: [any DatabaseValueConvertible]) throws -> [SupportCall] {
        try Row.fetchAll(
            db, sql: "SELECT id, desk, ticket, askedAt, askedBy, acknowledgedAt, acknowledgedBy FROM supportCall WHERE \(condition) ORDER BY id",
            arguments: StatementArguments(arguments)
        ).map { row in
            SupportCall(
                id: row["id"], desk: DeskID(rawValue: row["desk"]), ticket: (row["ticket"] as String?).flatMap(TicketNumber.init(parsing:)),
                askedAt: Date(timeIntervalSince1970: row["askedAt"]), askedBy: row["askedBy"],
                acknowledgedAt: (row["acknowledgedAt"] as Double?).map(Date.init(timeIntervalSince1970:)), acknowledgedBy: row["acknowledgedBy"])
        }
    }
}
