import Foundation
import GRDB
import Testing
import TestSupport

/// Several real processes on one database file, as kiosks and desks share it.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func eightProcessesIssuingAtOnceGetGapFreeUniqueNumbers() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let processes = try (0..<8).map { i -> (Spawned, URL) in
            let out = cli.folder.appendingPathComponent("issuer-\(i).txt")
            return (try cli.spawn(["issue", "A", "--count", "500", "--json"], stdout: out.path), out)
        }
        var statuses: [Int32] = []
        for (p, _) in processes { statuses.append(await p.exited()) }
        #expect(statuses.allSatisfy { $0 == 0 })

        var numbers: [String] = []
        for (_, out) in processes {
            for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                numbers.append(object?["number"] as? String ?? "?")
            }
        }
        let expected = (1...4000).map { String(format: "A-%03d", $0) }
        #expect(numbers.count == 4000)
        #expect(Set(numbers) == Set(expected), "exactly A-001…A-4000: no gap, no duplicate")

        let db = try DatabaseQueue(path: cli.database)
        let stored = try await db.read { try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT seq) FROM ticket WHERE service = 'A'") }
        #expect(stored == 4000)
    }

    @Test func aProcessKilledWhileIssuingLosesNothingItPrinted() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let out = cli.folder.appendingPathComponent("killed.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let issuer = try cli.spawn(["issue", "B", "--count", "100000"], stdout: out.path)
        // Let it issue for a while, then kill it without warning.
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            if (try String(contentsOf: out, encoding: .utf8)).components(separatedBy: "B-").count > 150 { break }
        }
        kill(issuer.pid, SIGKILL)
        #expect(await issuer.exited() == 128 + SIGKILL, "killed by the signal")

        let printed = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("B-") && $0.contains("  ") }
            .map { String($0.prefix { $0 != " " }) }
        #expect(printed.count > 100)

        let db = try DatabaseQueue(path: cli.database)
        let integrity = try await db.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        let stored = Set(try await db.read { try Int.fetchAll($0, sql: "SELECT seq FROM ticket WHERE service = 'B'") })
        for number in printed {
            let seq = Int(number.dropFirst(2)) ?? -1
            #expect(stored.contains(seq), "\(number) was printed, so it must be stored")
        }
        #expect(stored == Set(1...stored.count), "no gap")

        let next = try await cli.run("issue", "B", "--json").json()
        #expect(next["number"] as? String == String(format: "B-%03d", stored.count + 1))
    }
}
