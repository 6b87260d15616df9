import AtiendeCore
import AtiendeQueue
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A ticket with its row id. Rows map to `Ticket` here and nowhere else.
struct StoredTicket: Sendable {
    var id: Int64
    var ticket: Ticket

    /// The ticket columns, in the order `init(_:)` decodes them.
    static let columns = """
        id, day, service, seq, preferential, firstName, issuedAt, queueService, state, desk,
        waitingSince, firstCalledAt, calledAt, startedAt, endedAt
        """

    init(id: Int64, ticket: Ticket) {
        self.id = id
        self.ticket = ticket
    }

    init(_ row: PostgresRow) throws {
        let (id, day, service, seq, preferential, firstName, issuedAt, queueService, state, desk, waitingSince, firstCalledAt, calledAt, startedAt, endedAt) =
            try row.decode((Int64, String, String, Int, Bool, String?, Date, String, String, String?, Date, Date?, Date?, Date?, Date?).self)
        guard let localDay = LocalDay(day), let state = TicketState(rawValue: state) else { throw PostgresFailure.damaged("ticket \(id)") }
        self.id = id
        ticket = Ticket(
            restoring: TicketNumber(service: ServiceCode(rawValue: service), sequence: seq), day: localDay, preferential: preferential,
            firstName: firstName, issuedAt: issuedAt, queueService: ServiceCode(rawValue: queueService), state: state,
            desk: desk.map(DeskID.init(rawValue:)), waitingSince: waitingSince, firstCalledAt: firstCalledAt, calledAt: calledAt,
            startedAt: startedAt, endedAt: endedAt)
    }
}

/// Events as they are read, with their ticket's number and their place in the office's log.
enum EventRows {
    /// The select list `event(_:)` decodes, over `event e JOIN ticket t`.
    static let columns = """
        e.seq, e.ticketId, e.day, e.kind, e.at, e.desk, e.service, e.seconds, t.service, t.seq,
        e.outcome, e.outcomeCase, e.outcomeReferredTo, e.outcomeNote, e.staff
        """

    /// An event with its number in the office's log and its ticket's row id.
    static func event(_ row: PostgresRow) throws -> (seq: Int64, ticketID: Int64, event: TicketEvent) {
        let (seq, ticketID, day, kind, at, desk, service, seconds, ticketService, ticketSeq, outcome, outcomeCase, referredTo, note, staff) =
            try row.decode((Int64, Int64, String, String, Date, String?, String, Double?, String, Int, String?, String?, String?, String?, String?).self)
        guard let localDay = LocalDay(day), let kind = TicketEvent.Kind(rawValue: kind) else { throw PostgresFailure.damaged("event \(seq)") }
        return (seq, ticketID, TicketEvent(
            number: TicketNumber(service: ServiceCode(rawValue: ticketService), sequence: ticketSeq), day: localDay, kind: kind, at: at,
            desk: desk.map(DeskID.init(rawValue:)), service: ServiceCode(rawValue: service), seconds: seconds,
            outcome: outcome.map { VisitOutcome(code: $0, caseNumber: outcomeCase, referredTo: referredTo, note: note) }, staff: staff))
    }
}

/// What one writing transaction changes besides its own statements: the events it logs and
/// the tallies they move, written at its end (`finish`), so the office's row, which numbers
/// the events, is held only for the last moment of the transaction.
final class Writing {
    let queue: PostgresQueue
    let connection: PostgresConnection
    let office: Office
    let now: Date
    /// Something a screen shows besides tickets changed (a desk opened, a device, the config).
    var setupChanged = false
    private var events: [(ticketID: Int64, event: TicketEvent)] = []
    private var tallies: [LocalDay: DayTally] = [:]

    init(queue: PostgresQueue, connection: PostgresConnection, office: Office, now: Date) {
        self.queue = queue
        self.connection = connection
        self.office = office
        self.now = now
    }

