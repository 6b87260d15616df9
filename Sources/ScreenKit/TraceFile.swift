import Foundation

/// Appends timestamped lines ("<unix ms> <what>") to a file, for measuring a screen from
/// outside: latency scripts compare these times with when they acted.
public struct TraceFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func append(_ what: String) {
        appendLine("\(Int((Date().timeIntervalSince1970 * 1000).rounded())) \(what)")
    }

    /// Appends `line` as it is, without a time.
    public func appendLine(_ text: String) {
        let line = text + "\n"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try? handle.close()
        } else {
            FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
        }
    }
}
