import Foundation
import TestSupport

/// The server's flat-out issue rate with a load generator that costs the machine little:
/// Debian's `wrk` (C, one thread, 50 connections) instead of this process's Swift HTTP
/// client, so the two cores go to the server as they go to the store in-process. Then
/// the same store in-process, in the same run. Skipped where wrk is not installed.
struct WrkBench {
    let quick: Bool

    func run() async throws {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) else {
            say("\nwrk: not installed (apt-get install wrk); skipped")
            return
        }
        say("\nwrk: \(LoadBench.clients) connections issuing flat out from wrk (no event streams), then the store in-process")
        let rounds = quick ? 1 : 3
        var rates: [Double] = [], stores: [Double] = []
        for _ in 0..<rounds {
            let server = try await startServer("wrk")
            defer { finish(server) }
            let script = URL(fileURLWithPath: server.database).deletingLastPathComponent().appendingPathComponent("issue.lua")
            try Self.script.write(to: script, atomically: true, encoding: .utf8)
            let arguments = ["-t1", "-c\(LoadBench.clients)", "-s", script.path, "\(server.url)/api/tickets"]
            _ = try Self.output(of: wrk, arguments + ["-d1s"])  // warm up
            let text = try Self.output(of: wrk, arguments + ["-d\(quick ? 2 : 4)s", "--latency"])
            guard let rate = Self.number(after: "Requests/sec:", in: text) else { fail("wrk said:\n\(text)") }
            if text.contains("Non-2xx") { fail("wrk saw refusals:\n\(text)") }
            let p99 = text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }
            rates.append(rate)
            let store = try await LoadBench(quick: quick).inProcess(each: quick ? 40 : 200).rate
            stores.append(store)
            say(String(format: "  server %5.0f /s (99%% within %@)   store in-process %5.0f /s   ratio %.2f",
                rate, p99.map { String($0.split(separator: " ").last ?? "") } ?? "?", store, rate / store))
        }
        let rate = rates.reduce(0, +) / Double(rates.count), store = stores.reduce(0, +) / Double(stores.count)
        say(String(format: "  mean: server %.0f /s against the store's %.0f /s, ratio %.2f", rate, store, rate / store))
    }

    /// Issues a ticket for each of the four services in turn, as the kiosk token.
    static let script = """
        wrk.method = "POST"
        wrk.headers["Authorization"] = "Bearer \(ServerProcess.kioskToken)"
        wrk.headers["Content-Type"] = "application/json"
        local services = {"A", "B", "C", "D"}
        local n = 0
        request = function()
          n = n + 1
          return wrk.format(nil, nil, nil, '{"service":"' .. services[n % 4 + 1] .. '","preferential":false}')
        end
        """

    static func output(of program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(text[range.upperBound...].prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces))
    }
}
