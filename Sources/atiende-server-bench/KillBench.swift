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
        let port = server.port
        let issuers = (0..<LoadBench.clients).map { index in
            Task {
                let client = HTTPClient(host: "127.0.0.1", port: port)
                let body = Data(#"{"service":"\#(LoadBench.services[index % 4])"}"#.utf8)
                while !Task.isCancelled {
                    guard let answer = try? await client.send(.POST, "/api/tickets", headers: [("Authorization", "Bearer \(ServerProcess.kioskToken)")], body: body),
                        answer.status == 201,
                        let json = try? JSONSerialization.jsonObject(with: answer.bytes) as? [String: Any],
                        let number = json["number"] as? String
                    else { try? await Task.sleep(for: .milliseconds(20)); continue }
                    acknowledged.add(number)
                }
            }
        }
        try await Task.sleep(for: .seconds(quick ? 1 : 3))
        server.kill()
        let killedWith = acknowledged.all.count
        try await Task.sleep(for: .milliseconds(500))
        for issuer in issuers { issuer.cancel() }
        for issuer in issuers { _ = await issuer.result }
        let answered = Set(acknowledged.all)

        let store = try SQLiteQueue(path: server.database, time: .fixed(Date(timeIntervalSince1970: 1_795_442_400)))
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
        let lost = answered.subtracting(stored)
        let restartStart = ContinuousClock.now
        try await server.start()
        let restart = elapsed(since: restartStart)
        let next = try await RemoteQueue(url: server.url, token: ServerProcess.kioskToken).issue(service: "A", preferential: false, firstName: nil)
        let aCount = stored.filter { $0.hasPrefix("A-") }.count
        say("\nkill: SIGKILL while \(LoadBench.clients) clients issued, then a restart")
        say("  acknowledged: \(answered.count) (\(killedWith) before the kill)   stored: \(stored.count)   acknowledged but lost: \(lost.count)")
        say("  stored but never acknowledged (in flight at the kill): \(stored.count - answered.count)   numbers gap-free: \(gapFree ? "yes" : "NO")")
        say(String(format: "  PRAGMA integrity_check: %@   restart to listening: %.0f ms   next ticket: %@ (expected A-%03d)",
            integrity, restart * 1000, next.ticket.number.description, aCount + 1))
    }
}
