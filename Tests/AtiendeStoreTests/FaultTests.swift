import AtiendeCore
import AtiendeQueue
@testable import AtiendeStore
import Foundation
import GRDB
import Testing
import TestSupport

@Suite struct FaultTests {
    static func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("atiende-\(UUID().uuidString).sqlite").path
    }

    static func reason(_ body: () async throws -> Void) async -> QueueUnavailable.Reason? {
        do {
            try await body()
            return nil
        } catch let error as QueueUnavailable {
            #expect(!error.message.contains("\n"))
            return error.reason
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func aMissingDatabaseSaysHowToCreateIt() async {
        let reason = await Self.reason { _ = try SQLiteQueue(path: Self.tempPath()) }
        #expect(reason == .missing)
    }

    @Test func aFileThatIsNotADatabaseIsReportedAsDamaged() async throws {
        let path = Self.tempPath()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let reason = await Self.reason {
            let queue = try SQLiteQueue(path: path)
            _ = try await queue.snapshot()
        }
        #expect(reason == .damaged)
    }

    @Test func aDatabaseWithoutAnOfficeAsksForInit() async throws {
        let path = Self.tempPath()
        let queue = try SQLiteQueue(path: path, create: true)
        let reason = await Self.reason { _ = try await queue.issue(service: "A", preferential: false, firstName: nil) }
        #expect(reason == .notInitialised)
    }

    @Test func aLockedDatabaseGivesUpClearlyAndLosesNothing() async throws {
        let db = try await TestDatabase()
        try await db.issue("A")
        let impatient = try db.reopen(busyTimeout: 0.2)
        // Another program holds the write lock until the test lets go.
        let holder = try DatabaseQueue(path: db.path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? holder.inDatabase { conn in
                try conn.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try conn.execute(sql: "COMMIT")
            }
            finished.signal()
        }
        thread.start()
        locked.wait()
        let reason = await Self.reason { _ = try await impatient.issue(service: "A", preferential: false, firstName: nil) }
        #expect(reason == .busy)
        release.signal()
        finished.wait()
        let next = try await impatient.issue(service: "A", preferential: false, firstName: nil)
        #expect(next.ticket.number.description == "A-002", "the refused attempt took no number")
    }
}

@Suite struct OfficeSetupTests {
    @Test func reapplyingTheSameConfigChangesNothing() async throws {
        let db = try await TestDatabase()
        let summary = try await db.queue.apply(config: TestDatabase.demoConfig, file: "office.json")
        #expect(!summary.created)
        #expect(!summary.changed)
    }

    @Test func removingAServiceWithPeopleWaitingIsRefusedWhole() async throws {
        let db = try await TestDatabase()
        try await db.issue("D")
        let withoutD = try TestDatabase.demoConfig { o in
            o["services"] = (o["services"] as? [[String: Any]] ?? []).filter { $0["code"] as? String != "D" }
            o["desks"] = (o["desks"] as? [[String: Any]] ?? []).map { desk in
                var desk = desk
                desk["services"] = (desk["services"] as? [String] ?? []).filter { $0 != "D" }
                return desk
            }
        }
        await #expect(throws: SetupRefused.self) {
            try await db.queue.apply(config: withoutD, file: "office.json")
        }
        #expect(try await db.queue.office().service("D") != nil, "nothing was applied")
    }

    @Test func removingAnIdleDeskKeepsHistory() async throws {
        let db = try await TestDatabase()
        try await db.issue("A")
        _ = try await db.queue.callNext(desk: "4")
        _ = try await db.queue.act(.start, desk: "4")
        _ = try await db.queue.act(.finish, desk: "4")
        let withoutDesk4 = try TestDatabase.demoConfig { o in
            o["desks"] = (o["desks"] as? [[String: Any]] ?? []).filter { $0["id"] as? String != "4" }
        }
        let summary = try await db.queue.apply(config: withoutDesk4, file: "office.json")
        #expect(summary.removedDesks == ["4"])
        let report = try await db.queue.report(day: try await db.queue.snapshot().day)
        #expect(report.desks["4"]?.served == 1, "the desk's past work is still reported")
    }
}

/// A full disk reads as one, however SQLite reports it.
@Suite struct FullDiskTests {
    @Test func aFailedWriteOnAFullDiskSaysTheDiskIsFull() {
        let failedWrite = DatabaseError(resultCode: .SQLITE_IOERR_WRITE, message: "disk I/O error")
        let full = SQLiteQueue.explain(failedWrite, path: "/srv/atiende.sqlite", busyTimeout: 5) { _ in 4096 }
        #expect((full as? QueueUnavailable)?.message == "the disk holding /srv/atiende.sqlite is full: free some space and try again")
        let roomy = SQLiteQueue.explain(failedWrite, path: "/srv/atiende.sqlite", busyTimeout: 5) { _ in 50_000_000_000 }
        #expect((roomy as? QueueUnavailable)?.message
            == "cannot read or write /srv/atiende.sqlite (disk I/O error): check the disk and that the file is still there, then try again")
        let shm = SQLiteQueue.explain(DatabaseError(resultCode: .SQLITE_IOERR_SHMSIZE), path: "/srv/atiende.sqlite", busyTimeout: 5) { _ in 0 }
        #expect((shm as? QueueUnavailable)?.message.hasPrefix("the disk holding /srv/atiende.sqlite is full") == true)
    }

    @Test func freeSpaceIsReadFromTheDiskHoldingTheFile() {
        #expect((SQLiteQueue.freeBytes(FileManager.default.temporaryDirectory.appendingPathComponent("x.sqlite").path) ?? 0) > 0)
        #expect(SQLiteQueue.freeBytes("/no/such/folder/x.sqlite") == nil)
    }
}
