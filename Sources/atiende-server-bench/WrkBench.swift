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
            rates.append(rate)
            let store = try await LoadBench(quick: quick).inProcess(each: quick ? 40 : 200).rate
            stores.append(store)
            say(String(format: "  server %5.0f /s (99%% within %@)   store in-process %5.0f /s   ratio %.2f",
                rate, Self.percentile("99%", in: text), store, rate / store))
        }
        let rate = rates.reduce(0, +) / Double(rates.count), store = stores.reduce(0, +) / Double(stores.count)
        say(String(format: "  mean: server %.0f /s against the store's %.0f /s, ratio %.2f", rate, store, rate / store))
        try await paced(wrk)
    }

    /// About 1,000 issues a second while the event streams are open, paced by wrk: each
    /// connection waits a random time (exponential, 45 ms on average) before each request.
    /// The streams still cost this process; the issuing costs it nothing.
    func paced(_ wrk: String) async throws {
        let server = try await startServer("wrk-paced")
        defer { finish(server) }
        let listeners = try await Listeners(count: LoadBench.listeners, port: server.port)
        defer { listeners.close() }
        while listeners.connected < LoadBench.listeners { try await Task.sleep(for: .milliseconds(20)) }
        let script = URL(fileURLWithPath: server.database).deletingLastPathComponent().appendingPathComponent("paced.lua")
        try (Self.script + Self.pacing).write(to: script, atomically: true, encoding: .utf8)
        let seconds = quick ? 3 : 10
        let text = try Self.output(of: wrk, ["-t1", "-c\(LoadBench.clients)", "-d\(seconds)s", "--latency", "-s", script.path, "\(server.url)/api/tickets"])
        guard let requests = Self.number(before: " requests in", in: text) else { fail("wrk said:\n\(text)") }
        if text.contains("Non-2xx") { fail("wrk saw refusals:\n\(text)") }
        let deadline = ContinuousClock.now + .seconds(30)
        while listeners.fewest < Int(requests) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        // wrk counts only the answers it read: a request in flight when it stops is issued but not counted.
        say(String(format: "  paced by wrk, %d event streams open: %.0f /s   p50 %@   p99 %@   (every stream received %d issue events; wrk counted %.0f answers)",
            LoadBench.listeners, requests / Double(seconds), Self.percentile("50%", in: text), Self.percentile("99%", in: text),
            listeners.fewest, requests))
    }

    static let pacing = """

        delay = function()
          return -math.log(1 - math.random()) * 45
        end
        """

    /// A latency percentile line of `wrk --latency` (`99%   12.34ms`), as written.
    static func percentile(_ label: String, in text: String) -> String {
        let line = text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
        return line.map { String($0.split(separator: " ").last ?? "?") } ?? "?"
    }

    static func number(before label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(text[..<range.lowerBound].split(whereSeparator: \.isWhitespace).last ?? "")
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
