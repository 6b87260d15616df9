import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import AtiendeStore
import Foundation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move an office's whole history from its file into an institution's database.",
        discussion: """
            Reads the office's file (--from) and moves everything into the office --office of \
            the PostgreSQL database --to: every config version, ticket, event, visit link and \
            answer, the staff accounts with their roles, and who sat at which desk. Sessions end: \
            everyone signs in again on the institution's server. It is one transaction: all of it \
            moves, or nothing. A ticket already there is passed over, so running it again adds \
            nothing, and the office goes on numbering where its file stopped.

            Stop the office's server first, so nothing is added to the file meanwhile.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The office's database file.", valueName: "path"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The institution's database: postgres://USER@HOST:PORT/DB (password in $ATIENDE_DB_PASSWORD or the file $ATIENDE_DB_PASSWORD_FILE).", valueName: "url"))
    var to: String

    @Option(name: .long, help: ArgumentHelp("The office's id in the institution: 1 to 32 lowercase letters, digits or hyphens.", valueName: "id"))
    var office: String

    @Flag(name: .long, help: "Print JSON for scripts instead of text for people.")
    var json = false

    func run() async throws {
        guard FileManager.default.fileExists(atPath: from) else {
            throw CommandFailure(message: "no database at \(from): give the office's file with --from", code: 66)
        }
        let time = try TimeSource.fromEnvironment()
        let history = try await SQLiteQueue(path: from, time: time).history()
        let institution = try await Institution.open(to, office: office, time: time, migrate: true)
        let started = ContinuousClock.now
        let added = try await institution.importHistory(history)
        let seconds = (ContinuousClock.now - started).components
        if json {
            JSONText.object([
                ("office", .string(institution.officeID.rawValue)), ("configs", .int(added.configs)), ("tickets", .int(added.tickets)),
                ("events", .int(added.events)), ("answers", .int(added.answers)), ("staff", .int(added.staff)),
                ("ticketsInFile", .int(history.tickets.count)),
            ]).print()
            return
        }
        guard added.tickets > 0 || added.configs > 0 || added.staff > 0 else {
            say("Nothing to move: office \(institution.officeID) already holds the \(history.tickets.count) tickets of \(from).")
            return
        }
        say("Moved \(from) into office \(institution.officeID) of \(to) in \(seconds.seconds).\(String(format: "%02d", seconds.attoseconds / 10_000_000_000_000_000)) s:")
        say("  \(added.configs) config versions, \(added.tickets) tickets (of \(history.tickets.count) in the file), \(added.events) events, \(added.answers) answers, \(added.staff) staff accounts")
        say("Serve it with: atiende serve --db \(to) --office \(institution.officeID)")
    }
}
