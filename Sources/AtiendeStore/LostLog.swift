import AtiendeQueue
import Foundation
import GRDB
import GRDBSQLite

/// A write-ahead log deleted under a running server (a clean-up script, a careless `rm`).
/// SQLite keeps writing into the deleted file, which nobody else can see: a kill then
/// loses every ticket since, and a connection opened afterwards makes a new, empty log
/// beside the server's and breaks the file. The server notices that the log its writer
/// holds has no name left (its link count is 0), copies what it holds into the database
/// at once and starts a new one; until then no other process opens the file.
extension SQLiteQueue {
    /// Whether the log the connection holds open was deleted (no link to it is left).
    static func holdsDeletedLog(_ db: Database) -> Bool {
        guard let connection = db.sqliteConnection else { return false }
        var file: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(connection, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) == SQLITE_OK,
            let file, file.pointee.pMethods != nil else { return false }
        // The unix VFS's file: { pMethod, pVfs, pInode, int h, … } (os_unix.c, unixFile).
        let descriptor = UnsafeRawPointer(file).load(fromByteOffset: 3 * MemoryLayout<UnsafeRawPointer>.stride, as: Int32.self)
        var info = stat()
        guard descriptor > 2, fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return info.st_nlink == 0
    }

    /// If the log was deleted, copies it into the database and starts a new one, with every
    /// connection reopened on it. Returns whether it did. Another process reading the file
    /// at that moment holds up the new log (the copy is done); the next call tries again.
    @discardableResult
    public func recoverLostLog() async throws -> Bool {
        guard try await run({ try await pool.writeWithoutTransaction(Self.holdsDeletedLog) }) else { return false }
        do {
            // The checkpoint and watching connections hold the deleted log, or a new one made
            // since: they close, and stay closed until the new log is in place.
            return try watcher.withLock { watching in
                try checkpointer.withLock { checkpointing in
                    watching = nil
                    checkpointing = nil
                    return try pool.barrierWriteWithoutTransaction { db in try self.startNewLog(db) }
                }
            }
        } catch {
            throw Self.explain(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// On the writer, with no read running: the copy, then a new log.
    private func startNewLog(_ db: Database) throws -> Bool {
        guard Self.holdsDeletedLog(db) else { return false }
        // Everything acknowledged is in the writer's log: copied into the file.
        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        // Readers close (they reopen on the new log); leaving WAL mode lets go of the
        // deleted log and its index, and WAL mode again makes both anew.
        pool.invalidateReadOnlyConnections()
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") == "delete" else { return false }
        try db.execute(sql: "PRAGMA journal_mode = WAL")
        return true
    }

    /// Whether the log is gone while its index (`-shm`) is still there: a database in use
    /// whose log was deleted. SQLite removes both together when it closes cleanly.
    static func logIsMissing(_ path: String) -> Bool {
        let manager = FileManager.default
        return !manager.fileExists(atPath: path + "-wal") && manager.fileExists(atPath: path + "-shm")
    }

    /// Refuses to open a database whose log was deleted while a server runs on it: opening
    /// it would make a second log and break the file. The server puts a new log in place
    /// within a second; after a crash with no server, SQLite opens it as usual.
    static func refuseWhileLogIsLost(_ path: String) throws {
        guard logIsMissing(path), ServingLock.isHeld(database: path) else { return }
        throw QueueUnavailable(
            .busy, "the write-ahead log of \(path) (\(path)-wal) was deleted while the server runs: the server is copying it back; try again in a moment, or use --server")
    }
}
