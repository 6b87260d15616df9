import Foundation
import TestSupport

/// Runs the real `atiende` executable built beside the tests.
struct CommandRunner {
    let folder: URL
    /// The fixed clock of every command: Monday 2026-11-23, 09:00 in Bogotá.
    var now = "2026-11-23T09:00:00-05:00"

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard output's bytes, for output that is not text (a printer's).
        var bytes = Data()

        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
        }
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var database: String { folder.appendingPathComponent("atiende.sqlite").path }

    /// The built executable: next to the test bundle, or $ATIENDE_BIN.
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["ATIENDE_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("atiende")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/atiende")
    }()

    /// The command started in the runner's folder, writing its output to `stdout`; it runs on
    /// while the test goes on.
    func spawn(_ arguments: [String], stdout: String) throws -> Spawned {
        try Spawned(Self.executable.path, arguments, environment: environment([:]), stdout: stdout, directory: folder.path)
    }

    /// The tests' own environment, with this runner's database and clock, and `extra` over them.
    func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["ATIENDE_DB"] = database
        environment["ATIENDE_NOW"] = now
        environment.merge(extra) { $1 }
        return environment
    }

    @discardableResult
    func run(_ arguments: String..., environment: [String: String] = [:], input: String? = nil) async throws -> Result {
        try await run(arguments, environment: environment, input: input)
    }

    /// - Parameter input: what the command reads on standard input (a password).
    /// Waits for the command without holding a thread of the shared pool: tests run side by
    /// side on two threads, and one blocked on a child starves every other test's async work.
    /// Started with posix_spawn (`Spawned`), not Foundation's Process, whose `run` is not safe
    /// to call from several tasks at once (it crashed copying memory when tests ran side by side).
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> Result {
        var stdin: String?
        if let input {
            let file = folder.appendingPathComponent("in-\(UUID().uuidString)")
            try Data(input.utf8).write(to: file)
            stdin = file.path
        }
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)"), err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        let child = try Spawned(
            Self.executable.path, arguments, environment: self.environment(environment), stdout: out.path, stderr: err.path, stdin: stdin,
            directory: folder.path)
        let status = await child.exited()
        return Result(
            status: status,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", bytes: (try? Data(contentsOf: out)) ?? Data())
    }

    /// `run` at another time of the same office day.
    func at(_ time: String) -> CommandRunner {
        var copy = self
        copy.now = "2026-11-23T\(time):00-05:00"
        return copy
    }
}
