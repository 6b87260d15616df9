import Foundation

/// A real SMTP server on loopback for the mail tests: Debian's aiosmtpd, which prints every
/// message it receives (`-n`: no setuid). Messages are read back from what it printed.
public final class MailServer: @unchecked Sendable {
    public let port: Int
    let output: String
    let child: Spawned

    /// Starts the server and waits until it accepts connections.
    public init(folder: URL) async throws {
        port = try Self.freePort()
        output = folder.appendingPathComponent("smtp-\(port).txt").path
        // Unbuffered: each message is in the file as soon as it is received.
        child = try Spawned(
            "/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)"],
            environment: ProcessInfo.processInfo.environment.merging(["PYTHONUNBUFFERED": "1"]) { $1 }, stdout: output, stderr: output + ".err")
        while !Self.accepts(port) {
            guard child.isRunning else {
                throw MailServerDidNotStart(said: (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? "")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// A message as received: its headers and its body, decoded.
    public struct Message: Sendable {
        public var headers: [String: String]
        public var body: String
    }

    /// Waits until `count` messages have arrived, and returns them in order.
    public func messages(count: Int) async throws -> [Message] {
        while true {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let parts = text.components(separatedBy: "---------- MESSAGE FOLLOWS ----------\n").dropFirst()
                .compactMap { $0.components(separatedBy: "------------ END MESSAGE ------------").count > 1 ? $0.components(separatedBy: "------------ END MESSAGE ------------")[0] : nil }
            if parts.count >= count { return parts.map(Self.message) }
            guard child.isRunning else { throw MailServerDidNotStart(said: "the mail server stopped") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func message(_ raw: String) -> Message {
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
        let blank = lines.firstIndex(of: "") ?? lines.count
        var headers: [String: String] = [:]
        for line in lines[..<blank] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let rest = lines[min(blank + 1, lines.count)...].joined()
        let body = headers["Content-Transfer-Encoding"] == "base64"
            ? Data(base64Encoded: rest).map { String(decoding: $0, as: UTF8.self) } ?? rest : lines[min(blank + 1, lines.count)...].joined(separator: "\n")
        return Message(headers: headers, body: body.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// `=?UTF-8?B?…?=` words as text.
    public static func decoded(_ header: String) -> String {
        guard header.hasPrefix("=?UTF-8?B?"), header.hasSuffix("?="), let data = Data(base64Encoded: String(header.dropFirst(10).dropLast(2))) else { return header }
        return String(decoding: data, as: UTF8.self)
    }

    public func stop() { child.terminate() }

    deinit { stop() }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }

    /// A port nobody listens on now (the kernel's choice).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) == 0 && getsockname(fd, $0, &size) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public struct MailServerDidNotStart: Error, CustomStringConvertible {
    public let said: String
    public var description: String { "aiosmtpd did not start (is python3-aiosmtpd installed? scripts/setup.sh --tests installs it): \(said)" }
}
