import AtiendeCore
import AtiendeQueue
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One office's queue in the institution's PostgreSQL database: the same operations as the
/// SQLite store (`ServedQueue`), and the same decisions, which are the core's. Several
/// servers may hold one for the same office: every write is one transaction, and what must
/// not happen twice is serialized by a row lock in the database, never by this process
/// (docs/postgres.md):
///
/// - the last number of an office, service and day (`numbering`) for issuing;
/// - a desk's row for what a desk does, and the tickets a call takes (`SKIP LOCKED`, so two
///   desks calling at once take the first two in line);
/// - the office's row, at the very end of a transaction that logged events: it hands out the
///   office's next event numbers, so an office's events are numbered in commit order
///   without a gap, and tells the other servers (`NOTIFY`) as the transaction commits.
public final class PostgresQueue: Sendable {
    public let client: PostgresClient
    public let officeID: OfficeID
    public let time: TimeSource
    let logger: Logger
    /// The newest config's row id and the office it describes, parsed once per version.
    private let officeCache = Mutex<(id: Int64, office: Office)?>(nil)
    /// Who hears of this process's own commits at once (`commits()`), before the database's notice.
    let commitListeners = Mutex<(next: Int, all: [Int: AsyncStream<Void>.Continuation])>((0, [:]))
    /// Tickets asked for at the same moment, stored in one transaction.
    let issuing = IssueBatch()
    /// The day up to which this process has cleared what is past its time (`forget`).
    private let forgottenUpTo = Mutex<LocalDay?>(nil)

    /// The channel every server listens on; the payload names the office.
    static let channel = "atiende"

    /// Asks the database directly whether it accepts a connection (`PostgresAddress.probe`):
    /// what tells a request waiting for the pool that the database is away, not busy.
    let probe: (@Sendable () async throws -> Void)?

    /// - Parameter probe: how to ask the database directly; without one, a request waits for
    ///   a connection however long it takes.
    public init(
        client: PostgresClient, office: OfficeID, time: TimeSource = .system, logger: Logger = Logger(label: "atiende.postgres"),
        probe: (@Sendable () async throws -> Void)? = nil
    ) {
        self.client = client
        self.officeID = office
        self.time = time
        self.logger = logger
        self.probe = probe
    }

    /// Another office of the same database, on the same connections; `nil` when the
    /// database has no such office.
    public func sibling(_ office: OfficeID) async throws -> PostgresQueue? {
        let other = PostgresQueue(client: client, office: office, time: time, logger: logger, probe: probe)
        return try await transaction { [self] connection in
            for try await _ in try await connection.query("SELECT 1 FROM officeConfig WHERE office = \(office.rawValue) LIMIT 1", logger: logger) {
                return other
            }
            return nil
        }
    }

    // MARK: - Transactions

    /// One writing transaction with the current office. First, as every store does on a
    /// write (`queue: true`), the new day's expiries and what privacy says is past its
    /// time; then `body`, which logs its events and tally changes on the `Writing`; then
    /// the office's event numbers, the tallies and the notice to the other servers.
    func write<Result: Sendable>(queue: Bool = true, _ body: @escaping @Sendable (Writing) async throws -> Result) async throws -> Result {
        let now = time.now()
        let result = try await transaction { [self] connection in
            let (_, office) = try await self.versionedOffice(connection)
            let writing = Writing(queue: self, connection: connection, office: office, now: now)
            if queue {
                try await writing.expireEarlierDays()
                try await forgetPastTheirTime(writing)
            }
            let result = try await body(writing)
            try await writing.finish()
            return result
        }
        announceCommit()
        return result
    }

    /// Tells the listeners of `commits()` that this process committed.
    func announceCommit() {
        commitListeners.withLock { listeners in for continuation in listeners.all.values { continuation.yield() } }
    }

