import Foundation
import GRDB

/// Notices commits made by any process to the database file.
///
/// GRDB's observation only sees writes through the same pool; another process's commit
/// shows up as a change of `PRAGMA data_version` on a connection of our own. The watcher
/// polls one dedicated read-only connection (`SQLiteQueue.dataVersion`): the pragma is a
/// cheap read of a counter, so polling every 50 ms costs next to nothing.
struct ChangeWatcher: Sendable {
    /// The counter; throws when the file cannot be read now.
    var version: @Sendable () throws -> Int?
    var interval: Duration = .milliseconds(50)

    func stream() -> AsyncStream<Void> {
        AsyncStream { continuation in
            let task = Task {
                var last: Int?
                while !Task.isCancelled {
                    do {
                        let version = try self.version()
                        if version != last {
                            last = version
                            continuation.yield()
                        }
                    } catch {
                        // The file may be missing or locked for now: say something changed so the
                        // reader finds out (and shows it), then try a fresh connection a second later.
                        last = nil
                        continuation.yield()
                        try? await Task.sleep(for: .seconds(1))
                    }
                    try? await Task.sleep(for: interval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
