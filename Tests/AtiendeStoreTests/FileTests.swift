import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

/// The database file itself: private to its owner, and its write-ahead log does not grow
/// without end (it once reached 44 MB after 4,500 tickets, and filled a small disk).
@Suite struct FileTests {
    @Test func theDatabaseAndItsLogAreReadableByTheirOwnerOnly() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        _ = try await db.queue.issue(service: "A", preferential: false, firstName: "Rosa")
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: db.path + suffix)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            #expect(mode == 0o600, "\(suffix.isEmpty ? "database" : suffix): \(String(mode, radix: 8))")
        }
    }

    /// What the server does: PASSIVE checkpoints four times a second, TRUNCATE once quiet.
    @Test func theLogIsSmallASecondAfterABurstOf2000Tickets() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        let queue = try SQLiteQueue(path: db.path, time: db.clock.source, backgroundCheckpoints: true)
        let checkpoints = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                _ = try? await queue.checkpoint()
            }
        }
        defer { checkpoints.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service: ServiceCode in ["A", "B", "C", "D"] {
                group.addTask {
                    for _ in 0..<500 { _ = try await queue.issue(service: service, preferential: false, firstName: nil) }
                }
            }
            try await group.waitForAll()
        }
        let duringBurst = queue.walBytes
        try await Task.sleep(for: .seconds(1))
        #expect(queue.walBytes < 4 * 1024 * 1024, "\(queue.walBytes) bytes a second after the burst (\(duringBurst) at its end)")
        #expect(try await queue.integrityCheck() == "ok")
        #expect(try await queue.snapshot().services.map(\.waiting).reduce(0, +) == 2000)
    }

    @Test func aQuietCheckpointTruncatesTheLog() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        let queue = try SQLiteQueue(path: db.path, time: db.clock.source, backgroundCheckpoints: true)
        for _ in 0..<50 { _ = try await queue.issue(service: "A", preferential: false, firstName: nil) }
        #expect(queue.walBytes > 0)
        #expect(try await queue.checkpoint().mode == .passive, "writes came since the last look")
        let quiet = try await queue.checkpoint()
        #expect(quiet.mode == .truncate)
        #expect(queue.walBytes == 0)
        #expect(try await queue.checkpoint().mode == CheckpointResult.Mode.none, "nothing to do")
        _ = try await queue.issue(service: "A", preferential: false, firstName: nil)
        #expect(try await queue.checkpoint().mode == .passive, "a write since the last look: not quiet")
        _ = try await db.reopen().issue(service: "B", preferential: false, firstName: nil)
        #expect(try await queue.checkpoint().mode == .passive, "another program's write counts too")
    }
}
