import AtiendeCore
import AtiendePostgres
import AtiendeQueue
import AtiendeRemote
import AtiendeServer
import AtiendeStore
import Foundation
import TestSupport

/// Every implementation of the queue, for the tests that must hold on each: a new store
/// joins the suite by adding a case here.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `InMemoryQueue`.
    case memory
    /// `SQLiteQueue` on a file.
    case file
    /// `RemoteQueue`, through a `QueueServer` in this process over the queue in memory.
    case remoteMemory
    /// `RemoteQueue`, through a `QueueServer` in this process over a file.
    case remoteFile
    /// `PostgresQueue`, an office in a database of its own on the test command's PostgreSQL.
    case postgres
    /// `RemoteQueue`, through a `QueueServer` in this process over PostgreSQL.
    case remotePostgres

    var description: String { rawValue }

    /// Every kind this run can make: the PostgreSQL ones when the test command started a
    /// server (`ATIENDE_TEST_POSTGRES`).
    static var allCases: [StoreKind] {
        [.memory, .file, .remoteMemory, .remoteFile] + (TestPostgres.available ? [.postgres, .remotePostgres] : [])
    }
}

/// A fresh queue of one kind with the demo office and a clock the test moves; `remove()`
/// stops its server and deletes its file.
struct StoreUnderTest: Sendable {
    let kind: StoreKind
    /// What the test drives.
    let queue: any QueueService
    /// The store that keeps it all (the one behind the server for a remote kind), for what
    /// only a store shows (its event log).
    let backing: any ServedQueue
    let clock: TestClock
    private let database: TestDatabase?
    private let postgres: TestPostgresDatabase?
    private let server: Task<Void, any Error>?

    /// The admin a remote kind is signed in as, so every operation is open to it.
    static let admin = StaffAccount(user: "eva", name: "Eva Ríos", role: .admin)
    static let adminToken = "atd_conformance-suite-admin-session"

    init(_ kind: StoreKind, clock: TestClock = TestClock(), config: String = TestDatabase.demoConfig) async throws {
        self.kind = kind
        self.clock = clock
        switch kind {
        case .memory, .remoteMemory:
            database = nil
            postgres = nil
            backing = try InMemoryQueue(config: config, time: clock.source)
        case .file, .remoteFile:
            let database = try await TestDatabase(clock: clock, config: config)
            self.database = database
            postgres = nil
            backing = database.queue
        case .postgres, .remotePostgres:
            database = nil
            let postgres = try await TestPostgresDatabase()
            self.postgres = postgres
            let queue = PostgresQueue(client: postgres.client, office: "norte", time: clock.source)
            try await queue.apply(config: config, file: "office config")
            backing = queue
        }
        try await backing.addStaff(Self.admin, passwordHash: "not used: a remote kind's session is opened here")
        guard kind == .remoteMemory || kind == .remoteFile || kind == .remotePostgres else {
            queue = backing
            server = nil
            return
        }
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let running = QueueServer(queue: backing)
        server = Task { try await running.run(host: "127.0.0.1", port: 0, signals: false, logLevel: .critical) { bound.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        try await backing.openSession(StaffSession(
            tokenHash: SessionToken.digest(Self.adminToken[...]), user: Self.admin.user, startedAt: clock.now,
            expiresAt: clock.now.addingTimeInterval(30 * 86_400)))
        queue = RemoteQueue(url: try ServerURL(parsing: "http://127.0.0.1:\(port)"), token: Self.adminToken, timeout: .seconds(60))
    }

    func remove() {
        server?.cancel()
        database?.remove()
        postgres?.remove()
    }

    @discardableResult
    func issue(_ service: ServiceCode, preferential: Bool = false) async throws -> Ticket {
        try await queue.issue(service: service, preferential: preferential, firstName: nil).ticket
    }
}

/// The code of a refusal, whichever store made it: a store's `QueueError`, or the reason
/// the server gave a remote client.
func refusal(_ body: () async throws -> Any) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch let error as QueueError {
        return error.code
    } catch let error as QueueRefused {
        return error.reason
    } catch let error as SetupRefused {
        return error.code
    } catch let error as RequestError {
        return error.code
    } catch {
        return "\(error)"
    }
}