    var logger: Logger { queue.logger }
    var officeID: String { queue.officeID.rawValue }
    var today: LocalDay { office.calendar.day(of: now) }

    /// Stores new tickets of one day, with their visit links and idempotency keys, in three
    /// statements whatever their number; returns their row ids in the order given.
    func insert(_ tickets: [(ticket: Ticket, token: String, key: String?)]) async throws -> [Int64] {
        guard !tickets.isEmpty else { return [] }
        struct Row: Encodable {
            var day: String, service: String, seq: Int, preferential: Bool, firstName: String?, issuedAt: Double, queueService: String
            var state: String, waitingSince: Double, dueAt: Double
        }
        let rows = tickets.map { new in
            let t = new.ticket
            return Row(
                day: t.day.description, service: t.number.service.rawValue, seq: t.number.sequence, preferential: t.preferential,
                firstName: t.firstName, issuedAt: t.issuedAt.timeIntervalSince1970, queueService: t.queueService.rawValue,
                state: t.state.rawValue, waitingSince: t.waitingSince.timeIntervalSince1970,
                dueAt: office.callRule.dueTime(t).timeIntervalSince1970)
        }
        var ids: [String: Int64] = [:]
        for try await (id, day, service, seq) in try await connection.query(
            """
            INSERT INTO ticket (office, day, service, seq, preferential, firstName, issuedAt, queueService, state, waitingSince, dueAt)
            SELECT \(officeID), r.day, r.service, r.seq, r.preferential, r.firstName, to_timestamp(r.issuedAt), r.queueService, r.state,
                to_timestamp(r.waitingSince), to_timestamp(r.dueAt)
            FROM jsonb_to_recordset(\(try PostgresQueue.json(rows))::jsonb) AS r(day text, service text, seq integer, preferential boolean,
                firstName text, issuedAt float8, queueService text, state text, waitingSince float8, dueAt float8)
            RETURNING id, day, service, seq
            """, logger: logger
        ).decode((Int64, String, String, Int).self) { ids["\(day) \(service)-\(seq)"] = id }
        let ordered = try tickets.map { new in
            guard let id = ids["\(new.ticket.day) \(new.ticket.number.service.rawValue)-\(new.ticket.number.sequence)"] else {
                throw PostgresStoreError("the database did not return a new ticket's id")
            }
            return id
        }
        let links = zip(tickets, ordered).map { PostgresQueue.LinkRow(token: $0.token, ticketId: $1) }
        try await connection.query(
            """
            INSERT INTO visit (token, ticketId) SELECT r.token, r.ticketId FROM jsonb_to_recordset(\(try PostgresQueue.json(links))::jsonb) AS r(token text, ticketId bigint)
            """, logger: logger)
        let keys = zip(tickets, ordered).compactMap { new, id in new.key.map { PostgresQueue.LinkRow(token: $0, ticketId: id) } }
        if !keys.isEmpty {
            try await connection.query(
                """
                INSERT INTO issueKey (office, day, key, ticketId)
                SELECT \(officeID), \(today.description), r.token, r.ticketId FROM jsonb_to_recordset(\(try PostgresQueue.json(keys))::jsonb) AS r(token text, ticketId bigint)
                """, logger: logger)
        }
        for new in tickets { tallies[new.ticket.day, default: DayTally()].add(new.ticket, sign: 1) }
        return ordered
    }

    /// Keeps a ticket as the rules changed it (`old` as read in this transaction), with its event.
    func save(_ ticket: Ticket, replacing old: StoredTicket, _ event: TicketEvent) async throws {
        try await connection.query(
            """
            UPDATE ticket SET queueService = \(ticket.queueService.rawValue), state = \(ticket.state.rawValue), desk = \(ticket.desk?.rawValue),
                waitingSince = \(ticket.waitingSince), firstCalledAt = \(ticket.firstCalledAt), calledAt = \(ticket.calledAt),
                startedAt = \(ticket.startedAt), endedAt = \(ticket.endedAt)
            WHERE id = \(old.id)
            """, logger: logger)
        var delta = DayTally()
        delta.add(old.ticket, sign: -1)
        delta.add(ticket, sign: 1)
        tallies[ticket.day, default: DayTally()].merge(delta)
        log(event, ticketID: old.id)
    }

