import AtiendeCore
import AtiendeQueue
import Foundation
import Logging
import PostgresNIO

/// One office's queue in the institution's PostgreSQL database. Several servers may hold one
/// for the same office: every write is one transaction, and what must not happen twice is
/// serialized by a row lock in the database, never by this process.
///
/// So far: applying the office's config and issuing tickets, gap-free per office, service and
/// day under any number of concurrent writers (docs/postgres.md says what comes next).
public struct PostgresQueue: Sendable {
    public let client: PostgresClient
    public let office: OfficeID
    public let time: TimeSource
    let logger: Logger

    public init(client: PostgresClient, office: OfficeID, time: TimeSource = .system, logger: Logger = Logger(label: "atiende.postgres")) {
        self.client = client
        self.office = office
        self.time = time
        self.logger = logger
    }

    /// Applies a config to this office (making the office on its first config): checked as
    /// `atiende init` checks it, kept with every earlier version.
    public func apply(config json: String, file: String, by staff: StaffUser? = nil) async throws {
        let next = try OfficeConfig.parse(Data(json.utf8), file: file)
        let now = time.now()
        try await transaction { connection in
            try await connection.query("INSERT INTO office (id) VALUES (\(office.rawValue)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query(
                "INSERT INTO officeConfig (office, json, appliedAt, appliedBy) VALUES (\(office.rawValue), \(json), \(now), \(staff))", logger: logger)
            // New desks start open (docs/domain.md, "Changing the office"); removed ones go.
            var desks: [String] = []
            for try await id in try await connection.query("SELECT id FROM desk WHERE office = \(office.rawValue)", logger: logger).decode(String.self) {
                desks.append(id)
            }
            for desk in next.desks where !desks.contains(desk.id.rawValue) {
                try await connection.query("INSERT INTO desk (office, id, isOpen) VALUES (\(office.rawValue), \(desk.id.rawValue), true)", logger: logger)
            }
            for id in desks where next.desk(DeskID(rawValue: id)) == nil {
                try await connection.query("DELETE FROM desk WHERE office = \(office.rawValue) AND id = \(id)", logger: logger)
            }
        }
    }

    /// The office as its newest config says.
    public func currentOffice() async throws -> Office {
        try await client.withConnection { connection in try await Self.office(of: office, connection, logger) }
    }

    /// Issues a ticket as `Office.issue` decides: the key's earlier ticket answers again,
    /// else the next number past the last one given today, read with its row locked so a
    /// concurrent issue on any server waits for this one to commit or roll back.
    public func issueTicket(_ request: IssueRequest) async throws -> Ticket {
        let now = time.now()
        return try await transaction { connection in
            let office = try await Self.office(of: self.office, connection, logger)
            let day = office.calendar.day(of: now)
            var known: Ticket?
            if let key = request.key {
                let rows = try await connection.query(
                    "SELECT ticketId FROM issueKey WHERE office = \(self.office.rawValue) AND day = \(day.description) AND key = \(key)", logger: logger)
                for try await id in rows.decode(Int64.self) { known = try await Self.ticket(id: id, connection, logger) }
            }
            var locked: [ServiceCode: Int] = [:]
            // The decision reads the last number synchronously: lock every service's row of
            // today first (only the one asked for is used).
            if let service = office.service(ServiceCode(typed: request.service.rawValue)) {
                locked[service.code] = try await lastSequence(service.code, day: day, connection)
            }
            switch try office.issue(request, at: now, known: known, lastSequence: { code in locked[code] ?? 0 }) {
            case .again(let ticket):
                return ticket
            case .new(let ticket, let event):
                try await connection.query(
                    "UPDATE numbering SET last = \(ticket.number.sequence) WHERE office = \(self.office.rawValue) AND day = \(day.description) AND service = \(ticket.number.service.rawValue)",
                    logger: logger)
                let id = try await insert(ticket, dueAt: office.callRule.dueTime(ticket), connection)
                try await connection.query(
                    """
                    INSERT INTO event (office, ticketId, day, kind, at, service)
                    VALUES (\(self.office.rawValue), \(id), \(day.description), \(event.kind.rawValue), \(event.at), \(event.service.rawValue))
                    """, logger: logger)
                try await connection.query("INSERT INTO visit (token, ticketId) VALUES (\(VisitToken.make()), \(id))", logger: logger)
                if let key = request.key {
                    try await connection.query(
                        "INSERT INTO issueKey (office, day, key, ticketId) VALUES (\(self.office.rawValue), \(day.description), \(key), \(id))", logger: logger)
                }
                return ticket
            }
        }
    }

