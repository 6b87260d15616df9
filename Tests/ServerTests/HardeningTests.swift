import AtiendeCore
import AtiendeStore
import Foundation
import NIOHTTP1
import Testing
import TestSupport

/// No request, however made up, takes the server down or gets a server error: every
/// number a request carries (query, header, path, body) is checked for range first.
@Suite struct HardeningTests {
    /// `?after=` at the smallest 64-bit number once killed the server with an arithmetic
    /// overflow (anonymously, on an office without read tokens); so did a
    /// `Last-Event-ID` just above it once the log had an event.
    @Test func eventIDsOutOfRangeAreRefusedAndTheServerLives() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        _ = try await server.queue().issue(service: "A", preferential: false, firstName: nil)
        let refused = [
            await Self.head(port: server.port, "/api/events?after=-9223372036854775808"),
            await Self.head(port: server.port, "/api/events", headers: [("Last-Event-ID", "-9223372036854775807")]),
            await Self.head(port: server.port, "/api/events?after=9223372036854775808"),
            await Self.head(port: server.port, "/api/events?after=-1"),
            await Self.head(port: server.port, "/api/events", headers: [("Last-Event-ID", "12abc")]),
        ]
        for head in refused { #expect(RawHTTP.status(ofHead: head) == 400, "\(head ?? "no answer")") }
        #expect(try await server.send(.GET, "/api/events?after=-1").json["error"] as? String == "after '-1' is not an event id: send a whole number from 0 to 9223372036854775807, as the stream sent it")
        #expect(RawHTTP.status(ofHead: await Self.head(port: server.port, "/api/events?after=9223372036854775807")) == 200)
        #expect(RawHTTP.status(ofHead: await Self.head(port: server.port, "/api/events", headers: [("Last-Event-ID", "0")])) == 200)
        #expect(try await server.send(.GET, "/api/status").status == 200, "still serving")
    }

