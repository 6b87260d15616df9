import AtiendeCore
import AtiendeQueue
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite struct QueueFeedTests {
    /// A snapshot that fails to read (the file locked for a moment) is read again on its
    /// own: a screen does not stay on the failure until the next change, which in a quiet
    /// office may be minutes away.
    @Test func aFailedReadIsTriedAgainWithoutAnotherChange() async throws {
        let memory = try InMemoryQueue(config: TestDatabase.demoConfig, time: TestClock().source)
        _ = try await memory.issue(service: "A", preferential: false, firstName: nil)
        await memory.failReads(2)
        let feed = QueueFeed()
        let updates = Mutex<[QueueFeed.Update]>([])
        // The feed reads once as it starts; nothing changes after that.
        feed.start(open: { memory }, wake: { updates.withLock { $0 += feed.drain() } })
        defer { feed.stop() }
        // Patient: a full parallel test run on two cores can keep a task waiting for seconds.
        let deadline = ContinuousClock.now + .seconds(30)
        var waiting: Int?
        while waiting == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            waiting = updates.withLock { all in
                all.compactMap { update -> Int? in
                    if case .snapshot(let snapshot, _) = update { snapshot.services.first { $0.code == "A" }?.waiting } else { nil }
                }.last
            }
        }
        let failures = updates.withLock { $0.count { if case .failure = $0 { true } else { false } } }
        #expect(failures == 2, "each failed read is shown")
        #expect(waiting == 1, "then the ticket, with no other change")
    }
}
