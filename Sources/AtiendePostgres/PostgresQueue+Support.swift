import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

/// The desks' calls for a supervisor in the institution's database, per office; the desk's
/// row is locked while one is made, so two servers never open two for one desk. The other
/// servers hear of each change as of a desk opened or closed (`setup`).
extension PostgresQueue: SupportLine {
    public func askSupport(desk: DeskID, ticket: TicketNumber?, by staff: StaffUser?) async throws -> SupportCall {
        try await write(queue: false) { [self] writing in
            let connection = writing.connection, id = officeID.rawValue
            try await connection.query("SELECT 1 FROM desk WHERE office = \(id) AND id = \(desk.rawValue) FOR UPDATE", logger: logger)
            let open = try await supportCalls(connection, desk: desk).last { $0.isOpen }
            var call = try SupportRules.ask(desk: desk, holding: ticket, office: writing.office, by: staff, at: writing.now, open: open, nextID: 0)
            guard open == nil else { return call }
            for try await newID in try await connection.query(
                """
                INSERT INTO supportCall (office, desk, ticket, askedAt, askedBy)
                VALUES (\(id), \(desk.rawValue), \(call.ticket?.description), \(call.askedAt), \(call.askedBy)) RETURNING id
                """, logger: logger
            ).decode(Int64.self) { call.id = newID }
            writing.setupChanged = true
            return call
        }
    }

    public func acknowledgeSupport(desk: DeskID, by staff: StaffUser?) async throws -> SupportCall? {
        try await write(queue: false) { [self] writing in
            let connection = writing.connection
            try await connection.query("SELECT 1 FROM desk WHERE office = \(officeID.rawValue) AND id = \(desk.rawValue) FOR UPDATE", logger: logger)
            guard let open = try await supportCalls(connection, desk: desk).last(where: \.isOpen) else { return nil }
            let answered = SupportRules.acknowledge(open, by: staff, at: writing.now)
            try await connection.query(
                "UPDATE supportCall SET acknowledgedAt = \(answered.acknowledgedAt), acknowledgedBy = \(answered.acknowledgedBy) WHERE id = \(answered.id)",
                logger: logger)
            writing.setupChanged = true
            return answered
        }
    }

    public func supportCalls() async throws -> [SupportCall] {
        try await read { [self] connection, _, now in
            SupportRules.shown(try await supportCalls(connection, since: now.addingTimeInterval(-SupportRules.answeredShownFor)), at: now)
        }
    }

    /// This office's calls of one desk still open, or every call open or answered since `since`.
    private func supportCalls(_ connection: PostgresConnection, desk: DeskID? = nil, since: Date? = nil) async throws -> [SupportCall] {
        let query: PostgresQuery = if let desk {
            """
            SELECT id, desk, ticket, askedAt, askedBy, acknowledgedAt, acknowledgedBy FROM supportCall
            WHERE office = \(officeID.rawValue) AND desk = \(desk.rawValue) AND acknowledgedAt IS NULL ORDER BY id
            """
        } else {
            """
            SELECT id, desk, ticket, askedAt, askedBy, acknowledgedAt, acknowledgedBy FROM supportCall
            WHERE office = \(officeID.rawValue) AND (acknowledgedAt IS NULL OR acknowledgedAt >= \(since ?? .distantPast)) ORDER BY id
            """
        }
        var calls: [SupportCall] = []
        for try await (id, desk, ticket, askedAt, askedBy, acknowledgedAt, acknowledgedBy) in try await connection.query(query, logger: logger)
            .decode((Int64, String, String?, Date, String?, Date?, String?).self)
        {
            calls.append(SupportCall(
                id: id, desk: DeskID(rawValue: desk), ticket: ticket.flatMap(TicketNumber.init(parsing:)), askedAt: askedAt, askedBy: askedBy,
                acknowledgedAt: acknowledgedAt, acknowledgedBy: acknowledgedBy))
        }
        return calls
    }
}