    /// Calls the next ticket for a desk by the call rule (`DeskRules.callNext`); `nil` when
    /// nobody waits for it. The desk's row and the waiting tickets it could call are locked
    /// to the end of the transaction: a call at another desk, on any server, waits for this
    /// one and then no longer sees the ticket it took.
    public func callNext(desk id: DeskID, by staff: StaffUser? = nil) async throws -> TicketChange? {
        let now = time.now()
        return try await transaction { connection in
            let office = try await Self.office(of: self.office, connection, logger)
            let state = try await deskState(id, office: office, connection)
            let services = try office.requireDesk(id).services.map(\.rawValue)
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.ticketColumns) FROM ticket
                WHERE office = \(self.office.rawValue) AND state = 'waiting' AND queueService = ANY(\(services))
                ORDER BY dueAt, issuedAt FOR UPDATE
                """, logger: logger)
            var waiting: [(Int64, Ticket)] = []
            for try await row in rows { waiting.append(try Self.ticket(row)) }
            guard case (let ticket, var event)? = try DeskRules(office: office).callNext(state, waiting: waiting.map(\.1), at: now) else { return nil }
            event.staff = staff
            guard let rowID = waiting.first(where: { $0.1.number == ticket.number && $0.1.day == ticket.day })?.0 else { return nil }
            try await save(ticket, event, id: rowID, connection)
            return TicketChange(ticket: ticket, event: event)
        }
    }

    /// A desk action on the ticket the desk has called or is serving (`DeskRules.act`).
    public func act(_ action: DeskAction, desk id: DeskID, by staff: StaffUser? = nil) async throws -> TicketChange {
        let now = time.now()
        return try await transaction { connection in
            let office = try await Self.office(of: self.office, connection, logger)
            let state = try await deskState(id, office: office, connection)
            var (ticket, event) = try DeskRules(office: office).act(action.ticketAction, on: state, at: now, outcome: office.privacy.kept(action.outcome))
            event.staff = staff
            guard let rowID = try await currentRow(id, connection) else { throw QueueError.deskIdle(id, action: "act") }
            try await save(ticket, event, id: rowID, connection)
            return TicketChange(ticket: ticket, event: event)
        }
    }

    /// Calls one of today's tickets by number, out of order (`DeskRules.call`).
    public func call(_ number: TicketNumber, desk id: DeskID, by staff: StaffUser? = nil) async throws -> TicketChange {
        try await change(number) { office, ticket, connection, now in
            let state = try await deskState(id, office: office, connection)
            var (called, event) = try DeskRules(office: office).call(ticket, from: state, at: now)
            event.staff = staff
            return (called, event)
        }
    }

    /// Cancels one of today's tickets, waiting or called.
    public func cancel(_ number: TicketNumber, by staff: StaffUser? = nil) async throws -> TicketChange {
        try await change(number) { _, ticket, _, now in
            var cancelled = ticket
            var event = try cancelled.apply(.cancel, at: now)
            event.staff = staff
            return (cancelled, event)
        }
    }

    /// A supervisor moves one of today's tickets to another service's queue (`DeskRules.move`).
    public func move(_ number: TicketNumber, to service: ServiceCode, by staff: StaffUser? = nil) async throws -> TicketChange {
        try await change(number) { office, ticket, _, now in
            try DeskRules(office: office).move(ticket, to: service, at: now, by: staff)
        }
    }

    /// Opens or closes a desk; a desk closes only with nobody called or served there.
    public func setDesk(_ id: DeskID, open: Bool) async throws -> DeskState {
        try await transaction { connection in
            let office = try await Self.office(of: self.office, connection, logger)
            var state = try await deskState(id, office: office, connection)
            if !open { try DeskRules(office: office).checkCanClose(state) }
            try await connection.query(
                "UPDATE desk SET isOpen = \(open) WHERE office = \(self.office.rawValue) AND id = \(id.rawValue)", logger: logger)
            state.isOpen = open
            return state
        }
    }

    /// Reads one of today's tickets with its row locked, asks `decide`, and keeps what it returns.
    private func change(
        _ number: TicketNumber,
        _ decide: (Office, Ticket, PostgresConnection, Date) async throws -> (Ticket, TicketEvent)
    ) async throws -> TicketChange {
        let now = time.now()
        return try await transaction { connection in
            let office = try await Self.office(of: self.office, connection, logger)
            let day = office.calendar.day(of: now)
            var found: (Int64, Ticket)?
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.ticketColumns) FROM ticket
                WHERE office = \(self.office.rawValue) AND day = \(day.description) AND service = \(number.service.rawValue) AND seq = \(number.sequence)
                FOR UPDATE
                """, logger: logger) { found = try Self.ticket(row) }
            guard let (id, ticket) = found else { throw QueueError.ticketNotFound(number.description) }
            let (changed, event) = try await decide(office, ticket, connection, now)
            try await save(changed, event, id: id, connection)
            return TicketChange(ticket: changed, event: event)
        }
    }

    /// A desk's state, its row locked to the end of the transaction.
    private func deskState(_ id: DeskID, office: Office, _ connection: PostgresConnection) async throws -> DeskState {
        let desk = try office.requireDesk(id)
        var isOpen = false
        for try await open in try await connection.query(
            "SELECT isOpen FROM desk WHERE office = \(self.office.rawValue) AND id = \(desk.id.rawValue) FOR UPDATE", logger: logger
        ).decode(Bool.self) { isOpen = open }
        var current: Ticket?
        for try await row in try await connection.query(
            """
            SELECT \(unescaped: Self.ticketColumns) FROM ticket
            WHERE office = \(self.office.rawValue) AND desk = \(desk.id.rawValue) AND state IN ('called', 'serving') LIMIT 1
            """, logger: logger) { current = try Self.ticket(row).1 }
        return DeskState(id: desk.id, isOpen: isOpen, current: current)
    }

    private func currentRow(_ desk: DeskID, _ connection: PostgresConnection) async throws -> Int64? {
        for try await id in try await connection.query(
            "SELECT id FROM ticket WHERE office = \(office.rawValue) AND desk = \(desk.rawValue) AND state IN ('called', 'serving') LIMIT 1",
            logger: logger
        ).decode(Int64.self) { return id }
        return nil
    }

    /// Keeps a ticket as the rules changed it, with its event.
    private func save(_ ticket: Ticket, _ event: TicketEvent, id: Int64, _ connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE ticket SET queueService = \(ticket.queueService.rawValue), state = \(ticket.state.rawValue), desk = \(ticket.desk?.rawValue),
                waitingSince = \(ticket.waitingSince), firstCalledAt = \(ticket.firstCalledAt), calledAt = \(ticket.calledAt),
                startedAt = \(ticket.startedAt), endedAt = \(ticket.endedAt)
            WHERE id = \(id)
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO event (office, ticketId, day, kind, at, desk, service, seconds, staff)
            VALUES (\(office.rawValue), \(id), \(event.day.description), \(event.kind.rawValue), \(event.at), \(event.desk?.rawValue),
                    \(event.service.rawValue), \(event.seconds), \(event.staff))
            """, logger: logger)
    }

    /// One transaction; a refusal of the rules inside it comes out as itself, not wrapped
    /// in the driver's transaction error.
    private func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError, !(refusal is PSQLError) { throw refusal }
            throw error
        }
    }

    /// The last number given today for a service, with its row locked to the end of the
    /// transaction (made at 0 on the day's first ticket).
    private func lastSequence(_ service: ServiceCode, day: LocalDay, _ connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "INSERT INTO numbering (office, day, service, last) VALUES (\(office.rawValue), \(day.description), \(service.rawValue), 0) ON CONFLICT DO NOTHING",
            logger: logger)
        let rows = try await connection.query(
            "SELECT last FROM numbering WHERE office = \(office.rawValue) AND day = \(day.description) AND service = \(service.rawValue) FOR UPDATE",
            logger: logger)
        for try await last in rows.decode(Int.self) { return last }
        return 0
    }

    private func insert(_ ticket: Ticket, dueAt: Date, _ connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO ticket (office, day, service, seq, preferential, firstName, issuedAt, queueService, state, waitingSince, dueAt)
            VALUES (\(office.rawValue), \(ticket.day.description), \(ticket.number.service.rawValue), \(ticket.number.sequence),
                    \(ticket.preferential), \(ticket.firstName), \(ticket.issuedAt), \(ticket.queueService.rawValue),
                    \(ticket.state.rawValue), \(ticket.waitingSince), \(dueAt))
            RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw PostgresStoreError("the database did not return the new ticket's id")
    }

    static func office(of id: OfficeID, _ connection: PostgresConnection, _ logger: Logger) async throws -> Office {
        let rows = try await connection.query(
            "SELECT json FROM officeConfig WHERE office = \(id.rawValue) ORDER BY id DESC LIMIT 1", logger: logger)
        for try await json in rows.decode(String.self) {
            return try OfficeConfig.parse(Data(json.utf8), file: "the config of office \(id) in the database")
        }
        throw PostgresStoreError("the database has no office '\(id)': apply its config first (atiende init --office \(id))")
    }

    /// The ticket columns, in the order `ticket(_:)` decodes them.
    static let ticketColumns = """
        id, day, service, seq, preferential, firstName, issuedAt, queueService, state, desk,
        waitingSince, firstCalledAt, calledAt, startedAt, endedAt
        """

    static func ticket(_ row: PostgresRow) throws -> (Int64, Ticket) {
        let (id, day, service, seq, preferential, firstName, issuedAt, queueService, state, desk, waitingSince, firstCalledAt, calledAt, startedAt, endedAt) =
            try row.decode((Int64, String, String, Int, Bool, String?, Date, String, String, String?, Date, Date?, Date?, Date?, Date?).self)
        guard let localDay = LocalDay(day), let state = TicketState(rawValue: state) else {
            throw PostgresStoreError("the database has a damaged ticket (\(id))")
        }
        return (id, Ticket(
            restoring: TicketNumber(service: ServiceCode(rawValue: service), sequence: seq), day: localDay, preferential: preferential,
            firstName: firstName, issuedAt: issuedAt, queueService: ServiceCode(rawValue: queueService), state: state,
            desk: desk.map(DeskID.init(rawValue:)), waitingSince: waitingSince, firstCalledAt: firstCalledAt, calledAt: calledAt,
            startedAt: startedAt, endedAt: endedAt))
    }

    static func ticket(id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> Ticket? {
        for try await row in try await connection.query("SELECT \(unescaped: ticketColumns) FROM ticket WHERE id = \(id)", logger: logger) {
            return try ticket(row).1
        }
        return nil
    }
}

/// The database holds something the store cannot use: one line saying what to do.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
