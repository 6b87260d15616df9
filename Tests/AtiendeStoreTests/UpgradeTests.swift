import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import GRDB
import Testing
import TestSupport

/// A database made by the previous release (`Tests/Fixtures/previous-release.sqlite`,
/// written by `atiende` at c5ff9a3, schema v7: the demo office, five tickets on Monday
/// 2026-11-23, one served with an outcome, one with a first name) migrates forward on
/// first open and keeps every ticket.
@Suite struct UpgradeTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/previous-release.sqlite").standardized

    /// A copy of the fixture in a fresh folder (the fixture itself is never written).
    static func copy() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("atiende.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return (folder, path)
    }

    @Test func thePreviousReleasesDatabaseMigratesAndKeepsEveryTicket() async throws {
        let (folder, path) = try Self.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let monday = Date(timeIntervalSince1970: 1_795_442_400 + 3600)  // 10:00
        let store = try SQLiteQueue(path: path, time: .fixed(monday))
        #expect(try await store.integrityCheck() == "ok")
        let before = try await store.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(before.office.issued == 5 && before.office.served == 1)
        for number in ["A-001", "A-002", "A-003", "B-001", "C-001"] {
            #expect(try await store.lookup(TicketNumber(parsing: number)!) != nil, "\(number) kept")
        }
        // The new schema works on it: a retried ticket with its key is the same ticket.
        let next = try await store.issue(service: "A", preferential: false, firstName: nil, key: "upgrade-1")
        #expect(next.ticket.number.description == "A-004")
        #expect(try await store.issue(service: "A", preferential: false, firstName: nil, key: "upgrade-1").ticket.number.description == "A-004")
        try await store.checkWritable()
        let migrations = try await DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations.contains { $0.hasPrefix("v8") })
    }

    /// The first write of the next day clears the previous release's first names too.
    @Test func namesFromBeforeTheUpgradeAreForgottenTheNextDay() async throws {
        let (folder, path) = try Self.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tuesday = Date(timeIntervalSince1970: 1_795_442_400 + 86_400)
        let store = try SQLiteQueue(path: path, time: .fixed(tuesday))
        _ = try await store.issue(service: "A", preferential: false, firstName: nil)
        let named = try await DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM ticket WHERE firstName IS NOT NULL") }
        #expect(named == 0)
    }
}
