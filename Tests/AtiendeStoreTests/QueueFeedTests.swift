import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

@Suite struct QueueFeedTests {
    /// A snapshot that fails to read (the file locked for a moment) is read again on its
    /// own: a screen does not stay on the failure until the next change, which in a quiet
    /// office may be minutes away.
    @Test(.timeLimit(.minutes(1))) func aFailedReadIsTriedAgainWithoutAnotherChange() async throws {
        let memory = try InMemoryQueue(config: TestDatabase.demoConfig, time: TestClock().source)
        _ = try await memory.issue(service: "A", preferential: false, firstName: nil)
        await memory.failReads(2)
        let feed = QueueFeed()
        let (updates, arrived) = AsyncStream.makeStream(of: QueueFeed.Update.self)
        // The feed reads once as it starts; nothing changes after that.
        feed.start(open: { memory }, wake: { feed.drain().forEach { arrived.yield($0) } })
        defer { feed.stop() }
        // Waits for what the feed shows, however long a full test run keeps it waiting.
        var failures = 0
        for await update in updates {
            switch update {
            case .failure: failures += 1
            case .snapshot(let snapshot, _):
                #expect(failures == 2, "each failed read is shown before the snapshot")
                #expect(snapshot.services.first { $0.code == "A" }?.waiting == 1, "then the ticket, with no other change")
                return
            }
        }
    }
}
