import AtiendeCore
import Foundation
import GRDB
import AtiendeQueue

/// A ticket with its row id. Rows map to `Ticket` here and nowhere else.
struct StoredTicket: Sendable {
    var id: Int64
    var ticket: Ticket

    /// The ticket table's columns as a ticket is read: the select list and the decode
    /// below both come from this one list, in its order.
    enum Column: Int, CaseIterable {
        case id, day, service, seq, preferential, firstName, issuedAt, queueService, state, desk
        case waitingSince, firstCalledAt, calledAt, startedAt, endedAt
    }

    static let columns = Column.allCases.map { "\($0)" }.joined(separator: ", ")

    init(id: Int64, ticket: Ticket) {
        self.id = id
        self.ticket = ticket
    }

    /// Decodes a row selected with `columns`, by each column's place in `Column` (faster
    /// than by name).
    init(row: Row) throws {
        func at(_ column: Column) -> Int { column.rawValue }
        let dayText: String = row[at(.day)], stateText: String = row[at(.state)]
        guard let day = LocalDay(dayText), let state = TicketState(rawValue: stateText) else {
            throw Self.damaged("ticket \(row[at(.id)] as Int64? ?? 0)")
        }
        id = row[at(.id)]
        ticket = Ticket(
            restoring: TicketNumber(service: row[at(.service)], sequence: row[at(.seq)]),
            day: day, preferential: row[at(.preferential)], firstName: row[at(.firstName)],
            issuedAt: Date(timeIntervalSince1970: row[at(.issuedAt)]), queueService: row[at(.queueService)], state: state,
            desk: row[at(.desk)], waitingSince: Date(timeIntervalSince1970: row[at(.waitingSince)]),
            firstCalledAt: Self.date(row[at(.firstCalledAt)]), calledAt: Self.date(row[at(.calledAt)]),
            startedAt: Self.date(row[at(.startedAt)]), endedAt: Self.date(row[at(.endedAt)]))
    }

    static func damaged(_ what: String) -> QueueUnavailable {
        QueueUnavailable(.damaged, "the database has a damaged \(what): restore a backup, or point --db at another file")
    }

    private static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }

    /// Reads through a cached statement and a cursor over live rows: no statement is
    /// compiled twice and no row is copied (this is the hot path of every screen refresh).
    /// The condition is an SQL literal: what it interpolates is bound, never spliced in.
    static func fetchAll(_ db: Database, where condition: SQL) throws -> [StoredTicket] {
        let statement = try db.cachedStatement(literal: "SELECT \(sql: columns) FROM ticket WHERE \(condition)")
        return try Array(Row.fetchCursor(statement).map(StoredTicket.init(row:)))
    }

    static func fetchOne(_ db: Database, where condition: SQL) throws -> StoredTicket? {
        let statement = try db.cachedStatement(literal: "SELECT \(sql: columns) FROM ticket WHERE \(condition) LIMIT 1")
        // The row lives only as long as its cursor: decode it before the cursor goes.
        let cursor = try Row.fetchCursor(statement)
        guard let row = try cursor.next() else { return nil }
        return try StoredTicket(row: row)
    }

    /// The first waiting ticket of each queue, in call-rule order. Since `CallRule.precedes`
    /// orders by (due time, issue time, sequence, service), the ticket a desk calls is
    /// always one of these heads; the rule itself still makes the choice.
    /// A ticket carried over from an earlier day (a visit transferred after midnight) waits
    /// in the same queues: its head is a candidate too, read from the few such tickets.
    static func queueHeads(_ db: Database, services: [ServiceCode], day: LocalDay) throws -> [StoredTicket] {
        try services.flatMap { service in
            try [
                fetchOne(db, where: "state = 'waiting' AND queueService = \(service) AND day = \(day.description) ORDER BY dueAt, issuedAt, seq, service"),
                fetchOne(db, where: "state = 'waiting' AND queueService = \(service) AND day < \(day.description) ORDER BY dueAt, issuedAt, seq, service"),
            ].compactMap { $0 }
        }
    }

    /// The open tickets of days before `day`: after the day's first write, only those that
    /// outlive the day change (docs/domain.md, "A visit that crosses midnight"); before it,
    /// also those about to expire. Read through the index of open tickets by day, so this
    /// costs nothing however many tickets the day has.
    static func openBefore(_ db: Database, day: LocalDay) throws -> [StoredTicket] {
        let statement = try db.cachedStatement(sql: """
            SELECT \(columns) FROM ticket INDEXED BY ticketOpenDay
            WHERE state IN ('waiting', 'called', 'serving') AND day < ?
            """)
        return try Array(Row.fetchCursor(statement, arguments: [day.description]).map(StoredTicket.init(row:)))
    }

    /// Inserts a new ticket and returns it with its id. Writes, like reads, go through
    /// cached statements: compiling (and authorising) the SQL again for every ticket took
    /// a tenth of the store's time when issuing flat out.
    static func insert(_ ticket: Ticket, dueAt: Date, _ db: Database) throws -> StoredTicket {
        try db.cachedStatement(
            sql: """
                INSERT INTO ticket (day, service, seq, preferential, firstName, issuedAt, dueAt,
                    queueService, state, desk, waitingSince)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                ticket.day.description, ticket.number.service, ticket.number.sequence, ticket.preferential,
                ticket.firstName, ticket.issuedAt.timeIntervalSince1970, dueAt.timeIntervalSince1970,
                ticket.queueService, ticket.state.rawValue, ticket.desk, ticket.waitingSince.timeIntervalSince1970,
            ])
        let id = db.lastInsertedRowID
        try DayTallyRows.change(from: nil, to: ticket, db)
        return StoredTicket(id: id, ticket: ticket)
    }

    /// Saves the ticket's changed state and appends its event, in the caller's transaction;
    /// the day's tally takes the ticket as it was (`old`, as read in this transaction) out
    /// and puts it in as it is.
    func save(_ event: TicketEvent, replacing old: Ticket, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE ticket SET queueService = ?, state = ?, desk = ?, waitingSince = ?,
                    firstCalledAt = ?, calledAt = ?, startedAt = ?, endedAt = ? WHERE id = ?
                """
        ).execute(
            arguments: [
                ticket.queueService, ticket.state.rawValue, ticket.desk, ticket.waitingSince.timeIntervalSince1970,
                ticket.firstCalledAt?.timeIntervalSince1970, ticket.calledAt?.timeIntervalSince1970,
                ticket.startedAt?.timeIntervalSince1970, ticket.endedAt?.timeIntervalSince1970, id,
            ])
        try DayTallyRows.change(from: old, to: ticket, db)
        try Self.append(event, ticketID: id, db)
    }

    static func append(_ event: TicketEvent, ticketID: Int64, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO event (ticketId, day, kind, at, desk, service, seconds, outcome, outcomeCase, outcomeReferredTo, outcomeNote, staff)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                ticketID, event.day.description, event.kind.rawValue, event.at.timeIntervalSince1970,
                event.desk, event.service, event.seconds, event.outcome?.code, event.outcome?.caseNumber,
                event.outcome?.referredTo, event.outcome?.note, event.staff,
            ])
        if event.kind == .finished {
            var delta = DayTally()
            delta.addFinish(seconds: event.seconds, outcome: event.outcome?.code)
            try DayTallyRows.write(delta, day: event.day.description, db)
        }
    }
}

