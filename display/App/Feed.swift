import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import ScreenKit
import Synchronization

/// Follows the queue from a background task and hands fresh snapshots (or failures) to
/// the screen's loop, waking it. The loop never waits on the database.
final class Feed: Sendable {
    enum Update: Sendable {
        case snapshot(QueueSnapshot, Office)
        case failure(String)
    }

    private let mailbox = Mutex<[Update]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts following; `open` makes the queue (retried every second until it works).
    func start(open: @escaping @Sendable () throws -> any QueueService, waker: Waker) {
        let work = Task.detached { [self] in
            while !Task.isCancelled {
                do {
                    let queue = try open()
                    for await _ in queue.changes() {
                        do {
                            let snapshot = try await queue.snapshot()
                            post(.snapshot(snapshot, try await queue.office()), waker)
                        } catch {
                            post(.failure("\(error)"), waker)
                        }
                    }
                } catch {
                    post(.failure("\(error)"), waker)
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        task.withLock { $0 = work }
    }

    func stop() { task.withLock { $0?.cancel() } }

    /// Everything that arrived since the last call, oldest first.
    func drain() -> [Update] { mailbox.withLock { updates in defer { updates.removeAll() }; return updates } }

    private func post(_ update: Update, _ waker: Waker) {
        mailbox.withLock { $0.append(update) }
        waker.wake()
    }
}
