import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import Foundation
import NIOHTTP1
import Testing
import TestSupport

/// Who may do what: desk work needs a staff token, a kiosk token only issues, reading is
/// open unless the office sets read tokens. A refused request changes nothing.
@Suite struct AccessTests {
    static let deskOperations: [(String, String?)] = [
        ("/api/desks/1/next", nil), ("/api/desks/1/call", #"{"number": "A-002"}"#), ("/api/desks/1/recall", nil),
        ("/api/desks/1/start", nil), ("/api/desks/1/finish", nil), ("/api/desks/1/no-show", nil),
        ("/api/desks/1/requeue", nil), ("/api/desks/1/transfer", #"{"to": "C"}"#), ("/api/desks/2/close", nil),
        ("/api/desks/2/open", nil), ("/api/tickets/A-002/cancel", nil),
    ]

    /// A server with two tickets, the first called at desk 1: every desk operation would
    /// change something if it were let through.
    func busyServer(config: String = TestDatabase.demoConfig) async throws -> RunningServer {
        let server = try await RunningServer.start(config: config)
        _ = try await server.database.issue("A")
        _ = try await server.database.issue("A")
        _ = try await server.database.queue.callNext(desk: "1")
        return server
    }

    /// What a refused request must leave as it was.
    func state(_ server: RunningServer) async throws -> QueueSnapshot { try await server.database.queue.snapshot() }

    @Test func deskOperationsNeedAStaffToken() async throws {
        let server = try await busyServer()
        defer { Task { await server.stop() } }
        let document = try OpenAPIDocument()
        let before = try await state(server)
        for (path, body) in Self.deskOperations {
            for (token, status) in [(nil, 401), ("not-a-real-token-1234", 401), (RunningServer.kiosk, 403)] {
                let answer = try await server.send(.POST, path, token: token, body: body)
                #expect(answer.status == status, "\(path) with \(token ?? "no token")")
                #expect(document.documents(status, "POST", path), "\(status) is documented for \(path)")
            }
        }
        #expect(try await state(server) == before, "nothing changed")
        let desk = try await server.send(.GET, "/api/desks/1", token: RunningServer.kiosk)
        #expect(desk.status == 403, "a desk's line shows visitors' names: staff only")
        let allowed = try await server.send(.POST, "/api/desks/1/recall", token: RunningServer.staff)
        #expect(allowed.status == 200)
    }

    @Test func aKioskTokenIssuesAndNothingElse() async throws {
        let server = try await busyServer()
        defer { Task { await server.stop() } }
        let body = #"{"service": "B"}"#
        #expect(try await server.send(.POST, "/api/tickets", body: body).status == 401)
        #expect(try await server.send(.POST, "/api/tickets", token: "wrong-token-123456", body: body).status == 401)
        #expect(try await server.send(.POST, "/api/tickets", token: RunningServer.kiosk, body: body).status == 201)
        #expect(try await server.send(.POST, "/api/tickets", token: RunningServer.staff, body: body).status == 201)
        #expect(try await server.database.queue.snapshot().today.issued == 4)
    }

    @Test func badAuthorizationHeadersAreRefusedNotIgnored() async throws {
        let server = try await busyServer()
        defer { Task { await server.stop() } }
        for header in ["Basic ZGVtbzpkZW1v", "Bearer", "demo-staff-token", "Bearer  "] {
            let answer = try await server.send(.GET, "/api/status", headers: [("Authorization", header)])
            #expect(answer.status == 401, "\(header)")
        }
    }

    @Test func readingIsOpenUnlessTheOfficeSetsReadTokens() async throws {
        let open = try await busyServer()
        defer { Task { await open.stop() } }
        #expect(try await open.send(.GET, "/api/status").status == 200)
        #expect(try await open.send(.GET, "/api/tickets/A-001").status == 200)

        let config = try TestDatabase.demoConfig {
            $0["access"] = ["staff": "staff-token-123456", "kiosk": "kiosk-token-123456", "read": ["wall-token-123456"]]
        }
        let closed = try await busyServer(config: config)
        defer { Task { await closed.stop() } }
        for path in ["/api/status", "/api/office", "/api/reports/2026-11-23", "/api/tickets/A-001", "/api/events"] {
            #expect(try await closed.send(.GET, path).status == 401, "\(path) without a token")
        }
        for token in ["wall-token-123456", "kiosk-token-123456", "staff-token-123456"] {
            #expect(try await closed.send(.GET, "/api/status", token: token).status == 200, "\(token) reads")
        }
        #expect(try await closed.send(.POST, "/api/tickets", token: "wall-token-123456", body: #"{"service": "A"}"#).status == 403)
    }

    /// `/` once named the office and its desks to anyone while `/api/office` refused them.
    @Test func everyPageObeysReadTokensAlike() async throws {
        let config = try TestDatabase.demoConfig {
            $0["access"] = ["staff": "staff-token-123456", "kiosk": "kiosk-token-123456", "read": ["wall-token-123456"]]
        }
        let closed = try await busyServer(config: config)
        defer { Task { await closed.stop() } }
        let client = HTTPClient(host: "127.0.0.1", port: closed.port)
        let anonymous = try await client.send(.GET, "/", headers: [], body: nil)
        let page = String(decoding: anonymous.bytes, as: UTF8.self)
        #expect(anonymous.status == 200)
        #expect(!page.contains("Defensoría") && !page.contains("Ventanilla"), "no office data without a token: \(page)")
        #expect(page.contains("/desk/"), "it says where to go")
        let reader = try await client.send(.GET, "/", headers: [("Authorization", "Bearer wall-token-123456")], body: nil)
        #expect(String(decoding: reader.bytes, as: UTF8.self).contains("Ventanilla 1"))
        for path in ["/desk/1", "/console/desk.css", "/console/desk.js", "/api/openapi.json"] {
            #expect(try await client.send(.GET, path, headers: [], body: nil).status == 200, "\(path) carries no office data")
        }
        #expect(try await client.send(.GET, "/", headers: [("Authorization", "Bearer wrong-token-123456")], body: nil).status == 401)

        let open = try await busyServer()
        defer { Task { await open.stop() } }
        let openPage = try await HTTPClient(host: "127.0.0.1", port: open.port).send(.GET, "/", headers: [], body: nil)
        #expect(String(decoding: openPage.bytes, as: UTF8.self).contains("Ventanilla 1"), "open offices show their desks to all")
    }

    /// A browser's EventSource cannot send headers, so the event stream alone takes the
    /// token in its address; everywhere else a token there is refused, never ignored.
    @Test func onlyTheEventStreamTakesATokenInTheAddress() async throws {
        let config = try TestDatabase.demoConfig {
            $0["access"] = ["staff": "staff-token-123456", "kiosk": "kiosk-token-123456", "read": ["wall-token-123456"]]
        }
        let closed = try await busyServer(config: config)
        defer { Task { await closed.stop() } }
        let stream = await HardeningTests.head(port: closed.port, "/api/events?access_token=staff-token-123456")
        #expect(RawHTTP.status(ofHead: stream) == 200, "the desk console's stream on an office with read tokens")
        #expect(stream?.lowercased().contains("text/event-stream") == true)
        #expect(RawHTTP.status(ofHead: await HardeningTests.head(port: closed.port, "/api/events?access_token=wrong-token-1234567")) == 401)
        #expect(try await closed.send(.GET, "/api/status?access_token=wall-token-123456").status == 400, "reads take the token in the header")
        #expect(try await closed.send(.POST, "/api/desks/1/recall?access_token=staff-token-123456").status == 400, "writes take the token in the header only")
        #expect(try await closed.send(.POST, "/api/desks/1/recall", token: RunningServer.staff).status == 401, "state unchanged: demo token not valid here")
    }

    @Test func newTokensTakeEffectWithoutARestart() async throws {
        let server = try await busyServer()
        defer { Task { await server.stop() } }
        #expect(try await server.send(.POST, "/api/desks/1/recall", token: RunningServer.staff).status == 200)
        let config = try TestDatabase.demoConfig { $0["access"] = ["staff": "new-staff-token-2027", "kiosk": "new-kiosk-token-2027"] }
        _ = try await server.database.reopen().apply(config: config, file: "office.json")  // `atiende init` at the server machine
        var refused = false
        for _ in 0..<100 where !refused {
            try await Task.sleep(for: .milliseconds(50))
            refused = try await server.send(.POST, "/api/desks/1/recall", token: RunningServer.staff).status == 401
        }
        #expect(refused, "the old staff token stops working")
        #expect(try await server.send(.POST, "/api/desks/1/recall", token: "new-staff-token-2027").status == 200)
    }

    @Test func aConfigWithoutTokensRefusesDeskWorkClearly() async throws {
        let config = try TestDatabase.demoConfig { $0.removeValue(forKey: "access") }
        let server = try await busyServer(config: config)
        defer { Task { await server.stop() } }
        // Staff may still sign in as themselves; any other token is refused, saying how to get in.
        let answer = try await server.send(.POST, "/api/desks/1/recall", token: "any-token-123456")
        #expect(answer.status == 401)
        #expect((answer.json["error"] as? String)?.contains("sign in again, or check it against the config's access section") == true)
        let anonymous = try await server.send(.POST, "/api/desks/1/recall")
        #expect(anonymous.status == 401)
        #expect((anonymous.json["error"] as? String)?.contains("need a staff sign-in") == true)
    }
}

/// The config's access section is checked like every other field.
@Suite struct AccessConfigTests {
    func parse(_ access: Any) throws -> Office {
        let text = try TestDatabase.demoConfig { $0["access"] = access }
        return try OfficeConfig.parse(Data(text.utf8), file: "office.json")
    }

    @Test func tokensMayBeOneOrAList() throws {
        let office = try parse(["staff": ["desk-one-token-1", "desk-two-token-2"], "kiosk": "kiosk-token-123"])
        #expect(office.access == AccessTokens(staff: ["desk-one-token-1", "desk-two-token-2"], kiosk: ["kiosk-token-123"]))
    }

    @Test(arguments: [
        (#"{"kiosk": "kiosk-token-123", "sessionHours": 30}"#, "office.json: access.sessionHours: 30 is out of range; use 1 to 24 hours"),
        (#"{"staff": "short"}"#, "office.json: access.staff: a token must be 12 to 200 letters, digits or symbols without spaces"),
        (#"{"staff": "has a space in it"}"#, "office.json: access.staff: a token must be 12 to 200 letters, digits or symbols without spaces"),
        (#"{"staff": "same-token-1234", "kiosk": "same-token-1234"}"#, "office.json: access.kiosk: this token is already used for staff: give each role its own"),
        (#"{"staff": "staff-token-123", "admin": "x"}"#, "office.json: access.admin: unknown key; expected one of staff, kiosk, read, sessionHours"),
    ])
    func badTokensAreNamed(access: String, message: String) throws {
        do {
            _ = try parse(try JSONSerialization.jsonObject(with: Data(access.utf8)))
            Issue.record("accepted \(access)")
        } catch {
            #expect("\(error)" == message)
        }
    }
}
