import AtiendeStore
import Foundation
import NIOHTTP1
import TestSupport
import AtiendeRemote

/// Random and malformed requests: paths, queries, JSON bodies, tokens, and broken HTTP
/// on a raw socket. None may get a 5xx or bring the server down; the file stays sound.
struct FuzzBench {
    let quick: Bool

    func run() async throws {
        let server = try await startServer("fuzz")
        defer { finish(server) }
        let total = quick ? 1000 : 10_000
        var random = SeededRandom(state: 2026)
        var statuses: [Int: Int] = [:]
        var fives: [String] = []
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        let start = ContinuousClock.now
        for i in 0..<total {
            if i % 25 == 24 {
                let request = Self.brokenHTTP(&random)
                let line = RawHTTP.exchange(port: server.port, request)
                let status = line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0  // 0: closed without answer
                statuses[status, default: 0] += 1
                if status >= 500 { fives.append("raw \(String(decoding: request.prefix(80), as: UTF8.self)) → \(line ?? "")") }
                continue
            }
            let (method, path, headers, body) = Self.request(&random)
            do {
                let answer = try await client.send(method, path, headers: headers, body: body, timeout: .seconds(10))
                statuses[answer.status, default: 0] += 1
                if answer.status >= 500 { fives.append("\(method) \(path.prefix(120)) → \(answer.status) \(String(buffer: answer.body).prefix(160))") }
            } catch {
                statuses[-1, default: 0] += 1
                fives.append("\(method) \(path.prefix(120)) → no answer (\(error))")
            }
        }
        let seconds = elapsed(since: start)
        say("\nfuzz: \(total) random and malformed requests (\(total / 25) of them broken HTTP on a raw socket), seed 2026")
        let summary = statuses.sorted { $0.key < $1.key }.map { "\($0.key == 0 ? "closed" : $0.key == -1 ? "none" : String($0.key)): \($0.value)" }
        say("  answers: " + summary.joined(separator: ", ") + String(format: "   (%.1f s)", seconds))
        let answering = (try? await client.send(.GET, "/api/status").status) == 200
        let alive = server.isRunning && answering
        let store = try SQLiteQueue(path: server.database)
        let integrity = try await store.integrityCheck()
        say("  5xx: \(fives.count)   server alive: \(alive ? "yes" : "NO")   PRAGMA integrity_check: \(integrity)")
        for line in fives.prefix(10) { say("    " + line) }
    }

    static let tokens: [String?] = [nil, ServerProcess.staffToken, ServerProcess.kioskToken, "wrong-token-123456", "", "Ünïcode-tøken-1234", String(repeating: "x", count: 3000)]
    static let desks = ["1", "2", "3", "4", "9", "", "..", "%2E%2E", "%00", "%ZZ", "%C3%B1", "1%20OR%201=1", String(repeating: "7", count: 3000), "-1", "0x1"]
    static let numbers = ["A-001", "A-1", "a7", "B-002", "Z-999", "A-0", "A--1", "%41-001", "A-99999999999", "AA-1", "-", "A-1.5", "%C3%B1-1", "A-%FF"]
    static let dates = ["2026-11-23", "2026-02-30", "9999-99-99", "", "2026-11-23T00:00", "0000-00-00", "2026-1-1", String(repeating: "2", count: 500)]
    static let actions = ["next", "call", "recall", "start", "finish", "no-show", "requeue", "transfer", "open", "close", "cancel", "x", ""]
    static let queries = ["", "?lang=en", "?lang=xx", "?lang=", "?to=2026-11-30", "?to=bad", "?lang=en&lang=es", "?%%%", "?access_token=demo-staff-token", "?after=-5"]

    static func pick<T>(_ list: [T], _ random: inout SeededRandom) -> T { list[Int(random.next() % UInt64(list.count))] }

