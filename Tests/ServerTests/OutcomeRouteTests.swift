import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import Foundation
import Testing
import TestSupport

/// How a visit ended, through the API: the finish takes it as JSON, refusals are 422
/// with one line, the remote queue carries it, and the public event stream never shows
/// its details.
@Suite struct OutcomeRouteTests {
    @Test func finishTakesTheOutcomeAndTheStreamKeepsItsDetailsPrivate() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let remote = try server.queue()
        let updates = Collected(remote.events())
        defer { updates.stop() }
        // The stream follows from when it opens: open first, then act (it once raced the finish).
        #expect(await updates.wait { $0.contains(.connected) })
        _ = try await remote.issue(service: "A", preferential: false, firstName: nil)
        _ = try await remote.callNext(desk: "1")
        _ = try await remote.act(.start, desk: "1")

        let missing = try await server.send(.POST, "/api/desks/1/finish", token: RunningServer.staff, body: #"{"outcome": "referred"}"#)
        #expect(missing.status == 422)
        #expect(missing.json["reason"] as? String == "outcomeNeedsDetail")
        let unknown = try await server.send(.POST, "/api/desks/1/finish", token: RunningServer.staff, body: #"{"outcome": "lost"}"#)
        #expect(unknown.status == 422)
        #expect((unknown.json["error"] as? String)?.hasPrefix("no hay un resultado 'lost'") == true, "in the office's language")
        let extra = try await server.send(.POST, "/api/desks/1/finish", token: RunningServer.staff, body: #"{"outcome": "resolved", "rating": 5}"#)
        #expect(extra.status == 400)
        // A body without the outcome is told to send the outcome (it once suggested caseNumber).
        let none = try await server.send(.POST, "/api/desks/1/finish", token: RunningServer.staff, body: #"{"caseNumber": "2026-77"}"#)
        #expect(none.status == 400)
        #expect((none.json["error"] as? String)?.hasSuffix(#"send e.g. {"outcome": …}"#) == true, "\(none.json)")

        let outcome = VisitOutcome(code: "referred", referredTo: "Personería", note: "llamar a la hija")
        let finish = try await remote.act(.finishAs(outcome), desk: "1")
        #expect(finish.event.outcome == outcome, "staff see every detail in the answer")

        #expect(await updates.wait { $0.contains { if case .event(let e) = $0 { e.name == "finished" } else { false } } })
        let finished = updates.all.compactMap { update -> String? in
            if case .event(let event) = update, event.name == "finished" { event.data } else { nil }
        }
        #expect(finished.count == 1)
        let data = try #require(finished.first)
        #expect(data.contains(#""outcome":{"code":"referred"}"#), "\(finished)")
        #expect(!data.contains("Personería") && !data.contains("hija"), "no detail on the public stream")
    }

    @Test func theDeskLineOffersTheOfficesOutcomes() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let line = try await server.send(.GET, "/api/desks/1", token: RunningServer.staff)
        let outcomes = try #require(line.json["outcomes"] as? [[String: Any]])
        #expect(outcomes.map { $0["code"] as? String } == ["resolved", "caseOpened", "referred", "followUp"])
        #expect(outcomes[1]["needs"] as? String == "caseNumber")
        #expect(line.json["outcomeRequired"] as? Bool == false)
    }
}
