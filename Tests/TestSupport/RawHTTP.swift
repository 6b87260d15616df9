import Foundation

/// HTTP no well-behaved client would send, on a plain socket.
public enum RawHTTP {
    /// Sends bytes on a fresh socket, closes the sending side, and returns the first line
    /// of the answer (`nil` when the server closed without one).
    public static func exchange(port: Int, _ bytes: [UInt8]) -> String? {
        guard let fd = socketTo(port: port) else { return nil }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(fd, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 512)
        let read = recv(fd, &buffer, buffer.count, 0)
        guard read > 0 else { return nil }
        return String(decoding: buffer[0..<read], as: UTF8.self).split(separator: "\r\n").first.map(String.init)
    }
}

extension RawHTTP {
    /// Opens a socket to the server on loopback, or `nil`.
    public static func socketTo(port: Int, timeoutSeconds: Int = 3) -> Int32? {
        // Close-on-exec: a process another test spawns meanwhile must not inherit this socket,
        // or closing it here would not hang up (the child's copy keeps the connection open).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends a GET and returns the answer's head (status line and headers) without waiting
    /// for its body: for the event stream, whose body never ends.
    public static func head(port: Int, _ path: String, headers: [(String, String)] = []) -> String? {
        // Patient: under a full parallel test run on two cores a first answer can be slow.
        guard let fd = socketTo(port: port, timeoutSeconds: 20) else { return nil }
        defer { close(fd) }
        let lines = ["GET \(path) HTTP/1.1", "Host: 127.0.0.1"] + headers.map { "\($0.0): \($0.1)" }
        let bytes = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let read = recv(fd, &buffer, buffer.count, 0)
            guard read > 0 else { break }
            received += buffer[0..<read]
        }
        guard !received.isEmpty else { return nil }
        return String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n\r\n").first
    }

    /// The status code of an answer's head, or 0.
    public static func status(ofHead head: String?) -> Int {
        guard let line = head?.split(separator: "\r\n").first else { return 0 }
        let parts = line.split(separator: " ")
        return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }
}

/// Runs blocking socket work on a thread of its own, so it never holds one of the few
/// threads that in-process servers and tests share (2 on a 2-core machine).
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
