import ArgumentParser
import AtiendeCore
import AtiendeQueue
import AtiendeServer
import AtiendeStore
import Foundation
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the queue over HTTP to kiosks, displays and desks on other machines.",
        discussion: """
            Owns the queue database and answers every queue operation as JSON over HTTP \
            (the routes are documented in /api/openapi.json), streams each change as \
            Server-Sent Events at /api/events, and serves a desk console for the browser at \
            /desk/ID (for example http://HOST:8080/desk/3). A monitoring system reads \
            /healthz (is the database writable) and /metrics (Prometheus).

            Point the other programs at it with --server URL: atiende-kiosk, \
            atiende-display and every atiende command then work as on a local file.

            Who may do what comes from the office config's "access" section: desk \
            operations need a staff token, a kiosk token may only issue tickets, and \
            reading status and events is open unless read tokens are set. Clients send \
            the token as `Authorization: Bearer TOKEN` (--token, or $ATIENDE_TOKEN).

            Listens on 127.0.0.1 (this machine only) unless --host says otherwise: use \
            --host 0.0.0.0 to serve the office network. Stops cleanly on Ctrl-C or SIGTERM.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The address to listen on; 0.0.0.0 for every network of this machine.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The TCP port; 0 picks a free one (printed on start).", valueName: "port"))
    var port = 8080

    @Flag(name: .long, help: "Log every request (to stderr).")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("How to write the log on stderr: text, or json (one object a line, with a line per request, for a log collector).", valueName: "format"))
    var logFormat = LogFormat.text

    @Option(name: .long, help: ArgumentHelp("Write a checked backup of the database into this folder on a schedule (--backup-every).", valueName: "folder"))
    var backupDir: String?

    @Option(name: .long, help: ArgumentHelp("How often to back up into --backup-dir: 30m, 1h, 1d.", valueName: "period"))
    var backupEvery = Period(argument: "1h")!

    @Option(name: .long, help: ArgumentHelp("How many scheduled backups to keep, newest first.", valueName: "n"))
    var keep = 30

    @Option(name: .customLong("low-disk-mb"), help: ArgumentHelp("Warn the staff when the database's volume has less free than this (MB).", valueName: "mb"))
    var lowDiskMB = Int(DiskSpace.lowBelowBytes / 1_048_576)

    @Option(name: .customLong("trust-proxy"), help: ArgumentHelp(
        "The address of a proxy or load balancer in front of this server (repeat for several): its X-Forwarded-For names the client, for the sign-in limit per address.",
        valueName: "address"))
    var trustProxy: [String] = []

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        guard (1...10_000_000).contains(lowDiskMB) else { throw ValidationError("--low-disk-mb must be between 1 and 10000000, got \(lowDiskMB)") }
        guard (1...10_000).contains(keep) else { throw ValidationError("--keep must be between 1 and 10000, got \(keep)") }
    }

    func run() async throws {
        if case .database(let url, let office) = try common.address() { return try await serveInstitution(url, office: office) }
        let queue = try common.openStore(serving: true)
        // Held while serving: `atiende restore` refuses to replace the file under it.
        let lock: ServingLock
        do { lock = try ServingLock(database: queue.databasePath) } catch let error as QueueUnavailableError {
            throw CommandFailure(message: error.description.replacingOccurrences(of: "restore: ", with: "serve: "), code: 69)
        }
        defer { withExtendedLifetime(lock) {} }
        let backups = backupDir.map { folder in
            Task { [keep, backupEvery, logFormat] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(backupEvery.seconds))
                    guard !Task.isCancelled else { return }
                    do {
                        _ = try await queue.rotatingBackup(in: folder, keep: keep)
                    } catch {
                        Self.warn("scheduled backup into \(folder) failed: \(error)", format: logFormat)
                    }
                }
            }
        }
        defer { backups?.cancel() }
        try await serve(queue, office: try await queue.office(), lowDiskBytes: Int64(lowDiskMB) * 1_048_576)
    }

    /// One office of an institution's PostgreSQL database; several servers may serve it at
    /// once behind one address (docs/postgres.md). The database's backups are PostgreSQL's.
    func serveInstitution(_ url: String, office id: String) async throws {
        if backupDir != nil {
            throw CommandFailure(message: "--backup-dir backs up an office's file; an institution's database is backed up with PostgreSQL's own tools (pg_dump, or continuous archiving)", code: 64)
        }
        let queue = try await Institution.open(url, office: id, time: try TimeSource.fromEnvironment(running: true), migrate: true)
        let office: Office
        do { office = try await queue.office() } catch { throw CommandFailure(message: "\(error)", code: 69) }
        try await serve(queue, office: office, lowDiskBytes: Int64(lowDiskMB) * 1_048_576, offices: InstitutionOffices(home: queue))
    }

    /// - Parameter offices: the other offices of an institution's database, served under `/o/{office}/`.
    func serve(_ queue: any ServedQueue, office: Office, lowDiskBytes: Int64, offices: (any OfficeDirectory)? = nil) async throws {
        guard let access = office.access else {
            throw CommandFailure(message: "the office config has no \"access\" tokens: add \"access\": {\"staff\": \"…\", \"kiosk\": \"…\"} to it and run `atiende init --config FILE`, so only staff can call numbers")
        }
        if access.staff.contains("demo-staff-token") {
            warn("the office uses the demo tokens; set your own in the config's access section before opening to a network")
        }
        let host = self.host, name = office.name[common.language(for: office)]
        let firstDesk = office.desks.first?.id ?? "1"
        do {
            try await QueueServer(queue: queue, lowDiskBytes: lowDiskBytes, offices: offices, trustedProxies: Set(trustProxy)).run(host: host, port: port, logLevel: verbose ? .info : .warning, logFormat: logFormat) { port in
                let shown = host == "0.0.0.0" ? (ProcessInfo.processInfo.hostName) : host
                say("Atiende is serving \(name) on http://\(shown):\(port)")
                say("  desk console: http://\(shown):\(port)/desk/\(firstDesk)   API: http://\(shown):\(port)/api/openapi.json")
            }
        } catch let error as ServeError {
            throw CommandFailure(message: error.description, code: 69)
        }
    }
}

extension Serve {
    /// A warning on stderr, in the log's format.
    func warn(_ message: String) { Self.warn(message, format: logFormat) }

    static func warn(_ message: String, format: LogFormat) {
        switch format {
        case .text: FileHandle.standardError.write(Data("atiende: warning: \(message)\n".utf8))
        case .json: Logger(label: "atiende-serve", factory: { JSONLogHandler(label: $0) }).warning("\(message)")
        }
    }
}

extension LogFormat: ExpressibleByArgument {}
