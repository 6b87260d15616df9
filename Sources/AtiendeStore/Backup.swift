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

/// The lock a serving process holds on its database (`F.serving`), so a restore can tell
/// that a server is using the file and refuse to replace it under it.
public final class ServingLock: @unchecked Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock for `database`; throws when another process holds it.
    public init(database: String) throws {
        path = database + ".serving"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw QueueUnavailableError.restore("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw QueueUnavailableError.restore("a server is using \(database) (it holds \(path)): stop that server first")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

public enum Restore {
    /// Puts the backup `source` in place of `database`: checked first, refused while a
    /// server holds the database, and the file it replaces is kept beside it
    /// (`F.replaced-<time>`), so nothing is lost. Returns where the old file went, if any.
    @discardableResult
    public static func run(from source: String, to database: String, at now: Date = Date()) throws -> String? {
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
        let lock = try ServingLock(database: database)
        defer { withExtendedLifetime(lock) {} }
        var kept: String?
        let manager = FileManager.default
        if manager.fileExists(atPath: database) {
            let stamp = Int(now.timeIntervalSince1970)
            kept = database + ".replaced-\(stamp)"
            try manager.moveItem(atPath: database, toPath: kept!)
            for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: database + suffix) {
                try manager.moveItem(atPath: database + suffix, toPath: kept! + suffix)
            }
        }
        try manager.copyItem(atPath: source, toPath: database)
        return kept
    }
}
