import Foundation
import TestSupport

/// Crowds of event streams that come and go: the server's resident memory with none,
/// with thousands connected, and after they leave (it was 40 MB, then 365 MB after three
/// rounds of 5,000, and stayed there); storms of idle sockets (20,000 took it from 54 to
/// 264 MB, and it stayed there after they closed); and an idle socket, which the server closes.
struct StreamsBench {
    let quick: Bool

    func run() async throws {
        let streams = quick ? 1000 : 5000
        raiseFileLimit()
        let server = try await startServer("streams")
        defer { finish(server) }
        guard let pid = server.pid else { fail("the server did not start") }
        try await Task.sleep(for: .seconds(1))
        let idle = residentMegabytes(pid)
        say(String(format: "streams: server idle %.1f MB resident (baseline)", idle))
        var after: [Double] = []
        for round in 1...3 {
            let port = server.port
            let sockets = await offThePool { (0..<streams).compactMap { _ in Self.openStream(port: port) } }
            let connected = residentMegabytes(pid)
            for fd in sockets { close(fd) }
            // Memory is handed back at the hub's next heartbeat (every 15 s).
            try await Task.sleep(for: .seconds(16))
            after.append(residentMegabytes(pid))
            say(String(format: "  round %d: %d streams open: %.1f MB; 16 s after they left: %.1f MB (%.2f× idle)",
                round, sockets.count, connected, after.last ?? 0, (after.last ?? 0) / idle))
        }
        // Idle sockets: as many as this machine lets one process open, beside the server's own.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let storm = min(quick ? 5000 : 20_000, Int(limit.rlim_cur) - 2000)
        for round in 1...2 {
            let port = server.port
            let sockets = await offThePool { (0..<storm).compactMap { _ in RawHTTP.socketTo(port: port, timeoutSeconds: 10) } }
            try await Task.sleep(for: .seconds(1))
            let connected = residentMegabytes(pid)
            for fd in sockets { close(fd) }
            try await Task.sleep(for: .seconds(2))
            let left = residentMegabytes(pid)
            say(String(format: "  idle-socket storm %d: %d sockets: %.1f MB; 2 s after they closed: %.1f MB (%.2f× idle)",
                round, sockets.count, connected, left, left / idle))
        }
        let port = server.port
        let idleClosed = await offThePool { () -> Double? in
            guard let fd = RawHTTP.socketTo(port: port, timeoutSeconds: 60) else { return nil }
            defer { close(fd) }
            let start = ContinuousClock.now
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, 0) == 0 ? elapsed(since: start) : nil
        }
        say(idleClosed.map { String(format: "  an idle socket was closed by the server after %.1f s", $0) } ?? "  an idle socket stayed open (not closed in 60 s)")
    }

    /// Connects, asks for the event stream, and waits for the answer's head.
    static func openStream(port: Int) -> Int32? {
        guard let fd = RawHTTP.socketTo(port: port, timeoutSeconds: 10) else { return nil }
        let request = Array("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        guard recv(fd, &buffer, buffer.count, 0) > 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    func residentMegabytes(_ pid: pid_t) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return .nan }
        return kilobytes / 1024
    }

    func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
