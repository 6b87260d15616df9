import Foundation
import GRDB

/// Copies of the database while it works, and putting one back.
///
/// A backup uses SQLite's online backup (through GRDB): readers and the writer go on while
/// pages are copied, and the copy is a consistent snapshot. It is written beside its
/// destination, checked with `PRAGMA integrity_check`, and only then renamed into place, so
/// a half-written or damaged copy never takes a good one's name.
public struct Backup: Sendable {
    public var path: String
    public var bytes: Int
    public var integrity: String
}

extension SQLiteQueue {
    /// Writes a checked copy of the database to `destination`.
    public func backup(to destination: String) async throws -> Backup {
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            // Visitors' names are in it: readable by its owner only, whatever the umask.
            FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600])
            let copy = try DatabaseQueue(path: partial)
            try await run { try self.pool.backup(to: copy) }
            let integrity = try await copy.read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
            try copy.close()
            guard integrity == "ok" else {
                try? FileManager.default.removeItem(atPath: partial)
                throw QueueUnavailableError.backup("the copy failed its integrity check (\(integrity)); the database itself may be damaged")
            }
            if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(atPath: destination) }
            try FileManager.default.moveItem(atPath: partial, toPath: destination)
            let bytes = (try FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
            return Backup(path: destination, bytes: bytes, integrity: integrity)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Backups named by their time in `folder`, newest kept: writes one and removes all
    /// but the newest `keep`. Returns the one written.
    public func rotatingBackup(in folder: String, keep: Int, at now: Date = Date()) async throws -> Backup {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let made = try await backup(to: (folder as NSString).appendingPathComponent("atiende-\(formatter.string(from: now)).sqlite"))
        let ours = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("atiende-") && $0.hasSuffix(".sqlite") }.sorted()
        for old in ours.dropLast(max(1, keep)) {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(old))
        }
        return made
    }
}

/// Why a backup or a restore could not be made, in one line.
public enum QueueUnavailableError: Error, CustomStringConvertible, Sendable {
    case backup(String)
    case restore(String)

    public var description: String {
        switch self {
        case .backup(let why): "backup: \(why)"
        case .restore(let why): "restore: \(why)"
        }
    }
}

