import AtiendeQueue
import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Notices commits made by any process to the database file, and says what they were.
///
/// GRDB's observation only sees writes through the same pool; another process's commit
/// shows up as a change of `PRAGMA data_version` on a connection of our own. The watcher
/// reads that counter whenever a file in the database's folder is written (inotify: a
/// commit writes the `-wal` file), and every `interval` at the latest where inotify is
/// not there; the pragma is a cheap read of a counter. When it moves, `describe` says
/// what changed since the last look: the events logged, when nothing else did.
struct ChangeWatcher: Sendable {
    /// Where the queue stands: its newest event and the rest of what screens show.
    struct Position: Sendable, Equatable {
        var eventID: Int64
        var setup: SetupVersion
    }

    /// The counter; throws when the file cannot be read now.
    var version: @Sendable () throws -> Int?
    /// What changed since a position (`nil`: nothing a screen shows), and the position now;
    /// without it, every commit is `.unknown` (for a reader that only needs waking).
    var describe: (@Sendable (Position?) async throws -> (QueueChange?, Position))?
    /// The folder whose writes wake the watcher (inotify); `nil` to poll every `interval`
    /// only, for a reader that hears of its own process's commits otherwise.
    var folder: String?
    var interval: Duration = .milliseconds(50)

    func stream() -> AsyncStream<QueueChange> {
        AsyncStream { continuation in
            let wake = FolderWake(folder: folder, interval: interval)
            let task = Task {
                var last: Int?
                var position: Position?
                for await _ in wake.ticks {
                    do {
                        let version = try self.version()
                        guard version != last else { continue }
                        last = version
                        guard let describe else {
                            continuation.yield(.unknown)
                            continue
                        }
                        let (change, now) = try await describe(position)
                        position = now
                        if let change { continuation.yield(change) }
                    } catch {
                        // The file may be missing or locked for now: say something changed so the
                        // reader finds out (and shows it), then try a fresh connection a second later.
                        last = nil
                        position = nil
                        continuation.yield(.unknown)
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in
                wake.stop()
                task.cancel()
            }
        }
    }
}

/// A tick whenever a file in a folder is written, and every `interval` anyway: a thread
/// of its own waits on inotify, so no task of the pool blocks.
final class FolderWake: Sendable {
    let ticks: AsyncStream<Void>
    private final class Flag: Sendable { let raised = Atomic<Bool>(false) }
    private let stopped = Flag()

    init(folder: String?, interval: Duration) {
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.ticks = ticks
        let milliseconds = Int32(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        let descriptor = folder.map(Self.watch) ?? -1
        let thread = Thread { [stopped] in
            defer {
                if descriptor >= 0 { close(descriptor) }
                tick.finish()
            }
            tick.yield()
            while !stopped.raised.load(ordering: .relaxed) {
                Self.wait(descriptor, milliseconds: milliseconds)
                tick.yield()
            }
        }
        thread.name = "atiende-change-watch"
        thread.start()
    }

    func stop() { stopped.raised.store(true, ordering: .relaxed) }

    /// An inotify descriptor on the folder's writes, or -1 where there is none.
    private static func watch(_ folder: String) -> Int32 {
        #if canImport(Glibc)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return -1 }
        guard inotify_add_watch(descriptor, folder, UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_DELETE)) >= 0 else {
            close(descriptor)
            return -1
        }
        return descriptor
        #else
        return -1
        #endif
    }

    /// Waits until the folder is written or the time is up, and empties what inotify said.
    private static func wait(_ descriptor: Int32, milliseconds: Int32) {
        guard descriptor >= 0 else {
            usleep(useconds_t(milliseconds) * 1000)
            return
        }
        var pending = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&pending, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(descriptor, &buffer, buffer.count) > 0 {}
    }
}
