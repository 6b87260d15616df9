import AtiendeCore
import Foundation
import GRDB
import AtiendeQueue

/// A ticket with its row id. Rows map to `Ticket` here and nowhere else.
struct StoredTicket: Sendable {
    var id: Int64
    var ticket: Ticket

    static let columns = """
        id, day, service, seq, preferential, firstName, issuedAt, queueService, state, desk,
        waitingSince, firstCalledAt, calledAt, startedAt, endedAt
        """

    init(id: Int64, ticket: Ticket) {
        self.id = id
        self.ticket = ticket
    }

    init(row: Row) throws {
        let dayText: String = row["day"], stateText: String = row["state"]
        guard let day = LocalDay(dayText), let state = TicketState(rawValue: stateText) else {
            throw Self.damaged("ticket \(row["id"] as Int64? ?? 0)")
        }
        id = row["id"]
        ticket = Ticket(
            restoring: TicketNumber(service: row["service"], sequence: row["seq"]),
            day: day, preferential: row["preferential"], firstName: row["firstName"],
            issuedAt: Date(timeIntervalSince1970: row["issuedAt"]), queueService: row["queueService"], state: state,
            desk: row["desk"], waitingSince: Date(timeIntervalSince1970: row["waitingSince"]),
            firstCalledAt: Self.date(row["firstCalledAt"]), calledAt: Self.date(row["calledAt"]),
            startedAt: Self.date(row["startedAt"]), endedAt: Self.date(row["endedAt"]))
    }

    static func damaged(_ what: String) -> QueueUnavailable {
        QueueUnavailable(.damaged, "the database has a damaged \(what): restore a backup, or point --db at another file")
    }

    private static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }

    static func fetchAll(_ db: Database, where condition: String, _ arguments: StatementArguments = []) throws -> [StoredTicket] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM ticket WHERE \(condition)", arguments: arguments)
            .map(StoredTicket.init(row:))
    }

    static func fetchOne(_ db: Database, where condition: String, _ arguments: StatementArguments = []) throws -> StoredTicket? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM ticket WHERE \(condition) LIMIT 1", arguments: arguments)
            .map(StoredTicket.init(row:))
    }

    /// Inserts a new ticket and returns it with its id.
    static func insert(_ ticket: Ticket, dueAt: Date, _ db: Database) throws -> StoredTicket {
        try db.execute(
            sql: """
                INSERT INTO ticket (day, service, seq, preferential, firstName, issuedAt, dueAt,
                    queueService, state, desk, waitingSince)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                ticket.day.description, ticket.number.service, ticket.number.sequence, ticket.preferential,
                ticket.firstName, ticket.issuedAt.timeIntervalSince1970, dueAt.timeIntervalSince1970,
                ticket.queueService, ticket.state.rawValue, ticket.desk, ticket.waitingSince.timeIntervalSince1970,
            ])
        return StoredTicket(id: db.lastInsertedRowID, ticket: ticket)
    }

    /// Saves the ticket's changed state and appends its event, in the caller's transaction.
    func save(_ event: TicketEvent, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE ticket SET queueService = ?, state = ?, desk = ?, waitingSince = ?,
                    firstCalledAt = ?, calledAt = ?, startedAt = ?, endedAt = ? WHERE id = ?
                """,
            arguments: [
                ticket.queueService, ticket.state.rawValue, ticket.desk, ticket.waitingSince.timeIntervalSince1970,
                ticket.firstCalledAt?.timeIntervalSince1970, ticket.calledAt?.timeIntervalSince1970,
                ticket.startedAt?.timeIntervalSince1970, ticket.endedAt?.timeIntervalSince1970, id,
            ])
        try Self.append(event, ticketID: id, db)
    }

    static func append(_ event: TicketEvent, ticketID: Int64, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO event (ticketId, day, kind, at, desk, service, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                ticketID, event.day.description, event.kind.rawValue, event.at.timeIntervalSince1970,
                event.desk, event.service, event.seconds,
            ])
    }
}

enum EventRows {
    /// Events of the tickets of one day, oldest first, keyed by ticket id.
    static func fetch(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> [(Int64, TicketEvent)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT e.ticketId, e.day, e.kind, e.at, e.desk, e.service, e.seconds, t.service AS code, t.seq
                FROM event e JOIN ticket t ON t.id = e.ticketId WHERE \(condition) ORDER BY e.id
                """,
            arguments: arguments
        ).map { row in
            let dayText: String = row["day"], kindText: String = row["kind"]
            guard let day = LocalDay(dayText), let kind = TicketEvent.Kind(rawValue: kindText) else {
                throw StoredTicket.damaged("event of ticket \(row["ticketId"] as Int64? ?? 0)")
            }
            let event = TicketEvent(
                number: TicketNumber(service: row["code"], sequence: row["seq"]), day: day, kind: kind,
                at: Date(timeIntervalSince1970: row["at"]), desk: row["desk"], service: row["service"],
                seconds: row["seconds"])
            return (row["ticketId"], event)
        }
    }
}

