import Foundation

/// Lines on standard output for the command line. When the reader has gone (`atiende
/// status | head`), the program ends quietly, as Unix tools do, instead of crashing on
/// the broken pipe (SwiftNIO, which the server client uses, ignores SIGPIPE, and
/// Foundation's non-throwing write traps on EPIPE).
public enum StandardOutput {
    public static func line(_ text: String) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8))
        } catch {
            exit(0)
        }
    }
}
