import Foundation

/// Where the demo office config (`Assets/office.json`) is: `$ATIENDE_ASSETS`, beside the
/// package the executable was built in (development, CI), or the current folder.
public enum DemoOffice {
    public static var url: URL? {
        var candidates: [URL] = []
        if let assets = ProcessInfo.processInfo.environment["ATIENDE_ASSETS"], !assets.isEmpty {
            candidates.append(URL(fileURLWithPath: assets).appendingPathComponent("office.json"))
        }
        // Executables sit in .build/<configuration>/ inside the package.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Assets/office.json"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "Assets/office.json"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The demo config's text, or `nil` when it cannot be found.
    public static func text() -> String? {
        url.flatMap { try? String(contentsOf: $0, encoding: .utf8) }
    }
}
