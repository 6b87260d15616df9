import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation
import NIOCore
import TestSupport

/// What screens and consoles read on every change, on a quiet day and a huge one: the
/// rate of `GET /api/status` from 20 clients with 100 tickets issued today against
/// 10,000, each day with 20 people waiting (the rest served).
struct StatusBench {
    let quick: Bool

    func run() async throws {
        say("\nstatus: GET /api/status from 20 keep-alive clients, 20 people waiting, the rest of the day served")
        var rates: [Int: Double] = [:]
        for issued in [100, quick ? 2_000 : 10_000] {
            let server = try await startServer("status-\(issued)") { store in
                try await BusyDay.fill(path: store.databasePath, issued: issued, waiting: 20)
            }
            defer { finish(server) }
            let connections = (0..<20).map { _ in HTTPClient(host: "127.0.0.1", port: server.port) }
            let read: @Sendable (Int) async throws -> Void = { client in
                let answer = try await connections[client].send(.GET, "/api/status", headers: [], body: nil)
                guard answer.status == 200 else { throw HTTPClientError.unreachable("status \(answer.status)") }
            }
            _ = await load(clients: 20, each: 5, read)  // warm up
            let (sample, failures) = await load(clients: 20, each: quick ? 25 : 100, read)
            rates[issued] = sample.rate
            say(String(format: "  %6d tickets today: ", issued) + sample.line + (failures > 0 ? "   \(failures) failed" : ""))
        }
        if let quiet = rates[100], let huge = rates.filter({ $0.key != 100 }).first?.value {
            say(String(format: "  status rate on the huge day is %.2f of the quiet day's", huge / quiet))
        }
    }
}
