import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The queue on one SQLite file, shared at once by kiosks, displays and the command line
/// on the same machine.
///
/// - WAL journal and a `DatabasePool`: readers never block the writer.
/// - Every write is one IMMEDIATE transaction with a busy timeout, so processes take
///   turns instead of failing, and ticket numbers stay gap-free and unique.
/// - Every ticket transition stores its event in the same transaction as the change.
/// - The first write of a new local day expires the open tickets of earlier days.
public final class SQLiteQueue: QueueService {
    /// How long a write waits for another process before giving up.
    public let busyTimeout: TimeInterval

    let pool: DatabasePool
    /// The day up to which `forgetPastTheirTime` has cleared what is past its time.
    let forgottenUpTo = Mutex<String?>(nil)
    let path: String
    /// Where the database file is.
    public var databasePath: String { path }
    /// The clock every operation reads.
    public let time: TimeSource
    private let officeCache = Mutex<(id: Int64, office: Office)?>(nil)
    /// Tickets asked for at the same moment, stored in one transaction.
    let issuing = IssueBatch()
    /// The connection `checkpoint()` uses, opened on first use.
    let checkpointer = Mutex<DatabaseQueue?>(nil)
    /// The connection `changes()` polls, opened on first use.
    let watcher = Mutex<DatabaseQueue?>(nil)
    /// Who hears of this process's own commits at once (`commits()`).
    let commitListeners = Mutex<(next: Int, all: [Int: AsyncStream<Void>.Continuation])>((0, [:]))
    /// `PRAGMA data_version` at the last checkpoint: unchanged means nobody wrote since.
    let lastSeenVersion = Mutex<Int?>(nil)

    /// Opens the queue at `path`.
    /// - Parameter create: make the file if it does not exist (only `atiende init` does).
    /// - Parameter busyTimeout: how long to wait for another process's write, in seconds.
    /// - Parameter backgroundCheckpoints: a long-lived owner of the file (the server) that
    ///   calls `checkpoint()` now and then. Then no write ever pays for copying the
    ///   write-ahead log into the database, which SQLite otherwise does inside the commit
    ///   that fills it, making every write queued behind that one wait.
    public init(path: String, time: TimeSource = .system, create: Bool = false, busyTimeout: TimeInterval = 5,
                backgroundCheckpoints: Bool = false) throws {
        self.path = path
        self.time = time
        self.busyTimeout = busyTimeout
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw QueueUnavailable(.missing, "no database at \(path): create it with `atiende init` or pass --db")
        }
        try Self.refuseWhileLogIsLost(path)
        if create && !FileManager.default.fileExists(atPath: path) {
            // Visitors' names are in it: readable by its owner only. SQLite gives the
            // write-ahead log and its index the same permissions as the database file.
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "atiende"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.walSizeLimit)")
            if backgroundCheckpoints { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Schema.migrator
            if try pool.read({ try !migrator.hasCompletedMigrations($0) }) {
                try migrator.migrate(pool)
            }
        } catch {
            throw Self.explain(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// The size the write-ahead log is cut back to whenever it starts over
    /// (`journal_size_limit`), so a busy hour does not leave a large file behind.
    public static let walSizeLimit = 4 * 1024 * 1024

    // MARK: - Transactions

    /// Runs `body` in one IMMEDIATE transaction with the current office, after expiring
    /// open tickets of earlier days. `queue: false` is for what does not touch the queue
    /// (staff accounts and sessions): it leaves the day alone, so an account made from a
    /// machine whose clock disagrees with the office's (a demo's fixed clock) ends no one's turn.
    func write<T: Sendable>(queue: Bool = true, _ body: @escaping @Sendable (Database, Office, Date) throws -> T) async throws -> T {
        let now = time.now()
        return try await run {
            try await self.pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    let office = try self.currentOffice(db)
                    if queue {
                        try self.expireEarlierDays(db, office: office, now: now)
                        try self.forgetPastTheirTime(db, office: office, now: now)
                    }
                    result = try body(db, office, now)
                    return .commit
                }
                guard let result else { throw QueueUnavailable(.failed, "the write did not complete; try again") }
                self.announceCommit()
                return result
            }
        }
    }