    static func request(_ random: inout SeededRandom) -> (HTTPMethod, String, [(String, String)], Data?) {
        let method: HTTPMethod = pick([.GET, .GET, .GET, .POST, .POST, .POST, .POST, .PUT, .DELETE, .PATCH, .OPTIONS, .HEAD], &random)
        let path: String = switch random.next() % 12 {
        case 0: "/api/office"
        case 1: "/api/status"
        case 2: "/api/reports/\(pick(dates, &random))"
        case 3: "/api/tickets"
        case 4: "/api/tickets/\(pick(numbers, &random))"
        case 5: "/api/tickets/\(pick(numbers, &random))/cancel"
        case 6: "/api/desks/\(pick(desks, &random))"
        case 7, 8: "/api/desks/\(pick(desks, &random))/\(pick(actions, &random))"
        case 9: pick(["/", "/desk/1", "/desk/%00", "/console/desk.js", "/api/openapi.json", "/api", "/api/", "//api//status"], &random)
        case 10: "/" + (0..<Int(random.next() % 6)).map { _ in pick(["api", "desks", "..", "%2F", "tickets", "%C3%B1", "x"], &random) }.joined(separator: "/")
        default: "/api/tickets"
        }
        var headers: [(String, String)] = []
        if let token = pick(tokens, &random) { headers.append(("Authorization", random.next() % 5 == 0 ? token : "Bearer \(token)")) }
        if random.next() % 7 == 0 { headers.append(("Content-Type", pick(["text/plain", "application/json; charset=latin1", "multipart/form-data"], &random))) }
        return (method, path + pick(queries, &random), headers, body(&random))
    }

    static func body(_ random: inout SeededRandom) -> Data? {
        switch random.next() % 14 {
        case 0, 1: return nil
        case 2: return Data(#"{"service":"\#(pick(["A", "b", "Z", "", "AB", "ñ"], &random))","preferential":\#(pick(["true", "false", "1", "null", "\"yes\""], &random))}"#.utf8)
        case 3: return Data(#"{"service":"A","firstName":"\#(pick(["Rosa", "", "Ana María", "R2-D2", "<b>", String(repeating: "a", count: 40), "\\u0000", "\\ud800"], &random))"}"#.utf8)
        case 4: return Data(#"{"number":\#(pick(["\"A-001\"", "7", "null", "[]", "\"A-\""], &random))}"#.utf8)
        case 5: return Data(#"{"to":\#(pick(["\"B\"", "\"A\"", "\"Z\"", "1", "{}"], &random))}"#.utf8)
        case 6: return Data(#"{"service":"A""#.utf8)
        case 7: return Data((0..<Int(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case 8: return Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)
        case 9: return Data(#"{"service":1e400,"preferential":-0,"x":123456789012345678901234567890}"#.utf8)
        case 10: return Data(("{\"service\":\"" + String(repeating: "A", count: Int(random.next() % 20_000)) + "\"}").utf8)
        case 11: return Data(#"[{"service":"A"}]"#.utf8)
        case 12: return Data(#"{"service":"A","service":"B","extra":true}"#.utf8)
        default: return Data("null".utf8)
        }
    }

    /// Requests no well-behaved client would send.
    static func brokenHTTP(_ random: inout SeededRandom) -> [UInt8] {
        let cases: [String] = [
            "GARBAGE\r\n\r\n",
            "GET / HTTP/9.9\r\n\r\n",
            "GET /api/status HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            "POST /api/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-kiosk-token\r\nContent-Length: 100\r\n\r\n{\"service\"",
            "POST /api/tickets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
            "GET /\(String(repeating: "a", count: 20_000)) HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/status HTTP/1.1\r\nHost: x\r\nX: \(String(repeating: "h", count: 100_000))\r\n\r\n",
            "GET /api/status HTTP/1.1\r\n" + (0..<2000).map { "H\($0): v\r\n" }.joined() + "\r\n",
            "GET /api/\u{0}status HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/desks/1/next HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
            "\r\n\r\n\r\n",
        ]
        if random.next() % 4 == 0 { return (0..<Int(random.next() % 2000 + 1)).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        return Array(pick(cases, &random).utf8)
    }
}