enum EventRows {
    /// An event as it is read, with its ticket's number: the select list and the decode
    /// both come from this one list, in its order. The first column is the key the caller
    /// asked for (the event's id, or its ticket's).
    enum Column: Int, CaseIterable {
        case key, day, kind, at, desk, service, seconds, ticketService, ticketSeq
        case outcome, outcomeCase, outcomeReferredTo, outcomeNote, staff

        var expression: String {
            switch self {
            case .key: ""
            case .ticketService: "t.service"
            case .ticketSeq: "t.seq"
            default: "e.\(self)"
            }
        }
    }

    /// What an event row is keyed by.
    enum Key: String {
        case eventID = "e.id", ticketID = "e.ticketId"
    }

    static func selectList(_ key: Key) -> String {
        Column.allCases.map { $0 == .key ? key.rawValue : $0.expression }.joined(separator: ", ")
    }

    /// Events in log order with their key, `condition` and `limit` bound as SQL values.
    static func fetch(_ db: Database, key: Key, where condition: SQL, limit: Int? = nil) throws -> [(Int64, TicketEvent)] {
        let limited: SQL = limit.map { "LIMIT \($0)" } ?? ""
        let statement = try db.cachedStatement(literal: """
            SELECT \(sql: selectList(key)) FROM event e JOIN ticket t ON t.id = e.ticketId
            WHERE \(condition) ORDER BY e.id \(limited)
            """)
        return try Array(Row.fetchCursor(statement).map { row in (row[Column.key.rawValue] as Int64, try event(row)) })
    }

    /// Decodes a row selected with `selectList`.
    static func event(_ row: Row) throws -> TicketEvent {
        func at(_ column: Column) -> Int { column.rawValue }
        let dayText: String = row[at(.day)], kindText: String = row[at(.kind)]
        guard let day = LocalDay(dayText), let kind = TicketEvent.Kind(rawValue: kindText) else {
            throw StoredTicket.damaged("event \(row[at(.key)] as Int64? ?? 0)")
        }
        let code: String? = row[at(.outcome)]
        return TicketEvent(
            number: TicketNumber(service: row[at(.ticketService)], sequence: row[at(.ticketSeq)]), day: day, kind: kind,
            at: Date(timeIntervalSince1970: row[at(.at)]), desk: row[at(.desk)], service: row[at(.service)],
            seconds: row[at(.seconds)],
            outcome: code.map {
                VisitOutcome(code: $0, caseNumber: row[at(.outcomeCase)], referredTo: row[at(.outcomeReferredTo)], note: row[at(.outcomeNote)])
            },
            staff: row[at(.staff)])
    }
}