/// The lock a serving process holds on its database file itself (`flock` on the file, so
/// on its inode: a second server or a restore reaching the same file through a symlink or
/// another path sees it too). SQLite's own locks are POSIX record locks, which Linux keeps
/// apart from `flock`, so the two never meet.
public final class ServingLock: @unchecked Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock for `database`; throws when another process holds it.
    public init(database: String) throws {
        path = database
        descriptor = open(database, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw QueueUnavailableError.restore("cannot open \(database): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw QueueUnavailableError.restore("a server is using \(database): stop that server first")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Whether some process (this one included, through another lock) serves `database`.
    public static func isHeld(database: String) -> Bool {
        let descriptor = open(database, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }
}

/// What a restore did.
public struct Restored: Sendable, Equatable {
    /// Where the file it replaced was kept, if there was one.
    public var kept: String?
    /// The day whose numbering was carried over from the replaced file (its latest).
    public var day: String?
    /// Tickets of that day the replaced file holds and the restored copy does not: their
    /// numbers are not given out again.
    public var missingTickets: Int = 0
}

public enum Restore {
    /// Puts the backup `source` in place of `database`: checked first, refused while a
    /// server holds the database, and the file it replaces is kept beside it
    /// (`F.replaced-<time>`), so nothing is lost. A number is proof: numbering goes on past
    /// every number the replaced file gave out on its latest day, even those the backup
    /// predates. The restored file is readable by its owner only.
    @discardableResult
    public static func run(from source: String, to database: String, at now: Date = Date()) throws -> Restored {
        guard FileManager.default.fileExists(atPath: source) else { throw QueueUnavailableError.restore("\(source) does not exist") }
        let integrity: String
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let copy = try DatabaseQueue(path: source, configuration: configuration)
            integrity = try copy.read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
            let tables = try copy.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
            guard tables.contains("ticket") else { throw QueueUnavailableError.restore("\(source) is not an Atiende database (it has no ticket table)") }
            try copy.close()
        } catch let error as QueueUnavailableError {
            throw error
        } catch {
            throw QueueUnavailableError.restore("\(source) cannot be read as a database (\(error)); choose another backup")
        }
        guard integrity == "ok" else { throw QueueUnavailableError.restore("\(source) fails its integrity check (\(integrity)); choose another backup") }
        let manager = FileManager.default
        var result = Restored()
        var given: (day: String, last: [String: Int])?
        if manager.fileExists(atPath: database) {
            let lock = try ServingLock(database: database)
            defer { withExtendedLifetime(lock) {} }
            given = numbersGivenOut(in: database)
            let stamp = Int(now.timeIntervalSince1970)
            // Two restores in one second keep two files, never one over the other.
            var kept = database + ".replaced-\(stamp)"
            var attempt = 1
            while manager.fileExists(atPath: kept) {
                attempt += 1
                kept = database + ".replaced-\(stamp)-\(attempt)"
            }
            try manager.moveItem(atPath: database, toPath: kept)
            for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: database + suffix) {
                try manager.moveItem(atPath: database + suffix, toPath: kept + suffix)
            }
            result.kept = kept
        }
        try manager.copyItem(atPath: source, toPath: database)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: database)
        if let given {
            do {
                result.day = given.day
                result.missingTickets = try carryNumbering(given, into: database)
            } catch {
                throw QueueUnavailableError.restore("\(source) was restored, but today's numbering could not be carried over (\(error)); tickets issued after the backup may get their numbers again")
            }
        }
        return result
    }

    /// The last number of each service on the latest day `database` holds; nil when the
    /// file cannot be read (a damaged file is what one restores over).
    static func numbersGivenOut(in database: String) -> (day: String, last: [String: Int])? {
        var configuration = Configuration()
        configuration.readonly = true
        guard let file = try? DatabaseQueue(path: database, configuration: configuration) else { return nil }
        defer { try? file.close() }
        return try? file.read { db in
            guard let day = try String.fetchOne(db, sql: "SELECT MAX(day) FROM ticket") else { return nil }
            return (day, try lastNumbers(db, day: day))
        }
    }

    /// The last number given out per service on `day`: its tickets', and the numbers an
    /// earlier restore carried over.
    static func lastNumbers(_ db: Database, day: String) throws -> [String: Int] {
        var last: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT service, MAX(seq) AS seq FROM ticket WHERE day = ? GROUP BY service", arguments: [day]) {
            last[row["service"]] = row["seq"]
        }
        if try db.tableExists("numberFloor") {
            for row in try Row.fetchAll(db, sql: "SELECT service, lastSeq FROM numberFloor WHERE day = ?", arguments: [day]) {
                last[row["service"], default: 0] = max(last[row["service"]] ?? 0, row["lastSeq"])
            }
        }
        return last
    }

    /// Writes the numbers given out into the restored file (upgraded to today's schema
    /// first), and counts the tickets it lacks.
    static func carryNumbering(_ given: (day: String, last: [String: Int]), into database: String) throws -> Int {
        let restored = try DatabaseQueue(path: database)
        defer { try? restored.close() }
        try Schema.migrator.migrate(restored)
        return try restored.write { db in
            let have = try lastNumbers(db, day: given.day)
            var missing = 0
            for (service, last) in given.last where last > (have[service] ?? 0) {
                missing += last - (have[service] ?? 0)
                try db.execute(
                    sql: "INSERT INTO numberFloor (day, service, lastSeq) VALUES (?, ?, ?) ON CONFLICT (day, service) DO UPDATE SET lastSeq = excluded.lastSeq",
                    arguments: [given.day, service, last])
            }
            return missing
        }
    }
}
