import ArgumentParser
import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The queue database file. Default: $ATIENDE_DB, else atiende.sqlite in the current folder.",
        valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of text for people.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Language for service and desk names: es or en. Default: the office's first language.", valueName: "lang"))
    var lang: Language?

    var databasePath: String {
        if let db, !db.isEmpty { return db }
        if let env = ProcessInfo.processInfo.environment["ATIENDE_DB"], !env.isEmpty { return env }
        return "atiende.sqlite"
    }

    /// Opens the queue on an existing database.
    func openQueue(create: Bool = false) throws -> SQLiteQueue {
        try SQLiteQueue(path: databasePath, time: try TimeSource.fromEnvironment(), create: create)
    }

    func language(for office: Office) -> Language { lang ?? office.defaultLanguage }
}

extension Language: ExpressibleByArgument {}


/// Reads a ticket number argument, or says how to write one.
func parseTicketNumber(_ text: String) throws -> TicketNumber {
    guard let number = TicketNumber(parsing: text) else { throw QueueError.invalidTicketNumber(text) }
    return number
}


