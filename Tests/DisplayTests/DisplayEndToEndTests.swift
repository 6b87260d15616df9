import Foundation
import Testing
import TestSupport

/// The real `atiende-display` in a real X window (Xvfb), driven by the real `atiende`.
/// Runs where Xvfb is installed (CI installs it).
@Suite(.serialized, .enabled(if: VirtualScreen.xvfb != nil, "Xvfb is not installed"))
struct DisplayEndToEndTests {
    @Test func startsWithoutADatabaseThenShowsACallMadeElsewhere() async throws {
        let run = try DisplayProcess()
        defer { run.stop() }
        try await run.startDisplay()
        try await Task.sleep(for: .seconds(1.5))
        #expect(run.displayIsRunning, "a missing database is no reason to stop")

        try await run.atiende("init")
        try await run.atiende("issue", "B")
        try await run.atiende("next", "--desk", "3")
        let shown = try await run.waitForTrace(containing: "B-001", seconds: 10)
        #expect(shown, "the call reached the screen")
    }

    @Test func followsAServerOnAnotherMachineAndCatchesUpAfterItsRestart() async throws {
        let run = try DisplayProcess()
        defer { run.stop() }
        try await run.atiende("init")
        let server = ServerProcess(executable: DisplayProcess.binaries.appendingPathComponent("atiende").path,
            database: run.database, environment: run.environment, folder: run.folder)
        defer { server.stop() }
        try await server.start()
        try await run.startDisplay(["--server", server.url])
        try await Task.sleep(for: .seconds(1.5))
        let desk = ["--server", server.url, "--token", ServerProcess.staffToken]
        try await run.atiende(["issue", "A"] + desk)
        try await run.atiende(["next", "--desk", "1"] + desk)
        #expect(try await run.waitForTrace(containing: "A-001", seconds: 10), "a call made through the server reached the wall")

        server.kill()
        try await Task.sleep(for: .seconds(1))
        #expect(run.displayIsRunning, "a lost server is no reason to stop")
        // While the server is away, the office goes on at the file on the server machine.
        try await run.atiende("issue", "B")
        try await run.atiende("next", "--desk", "2")
        try await server.start()
        #expect(try await run.waitForTrace(containing: "B-001", seconds: 15), "after the restart the missed call is announced")
    }

    @Test func badFlagsAreOneLine() async throws {
        let run = try DisplayProcess()
        let (status, stderr) = try await run.runDisplay(["--size", "huge"])
        #expect(status == 64)
        #expect(stderr == "atiende-display: --size 'huge' is not a size: write WIDTHxHEIGHT, e.g. 1920x1080 (see `atiende-display --help`)\n")
    }

    @Test func aDamagedDatabaseShowsTheBannerInsteadOfCrashing() async throws {
        let run = try DisplayProcess()
        defer { run.stop() }
        try Data(repeating: 9, count: 4096).write(to: URL(fileURLWithPath: run.database))
        let shot = run.folder.appendingPathComponent("banner.bmp").path
        let (status, _) = try await run.runDisplay(["--screenshot", shot, "--size", "800x450"])
        #expect(status == 0)
        let bmp = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(bmp.count > 800 * 450 * 3, "a frame was saved")
        // The banner's red is on screen.
        let red: [UInt8] = [0x2E, 0x3A, 0xB0]  // BGR in the file
        let found = stride(from: 54, to: bmp.count - 3, by: 4).contains { i in bmp[i] == red[0] && bmp[i + 1] == red[1] && bmp[i + 2] == red[2] }
        #expect(found)
    }
}

/// An Xvfb server, a temporary database, and the two executables. Children are spawned
/// with posix_spawn and a clean signal mask (Foundation's Process, called from a worker
/// thread, hands its blocked signals down, and then SIGTERM never arrives).
final class DisplayProcess: @unchecked Sendable {
    let folder: URL
    let screen = VirtualScreen(numbers: 150...250)
    private var display: Spawned?

    var database: String { folder.appendingPathComponent("atiende.sqlite").path }
    var trace: String { folder.appendingPathComponent("trace.txt").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-display-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static let binaries = VirtualScreen.binaries(containing: "atiende-display")

    var environment: [String: String] {
        var env = screen.environment()
        env["ATIENDE_DB"] = database
        // A fixed clock on a Monday morning: the office is open whatever the hour of the run.
        env["ATIENDE_NOW"] = "2026-11-23T09:30:00-05:00"
        return env
    }

    private func startServer() async throws {
        try await screen.start(width: 1280, height: 720)
    }

    func startDisplay(_ extra: [String] = []) async throws {
        try await startServer()
        display = try Spawned(Self.binaries.appendingPathComponent("atiende-display").path,
            ["--size", "1280x720", "--trace", trace] + extra, environment: environment, quiet: true)
    }

    var displayIsRunning: Bool { display?.isRunning ?? false }

    /// Runs the display to completion (for --screenshot and bad flags); returns its status and stderr.
    func runDisplay(_ arguments: [String]) async throws -> (Int32, String) {
        try await startServer()
        let err = folder.appendingPathComponent("display-err.txt").path
        let child = try Spawned(Self.binaries.appendingPathComponent("atiende-display").path, arguments, environment: environment, stderr: err)
        let status = await child.exited()
        return (status, (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    @discardableResult
    func atiende(_ arguments: String...) async throws -> Int32 { try await atiende(arguments) }

    @discardableResult
    func atiende(_ arguments: [String]) async throws -> Int32 {
        try await Spawned(Self.binaries.appendingPathComponent("atiende").path, arguments, environment: environment, quiet: true).exited()
    }

    func waitForTrace(containing text: String, seconds: Double) async throws -> Bool {
        try await VirtualScreen.wait(for: text, in: trace, seconds: seconds)
    }

    func stop() {
        display?.terminate()
        screen.stop()
    }

    deinit { stop() }
}

