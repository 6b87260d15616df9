import ArgumentParser
import AtiendeCore
import AtiendeQueue
import AtiendeStore
import DisplayApp
import Foundation
import KioskApp
import ProgramOptions

/// Runs the command; every failure ends as `ProgramExit` says (one line, 64/69/1). Called
/// as `atiende-kiosk` or `atiende-display` (the package's links to this program), it is
/// the kiosk or the wall display.
@main
enum Main {
    static func main() async {
        switch URL(fileURLWithPath: CommandLine.arguments.first ?? "atiende").lastPathComponent {
        case "atiende-kiosk": KioskMain.main(); return
        case "atiende-display": DisplayMain.main(); return
        default: break
        }
        do {
            var command = try Atiende.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            ProgramExit.exit(error, program: "atiende", command: Atiende.self) { error in
                if let failure = error as? CommandFailure { return (failure.message, failure.code) }
                // Refusals in the office's language, once the command knew the office.
                guard let language = CommandLanguage.value else { return nil }
                if let refusal = error as? QueueError { return (refusal.description(in: language), 1) }
                if let refusal = error as? StaffError { return (refusal.description(in: language), 1) }
                if let refusal = error as? RequestError { return (refusal.description(in: language), 1) }
                if let refusal = error as? ConfigError { return (refusal.description(in: language), 1) }
                if let refusal = error as? SetupRefused { return (refusal.description(in: language), 1) }
                return nil
            }
        }
    }
}

/// A failure the command itself detected, with its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = 1
}


struct Atiende: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atiende",
        abstract: "Run the waiting room of a public office from the command line.",
        discussion: """
            Atiende keeps one queue per office in a SQLite file that the kiosk, the wall \
            display and this command share. Reception staff issue tickets, call the next \
            number to their desk and record each visit; every step is stored as an event, \
            so the office's indicators (how many were called within the 15-minute target, \
            average wait, service time) can be recomputed for any day.

            Start with `atiende init` to set up the office, then `atiende issue A` and \
            `atiende next --desk 1`. Every command takes --db PATH (default: $ATIENDE_DB, \
            else atiende.sqlite in the current folder) and --json for scripts.

            On a network, one machine runs `atiende serve` on the database and every other \
            program names it with --server URL (and --token, a staff token for desk work): \
            the commands then behave exactly as on a local file.

            ATIENDE_NOW (ISO 8601 with offset, e.g. 2026-11-23T09:30:00-05:00) fixes the \
            clock for tests and demos. Exit codes: 0 ok, 1 refused (the message says why), \
            64 bad command line, 69 database unavailable.
            """,
        subcommands: [
            Init.self, Issue.self, Next.self, Call.self, Recall.self, Start.self, Finish.self,
            NoShow.self, Transfer.self, Requeue.self, Cancel.self, DeskCommand.self, Status.self, Report.self, Simulate.self,
            Serve.self, BackupCommand.self, RestoreCommand.self, StaffCommand.self, Migrate.self, Catalogue.self, RequestCommand.self,
        ]
    )
}