    /// Tells the listeners of `commits()` that this process committed.
    func announceCommit() {
        commitListeners.withLock { listeners in for continuation in listeners.all.values { continuation.yield() } }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database, Office, Date) throws -> T) async throws -> T {
        let now = time.now()
        return try await run {
            try await self.pool.read { db in try body(db, try self.currentOffice(db), now) }
        }
    }

    /// Turns database errors into messages that say what to do.
    func run<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as DatabaseError {
            throw Self.explain(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// - Parameter freeBytes: the space left on the disk holding a file (nil if unknown).
    static func explain(
        _ error: any Error, path: String, busyTimeout: TimeInterval, freeBytes: (String) -> Int? = SQLiteQueue.freeBytes
    ) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return QueueUnavailable(.busy, "the database \(path) stayed locked by another program for \(Int(busyTimeout)) s: try again, or close the program holding it")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return QueueUnavailable(.damaged, "\(path) is not an Atiende database or is damaged: restore a backup, or point --db at another file")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return QueueUnavailable(.missing, "cannot open \(path) for writing: check the folder exists and is writable")
        case .SQLITE_FULL:
            return QueueUnavailable(.failed, "the disk holding \(path) is full: free some space and try again")
        case .SQLITE_IOERR:
            // A full disk often shows up as a failed write (or a log index that cannot
            // grow) rather than as SQLITE_FULL: say which it is.
            if let free = freeBytes(path), free < Self.nearlyFullBytes {
                return QueueUnavailable(.failed, "the disk holding \(path) is full: free some space and try again")
            }
            return QueueUnavailable(.failed, "cannot read or write \(path) (\(error.message ?? "disk I/O error")): check the disk and that the file is still there, then try again")
        default:
            return QueueUnavailable(.failed, "database error on \(path): \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// Below this much free space a failed write is taken for a full disk.
    static let nearlyFullBytes = 1024 * 1024

    /// The space left for this user on the disk holding `path`.
    static func freeBytes(_ path: String) -> Int? {
        var info = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// The newest applied office config, parsed once per config row.
    func currentOffice(_ db: Database) throws -> Office { try versionedOffice(db).office }

    /// The newest config's id (its version) and the office it describes.
    func versionedOffice(_ db: Database) throws -> (version: Int64, office: Office) {
        let statement = try db.cachedStatement(sql: "SELECT id FROM officeConfig ORDER BY id DESC LIMIT 1")
        guard let id = try Int64.fetchOne(statement) else {
            throw QueueUnavailable(.notInitialised, "no office is set up in \(path): run `atiende init` first")
        }
        if let cached = officeCache.withLock({ $0 }), cached.id == id { return (id, cached.office) }
        let json = try String.fetchOne(db, sql: "SELECT json FROM officeConfig WHERE id = ?", arguments: [id]) ?? ""
        let office = try OfficeConfig.parse(Data(json.utf8), file: "\(path) (stored office config)")
        officeCache.withLock { $0 = (id, office) }
        return (id, office)
    }

    /// Closes the tickets of earlier days left waiting or called as expired (docs/domain.md,
    /// "A visit that crosses midnight"). A visitor being served at midnight is not dropped:
    /// the ticket stays with its desk, and goes on if the desk transfers or requeues it.
    func expireEarlierDays(_ db: Database, office: Office, now: Date) throws {
        let today = office.calendar.day(of: now)
        // Named, because without statistics SQLite would pick the index on state and read
        // every open ticket of today to find none. The index's own condition is repeated
        // word for word so SQLite knows it applies.
        let stale = try db.cachedStatement(sql: """
            SELECT id FROM ticket INDEXED BY ticketOpenDay
            WHERE state IN ('waiting', 'called', 'serving') AND state <> 'serving' AND day < ?
            """)
        guard try Int64.fetchOne(stale, arguments: [today.description]) != nil else { return }
        let open = try StoredTicket.openBefore(db, day: today)
        for (index, ticket, event) in Ticket.expiring(open.map(\.ticket), at: now, calendar: office.calendar) {
            var stored = open[index]
            stored.ticket = ticket
            try stored.save(event, replacing: open[index].ticket, db)
        }
    }

    /// The first write of each day (in this process) clears first names, staff notes and
    /// feedback comments older than the office keeps them (`PrivacySettings`). Partial
    /// indexes hold only the rows still carrying text, so this reads what it clears and
    /// never the day's or the past's whole volume.
    func forgetPastTheirTime(_ db: Database, office: Office, now: Date) throws {
        let today = office.calendar.day(of: now).description
        guard forgottenUpTo.withLock({ $0 }) != today else { return }
        let horizon = office.privacy.horizon(now: now, calendar: office.calendar)
        try db.execute(sql: "UPDATE ticket SET firstName = NULL WHERE firstName IS NOT NULL AND day < ?", arguments: [horizon.firstNames.description])
        try db.execute(sql: "UPDATE event SET outcomeNote = NULL WHERE outcomeNote IS NOT NULL AND day < ?", arguments: [horizon.notes.description])
        try db.execute(
            sql: "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL AND (SELECT day FROM ticket WHERE id = feedback.ticketId) < ?",
            arguments: [horizon.comments.description])
        // A request's person and notes, once reached and past their time (ServiceRequest.kept).
        let since = ServiceRequest.keptSince(horizon, calendar: office.calendar)
        try db.execute(
            sql: """
                UPDATE request SET name = NULL, phone = NULL, email = NULL
                WHERE firstContactAt < ? AND (name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL)
                """, arguments: [since.person.timeIntervalSince1970])
        try db.execute(
            sql: """
                UPDATE requestAttempt SET note = NULL
                WHERE note IS NOT NULL AND requestId IN (SELECT id FROM request WHERE firstContactAt < ?)
                """, arguments: [since.notes.timeIntervalSince1970])
        // Only once the transaction commits would be exact; a rollback just means the next
        // write of the day clears again, which changes nothing.
        forgottenUpTo.withLock { $0 = today }
    }

    // MARK: - Shared queries

    static func today(_ office: Office, _ now: Date) -> String { office.calendar.day(of: now).description }

    func deskState(_ db: Database, office: Office, id: DeskID, now: Date) throws -> DeskState {
        let desk = try office.requireDesk(id)
        let isOpen = try Bool.fetchOne(db.cachedStatement(sql: "SELECT isOpen FROM desk WHERE id = ?"), arguments: [desk.id]) ?? false
        // Any day's: a visit that began before midnight is still this desk's.
        let current = try StoredTicket.fetchOne(db, where: "state IN ('called', 'serving') AND desk = \(desk.id)")
        return DeskState(id: desk.id, isOpen: isOpen, current: current?.ticket)
    }

    func ticket(_ db: Database, _ number: TicketNumber, office: Office, now: Date) throws -> StoredTicket {
        try ticket(db, number, day: Self.today(office, now))
    }

    /// A ticket of a given day: a desk's current ticket may be from before midnight.
    func ticket(_ db: Database, _ number: TicketNumber, day: String) throws -> StoredTicket {
        guard let stored = try StoredTicket.fetchOne(
            db, where: "day = \(day) AND service = \(number.service) AND seq = \(number.sequence)")
        else { throw QueueError.ticketNotFound(number.description) }
        return stored
    }

    /// Recent service times of a service, oldest first, for the estimate.
    func recentServiceTimes(_ db: Database, service: ServiceCode) throws -> [Double] {
        try Double.fetchAll(
            db.cachedStatement(sql: "SELECT seconds FROM event WHERE kind = 'finished' AND service = ? ORDER BY id DESC LIMIT ?"),
            arguments: [service, WaitEstimate.recentWindow]
        ).reversed()
    }

    /// The estimate for `ticket` (`EstimateInputs.minutes`), read on its own.
    func estimatedMinutes(_ db: Database, for ticket: Ticket, ahead: Int, office: Office, now: Date) throws -> Int? {
        try EstimateInputs(queue: self, db: db, office: office, now: now).minutes(for: ticket, ahead: ahead)
    }

    /// `ahead(of:)` for a ticket just issued: the queue's waiting count less those at or
    /// after it in call order (itself, and for a preferential ticket the last few minutes'
    /// arrivals), so issuing does not count a long queue from the front.
    func aheadOfNew(_ db: Database, _ ticket: Ticket, office: Office) throws -> Int {
        let due = office.callRule.dueTime(ticket).timeIntervalSince1970
        return try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT COALESCE((SELECT waiting FROM waitingCount WHERE day = ?1 AND queueService = ?2), 0)
                    - (SELECT COUNT(*) FROM ticket WHERE state = 'waiting' AND queueService = ?2 AND day = ?1
                       AND (dueAt, issuedAt, seq, service) >= (?3, ?4, ?5, ?6))
                """),
            arguments: [
                ticket.day.description, ticket.queueService, due, ticket.issuedAt.timeIntervalSince1970,
                ticket.number.sequence, ticket.number.service,
            ]) ?? 0
    }

    /// Waiting tickets of the same queue called before `ticket`. The ORDER of the row
    /// values is `CallRule.precedes` (due time, issue time, number), so this count
    /// equals `CallRule.ahead` without loading the queue; a store test checks they agree.
    func ahead(_ db: Database, of ticket: Ticket, office: Office) throws -> Int {
        let due = office.callRule.dueTime(ticket).timeIntervalSince1970
        return try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(*) FROM ticket WHERE state = 'waiting' AND queueService = ? AND day = ?
                AND (dueAt, issuedAt, seq, service) < (?, ?, ?, ?)
                """),
            arguments: [
                ticket.queueService, ticket.day.description, due, ticket.issuedAt.timeIntervalSince1970,
                ticket.number.sequence, ticket.number.service,
            ]) ?? 0
    }
}

extension SQLiteQueue: StorageReporting {
    /// Free bytes for an unprivileged writer on the database's volume (statvfs).
    public func freeBytes() -> Int64? {
        var info = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
