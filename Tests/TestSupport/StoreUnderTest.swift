import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation

/// Every implementation of the queue, for tests that must hold on each (the conformance
/// suite): a new store joins by adding a case here.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, file

    public var description: String { rawValue }
}

/// A fresh queue of one kind with the demo office and a clock the test moves, removed
/// with `remove()`.
public struct StoreUnderTest: Sendable {
    public let kind: StoreKind
    public let queue: any ServedQueue
    public let clock: TestClock
    private let database: TestDatabase?

    public init(_ kind: StoreKind, clock: TestClock = TestClock(), config: String = TestDatabase.demoConfig) async throws {
        self.kind = kind
        self.clock = clock
        switch kind {
        case .memory:
            database = nil
            queue = try InMemoryQueue(config: config, time: clock.source)
        case .file:
            let database = try await TestDatabase(clock: clock, config: config)
            self.database = database
            queue = database.queue
        }
    }

    public func remove() { database?.remove() }

    @discardableResult
    public func issue(_ service: ServiceCode, preferential: Bool = false) async throws -> Ticket {
        try await queue.issue(service: service, preferential: preferential, firstName: nil).ticket
    }
}
