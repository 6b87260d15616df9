import Foundation
import Synchronization

/// A real `atiende serve` in its own process, on a free port of 127.0.0.1, for the
/// end-to-end suites: start it, kill it (SIGKILL, as a power cut would), start it again
/// on the same port.
public final class ServerProcess: @unchecked Sendable {
    public let executable: String
    public let database: String
    public let environment: [String: String]
    /// More arguments for `serve` (`--verbose`).
    public let arguments: [String]
    public private(set) var port = 0
    private var child: Spawned?
    /// Where its standard output and error go (`logPath + ".err"`).
    public let log: String

    public static let staffToken = "demo-staff-token"
    public static let kioskToken = "demo-kiosk-token"

    public init(executable: String, database: String, environment: [String: String], folder: URL, arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
        self.database = database
        self.environment = environment
        log = folder.appendingPathComponent("serve-\(UUID().uuidString).log").path
    }

    public var url: String { "http://127.0.0.1:\(port)" }
    public var isRunning: Bool { child?.isRunning ?? false }
    /// The server's process id while it runs.
    public var pid: pid_t? { child?.pid }

    /// Starts the server (on the port it had before, after a restart) and waits until it listens.
    public func start(seconds: Double = 30) async throws {
        child = try Spawned(executable, ["serve", "--port", String(port), "--db", database] + arguments, environment: environment, stdout: log, stderr: log + ".err")
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
                let range = text.range(of: "http://127.0.0.1:"),
                let port = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                self.port = port
                return
            }
            guard child?.isRunning == true else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let errors = (try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? ""
        let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let how = child?.isRunning == true ? "was still not listening after \(Int(seconds)) s" : "exited"
        throw ServerDidNotStart(description: "atiende serve \(how); it said: \(said)\(errors)")
    }

    /// Kills the server outright: no shutdown, no flush beyond what SQLite already did.
    public func kill() {
        guard let child, child.isRunning else { return }
        Foundation.kill(child.pid, SIGKILL)
        _ = child.wait()
    }

    public func stop() { child?.terminate() }

    deinit { stop() }
}

/// `start` gave up; the description says how and what the server wrote (a test failure
/// prints it whole, where a POSIX error showed only its code).
public struct ServerDidNotStart: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}

/// The ticket numbers clients were given, collected from several tasks.
public final class Tally: Sendable {
    private let numbers = Mutex<[String]>([])

    public init() {}

    public func add(_ number: String) { numbers.withLock { $0.append(number) } }
    public var all: [String] { numbers.withLock { $0 } }
}
