import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// The visit link: a secret per ticket that opens the visitor's own page and nothing
/// else; the number alone never does.
@Suite struct VisitRouteTests {
    static func token(_ issued: [String: Any]) throws -> String {
        let url = try #require(issued["visitUrl"] as? String)
        #expect(url.hasPrefix("/t/"))
        let token = String(url.dropFirst(3))
        #expect(VisitToken.isWellFormed(token), "22 base64url characters: 128 random bits")
        return token
    }

    @Test func theLinkOpensTheVisitorsOwnTicketAndNothingElse() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let issued = try await server.send(.POST, "/api/tickets", token: RunningServer.kiosk, body: #"{"service": "A", "firstName": "Rosa"}"#)
        #expect(issued.status == 201)
        let token = try Self.token(issued.json)
        let byNumber = try await server.send(.GET, "/api/tickets/A-001", token: RunningServer.staff)
        #expect(byNumber.json["visitUrl"] == nil, "the number alone never gives the link")

        let visit = try await server.send(.GET, "/api/visits/\(token)")
        #expect(visit.status == 200)
        #expect(visit.json["number"] as? String == "A-001")
        #expect(visit.json["ahead"] as? Int == 0)
        #expect(visit.json["canCancel"] as? Bool == true)
        #expect(visit.json["firstName"] == nil && !"\(visit.json)".contains("Rosa"), "never the name")

        let page = try await server.send(.GET, "/t/\(token)")
        #expect(page.status == 200)
        let unknown = try await server.send(.GET, "/api/visits/" + String(repeating: "A", count: 22))
        #expect(unknown.status == 404)
        #expect(unknown.json["reason"] as? String == "visitNotFound")
        #expect(try await server.send(.GET, "/api/visits/short").status == 404, "a malformed link names no ticket either")
        #expect(try await server.send(.GET, "/t/" + String(repeating: "b", count: 22)).status == 404)
        #expect(try await server.send(.GET, "/t/A-001").status == 404, "a number is not a link")
    }

    @Test func theVisitorMayGiveUpTheTurnOnce() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let token = try Self.token(try await server.send(.POST, "/api/tickets", token: RunningServer.kiosk, body: #"{"service": "B"}"#).json)
        let cancelled = try await server.send(.POST, "/api/visits/\(token)/cancel")
        #expect(cancelled.status == 200)
        #expect(cancelled.json["state"] as? String == "cancelled")
        #expect(cancelled.json["canCancel"] as? Bool == false)
        let again = try await server.send(.POST, "/api/visits/\(token)/cancel")
        #expect(again.status == 409)
        #expect(try await server.queue().lookup(TicketNumber(service: "B", sequence: 1))?.ticket.state == .cancelled)
    }

    @Test func whereReadingNeedsATokenTheLinkFollowsTheStream() async throws {
        let config = try TestDatabase.demoConfig { office in
            office["access"] = ["staff": "demo-staff-token", "kiosk": "demo-kiosk-token", "read": "wall-token-123456"]
            office["publicAddress"] = "https://turnos.example.org/"
        }
        let server = try await RunningServer.start(config: config)
        defer { Task { await server.stop() } }
        let issued = try await server.send(.POST, "/api/tickets", token: RunningServer.kiosk, body: #"{"service": "A"}"#)
        let url = try #require(issued.json["visitUrl"] as? String)
        #expect(url.hasPrefix("https://turnos.example.org/t/"), "absolute with the office's public address")
        let token = String(url.split(separator: "/").last ?? "")
        #expect(try await server.send(.GET, "/api/visits/\(token)").status == 200, "the link is its own key")
        let port = server.port
        let open = await offThePool { RawHTTP.head(port: port, "/api/events?visit=\(token)") }
        #expect(open?.hasPrefix("HTTP/1.1 200") == true, "\(open ?? "closed")")
        let closed = await offThePool { RawHTTP.head(port: port, "/api/events?visit=" + String(repeating: "A", count: 22)) }
        #expect(closed?.hasPrefix("HTTP/1.1 401") == true, "\(closed ?? "closed")")
    }

    @Test func tokensAreUniqueAndWellFormed() {
        let tokens = (0..<2000).map { _ in VisitToken.make() }
        #expect(Set(tokens).count == tokens.count)
        #expect(tokens.allSatisfy(VisitToken.isWellFormed))
        #expect(!VisitToken.isWellFormed("A-001") && !VisitToken.isWellFormed(String(repeating: "=", count: 22)))
    }
}
