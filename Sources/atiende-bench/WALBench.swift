import AtiendeQueue
import AtiendeStore
import Foundation
import GRDB

/// The write-ahead log under a server's load: 10,000 tickets from 8 concurrent issuers on a
/// file opened as `atiende serve` opens it, checkpointed every 250 ms as the server does,
/// against the same load with PASSIVE checkpoints only (what the server did before).
struct WALBench {
    let quick: Bool
    let config: String

    struct Run {
        var rate: Double
        var peak: Int
        var atEnd: Int
        var secondLater: Int
    }

    func run() async throws {
        let before = try await load(serverCheckpoints: false)
        let now = try await load(serverCheckpoints: true)
        for (name, run) in [("PASSIVE only (before, baseline)", before), ("server checkpoints (now)", now)] {
            say(String(format: "WAL, %@ tickets, %@: %6.0f issues/s, peak %@, at the end %@, a second later %@",
                quick ? "2,000" : "10,000", name, run.rate, Self.megabytes(run.peak), Self.megabytes(run.atEnd), Self.megabytes(run.secondLater)))
        }
        say(String(format: "  WAL a second after the burst, now / before: %.3f; issue rate now / before: %.2f",
            Double(now.secondLater) / Double(max(before.secondLater, 1)), now.rate / before.rate))
    }

    func load(serverCheckpoints: Bool) async throws -> Run {
        let clock = SteppingClock()
        let path = temporaryPath("wal.sqlite")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try SQLiteQueue(path: path, time: TimeSource { clock.now() }, create: true, backgroundCheckpoints: true)
        _ = try await store.apply(config: config, file: "Assets/office.json")
        let passive = try DatabaseQueue(path: path)
        let peak = LargestSeen()
        let checkpoints = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                if serverCheckpoints {
                    _ = try? await store.checkpoint()
                } else {
                    _ = try? await passive.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
                }
                peak.observe(store.walBytes)
            }
        }
        let tickets = quick ? 2000 : 10_000
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for issuer in 0..<8 {
                group.addTask {
                    for _ in 0..<(tickets / 8) {
                        _ = try await store.issue(service: ["A", "B", "C", "D"][issuer % 4], preferential: false, firstName: nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        let rate = Double(tickets) / seconds(ContinuousClock.now - start)
        let atEnd = store.walBytes
        peak.observe(atEnd)
        try await Task.sleep(for: .seconds(1))
        checkpoints.cancel()
        return Run(rate: rate, peak: peak.value, atEnd: atEnd, secondLater: store.walBytes)
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
}

/// The largest value seen, from any task.
final class LargestSeen: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    func observe(_ value: Int) { lock.lock(); current = max(current, value); lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return current }
}
