import AtiendeCore
import Foundation
import Synchronization

/// Follows the queue from a background task and hands fresh snapshots (or failures) to
/// a screen's loop, waking it. The loop never waits on the database.
///
/// An event the snapshot can take by itself (a call, a ticket issued) changes it at once,
/// with no read (`FollowedSnapshot`): the call is on the screen as soon as the event
/// arrives. The figures such events leave as they were come with one full read at most
/// every `settle`; any other change is read in full at once.
public final class QueueFeed: Sendable {
    public enum Update: Sendable {
        case snapshot(QueueSnapshot, Office)
        case failure(String)
    }

    private let mailbox = Mutex<[Update]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// How soon a failed read is tried again.
    static let retryAfter: Duration = .seconds(1)
    /// The longest the figures wait for a full read after events applied by themselves.
    public static let settle: Duration = .seconds(3)

    public init() {}

    /// Starts following; `open` makes the queue (retried every second until it works),
    /// `wake` is called from the background after each update.
    public func start(open: @escaping @Sendable () throws -> any QueueService, wake: @escaping @Sendable () -> Void) {
        let work = Task.detached { [self] in
            while !Task.isCancelled {
                do {
                    await follow(try open(), wake)
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

    private enum Input: Sendable {
        case change(QueueChange)
        /// The settle time after applied events is up.
        case readDue
    }

    private func follow(_ queue: any QueueService, _ wake: @escaping @Sendable () -> Void) async {
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let relay = Task {
            for await change in queue.changes() { input.yield(.change(change)) }
            input.finish()
        }
        defer { relay.cancel() }
        var followed = FollowedSnapshot()
        var office: Office?
        var due: Task<Void, Never>?
        let clock = ContinuousClock()
        var lastRead = clock.now - Self.settle
        for await item in inputs {
            if Task.isCancelled { break }
            switch item {
            case .change(let change):
                switch followed.apply(change, office: office) {
                case .unchanged: continue
                case .applied:
                    if let snapshot = followed.snapshot, let office { post(.snapshot(snapshot, office), wake) }
                    if due == nil {
                        let wait = max(.zero, lastRead + Self.settle - clock.now)
                        due = Task {
                            try? await Task.sleep(for: wait)
                            input.yield(.readDue)
                        }
                    }
                    continue
                case .needsRead: break
                }
            case .readDue:
                due = nil
                guard followed.appliedSinceRead > 0 else { continue }
            }
            due?.cancel()
            due = nil
            office = await read(queue, into: &followed, wake) ?? office
            lastRead = clock.now
        }
        due?.cancel()
    }

    /// A full read; one that fails (the file locked for a moment) is tried again every
    /// second until it works: the next change may be minutes away.
    private func read(_ queue: any QueueService, into followed: inout FollowedSnapshot, _ wake: @Sendable () -> Void) async -> Office? {
        while !Task.isCancelled {
            do {
                let snapshot = try await queue.snapshot()
                let office = try await queue.office()
                followed.read(snapshot)
                post(.snapshot(snapshot, office), wake)
                return office
            } catch {
                post(.failure("\(error)"), wake)
                try? await Task.sleep(for: Self.retryAfter)
            }
        }
        return nil
    }

    private func post(_ update: Update, _ wake: @Sendable () -> Void) {
        mailbox.withLock { $0.append(update) }
        wake()
    }
}
