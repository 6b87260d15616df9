import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation
import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// What one event-stream client has received, counted on the bytes as they come (a
/// real display is another machine: counting here must cost this machine little, so the
/// bytes are searched with the C library's memmem, not looked at one by one).
final class Counter: Sendable {
    private static let issued = Array("event: issued\n".utf8), hello = Array("event: hello\n".utf8)
    /// The end of the last read, too short to hold a whole pattern: a match may start there.
    private let state = Mutex<(tail: [UInt8], hello: Bool, issued: Int)>(([], false, 0))

    func take(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { bytes in
            state.withLock { s in
                var joined = s.tail
                joined.append(contentsOf: bytes)
                s.issued += Self.occurrences(of: Self.issued, in: joined)
                if !s.hello { s.hello = Self.occurrences(of: Self.hello, in: joined) > 0 }
                s.tail = Array(joined.suffix(Self.issued.count - 1))
            }
        }
    }

    /// The C library's memmem, looked up at run time (Swift's Glibc module does not export it).
    private static let memmem: @convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memmem") else { fail("the C library has no memmem") }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer?).self)
    }()

    static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { haystack in
            pattern.withUnsafeBytes { needle in
                guard let start = haystack.baseAddress, let needleStart = needle.baseAddress else { return 0 }
                var count = 0, offset = 0
                while offset < haystack.count, let found = Self.memmem(start + offset, haystack.count - offset, needleStart, needle.count) {
                    count += 1
                    offset = start.distance(to: UnsafeRawPointer(found)) + needle.count
                }
                return count
            }
        }
    }

    var hello: Bool { state.withLock { $0.hello } }
    var issued: Int { state.withLock { $0.issued } }
}

/// Event-stream clients that only count what they receive.
final class Listeners: Sendable {
    private let counts: [Counter]
    private let closers = Mutex<[@Sendable () -> Void]>([])

    init(count: Int, port: Int) async throws {
        counts = (0..<count).map { _ in Counter() }
        for index in 0..<count {
            let counter = counts[index]
            let stream = try await HTTPClient(host: "127.0.0.1", port: port).stream("/api/events", headers: [], idleTimeout: .seconds(60)) { counter.take($0) }
            guard stream.status == 200 else { fail("an event stream was refused: \(stream.status)") }
            closers.withLock { $0.append(stream.close) }
        }
    }

    var connected: Int { counts.count(where: \.hello) }
    /// The fewest `issued` events any listener has seen.
    var fewest: Int { counts.map(\.issued).min() ?? 0 }

    func close() { for close in closers.withLock({ $0 }) { close() } }
}

/// The time the server says it spent (`Server-Timing`), per answer.
final class ServerTimes: Sendable {
    private let millis = Mutex<[Double]>([])

    func note(_ answer: HTTPAnswer) {
        guard let header = answer.headers.first(name: "Server-Timing"), let range = header.range(of: "dur="),
            let value = Double(header[range.upperBound...]) else { return }
        millis.withLock { $0.append(value) }
    }

    func reset() { millis.withLock { $0.removeAll() } }

    var line: String {
        let sample = Sample(millis: millis.withLock { $0 }, seconds: 1)
        return String(format: "p50 %.2f ms   p99 %.2f ms", sample.percentile(50), sample.percentile(99))
    }
}

struct LoadBench {
    let quick: Bool
    static let clients = 50
    /// Event-stream clients open during the load (`--listeners N`; 200 by default).
    static let listeners: Int = {
        let arguments = CommandLine.arguments
        guard let i = arguments.firstIndex(of: "--listeners"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) else { return 200 }
        return n
    }()
    static let services: [ServiceCode] = ["A", "B", "C", "D"]