    /// One read-only transaction that sees one moment of the database (REPEATABLE READ):
    /// a snapshot's line, desks and tallies agree with each other.
    func read<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Office, Date) async throws -> Result) async throws -> Result {
        let now = time.now()
        return try await transaction { [self] connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let (_, office) = try await self.versionedOffice(connection)
            return try await body(connection, office, now)
        }
    }

    /// One transaction, tried again when the database chose it to break a deadlock or a
    /// serialization conflict; a refusal of the rules inside it comes out as itself. While the
    /// database server is away, the pool keeps trying to connect and a request would wait for
    /// it: one that gets no connection within `leaseTimeout` is refused as unavailable (a 503
    /// for the server's clients) instead.
    func transaction<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        var attempt = 0
        while true {
            do {
                return try await leased(body)
            } catch let error as PostgresTransactionError {
                if let refusal = error.closureError, !(refusal is PSQLError) { throw refusal }
                let cause = error.closureError ?? error.beginError ?? error.commitError
                if let cause = cause as? PSQLError, Self.isConflict(cause), attempt < 5 {
                    attempt += 1
                    continue
                }
                throw PostgresFailure.explain(cause ?? error)
            } catch let error as QueueUnavailable {
                throw error
            } catch {
                throw PostgresFailure.explain(error)
            }
        }
    }

    /// How long a transaction waits for a connection, with no other transaction ending
    /// meanwhile, before the database counts as away.
    public static let leaseTimeout: Duration = .seconds(2)

    /// `client.withTransaction`. When no connection comes within `leaseTimeout`, the database
    /// is asked directly: one that refuses or does not answer is away (a 503 that says so);
    /// one that answers is busy, and the request waits its turn (a full pool under a test
    /// run's load once answered 503 for it).
    private func leased<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let started = Flag()
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await self.client.withTransaction(logger: self.logger) { connection in
                    started.set()
                    return try await body(connection)
                }
            }
            group.addTask {
                guard let probe = self.probe else { return nil }
                while true {
                    try await Task.sleep(for: Self.leaseTimeout)
                    if started.isSet { return nil }
                    do { try await probe() } catch is CancellationError { throw CancellationError() } catch {
                        throw QueueUnavailable(.failed, "the database server does not answer (no connection within \(Self.leaseTimeout.components.seconds) s): Atiende connects again by itself when it is back; try again in a moment")
                    }
                }
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }

    /// A deadlock or serialization failure: the transaction can simply run again.
    static func isConflict(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    // MARK: - The office

    /// The newest config's id and the office it describes (parsed only when it changed).
    func versionedOffice(_ connection: PostgresConnection) async throws -> (id: Int64, office: Office) {
        let cached = officeCache.withLock { $0 }
        let rows = try await connection.query(
            """
            SELECT version, CASE WHEN version = \(cached?.id ?? -1) THEN NULL ELSE json END
            FROM officeConfig WHERE office = \(officeID.rawValue) ORDER BY version DESC LIMIT 1
            """, logger: logger)
        for try await (version, json) in rows.decode((Int64, String?).self) {
            if let cached, cached.id == version { return cached }
            let office = try OfficeConfig.parse(Data((json ?? "").utf8), file: "the config of office \(officeID) in the database")
            officeCache.withLock { $0 = (version, office) }
            return (version, office)
        }
        throw QueueUnavailable(.notInitialised, "the database has no office '\(officeID)': set it up first (atiende init --office \(officeID))")
    }

    /// The first write of each day (in this process) clears first names, staff notes and
    /// feedback comments older than the office keeps them, and yesterday's idempotency keys.
    private func forgetPastTheirTime(_ writing: Writing) async throws {
        let office = writing.office, today = office.calendar.day(of: writing.now)
        guard forgottenUpTo.withLock({ $0 }) != today else { return }
        let horizon = office.privacy.horizon(now: writing.now, calendar: office.calendar)
        let id = officeID.rawValue, connection = writing.connection
        try await connection.query(
            "UPDATE ticket SET firstName = NULL WHERE office = \(id) AND firstName IS NOT NULL AND day < \(horizon.firstNames.description)",
            logger: logger)
        try await connection.query(
            "UPDATE event SET outcomeNote = NULL WHERE office = \(id) AND outcomeNote IS NOT NULL AND day < \(horizon.notes.description)",
            logger: logger)
        try await connection.query(
            """
            UPDATE feedback SET comment = NULL FROM ticket
            WHERE ticket.id = feedback.ticketId AND ticket.office = \(id) AND feedback.comment IS NOT NULL
              AND ticket.day < \(horizon.comments.description)
            """, logger: logger)
        // A request's person and notes, once reached and past their time (ServiceRequest.kept).
        let since = ServiceRequest.keptSince(horizon, calendar: office.calendar)
        try await connection.query(
            """
            UPDATE request SET name = NULL, phone = NULL, email = NULL
            WHERE office = \(id) AND firstContactAt < \(since.person) AND (name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL)
            """, logger: logger)
        try await connection.query(
            """
            UPDATE requestAttempt SET note = NULL FROM request
            WHERE request.id = requestAttempt.requestId AND request.office = \(id) AND requestAttempt.note IS NOT NULL
              AND request.firstContactAt < \(since.notes)
            """, logger: logger)
        try await connection.query("DELETE FROM issueKey WHERE office = \(id) AND day < \(today.description)", logger: logger)
        // Exact only once the transaction commits; a rollback means the next write clears again.
        forgottenUpTo.withLock { $0 = today }
    }

    // MARK: - Shared reads

    /// A desk's state (its row locked to the end of a writing transaction with `lock`), and
    /// the row of the ticket it has in hand. Any day's: a visit begun before midnight is
    /// still the desk's.
    func deskState(_ id: DeskID, office: Office, lock: Bool, _ connection: PostgresConnection) async throws -> (DeskState, Int64?) {
        let desk = try office.requireDesk(id)
        var isOpen = false
        let locking: PostgresQuery = lock
            ? "SELECT isOpen FROM desk WHERE office = \(officeID.rawValue) AND id = \(desk.id.rawValue) FOR UPDATE"
            : "SELECT isOpen FROM desk WHERE office = \(officeID.rawValue) AND id = \(desk.id.rawValue)"
        for try await open in try await connection.query(locking, logger: logger).decode(Bool.self) { isOpen = open }
        let current = try await tickets(
            """
            SELECT \(unescaped: StoredTicket.columns) FROM ticket
            WHERE office = \(officeID.rawValue) AND desk = \(desk.id.rawValue) AND state IN ('called', 'serving') LIMIT 1
            """, connection
        ).first
        return (DeskState(id: desk.id, isOpen: isOpen, current: current?.ticket), current?.id)
    }

    /// The tickets a query selects (with `StoredTicket.columns`).
    func tickets(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [StoredTicket] {
        var found: [StoredTicket] = []
        for try await row in try await connection.query(query, logger: logger) { found.append(try StoredTicket(row)) }
        return found
    }

    /// One ticket of a day by number, its row locked with `lock`.
    func ticket(_ number: TicketNumber, day: LocalDay, lock: Bool, _ connection: PostgresConnection) async throws -> StoredTicket {
        let query: PostgresQuery = lock
            ? """
              SELECT \(unescaped: StoredTicket.columns) FROM ticket
              WHERE office = \(officeID.rawValue) AND day = \(day.description) AND service = \(number.service.rawValue) AND seq = \(number.sequence)
              FOR UPDATE
              """
            : """
              SELECT \(unescaped: StoredTicket.columns) FROM ticket
              WHERE office = \(officeID.rawValue) AND day = \(day.description) AND service = \(number.service.rawValue) AND seq = \(number.sequence)
              """
        guard let found = try await tickets(query, connection).first else { throw QueueError.ticketNotFound(number.description) }
        return found
    }
}

/// A mark one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// The database holds something the store cannot use: one line saying what to do.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
