import ArgumentParser
import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation
import QueueAddress

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The queue database file. Default: $ATIENDE_DB, else atiende.sqlite in the current folder.",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "Use the queue of an Atiende server (`atiende serve`) instead of a file, e.g. http://192.168.1.20:8080. Default: $ATIENDE_SERVER.",
        valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp(
        "The server token: staff for desk work, kiosk for issuing. Default: $ATIENDE_TOKEN.",
        valueName: "token"))
    var token: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of text for people.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Language for service and desk names: es or en. Default: the office's first language.", valueName: "lang"))
    var lang: Language?

    /// Where the queue is: a server, or a file.
    func address() throws -> QueueAddress {
        do {
            return try QueueAddress.from(db: db, server: server, token: token)
        } catch {
            throw CommandFailure(message: error.description, code: 64)
        }
    }

    /// Opens the queue, on a file or a server.
    func openQueue() throws -> any QueueService {
        try address().open(time: try TimeSource.fromEnvironment())
    }

    /// The database file itself, for the commands that set it up or serve it: they run
    /// on the machine that holds the file.
    /// - Parameter serving: for `serve`, which runs and checkpoints the file in the background.
    func openStore(create: Bool = false, serving: Bool = false) throws -> SQLiteQueue {
        guard case .file(let path) = try address() else {
            throw CommandFailure(message: "this command works on the database file itself: run it on the server machine with --db", code: 64)
        }
        return try SQLiteQueue(path: path, time: try TimeSource.fromEnvironment(running: serving), create: create,
            backgroundCheckpoints: serving)
    }

    func language(for office: Office) -> Language { lang ?? office.defaultLanguage }
}

extension Language: ExpressibleByArgument {}


/// Reads a ticket number argument, or says how to write one.
func parseTicketNumber(_ text: String) throws -> TicketNumber {
    guard let number = TicketNumber(parsing: text) else { throw QueueError.invalidTicketNumber(text) }
    return number
}