    func run() async throws {
        let each = quick ? 40 : 200
        let server = try await startServer("load")
        defer { finish(server) }
        say("\nload: \(Self.clients) clients issuing over keep-alive connections, \(Self.listeners) event streams open")
        let listeners = try await Listeners(count: Self.listeners, port: server.port)
        defer { listeners.close() }
        while listeners.connected < Self.listeners { try await Task.sleep(for: .milliseconds(20)) }

        let connections = (0..<Self.clients).map { _ in HTTPClient(host: "127.0.0.1", port: server.port) }
        let headers = [("Authorization", "Bearer \(ServerProcess.kioskToken)")]
        let inServer = ServerTimes()
        let issue: @Sendable (Int) async throws -> Void = { client in
            let body = Data(#"{"service":"\#(Self.services[client % 4])","preferential":false}"#.utf8)
            let answer = try await connections[client].send(.POST, "/api/tickets", headers: headers, body: body)
            guard answer.status == 201 else { throw HTTPClientError.unreachable("status \(answer.status)") }
            inServer.note(answer)
        }
        _ = await load(clients: Self.clients, each: 4, issue)  // warm up: connections open, code paged in

        inServer.reset()
        let serverBefore = server.pid.flatMap(cpuSeconds), benchBefore = cpuSeconds(pid: getpid())
        let (flat, flatFailures) = await load(clients: Self.clients, each: each, issue)
        let serverCPU = micros(server.pid.flatMap(cpuSeconds), since: serverBefore, per: flat.count)
        let benchCPU = micros(cpuSeconds(pid: getpid()), since: benchBefore, per: flat.count)
        say("  server, flat out:                 " + flat.line + (flatFailures > 0 ? "   \(flatFailures) failed" : ""))
        say("    of which in the server's handler: " + inServer.line)
        if let serverCPU, let benchCPU {
            say(String(format: "    processor time per ticket: server %.0f µs; this load generator and its streams %.0f µs", serverCPU, benchCPU))
        }
        inServer.reset()
        let (paced, pacedFailures) = await load(clients: Self.clients, each: each, perSecond: 1000.0 / Double(Self.clients), issue)
        say("  server, paced at 1,000/s offered: " + paced.line + (pacedFailures > 0 ? "   \(pacedFailures) failed" : ""))
        say("    of which in the server's handler: " + inServer.line)

        let total = Self.clients * 4 + flat.count + paced.count
        let deadline = ContinuousClock.now + .seconds(30)
        while listeners.fewest < total && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        say("  event streams: \(listeners.connected) of \(Self.listeners) connected; each received \(listeners.fewest) of \(total) issue events")

        let localBefore = cpuSeconds(pid: getpid())
        let local = try await inProcess(each: each)
        let localCPU = micros(cpuSeconds(pid: getpid()), since: localBefore, per: local.count)
        say("  store in-process, same 50 tasks:  " + local.line)
        if let localCPU { say(String(format: "    processor time per ticket: %.0f µs", localCPU)) }
        let localPaced = try await inProcess(each: each, perSecond: 1000.0 / Double(Self.clients))
        say("  store in-process, paced 1,000/s:  " + localPaced.line)
        say(String(format: "  server flat-out rate is %.2f of the in-process store's; p99 %.1fx", flat.rate / local.rate, flat.percentile(99) / local.percentile(99)))
        if let serverCPU, let localCPU {
            say(String(format: "  processor time per ticket: the store's in-process is %.2f of the server's (the server adds %.0f µs)", localCPU / serverCPU, serverCPU - localCPU))
        }
    }

    /// The same issuers on the store itself: what the server adds is the difference.
    func inProcess(each: Int, perSecond: Double? = nil) async throws -> Sample {
        let folder = scratch("inprocess")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteQueue(path: folder.appendingPathComponent("atiende.sqlite").path,
            time: .fixed(Date(timeIntervalSince1970: 1_795_442_400)), create: true, backgroundCheckpoints: true)
        _ = try await store.apply(config: TestDatabase.demoConfig, file: "office.json")
        // Checkpointed as the server does it.
        let checkpoints = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                _ = try? await store.checkpoint()
            }
        }
        defer { checkpoints.cancel() }
        return await load(clients: Self.clients, each: each, perSecond: perSecond) { client in
            _ = try await store.issue(service: Self.services[client % 4], preferential: false, firstName: nil)
        }.0
    }
}

/// How long a call made at one machine takes to reach another machine's event stream.
struct EventLatencyBench {
    let quick: Bool

    func run() async throws {
        let server = try await startServer("events")
        defer { finish(server) }
        let arrivals = Mutex<[String: ContinuousClock.Instant]>([:])
        let stream = try await HTTPClient(host: "127.0.0.1", port: server.port).stream("/api/events", headers: [], idleTimeout: .seconds(60)) { buffer in
            let now = ContinuousClock.now
            // An event's data is one line of JSON with the event's id and kind, keys in any order.
            for line in String(buffer: buffer).split(separator: "\n") where line.hasPrefix("data: {") && line.contains("\"kind\":\"called\"") {
                if let range = line.range(of: "\"number\":\"") {
                    arrivals.withLock { $0[String(line[range.upperBound...].prefix { $0 != "\"" })] = now }
                }
            }
        }
        defer { stream.close() }
        let desk = try RemoteQueue(url: server.url, token: ServerProcess.staffToken)
        let count = quick ? 50 : 300
        var millis: [Double] = []
        let start = ContinuousClock.now
        for _ in 0..<count {
            let number = try await desk.issue(service: "A", preferential: false, firstName: nil).ticket.number.description
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...30)))  // calls at random moments, not in step with the hub
            let sent = ContinuousClock.now
            _ = try await desk.callNext(desk: "1")
            while arrivals.withLock({ $0[number] }) == nil { try await Task.sleep(for: .microseconds(200)) }
            millis.append(Double((arrivals.withLock { $0[number] }! - sent).components.attoseconds) / 1e15
                + Double((arrivals.withLock { $0[number] }! - sent).components.seconds) * 1000)
            _ = try await desk.act(.start, desk: "1")
            _ = try await desk.act(.finish, desk: "1")
        }
        let sample = Sample(millis: millis, seconds: elapsed(since: start))
        say("\nevents: a call made at one client, on another client's event stream (from the request's start)")
        say(String(format: "  p50 %.2f ms   p99 %.2f ms   max %.1f ms   (%d calls)", sample.percentile(50), sample.percentile(99), sample.percentile(100), sample.count))
    }
}
