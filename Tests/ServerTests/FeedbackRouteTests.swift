import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// The visitor's judgement: the five key drivers, once per visit, after it ends, and in
/// the reports.
@Suite struct FeedbackRouteTests {
    static let body = #"{"ratings": {"answer": 5, "time": 4, "professionalism": 5, "information": 3, "attitude": 5}, "comment": "Muy amables."}"#

    @Test func oneAnswerPerVisitAfterItEndsAndTheReportsShowIt() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let token = try VisitRouteTests.token(try await server.send(.POST, "/api/tickets", token: RunningServer.kiosk, body: #"{"service": "A"}"#).json)
        let early = try await server.send(.POST, "/api/visits/\(token)/feedback", body: Self.body)
        #expect(early.status == 409)
        #expect(early.json["reason"] as? String == "feedbackTooEarly")

        for step in ["next", "start", "finish"] { _ = try await server.send(.POST, "/api/desks/1/\(step)", token: RunningServer.staff) }
        let open = try await server.send(.GET, "/api/visits/\(token)")
        #expect(open.json["feedbackOpen"] as? Bool == true)

        let bad = try await server.send(.POST, "/api/visits/\(token)/feedback", body: Self.body.replacingOccurrences(of: #""time": 4"#, with: #""time": 9"#))
        #expect(bad.status == 422)
        #expect(bad.json["error"] as? String == "time is rated 9: give 1 to 5")
        let missing = try await server.send(.POST, "/api/visits/\(token)/feedback", body: #"{"ratings": {"answer": 5}}"#)
        #expect(missing.status == 400, "the document requires all five")

        let given = try await server.send(.POST, "/api/visits/\(token)/feedback", body: Self.body)
        #expect(given.status == 200)
        #expect(given.json["feedbackOpen"] as? Bool == false)
        let twice = try await server.send(.POST, "/api/visits/\(token)/feedback", body: Self.body)
        #expect(twice.status == 409)
        #expect(twice.json["reason"] as? String == "feedbackGiven")

        let report = try await server.send(.GET, "/api/reports/2026-11-23")
        let office = try #require(report.json["office"] as? [String: Any])
        #expect(office["answered"] as? Int == 1)
        #expect(office["answeredPercent"] as? Double == 100)
        let drivers = try #require(office["drivers"] as? [String: Double])
        #expect(drivers == ["answer": 5, "time": 4, "professionalism": 5, "information": 3, "attitude": 5])
        // Visitors' comments are for staff roles: an anonymous reader gets the figures only.
        #expect((report.json["comments"] as? [String] ?? []).isEmpty, "\(report.json)")
        let staffReport = try await server.send(.GET, "/api/reports/2026-11-23", token: RunningServer.staff)
        #expect(staffReport.json["comments"] as? [String] == ["Muy amables."])
        let desk = try #require((report.json["desks"] as? [String: [String: Any]])?["1"])
        #expect(desk["answered"] as? Int == 1)
        #expect(try await server.queue().report(day: LocalDay(year: 2026, month: 11, day: 23)).office.feedback.answered == 1)
    }

    @Test func theDesksTabletRatesItsLastVisitOnce() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let none = try await server.send(.POST, "/api/desks/1/feedback", token: RunningServer.staff, body: Self.body)
        #expect(none.status == 404)
        #expect(none.json["reason"] as? String == "noVisitToRate")
        #expect(try await server.send(.POST, "/api/desks/1/feedback", token: RunningServer.kiosk, body: Self.body).status == 403)
        _ = try await server.send(.POST, "/api/tickets", token: RunningServer.kiosk, body: #"{"service": "A"}"#)
        for step in ["next", "start", "finish"] { _ = try await server.send(.POST, "/api/desks/1/\(step)", token: RunningServer.staff) }
        let rated = try await server.send(.POST, "/api/desks/1/feedback", token: RunningServer.staff, body: Self.body)
        #expect(rated.status == 200)
        #expect(rated.json["number"] as? String == "A-001")
        let twice = try await server.send(.POST, "/api/desks/1/feedback", token: RunningServer.staff, body: Self.body)
        #expect(twice.status == 409)
        let report = try await server.send(.GET, "/api/reports/2026-11-23")
        #expect((report.json["office"] as? [String: Any])?["answered"] as? Int == 1)
    }

    @Test func aWrongLinkCannotRate() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let answer = try await server.send(.POST, "/api/visits/\(String(repeating: "Z", count: 22))/feedback", body: Self.body)
        #expect(answer.status == 404)
    }
}
