import AtiendeServer
import Foundation
import NIOHTTP1
import Testing
import TestSupport

/// The API as documented: the OpenAPI document and the router agree, and bad requests of
/// every kind get a 4xx with a one-line message, a status the document lists.
@Suite struct ContractTests {
    @Test func theDocumentListsExactlyTheRoutesServed() async throws {
        let database = try await TestDatabase()
        let served = QueueServer(queue: database.queue).routeList()
        #expect(try OpenAPIDocument().operations == served)
    }

    @Test(arguments: [
        // Bodies
        ("POST", "/api/tickets", "not json", 400),
        ("POST", "/api/tickets", "[1, 2]", 400),
        ("POST", "/api/tickets", "{}", 400),
        ("POST", "/api/tickets", #"{"service": 5}"#, 400),
        ("POST", "/api/tickets", #"{"service": "A", "preferencial": true}"#, 400),
        ("POST", "/api/tickets", #"{"service": "A", "preferential": "yes"}"#, 400),
        ("POST", "/api/tickets", #"{"service": "Z"}"#, 422),
        ("POST", "/api/tickets", #"{"service": "A", "firstName": "<script>"}"#, 422),
        ("POST", "/api/tickets", String(repeating: " ", count: 20_000) + "{}", 413),
        ("POST", "/api/desks/1/call", #"{"number": "xyz"}"#, 400),
        ("POST", "/api/desks/1/call", #"{"number": "A-999"}"#, 404),
        ("POST", "/api/desks/1/transfer", #"{"to": "B"}"#, 409),
        // Paths and queries
        ("POST", "/api/desks/9/next", "", 404),
        ("POST", "/api/desks/1/finish", "", 409),
        ("GET", "/api/tickets/hello", "", 400),
        ("GET", "/api/tickets/A-999", "", 404),
        ("POST", "/api/tickets/B-1/cancel", "", 404),
        ("GET", "/api/reports/2026-13-01", "", 400),
        ("GET", "/api/reports/2020-01-01?to=2026-11-23", "", 422),
        ("GET", "/api/status?lang=fr", "", 400),
        ("GET", "/api/desks/9", "", 404),
        ("GET", "/api/nothing", "", 404),
        ("DELETE", "/api/tickets", "", 405),
    ])
    func badRequestsGetA4xxThatSaysWhatToFix(method: String, path: String, body: String, status: Int) async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let answer = try await server.send(HTTPMethod(rawValue: method), path, token: RunningServer.staff, body: body.isEmpty ? nil : body)
        #expect(answer.status == status)
        let message = answer.json["error"] as? String ?? ""
        #expect(!message.isEmpty && !message.contains("\n"), "one line that says what to fix: \(message)")
        #expect(answer.json["reason"] is String)
        if path != "/api/nothing" && method != "DELETE" {
            #expect(try OpenAPIDocument().documents(status, method, path), "\(status) is documented for \(method) \(path)")
        }
    }

    @Test(arguments: [
        "POST /api/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-kiosk-token\r\nContent-Length: 100\r\n\r\n{\"service\"",
        "POST /api/tickets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
        "GARBAGE\r\n\r\n",
    ])
    func brokenHTTPIsA400OrAClosedConnection(request: String) async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let port = server.port
        let line = await offThePool { RawHTTP.exchange(port: port, Array(request.utf8)) }
        #expect(line == nil || line?.hasPrefix("HTTP/1.1 4") == true, "\(line ?? "closed")")
        #expect(try await server.send(.GET, "/api/status").status == 200, "and the server carries on")
    }

    @Test func everyDocumentedReadAnswersAsDocumented() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        _ = try await server.queue().issue(service: "A", preferential: false, firstName: nil)
        let document = try OpenAPIDocument()
        for path in ["/api/office", "/api/status", "/api/reports/2026-11-23", "/api/tickets/A-001", "/api/desks/1", "/api/openapi.json"] {
            let answer = try await server.send(.GET, path, token: RunningServer.staff)
            #expect(answer.status == 200, "\(path)")
            #expect(document.documents(answer.status, "GET", path), "\(path)")
        }
        let issued = try await server.send(.POST, "/api/tickets", token: RunningServer.kiosk, body: #"{"service": "B"}"#)
        #expect(issued.status == 201)
        #expect(issued.json["number"] as? String == "B-001")
    }
}
