import Foundation
import Synchronization

/// A real SMTP server on loopback for the mail tests: Debian's aiosmtpd, run by a few lines of
/// Python that say when it listens and print each message it receives. The test reads what it
/// says through a pipe as it comes, and waits for those states, never for time.
public final class MailServer: Sendable {
    public let port: Int
    let child: Spawned
    let said = Said()
    let heard: AsyncStream<Void>
    /// Kept open as long as the server runs: its reading end closing would break the server's writes.
    let pipe = Pipe()

    /// aiosmtpd's `Controller.start` returns once the server answers a connection of its own.
    static let script = """
        import sys, threading
        from aiosmtpd.controller import Controller
        class Printer:
            async def handle_DATA(self, server, session, envelope):
                sys.stdout.write("---------- MESSAGE FOLLOWS ----------\\n" + envelope.content.decode("utf-8", "replace") + "\\n------------ END MESSAGE ------------\\n")
                sys.stdout.flush()
                return "250 OK"
        controller = Controller(Printer(), hostname="127.0.0.1", port=int(sys.argv[1]))
        controller.start()
        print("listening", flush=True)
        threading.Event().wait()
        """

    /// Starts the server and waits until it says it listens.
    public init(folder: URL) async throws {
        port = try Self.freePort()
        let (heard, wake) = AsyncStream.makeStream(of: Void.self)
        self.heard = heard
        let errors = folder.appendingPathComponent("smtp-\(port).err").path
        child = try Spawned(
            "/usr/bin/python3", ["-c", Self.script, String(port)], environment: ProcessInfo.processInfo.environment, stderr: errors,
            stdoutDescriptor: pipe.fileHandleForWriting.fileDescriptor)
        try pipe.fileHandleForWriting.close()
        let said = said
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                wake.finish()
            } else {
                said.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                wake.yield()
            }
        }
        guard await until({ $0.contains("listening\n") }) else {
            throw MailServerDidNotStart(said: (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
        }
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Whether what the server said came to satisfy `condition` before it stopped talking.
    func until(_ condition: (String) -> Bool) async -> Bool {
        if condition(said.text.withLock { $0 }) { return true }
        for await _ in heard where condition(said.text.withLock { $0 }) { return true }
        return false
    }

    /// A message as received: its headers and its body, decoded.
    public struct Message: Sendable {
        public var headers: [String: String]
        public var body: String
    }

    /// Waits until `count` messages have arrived, and returns them in order.
    public func messages(count: Int) async throws -> [Message] {
        func received(_ text: String) -> [String] {
            text.components(separatedBy: "---------- MESSAGE FOLLOWS ----------\n").dropFirst()
                .compactMap { part in part.range(of: "------------ END MESSAGE ------------").map { String(part[..<$0.lowerBound]) } }
        }
        guard await until({ received($0).count >= count }) else { throw MailServerDidNotStart(said: "the mail server stopped") }
        return received(said.text.withLock { $0 }).prefix(count).map(Self.message)
    }

    static func message(_ raw: String) -> Message {
        // "\r\n" is one Character in Swift: lines are split on the bytes' line ends.
        let lines = raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blank = lines.firstIndex(of: "") ?? lines.count
        var headers: [String: String] = [:]
        for line in lines[..<blank] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let rest = lines[min(blank + 1, lines.count)...]
        let body = headers["Content-Transfer-Encoding"] == "base64"
            ? Data(base64Encoded: rest.joined()).map { String(decoding: $0, as: UTF8.self) } ?? rest.joined() : rest.joined(separator: "\n")
        return Message(headers: headers, body: body.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// `=?UTF-8?B?…?=` words as text.
    public static func decoded(_ header: String) -> String {
        guard header.hasPrefix("=?UTF-8?B?"), header.hasSuffix("?="), let data = Data(base64Encoded: String(header.dropFirst(10).dropLast(2))) else { return header }
        return String(decoding: data, as: UTF8.self)
    }

    /// Stops the server; the port then refuses connections at once.
    public func stop() { child.terminate() }

    deinit { stop() }

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

/// What the server said so far.
final class Said: Sendable {
    let text = Mutex<String>("")
}

public struct MailServerDidNotStart: Error, CustomStringConvertible {
    public let said: String
    public var description: String { "aiosmtpd did not start (is python3-aiosmtpd installed? scripts/setup.sh --tests installs it): \(said)" }
}
