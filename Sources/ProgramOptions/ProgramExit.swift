import ArgumentParser
import AtiendeCore
import AtiendeRemote
import AtiendeQueue
import AtiendeStore
import Foundation

/// How every Atiende program ends on a failure: one line on stderr that says what to do,
/// and an exit code: 64 for a mistyped command line, 69 when the queue (or the screen)
/// cannot be used, 1 for anything the queue refused. No stack traces.
public enum ProgramExit {
    /// The message and code of a failure any program can meet, or nil.
    public static func known(_ error: any Error) -> (message: String, code: Int32)? {
        switch error {
        case let error as QueueUnavailable: (error.message, 69)
        case let error as QueueError: (error.description, 1)
        case let error as StaffError: (error.description, 1)
        case let error as RequestError: (error.description, 1)
        case let error as QueueRefused: (error.message, 1)
        case let error as ConfigError: (error.description, 1)
        case let error as SetupRefused: (error.description, 1)
        case let error as TimeSourceError: (error.description, 64)
        case let error as ServerURLError: (error.description, 64)
        default: nil
        }
    }

    /// Ends the program for `error`: a known failure with its code, a command-line mistake
    /// as ArgumentParser words it (or its help, for `--help`), anything else as 64.
    /// - Parameter own: the program's own failures (a screen that cannot open, …).
    public static func exit<Command: ParsableArguments>(
        _ error: any Error, program: String, command: Command.Type, own: (any Error) -> (message: String, code: Int32)? = { _ in nil }
    ) -> Never {
        if let (message, code) = own(error) ?? known(error) { fail(program, message, code: code) }
        let code = Command.exitCode(for: error)
        if code == .success || error is ExitCode { Command.exit(withError: error) }
        let message = Command.message(for: error)
        fail(program, "\(ArgumentProblem.explain(message) ?? message) (see `\(program) --help`)", code: 64)
    }

    /// One line on stderr, whatever the message quotes back from the input.
    public static func fail(_ program: String, _ message: String, code: Int32) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("\(program): \(line)\n".utf8))
        Foundation.exit(code)
    }
}
