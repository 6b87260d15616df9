import Foundation

/// A real X server (Xvfb) for the end-to-end tests of the SDL apps, with what they share:
/// where the built executables are, the environment that puts an app on this screen with
/// no sound card, and waiting for a line in an app's trace file.
public final class VirtualScreen: @unchecked Sendable {
    public static let xvfb: String? = ["/usr/bin/Xvfb", "/usr/local/bin/Xvfb"].first { FileManager.default.isExecutableFile(atPath: $0) }
    public static let xdotool: String? = ["/usr/bin/xdotool", "/usr/local/bin/xdotool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The X display number (`:N`), picked at random in `numbers` so suites do not meet.
    public let number: Int
    private var server: Spawned?

    public init(numbers: ClosedRange<Int>) {
        number = Int.random(in: numbers)
    }

    /// Starts the X server with a screen of this size, once, and gives it a moment.
    public func start(width: Int, height: Int) async throws {
        guard server == nil, let xvfb = Self.xvfb else { return }
        server = try Spawned(xvfb, [":\(number)", "-screen", "0", "\(width)x\(height)x24"], environment: environment([:]), quiet: true)
        try await Task.sleep(for: .seconds(0.8))
    }

    /// `base` (the process's environment by default) with this screen and no sound card.
    public func environment(_ base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var environment = base
        environment["DISPLAY"] = ":\(number)"
        environment["SDL_AUDIODRIVER"] = "dummy"
        environment["SDL_VIDEODRIVER"] = "x11"
        return environment
    }

    public func stop() {
        server?.terminate()
        server = nil
    }

    deinit { stop() }

    /// The folder that holds the built executables (beside the test bundle).
    public static func binaries(containing name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent(name).path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug")
    }

    /// Waits until the file at `path` contains `text`, up to `seconds`.
    public static func wait(for text: String, in path: String, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let contents = try? String(contentsOfFile: path, encoding: .utf8), contents.contains(text) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
