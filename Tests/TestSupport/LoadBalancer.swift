import Foundation

/// Debian's haproxy on a free port of 127.0.0.1, in front of servers on loopback: the one
/// address an institution's clients use while several `atiende serve` share the work. Round
/// robin, HTTP mode, long timeouts for event streams, and a server that stops answering is
/// taken out of the rotation after one failed connection.
public final class LoadBalancer: @unchecked Sendable {
    public let port: Int
    private let process: Spawned
    private let folder: URL

    public init(servers ports: [Int], folder: URL) async throws {
        self.folder = folder
        port = try Self.freePort()
        let backends = ports.enumerated().map { "    server s\($0.offset) 127.0.0.1:\($0.element) check inter 200 fall 1 rise 1" }.joined(separator: "\n")
        let config = """
            global
                maxconn 4096
            defaults
                mode http
                timeout connect 1s
                timeout client 1h
                timeout server 1h
                timeout tunnel 1h
                retries 2
                option redispatch
                option forwardfor
            frontend atiende
                bind 127.0.0.1:\(port)
                default_backend servers
            backend servers
                balance roundrobin
            \(backends)

            """
        let file = folder.appendingPathComponent("haproxy-\(port).cfg")
        try Data(config.utf8).write(to: file)
        process = try Spawned(
            "/usr/sbin/haproxy", ["-db", "-f", file.path], environment: ProcessInfo.processInfo.environment,
            stdout: folder.appendingPathComponent("haproxy-\(port).log").path, stderr: folder.appendingPathComponent("haproxy-\(port).err").path)
        // Listening once a connection is accepted: a state haproxy shows, asked for until it
        // does or the process has ended.
        while process.isRunning {
            if let socket = RawHTTP.socketTo(port: port) {
                close(socket)
                return
            }
            await Task.yield()
        }
        let said = (try? String(contentsOf: folder.appendingPathComponent("haproxy-\(port).err"), encoding: .utf8)) ?? ""
        throw ServerDidNotStart(description: "haproxy did not listen on \(port): \(said)")
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/haproxy") }

    public func stop() { process.terminate() }

    deinit { stop() }

    /// A port nothing listens on now (the kernel's pick for a socket bound to port 0).
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw ServerDidNotStart(description: "no free port for the load balancer") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