    /// Logs an event of a ticket; it is numbered and stored when the transaction ends.
    func log(_ event: TicketEvent, ticketID: Int64) {
        events.append((ticketID, event))
        if event.kind == .finished { tallies[event.day, default: DayTally()].addFinish(seconds: event.seconds, outcome: event.outcome?.code) }
    }

    /// Closes the tickets of earlier days left waiting or called as expired (docs/domain.md,
    /// "A visit that crosses midnight"), their rows locked so two servers expire each once.
    func expireEarlierDays() async throws {
        let stale = try await connection.query(
            """
            SELECT 1 FROM ticket WHERE office = \(officeID) AND state IN ('waiting', 'called') AND day < \(today.description) LIMIT 1
            """, logger: logger)
        var any = false
        for try await _ in stale { any = true }
        guard any else { return }
        let open = try await queue.tickets(
            """
            SELECT \(unescaped: StoredTicket.columns) FROM ticket
            WHERE office = \(officeID) AND state IN ('waiting', 'called', 'serving') AND day < \(today.description) ORDER BY id FOR UPDATE
            """, connection)
        for (index, ticket, event) in Ticket.expiring(open.map(\.ticket), at: now, calendar: office.calendar) {
            try await save(ticket, replacing: open[index], event)
        }
    }

    /// Writes the tallies, numbers and stores the events (the office's row locked from here
    /// to the commit), and tells the other servers, whose notice arrives as this commits.
    func finish() async throws {
        try await add(tallies)
        if !events.isEmpty {
            var last: Int64 = 0
            for try await value in try await connection.query(
                "UPDATE office SET lastEvent = lastEvent + \(events.count) WHERE id = \(officeID) RETURNING lastEvent", logger: logger
            ).decode(Int64.self) { last = value }
            // All of them in one statement: a busy moment's batch costs one round trip.
            let first = last - Int64(events.count)
            let rows = events.enumerated().map { index, item in
                PostgresQueue.EventRow(seq: first + Int64(index) + 1, ticketID: item.ticketID, item.event)
            }
            try await PostgresQueue.insertEvents(rows, office: officeID, connection, logger: logger)
            try await notify("\(officeID) \(last)")
        }
        if setupChanged { try await notify("\(officeID) setup") }
    }

    /// Adds days' tallies to the stored ones.
    func add(_ tallies: [LocalDay: DayTally]) async throws {
        for day in tallies.keys.sorted() {
            guard let tally = tallies[day] else { continue }
            // Keys in one order in every transaction: two writers never wait for each other in a circle.
            let sums = tally.namedSums.sorted { $0.key < $1.key }
            if !sums.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO dayTally (office, day, key, value)
                    SELECT \(officeID), \(day.description), k, v FROM unnest(\(sums.map(\.key))::text[], \(sums.map(\.value))::float8[]) AS u(k, v)
                    ON CONFLICT (office, day, key) DO UPDATE SET value = dayTally.value + excluded.value
                    """, logger: logger)
            }
            let waits = tally.waitCounts.sorted { ($0.kind, $0.second) < ($1.kind, $1.second) }
            if !waits.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO dayWait (office, day, kind, second, people)
                    SELECT \(officeID), \(day.description), k, s, p
                    FROM unnest(\(waits.map(\.kind))::int8[], \(waits.map(\.second))::int8[], \(waits.map(\.people))::int8[]) AS u(k, s, p)
                    ON CONFLICT (office, day, kind, second) DO UPDATE SET people = dayWait.people + excluded.people
                    """, logger: logger)
            }
        }
    }

    private func notify(_ payload: String) async throws {
        try await connection.query("SELECT pg_notify(\(PostgresQueue.channel), \(payload))", logger: logger)
    }
}

