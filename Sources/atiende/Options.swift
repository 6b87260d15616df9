import ArgumentParser
import AtiendeCore
import AtiendePostgres
import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation
import ProgramOptions
import QueueAddress
import Synchronization

/// Options every command takes: where the queue is and the language (shared with the
/// kiosk and the display), and --json.
struct CommonOptions: ParsableArguments {
    @OptionGroup var queue: QueueOptions

    @Flag(name: .long, help: "Print JSON for scripts instead of text for people.")
    var json = false

    /// Where the queue is: a server, or a file.
    func address() throws -> QueueAddress {
        do {
            return try queue.address()
        } catch {
            throw CommandFailure(message: error.description, code: 64)
        }
    }

    /// Opens the queue, on a file, a server, or an office in an institution's database.
    func openQueue() async throws -> any QueueService {
        let address = try address()
        if case .database(let url, let office) = address {
            return try await Institution.open(url, office: office, time: try TimeSource.fromEnvironment())
        }
        return try address.open(time: try TimeSource.fromEnvironment())
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

    /// Learns the office's language before acting, so a refusal is said in it.
    func learnLanguage(_ queue: any QueueService) async {
        if let lang = self.queue.lang { CommandLanguage.set(lang) } else if let office = try? await queue.office() { _ = language(for: office) }
    }

    func language(for office: Office) -> Language {
        let language = queue.lang ?? office.defaultLanguage
        CommandLanguage.set(language)
        return language
    }
}

/// The language a command speaks once it knows the office (its first language, or
/// `--lang`), for the refusals `Main` prints when the command fails.
enum CommandLanguage {
    private static let current = Mutex<Language?>(nil)
    static var value: Language? { current.withLock { $0 } }
    static func set(_ language: Language) { current.withLock { $0 = language } }
}


/// `--db`, `--office`, `--lang` and `--json` for the commands that work on the database
/// itself (a file on the server machine, or an institution's PostgreSQL database): `staff …`.
/// Their `--help` offers no `--server` they cannot use.
struct FileOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The queue database file, or an institution's PostgreSQL database (postgres://…). Default: $ATIENDE_DB, else atiende.sqlite in the current folder.",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The office, by its id, in an institution's database. Default: $ATIENDE_OFFICE.", valueName: "id"))
    var office: String?

    @Option(name: .long, help: ArgumentHelp("Language: es or en. Default: the office's first language.", valueName: "lang"))
    var lang: Language?

    @Flag(name: .long, help: "Print JSON for scripts instead of text for people.")
    var json = false

    /// The office's first language, or `--lang`; what the command then speaks.
    func language(_ store: any QueueService) async -> Language {
        let language = if let lang { lang } else { (try? await store.office().defaultLanguage) ?? .en }
        CommandLanguage.set(language)
        return language
    }

    /// The office of an institution's database these options name; refused in one line
    /// (exit 64) for a single office's file, before anything is opened.
    func openInstitution(_ why: String) async throws -> PostgresQueue {
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "ATIENDE_SERVER" }
        guard case .database(let url, let office)? = try? QueueAddress.from(db: db, server: nil, token: nil, office: office, environment: environment) else {
            throw CommandFailure(message: "\(why): give --db postgres://… and --office", code: 64)
        }
        return try await Institution.open(url, office: office, time: try TimeSource.fromEnvironment())
    }

    func openStore() async throws -> any QueueService & StaffDirectory {
        let address: QueueAddress
        // $ATIENDE_SERVER is for the commands that can use a server: not these.
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "ATIENDE_SERVER" }
        do { address = try QueueAddress.from(db: db, server: nil, token: nil, office: office, environment: environment) } catch {
            throw CommandFailure(message: error.description, code: 64)
        }
        switch address {
        case .database(let url, let office): return try await Institution.open(url, office: office, time: try TimeSource.fromEnvironment())
        case .file(let path): return try SQLiteQueue(path: path, time: try TimeSource.fromEnvironment())
        case .server: throw CommandFailure(message: "this command works on the database itself: run it with --db", code: 64)
        }
    }
}

/// Reads a ticket number argument, or says how to write one.
func parseTicketNumber(_ text: String) throws -> TicketNumber {
    guard let number = TicketNumber(parsing: text) else { throw QueueError.invalidTicketNumber(text) }
    return number
}
