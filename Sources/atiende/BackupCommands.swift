import ArgumentParser
import AtiendeStore
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the queue database while kiosks and desks keep working.",
        discussion: """
            Uses SQLite's online backup: the copy is a consistent snapshot taken while the \
            server goes on writing. It is written beside FILE, checked with PRAGMA \
            integrity_check, and only then renamed to FILE. Copy FILE off the machine (for \
            example with scp or rsync) to keep it safe; `atiende restore FILE` puts it back.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Where to write the copy.", valueName: "file"))
    var to: String

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let store = try common.openStore()
        do {
            let made = try await store.backup(to: to)
            say("Backed up \(store.databasePath) to \(made.path): \(made.bytes / 1024) KiB, integrity \(made.integrity)")
        } catch let error as QueueUnavailableError {
            throw CommandFailure(message: error.description, code: 74)
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup back in place of the queue database.",
        discussion: """
            Checks the backup first (PRAGMA integrity_check, and that it is an Atiende \
            database). Refuses while a server is using the database: stop it first. The \
            file it replaces is kept beside it as FILE.replaced-<time>, so nothing is lost.
            """
    )

    @Argument(help: ArgumentHelp("The backup to restore.", valueName: "backup"))
    var backup: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        guard let database = common.queue.db ?? ProcessInfo.processInfo.environment["ATIENDE_DB"] else {
            throw CommandFailure(message: "say which database to restore into with --db FILE", code: 64)
        }
        do {
            let restored = try Restore.run(from: backup, to: database)
            say("Restored \(backup) to \(database)" + (restored.kept.map { "; the file it replaced is kept as \($0)" } ?? ""))
            if let day = restored.day, restored.missingTickets > 0 {
                say("\(restored.missingTickets) ticket(s) of \(day) are in the replaced file but not in the backup: their numbers will not be given out again")
            }
        } catch let error as QueueUnavailableError {
            throw CommandFailure(message: error.description, code: 73)
        }
    }
}

/// `--backup-every 1h`, `30m`, `90s`: a period for scheduled backups.
struct Period: ExpressibleByArgument, Sendable {
    var seconds: Int

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = text.last, let value = Int(text.dropLast()), value > 0 else { return nil }
        switch unit {
        case "s": seconds = value
        case "m": seconds = value * 60
        case "h": seconds = value * 3600
        case "d": seconds = value * 86_400
        default: return nil
        }
        guard seconds >= 10 else { return nil }
    }
}