extension PostgresQueue {
    /// Stores numbered events of an office in one statement over a JSON array.
    static func insertEvents(_ rows: [EventRow], office: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO event (office, seq, ticketId, day, kind, at, desk, service, seconds, outcome, outcomeCase, outcomeReferredTo, outcomeNote, staff)
            SELECT \(office), r.seq, r.ticketId, r.day, r.kind, to_timestamp(r.at), r.desk, r.service, r.seconds, r.outcome, r.outcomeCase,
                r.outcomeReferredTo, r.outcomeNote, r.staff
            FROM jsonb_to_recordset(\(try json(rows))::jsonb) AS r(seq bigint, ticketId bigint, day text, kind text, at float8,
                desk text, service text, seconds float8, outcome text, outcomeCase text, outcomeReferredTo text, outcomeNote text, staff text)
            """, logger: logger)
    }
}

/// What a database failure means for the person using the queue: one line saying what to do.
public enum PostgresFailure {
    static func damaged(_ what: String) -> QueueUnavailable {
        QueueUnavailable(.damaged, "the database has a damaged \(what): restore a backup of the database")
    }

    /// The one line to show for a failure (the driver's own errors say nothing by design).
    public static func line(_ error: any Error) -> String { "\(explain(error))" }

    /// A driver error as a `QueueUnavailable` when it means the database cannot be used now.
    public static func explain(_ error: any Error) -> any Error {
        if let error = error as? NIOConnectionError, let last = error.connectionErrors.last?.error { return explain(last) }
        if let error = error as? IOError {
            let reason = String(cString: strerror(error.errnoCode)).lowercased()
            return QueueUnavailable(.failed, "the database server cannot be reached (\(reason)): check that it runs and that this machine reaches it, then try again")
        }
        if let error = error as? NIOSSLError {
            // The library's own words carry its build paths: say what it means instead.
            if "\(error)".contains("CERTIFICATE_VERIFY_FAILED") {
                return QueueUnavailable(.failed, "the database server's certificate is not trusted by this machine: give its authority with sslrootcert=FILE in the address")
            }
            return QueueUnavailable(.failed, "TLS with the database server failed: check its certificate (made for the host in the address), or use sslmode=prefer")
        }
        if error is ChannelError || error is NIOConnectionError {
            return QueueUnavailable(.failed, "the database server cannot be reached (\(error)): check that it runs and that this machine reaches it, then try again")
        }
        guard let error = error as? PSQLError else { return error }
        if error.code == .connectionError, let underlying = error.underlying { return explain(underlying) }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed:
            return QueueUnavailable(.failed, "the database server cannot be reached: check that it runs and that this machine reaches it, then try again")
        case .sslUnsupported, .failedToAddSSLHandler:
            return QueueUnavailable(.failed, "the database server refused an encrypted connection: use sslmode=disable or prefer in the address, or enable TLS on the server")
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "error \(state)"
            if state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03" {
                return QueueUnavailable(.failed, "the database server is restarting or unreachable (\(message)): try again in a moment")
            }
            if state == "53100" { return QueueUnavailable(.failed, "the database server's disk is full: free some space there and try again") }
            if state == "28P01" || state == "28000" {
                return QueueUnavailable(.failed, "the database refused the password or the user (\(message)): check ATIENDE_DB_PASSWORD or ATIENDE_DB_PASSWORD_FILE")
            }
            if state == "3D000" { return QueueUnavailable(.missing, "the database does not exist (\(message)): create it, or fix the address") }
            return QueueUnavailable(.failed, "database error: \(message)")
        default:
            return QueueUnavailable(.failed, "database error: \(error.code)")
        }
    }
}
