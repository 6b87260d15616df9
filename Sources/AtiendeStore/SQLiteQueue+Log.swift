import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

/// Reads a server needs beyond the queue interface (`EventLog`): the event log as a
/// stream, the stored config, a desk's waiting line, and a health check.
extension SQLiteQueue: EventLog {
    /// The server's housekeeping, four times a second: put back a deleted write-ahead log,
    /// and copy the log into the database.
    public func tidy() async -> String? {
        let recovered = (try? await recoverLostLog()) ?? false
        _ = try? await checkpoint()
        return recovered ? "the write-ahead log of \(path) was deleted while serving: what it held is now in the database, and a new one is in place" : nil
    }

    /// Events after `id`, oldest first, at most `limit` of them.
    public func events(after id: Int64, limit: Int) async throws -> [LoggedEvent] {
        try await run {
            try await self.pool.read { db in
                try EventRows.fetch(db, key: .eventID, where: "e.id > \(id)", limit: limit).map { LoggedEvent(id: $0.0, event: $0.1) }
            }
        }
    }

    /// The office with its config version (the config's row id), in one read.
    public func versionedOffice() async throws -> (version: Int64, office: Office) {
        try await run { try await self.pool.read { try self.versionedOffice($0) } }
    }

    /// The newest event's id; 0 while the log is empty.
    public func lastEventID() async throws -> Int64 {
        try await run { try await self.pool.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM event") ?? 0 } }
    }

    public func setupVersion() async throws -> SetupVersion {
        try await run {
            try await self.pool.read { db in
                let config = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM officeConfig")) ?? 0
                var open: [DeskID: Bool] = [:]
                for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT id, isOpen FROM desk")) { open[row[0]] = row[1] }
                let devices = try String.fetchAll(
                    db.cachedStatement(sql: "SELECT name || '=' || printer || ':' || IFNULL(detail, '') FROM device ORDER BY name")
                ).joined(separator: "\n")
                let support = try String.fetchAll(
                    db.cachedStatement(sql: "SELECT id FROM supportCall WHERE acknowledgedAt IS NULL ORDER BY id")
                ).joined(separator: ",")
                return SetupVersion(configID: config, openDesks: open, devices: devices, support: support)
            }
        }
    }

    /// The office config as it was applied (JSON text), with its id.
    public func storedConfig() async throws -> (id: Int64, json: String) {
        try await run {
            try await self.pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT id, json FROM officeConfig ORDER BY id DESC LIMIT 1") else {
                    throw QueueUnavailable(.notInitialised, "no office is set up in \(self.path): run `atiende init` first")
                }
                return (row[0], row[1])
            }
        }
    }

    /// A desk's state and the tickets it could call now, in the order it would call them.
    public func waitingTickets(limit: Int) async throws -> [Ticket] {
        try await read { db, office, now in
            try StoredTicket.fetchAll(
                db, where: "state = 'waiting' AND day = \(Self.today(office, now)) ORDER BY issuedAt, seq LIMIT \(limit)"
            ).map(\.ticket)
        }
    }

    public func deskLine(_ id: DeskID) async throws -> (desk: DeskState, waiting: [Ticket]) {
        try await read { db, office, now in
            let desk = try office.requireDesk(id)
            let state = try self.deskState(db, office: office, id: desk.id, now: now)
            let waiting = try StoredTicket.fetchAll(
                db, where: "state = 'waiting' AND day = \(Self.today(office, now)) AND queueService IN \(desk.services)").map(\.ticket)
            return (state, waiting.sorted(by: office.callRule.precedes))
        }
    }

    /// Copies the write-ahead log into the database file, on a connection of its own so
    /// writers carry on meanwhile. With `backgroundCheckpoints`, the owner calls this every
    /// so often (the server, four times a second).
    ///
    /// - While writes keep coming it is PASSIVE: it copies what it can without waiting or
    ///   holding up a writer. SQLite starts the log over (and cuts it back to
    ///   `walSizeLimit`) when a write begins with everything copied, which happens between
    ///   the writes of an ordinary day; only a flat-out burst keeps the log growing.
    /// - Once nothing was committed since the last call, it TRUNCATEs: the log goes back to
    ///   zero bytes, so a burst of tickets leaves no large file behind. (A RESTART under
    ///   load would bound the burst too, but it holds every writer while it copies: it put
    ///   100 ms stalls into 1,000 issues a second.)
    /// - Returns: the pages copied and the mode used.
    @discardableResult
    public func checkpoint() async throws -> CheckpointResult {
        try await run {
            let connection = try checkpointer.withLock { existing -> DatabaseQueue in
                if let existing { return existing }
                var configuration = Configuration()
                // Waits briefly: a checkpoint that finds readers in the way is simply tried again later.
                configuration.busyMode = .timeout(0.05)
                configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_size_limit = \(Self.walSizeLimit)") }
                let fresh = try DatabaseQueue(path: path, configuration: configuration)
                existing = fresh
                return fresh
            }
            let walBytes = Self.fileSize(path + "-wal")
            return try await connection.writeWithoutTransaction { db in
                // data_version moves when any other connection, in any process, commits.
                let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                let quiet = self.lastSeenVersion.withLock { last in
                    defer { last = version }
                    return last == version
                }
                let mode: CheckpointResult.Mode = quiet ? (walBytes > 0 ? .truncate : .none) : .passive
                guard mode != .none else { return CheckpointResult(mode: .none, pages: 0) }
                do {
                    let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(\(mode.rawValue.uppercased()))")
                    return CheckpointResult(mode: mode, pages: row.map { $0[2] as Int } ?? 0)
                } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_BUSY {
                    return CheckpointResult(mode: mode, pages: 0, gaveWay: true)
                }
            }
        }
    }

    /// The size of the write-ahead log now, in bytes (0 when there is none).
    public var walBytes: Int { Self.fileSize(path + "-wal") }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// `PRAGMA integrity_check`: "ok", or what SQLite found wrong.
    public func integrityCheck() async throws -> String {
        try await run {
            try await self.pool.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            }
        }
    }
}

/// What one `checkpoint()` did.
public struct CheckpointResult: Sendable, Equatable {
    public enum Mode: String, Sendable {
        case none, passive, truncate
    }

    public var mode: Mode
    /// Pages copied into the database file.
    public var pages: Int
    /// Readers or a writer were in the way, and the checkpoint gave way to them.
    public var gaveWay = false
}
