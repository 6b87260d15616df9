import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

/// Being told of changes, from any server: every writing transaction that logged events or
/// changed what a screen shows sends a notice on `PostgresQueue.channel` as it commits
/// (`Writing.finish`), naming its office and the office's last event number, or `setup`.
extension PostgresQueue {
    /// The events each commit logged, read after its notice; `.unknown` at the start, after a
    /// setup change, after a lost connection to the database, and for a flood.
    public func changes() -> AsyncStream<QueueChange> {
        AsyncStream { continuation in
            let task = Task { await self.follow { continuation.yield($0) } }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A wake after every commit of this office, from any server, saying nothing of what:
    /// this process's own at once, the others' by the database's notice.
    public func commits() -> AsyncStream<Void> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let id = commitListeners.withLock { listeners in
                defer { listeners.next += 1 }
                listeners.all[listeners.next] = continuation
                return listeners.next
            }
            let task = Task { await self.follow(describing: false) { _ in continuation.yield() } }
            continuation.onTermination = { [self] _ in
                task.cancel()
                _ = commitListeners.withLock { $0.all.removeValue(forKey: id) }
            }
        }
    }

    /// Events fewer than this since the last look are told one by one; more mean a full read.
    static let eventsPerChange = 100

    /// Listens on a connection of its own until cancelled, listening again after the
    /// database went away (and telling `.unknown` then: something may have changed unheard).
    private func follow(describing: Bool = true, _ tell: @escaping @Sendable (QueueChange) -> Void) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notices in
                        // Heard from here on: what happened before is read whole.
                        tell(.unknown)
                        var last = describing ? try await lastEventID() : 0
                        for try await notice in notices {
                            let parts = notice.payload.split(separator: " ")
                            guard parts.count == 2, parts[0] == officeID.rawValue else { continue }
                            guard describing else {
                                tell(.unknown)
                                continue
                            }
                            guard let upTo = Int64(parts[1]) else {
                                tell(.unknown)
                                last = try await lastEventID()
                                continue
                            }
                            guard upTo > last else { continue }
                            let events = try await events(after: last, limit: Self.eventsPerChange)
                            if events.count == Self.eventsPerChange || events.isEmpty {
                                tell(.unknown)
                                last = try await lastEventID()
                            } else {
                                tell(.events(events))
                                last = events.last?.id ?? last
                            }
                        }
                    }
                }
            } catch {
                logger.debug("listening for changes stopped: \(error)")
            }
            guard !Task.isCancelled else { return }
            // The database is away: try again shortly, without flooding its log.
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