    /// A client that says it has seen events past the end of the log (a made-up id, or one
    /// from another database) is told to start over instead of waiting forever.
    @Test func anIDPastTheLogMeansStartOver() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let updates = Collected(try server.queue().events())
        defer { updates.stop() }
        #expect(await updates.wait { $0.contains(.connected) })
        let text = await Self.streamText(port: server.port, path: "/api/events?after=9223372036854775807", until: "event: hello")
        #expect(text.contains("event: reset"))
        #expect(text.contains("id: 0\nevent: hello"))
    }

    /// Every numeric input the API takes, fed extreme and malformed values from a fixed
    /// seed: each answer is a 2xx or 4xx, and the server keeps serving.
    @Test func fuzzEveryNumericInput() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        _ = try await server.queue().issue(service: "A", preferential: false, firstName: nil)
        var random = SeededRandom(seed: 2026)
        let fixed = [
            "-9223372036854775808", "-9223372036854775807", "9223372036854775807", "9223372036854775808",
            "18446744073709551616", "-1", "0", "1", "00000000000000000000001", "1e9", "0x10", "+1", " 1", "1.5",
            "%00", "%2D1", "١٢", "", "99999999999999999999999999999999999999",
        ]
        var values = fixed
        for _ in 0..<60 {
            let digits = (0..<Int.random(in: 1...25, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
            values.append((Bool.random(using: &random) ? "-" : "") + digits)
        }
        var answers = 0
        for value in values {
            let q = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
            let heads = [
                await Self.head(port: server.port, "/api/events?after=\(q)"),
                await Self.head(port: server.port, "/api/events", headers: [("Last-Event-ID", value)]),
            ]
            for head in heads {
                let status = RawHTTP.status(ofHead: head)
                #expect((200..<500).contains(status), "events with \(value): \(head ?? "no answer")")
            }
            let requests: [(HTTPMethod, String, String?)] = [
                (.GET, "/api/tickets/A-\(q)", nil), (.GET, "/api/tickets/\(q)", nil), (.POST, "/api/tickets/A-\(q)/cancel", nil),
                (.GET, "/api/reports/\(q)", nil), (.GET, "/api/reports/2026-11-\(q)", nil), (.GET, "/api/reports/\(q)-01-01", nil),
                (.GET, "/api/reports/2026-11-23?to=\(q)", nil), (.GET, "/api/desks/\(q)", nil), (.POST, "/api/desks/\(q)/next", nil),
                (.POST, "/api/desks/1/call", #"{"number": "A-\#(value)"}"#), (.POST, "/api/desks/1/call", #"{"number": \#(value.isEmpty ? "0" : value)}"#),
                (.POST, "/api/tickets", #"{"service": "A", "preferential": \#(value.isEmpty ? "0" : value)}"#),
            ]
            for (method, path, body) in requests {
                let answer = try await server.send(method, path, token: RunningServer.staff, body: body)
                #expect((200..<500).contains(answer.status), "\(method) \(path) \(body ?? ""): \(answer.status) \(answer.json)")
                answers += 1
            }
        }
        #expect(answers == values.count * 12)
        #expect(try await server.send(.GET, "/api/status").status == 200, "still serving")
        #expect(try await server.database.queue.integrityCheck() == "ok")
    }

    static func head(port: Int, _ path: String, headers: [(String, String)] = []) async -> String? {
        await offThePool { RawHTTP.head(port: port, path, headers: headers) }
    }

    /// Bodies are read as strictly as configs, and a first name is short in bytes too.
    @Test func requestBodiesAreReadStrictly() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let kiosk = RunningServer.kiosk
        let twice = try await server.send(.POST, "/api/tickets", token: kiosk, body: #"{"service": "A", "service": "B"}"#)
        #expect(twice.status == 400)
        #expect((twice.json["error"] as? String)?.contains("(service): the key 'service' is given twice: keep one") == true, "\(twice.json)")
        #expect(try await server.send(.POST, "/api/tickets", token: kiosk, body: #"{"service": "A",}"#).status == 400)
        let nul = try await server.send(.POST, "/api/tickets", token: kiosk, body: #"{"service": "A", "firstName": "Ro\u0000sa"}"#)
        #expect(nul.status == 400)
        #expect((nul.json["error"] as? String)?.contains("control character") == true)
        #expect((nul.json["error"] as? String)?.hasPrefix("the request body is not taken: ") == true, "well formed: no example of JSON")
        let marks = "a" + String(repeating: "\u{301}", count: 6029)
        let stacked = try await server.send(.POST, "/api/tickets", token: kiosk, body: "{\"service\": \"A\", \"firstName\": \"\(marks)\"}")
        #expect(stacked.status == 422, "one letter under 6,029 combining marks is not a short name")
        let deep = try await server.send(.POST, "/api/tickets", token: kiosk, body: String(repeating: "[", count: 15_000))
        #expect(deep.status == 400)
        #expect(try await server.send(.GET, "/api/status").json["services"] != nil, "nothing was issued, and the server lives")
        #expect(try await server.database.queue.snapshot().today.issued == 0)
    }

    /// Reads an event stream's text until `marker` arrives (or 5 s pass).
    static func streamText(port: Int, path: String, until marker: String) async -> String {
        await offThePool { streamTextBlocking(port: port, path: path, until: marker) }
    }

    static func streamTextBlocking(port: Int, path: String, until marker: String) -> String {
        guard let fd = RawHTTP.socketTo(port: port, timeoutSeconds: 5) else { return "" }
        defer { close(fd) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let read = recv(fd, &buffer, buffer.count, 0)
            guard read > 0 else { break }
            received += buffer[0..<read]
        }
        return String(decoding: received, as: UTF8.self)
    }
}


/// What the document says about paths and dates holds on the wire.
@Suite struct ShapeTests {
    /// A method a path does not have once got 404, as if the path did not exist.
    @Test func aMethodThePathDoesNotHaveIs405WithAllow() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let wrong = try await server.send(.GET, "/api/desks/1/next", token: RunningServer.staff)
        #expect(wrong.status == 405)
        #expect(wrong.json["reason"] as? String == "methodNotAllowed")
        #expect(wrong.json["error"] as? String == "/api/desks/1/next does not take GET: use POST")
        let head = await HardeningTests.head(port: server.port, "/api/desks/1/next")
        #expect(head?.lowercased().contains("allow: post") == true)
        #expect(try await server.send(.DELETE, "/api/tickets", token: RunningServer.staff).status == 405)
        #expect(try await server.send(.GET, "/api/no/such/thing").status == 404)
        #expect(try await server.send(.GET, "/api/desks/1/next/more").status == 404)
    }

    /// A request the document calls valid is not refused for its shape: `?to=` before the
    /// date is the same span, `{"number": "A-0007"}` a ticket number.
    @Test func validRequestsAreTakenWhateverTheirOrder() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let forwards = try await server.send(.GET, "/api/reports/2026-11-01?to=2026-11-23")
        let backwards = try await server.send(.GET, "/api/reports/2026-11-23?to=2026-11-01")
        #expect(backwards.status == 200)
        #expect(backwards.json["from"] as? String == "2026-11-01" && forwards.json["from"] as? String == "2026-11-01")
        #expect(TicketNumber(parsing: "A-0000007") == TicketNumber(service: "A", sequence: 7))
        #expect(TicketNumber(parsing: "A-1234567") == nil && TicketNumber(parsing: "A-0") == nil)
        #expect(try await server.send(.GET, "/api/tickets/A-0000001").status == 404, "a number, just not issued")
    }

    /// `/api/reports/0850-01-01` once answered `"from":"850-01-01"`, not a date.
    @Test func datesAreWrittenAsValidDates() async throws {
        #expect(LocalDay(year: 850, month: 1, day: 1).description == "0850-01-01")
        #expect(LocalDay("0850-01-01") == LocalDay(year: 850, month: 1, day: 1))
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let report = try await server.send(.GET, "/api/reports/0850-01-01")
        #expect(report.status == 200)
        #expect(report.json["from"] as? String == "0850-01-01")
    }
}
