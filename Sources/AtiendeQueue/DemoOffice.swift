import Foundation

/// Where the demo office config (`Assets/office.json`) is: `$ATIENDE_ASSETS`, beside the
/// package the executable was built in (development, CI), where the Debian package puts
/// it (`/usr/share/atiende`, found from the executable in `/usr/bin`), or the current folder.
public enum DemoOffice {
    public static var url: URL? {
        var candidates: [URL] = []
        if let assets = ProcessInfo.processInfo.environment["ATIENDE_ASSETS"], !assets.isEmpty {
            candidates.append(URL(fileURLWithPath: assets).appendingPathComponent("office.json"))
        }
        // Executables sit in .build/<configuration>/ inside the package, or in <prefix>/bin.
        var dir = executable.deletingLastPathComponent()
        candidates.append(dir.deletingLastPathComponent().appendingPathComponent("share/atiende/office.json"))
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Assets/office.json"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "Assets/office.json"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// This program's file, through any symbolic link, wherever it was started from (a
    /// program found on PATH has only its name in `argv[0]`).
    static var executable: URL {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    /// The demo config's text, or `nil` when it cannot be found.
    public static func text() -> String? {
        url.flatMap { try? String(contentsOf: $0, encoding: .utf8) }
    }
}
