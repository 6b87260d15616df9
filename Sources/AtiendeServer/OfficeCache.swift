import AtiendeCore
import AtiendeQueue
import Synchronization

/// The office (tokens, time zone, names) with its config version, kept in memory so a
/// request does not read it from the file. The event hub refreshes it when it sees a
/// new config version (within the change watcher's 50 ms); until the first read it is
/// loaded on demand.
final class OfficeCache: Sendable {
    private let queue: any ServedQueue
    private let current = Mutex<(version: Int64, office: Office)?>(nil)

    init(queue: any ServedQueue) { self.queue = queue }

    func office() async throws -> (version: Int64, office: Office) {
        if let cached = current.withLock({ $0 }) { return cached }
        return try await refresh()
    }

    /// Reads the office again; called when its version changed.
    @discardableResult
    func refresh() async throws -> (version: Int64, office: Office) {
        let fresh = try await queue.versionedOffice()
        current.withLock { $0 = fresh }
        return fresh
    }

    /// Forgets it (the file could not be read): the next request reads again.
    func forget() { current.withLock { $0 = nil } }
}
