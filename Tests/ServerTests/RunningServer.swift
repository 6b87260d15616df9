import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import AtiendeServer
import AtiendeStore
import Foundation
import NIOHTTP1
import Synchronization
import TestSupport

/// A real `QueueServer` on a free loopback port, over a fresh database with a fixed
/// clock, in this process: fast to start, and its clock is the test's.
struct RunningServer: Sendable {
    let database: TestDatabase
    let port: Int
    let task: Task<Void, any Error>
    let server: QueueServer

    static let staff = "demo-staff-token", kiosk = "demo-kiosk-token"

    static func start(database: TestDatabase? = nil, clock: TestClock = TestClock(), config: String = TestDatabase.demoConfig, port: Int = 0,
                      idleTimeout: Duration = QueueServer.idleTimeout) async throws -> RunningServer {
        let database = if let database { database } else { try await TestDatabase(clock: clock, config: config) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = QueueServer(queue: database.queue)
        let task = Task {
            try await server.run(host: "127.0.0.1", port: port, signals: false, logLevel: .critical, idleTimeout: idleTimeout) { continuation.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw CancellationError() }
        return RunningServer(database: database, port: bound, task: task, server: server)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The remote queue on this server, patient: a full parallel test run on two cores can
    /// hold a request up for longer than the 10 s a screen waits.
    func queue(token: String? = RunningServer.staff) throws -> RemoteQueue {
        RemoteQueue(url: try ServerURL(parsing: url), token: token, timeout: .seconds(60))
    }

    /// A raw request, for status codes and bodies as a client program would see them.
    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, body: String? = nil, headers: [(String, String)] = []) async throws -> (status: Int, json: [String: Any]) {
        let client = HTTPClient(host: "127.0.0.1", port: port)
        let auth = token.map { [("Authorization", "Bearer \($0)")] } ?? []
        let answer = try await client.send(method, path, headers: auth + headers, body: body.map { Data($0.utf8) })
        let json = (try? JSONSerialization.jsonObject(with: answer.bytes)) as? [String: Any] ?? [:]
        return (answer.status, json)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// Collects what a stream yields, for checks made later.
final class Collected<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ stream: AsyncStream<T>) {
        let work = Task { [weak self] in
            for await item in stream { self?.items.withLock { $0.append(item) } }
        }
        task.withLock { $0 = work }
    }

    var all: [T] { items.withLock { $0 } }

    /// Waits until `condition` holds for what arrived, up to `seconds`.
    func wait(seconds: Double = 30, until condition: ([T]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(all)
    }

    func stop() { task.withLock { $0?.cancel() } }
}
