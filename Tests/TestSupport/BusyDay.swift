import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation

/// A day's volume for the benchmarks: `issued` tickets over the demo office's four
/// services, one every few seconds from midnight to 08:30 on the benchmarks' Monday (the
/// clock then reads 09:00), each served at a desk soon after, all but the last `waiting`.
public enum BusyDay {
    public static func fill(path: String, issued: Int, waiting: Int) async throws {
        let midnight = Date(timeIntervalSince1970: 1_795_410_000)  // 2026-11-23 00:00 in Bogotá
        let clock = TestClock(midnight)
        let store = try SQLiteQueue(path: path, time: clock.source)
        let step = 8.5 * 60 / Double(max(issued, 1))
        var served = 0, desk = 0
        for k in 0..<issued {
            clock.advance(minutes: step)
            _ = try await store.issue(service: ["A", "B", "C", "D"][k % 4], preferential: k % 10 == 0, firstName: nil)
            // Serve the longest-waiting while more than `waiting` wait.
            var tries = 0
            while k + 1 - served > waiting && tries < 4 {
                desk = desk % 4 + 1
                tries += 1
                guard try await store.callNext(desk: "\(desk)") != nil else { continue }
                _ = try await store.act(.start, desk: "\(desk)")
                _ = try await store.act(.finish, desk: "\(desk)")
                served += 1
            }
        }
    }
}
