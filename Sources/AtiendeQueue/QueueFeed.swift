import AtiendeCore
import Foundation
import Synchronization

/// Follows the queue from a background task and hands fresh snapshots (or failures) to
/// a screen's loop, waking it. The loop never waits on the database.
public final class QueueFeed: Sendable {
    public enum Update: Sendable {
        case snapshot(QueueSnapshot, Office)
        case failure(String)
    }

    private let mailbox = Mutex<[Update]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// How soon a failed read is tried again.
    static let retryAfter: Duration = .seconds(1)

    public init() {}

    /// Starts following; `open` makes the queue (retried every second until it works),
    /// `wake` is called from the background after each update.
    public func start(open: @escaping @Sendable () throws -> any QueueService, wake: @escaping @Sendable () -> Void) {
        let work = Task.detached { [self] in
            while !Task.isCancelled {
                do {
                    let queue = try open()
                    for await _ in queue.changes() {
                        // A read that fails (the file locked for a moment) is tried again
                        // every second until it works: the next change may be minutes away.
                        while !Task.isCancelled {
                            do {
                                let snapshot = try await queue.snapshot()
                                post(.snapshot(snapshot, try await queue.office()), wake)
                                break
                            } catch {
                                post(.failure("\(error)"), wake)
                                try? await Task.sleep(for: Self.retryAfter)
                            }
                        }
                    }
                } catch {
                    post(.failure("\(error)"), wake)
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        task.withLock { $0 = work }
    }

    public func stop() { task.withLock { $0?.cancel() } }

    /// Everything that arrived since the last call, oldest first.
    public func drain() -> [Update] { mailbox.withLock { updates in defer { updates.removeAll() }; return updates } }

    private func post(_ update: Update, _ wake: @Sendable () -> Void) {
        mailbox.withLock { $0.append(update) }
        wake()
    }
}
