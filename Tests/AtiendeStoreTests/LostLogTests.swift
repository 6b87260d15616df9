import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import GRDB
import Testing
import TestSupport

/// The write-ahead log deleted under a running server (issue: "Nothing lost, nothing
/// leaked"). Before: one `atiende status --db` afterwards left "file is not a database",
/// and a kill lost the tickets issued since the delete.
@Suite struct LostLogTests {
    /// How many tickets a copy of the files holds, as after a power cut at this moment.
    static func ticketsAfterACrash(_ path: String) throws -> Int {
        let copy = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy.appendingPathComponent("atiende.sqlite\(suffix)").path)
        }
        let queue = try DatabaseQueue(path: copy.appendingPathComponent("atiende.sqlite").path)
        // Without the log even the tables may not be in the file yet: nothing survives.
        return (try? queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM ticket") ?? 0 }) ?? 0
    }

    @Test func aDeletedLogIsCopiedBackAndNothingElseBreaksTheFile() async throws {
        // The file set up, and nothing else holding it: the server alone, as in an office.
        let (folder, path, clock) = try await { () async throws -> (URL, String, TestClock) in
            let database = try await TestDatabase()
            return (database.folder, database.path, database.clock)
        }()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try SQLiteQueue(path: path, time: clock.source, backgroundCheckpoints: true)
        let lock = try ServingLock(database: path)
        defer { withExtendedLifetime(lock) {} }
        for _ in 0..<20 { _ = try await server.issue(service: "A", preferential: false, firstName: nil) }
        try FileManager.default.removeItem(atPath: path + "-wal")
        for _ in 0..<10 { _ = try await server.issue(service: "B", preferential: false, firstName: nil) }
        #expect(try Self.ticketsAfterACrash(path) < 30, "the last tickets are only in the deleted log")

        // Another process (`atiende status --db`) is refused instead of breaking the file.
        #expect(throws: QueueUnavailable.self) { try SQLiteQueue(path: path, time: clock.source) }

        // The server's housekeeping puts everything in the file and a new log in place.
        #expect(await server.tidy()?.contains("was deleted while serving") == true, "the server says what it did")
        #expect(FileManager.default.fileExists(atPath: path + "-wal") || !FileManager.default.fileExists(atPath: path + "-shm"))
        #expect(try Self.ticketsAfterACrash(path) == 30, "a crash now loses nothing acknowledged")
        let other = try SQLiteQueue(path: path, time: clock.source)
        #expect(try await other.snapshot().services.first { $0.code == "B" }?.waiting == 10)
        // The server goes on issuing, and the other process sees it: one log again.
        #expect(try await server.issue(service: "B", preferential: false, firstName: nil).ticket.number.description == "B-011")
        #expect(try await other.snapshot().services.first { $0.code == "B" }?.waiting == 11)
        #expect(try await server.integrityCheck() == "ok")
        #expect(try Self.ticketsAfterACrash(path) == 31)
    }
}
