import Foundation

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

    func process(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["ATIENDE_DB"] = database
        environment["ATIENDE_NOW"] = now
        environment.merge(extra) { $1 }
        process.environment = environment
        return process
    }

    @discardableResult
    func run(_ arguments: String..., environment: [String: String] = [:], input: String? = nil) async throws -> Result {
        try await run(arguments, environment: environment, input: input)
    }

    /// - Parameter input: what the command reads on standard input (a password).
    /// Waits for the command without holding a thread of the shared pool: tests run side by
    /// side on two threads, and one blocked on a child starves every other test's async work.
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> Result {
        let process = process(arguments, environment: environment)
        if let input {
            let file = folder.appendingPathComponent("in-\(UUID().uuidString)")
            try Data(input.utf8).write(to: file)
            process.standardInput = try FileHandle(forReadingFrom: file)
        }
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)"), err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        await process.exited()
        return Result(
            status: process.terminationStatus,
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
