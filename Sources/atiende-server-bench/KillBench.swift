import AtiendeCore
import AtiendeRemote
import AtiendeStore
import Foundation
import Synchronization
import TestSupport

/// A power cut mid-load: SIGKILL while 50 clients issue, then a restart. Every number a
/// client was given must be stored, numbering must have no gap and go on from there.
struct KillBench {
    let quick: Bool

    func run() async throws {
        let server = try await startServer("kill")
        defer { finish(server) }
        let acknowledged = Tally()
        // Each client sends one Idempotency-Key per ticket and keeps it until it gets an
        // answer, as the kiosk does: what was in flight at the kill is asked again after.
        let pending = PendingKeys()
        let port = server.port
        let headers = [("Authorization", "Bearer \(ServerProcess.kioskToken)")]
        let body: @Sendable (Int) -> Data = { index in Data(#"{"service":"\#(LoadBench.services[index % 4])"}"#.utf8) }
        let issuers = (0..<LoadBench.clients).map { index in
            Task {
                let client = HTTPClient(host: "127.0.0.1", port: port)
                var sent = 0
                while !Task.isCancelled {
                    let key = "kill-\(index)-\(sent)"
                    pending.keys.withLock { $0[index] = key }
                    guard let answer = try? await client.send(.POST, "/api/tickets", headers: headers + [("Idempotency-Key", key)], body: body(index)),
                        answer.status == 201, let number = Self.number(answer.bytes)
                    else { try? await Task.sleep(for: .milliseconds(20)); continue }
                    acknowledged.add(number)
                    pending.keys.withLock { $0[index] = nil }
                    sent += 1
                }
            }
        }
        try await Task.sleep(for: .seconds(quick ? 1 : 3))
        server.kill()
        let killedWith = acknowledged.all.count
        try await Task.sleep(for: .milliseconds(500))
        for issuer in issuers { issuer.cancel() }
        for issuer in issuers { _ = await issuer.result }
        let beforeRestart = Set(acknowledged.all)
        // What the file holds at the kill: tickets stored whose answer never left are the
        // ones a kiosk without retries would have lost track of.
        let atKill = try await Self.stored(server.database).numbers

        let restartStart = ContinuousClock.now
        try await server.start()
        let restart = elapsed(since: restartStart)
        // The clients try again with the keys they never had an answer for.
        let retries = pending.keys.withLock { $0 }
        var retried = 0
        for (index, key) in retries {
            let client = HTTPClient(host: "127.0.0.1", port: server.port)
            if let answer = try? await client.send(.POST, "/api/tickets", headers: headers + [("Idempotency-Key", key)], body: body(index)),
                answer.status == 201, let number = Self.number(answer.bytes) {
                acknowledged.add(number)
                retried += 1
            }
        }
        let answered = Set(acknowledged.all)

        let (stored, gapFree, integrity) = try await Self.stored(server.database)
        let lost = answered.subtracting(stored)
        let retriedNumbers = answered.subtracting(beforeRestart)
        let storedAtKill = retriedNumbers.intersection(atKill.subtracting(beforeRestart)).count
        let next = try await RemoteQueue(url: server.url, token: ServerProcess.kioskToken).issue(service: "A", preferential: false, firstName: nil)
        let aCount = stored.filter { $0.hasPrefix("A-") }.count
        say("\nkill: SIGKILL while \(LoadBench.clients) clients issued, then a restart; clients retry with their Idempotency-Key")
        say("  acknowledged: \(answered.count) (\(killedWith) before the kill)   stored: \(stored.count)   acknowledged but lost: \(lost.count)")
        say("  in flight at the kill: \(retries.count); stored but unanswered at the kill: \(atKill.subtracting(beforeRestart).count)")
        say("  asked again after the restart with the same key: \(retried) answered, \(storedAtKill) of them with the ticket already stored, \(retried - storedAtKill) issued then")
        say("  stored but never acknowledged, after the retries: \(stored.subtracting(answered).count)   numbers gap-free: \(gapFree ? "yes" : "NO")")
        say(String(format: "  PRAGMA integrity_check: %@   restart to listening: %.0f ms   next ticket: %@ (expected A-%03d)",
            integrity, restart * 1000, next.ticket.number.description, aCount + 1))
    }

    /// The tickets in the file, whether each service's numbers are gap-free, and its integrity.
    static func stored(_ database: String) async throws -> (numbers: Set<String>, gapFree: Bool, integrity: String) {
        let store = try SQLiteQueue(path: database, time: .fixed(Date(timeIntervalSince1970: 1_795_442_400)))
        let integrity = try await store.integrityCheck()
        var stored: Set<String> = []
        var gapFree = true
        for service in LoadBench.services {
            var sequence = 1
            while let place = try await store.lookup(TicketNumber(service: service, sequence: sequence)) {
                stored.insert(place.ticket.number.description)
                sequence += 1
            }
            let issued = try await store.report(day: LocalDay(year: 2026, month: 11, day: 23)).services[service]?.issued ?? 0
            gapFree = gapFree && issued == sequence - 1
        }
        return (stored, gapFree, integrity)
    }

    static func number(_ bytes: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: bytes) as? [String: Any])?["number"] as? String
    }
}

/// Each client's key still waiting for an answer.
final class PendingKeys: Sendable {
    let keys = Mutex<[Int: String]>([:])
}
