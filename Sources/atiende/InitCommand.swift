import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import AtiendeStore
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the office's queue database, or update it from a config.",
        discussion: """
            Reads an office config (services, desks, hours, target wait) and applies it to the \
            database, creating the file if needed. Without --config it uses the demo office, \
            Defensoría del Pueblo — Centro de Atención al Usuario, from Assets/office.json.

            The config is checked before anything is written: an unknown key, a duplicate \
            service code, a desk naming an unknown service, bad hours or a target of 0 stop \
            with one line naming the file, the field and the problem, and leave the database \
            untouched.

            History is never dropped. Running init again with a changed config keeps every \
            ticket and event; new desks start open; a service or desk can only be removed \
            when nobody is waiting for it or being served at it. To stop a service taking \
            tickets while its queue is served, set "active": false. The time zone can only \
            change while no ticket is open.

            With --if-changed (what the server's unit runs before every start) the file is \
            applied only when it is new or has changed since it was last applied, so what an \
            admin changed in /admin survives a restart; an edit of the file still wins, and \
            the output says which versions it replaced.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The office config (JSON). Default: the demo office.", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Apply the file only if it changed since it was last applied: keeps what /admin changed.")
    var ifChanged = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let (json, file) = try Self.readConfig(config)
        let office: Office, queue: SQLiteQueue, summary: SetupSummary
        do {
            if case .database(let url, let id) = try common.address() {
                // An office in an institution's database: the schema brought up to date, the
                // office made on its first config, its services from the institution's
                // catalogue filled in. With --if-changed, as on a file, what /admin changed
                // survives until the file itself changes.
                let institution = try await Institution.open(url, office: id, time: try TimeSource.fromEnvironment(), migrate: true)
                let location = "office \(institution.officeID) of \(url)"
                guard ifChanged else {
                    summary = try await institution.apply(config: json, file: file, fromFile: true)
                    return try report(summary, office: try await institution.office(), location: location)
                }
                return try await told(try await institution.applyIfChanged(config: json, file: file), file: file, location: location) {
                    try await institution.office()
                }
            }
            // Checked before the database is opened, so a bad config never creates or touches it.
            office = try OfficeConfig.parse(Data(json.utf8), file: file)
            queue = try common.openStore(create: true)
            guard ifChanged else {
                summary = try await queue.apply(config: json, file: file, fromFile: true)
                return try report(summary, office: office, location: queue.databasePath)
            }
            let path = queue.databasePath
            try await told(try await queue.applyIfChanged(config: json, file: file), file: file, location: path) { office }
        } catch let error where error is ConfigError || error is SetupRefused {
            try await keepRunning(after: error, file: file)
        }
    }

    /// Says what `--if-changed` did: the file kept as it was, or applied (and which version
    /// from /admin it replaced).
    func told(_ application: FileApplication, file: String, location: String, office: () async throws -> Office) async throws {
        let office = try await office()
        switch application {
        case .kept(let fromFile, let current):
            if common.json {
                JSONText.object([
                    ("database", .string(location)), ("created", .bool(false)), ("changed", .bool(false)),
                    ("version", .int(Int(current.id))),
                ]).print()
            } else {
                say(Self.kept(file: file, fromFile: fromFile, current: current, in: office))
            }
        case .applied(let applied, let replaced):
            if let replaced, !common.json {
                say("\(file) changed since it was last applied: it replaces version \(replaced.id) (\(Self.who(replaced, in: office)))")
            }
            try report(applied, office: office, location: location)
        }
    }

    /// With --if-changed (the server's unit, before every start) a file that cannot be
    /// applied must not keep the office closed: the office stays at the version in use and
    /// the journal says why. On a first install there is no version yet, and it fails.
    func keepRunning(after error: any Error, file: String) async throws {
        guard ifChanged, case .file(let path)? = try? common.address(), FileManager.default.fileExists(atPath: path),
            let queue = try? common.openStore(create: false), let current = try? await queue.configVersions(limit: 1).first
        else { throw error }
        let line = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("atiende: warning: \(file) was not applied, and the office stays as it is (version \(current.id)): \(line)\n".utf8))
    }

    func report(_ summary: SetupSummary, office: Office, location: String) throws {
        if common.json {
            JSONText.object([
                ("database", .string(location)), ("created", .bool(summary.created)),
                ("changed", .bool(summary.changed)),
                ("services", .array(office.services.map { .string($0.code.rawValue) })),
                ("desks", .array(office.desks.map { .string($0.id.rawValue) })),
            ]).print()
            return
        }
        let lang = common.language(for: office)
        let verb = summary.created ? "Created" : (summary.changed ? "Updated" : "Already up to date:")
        say("\(verb) \(office.name[lang]) in \(location)")
        for service in office.services where service.active {
            let desks = office.desks.filter { $0.serves(service.code) }.map { $0.label[lang] }
            say("  \(service.code)  \(service.name[lang])  (\(desks.joined(separator: ", ")))")
        }
        if !summary.removedServices.isEmpty { say("  no longer offered: \(summary.removedServices.joined(separator: ", ")) (history kept)") }
        if !summary.pausedServices.isEmpty {
            say("  no new tickets for: \(summary.pausedServices.joined(separator: ", ")) (those already waiting are still served)")
        }
        if !summary.removedDesks.isEmpty { say("  desks removed: \(summary.removedDesks.joined(separator: ", "))") }
        say("Target wait \(office.targetWaitMinutes) min, preferential head start \(office.priorityHeadStartMinutes) min.")
    }

    /// What `--if-changed` says when the file is as it was: which version is in use and why.
    static func kept(file: String, fromFile: ConfigVersion, current: ConfigVersion, in office: Office) -> String {
        let since = "\(file) has not changed since it was applied as version \(fromFile.id) (\(Format.localTime(fromFile.appliedAt, office, withDate: true)))"
        guard current.id != fromFile.id else { return "Kept the office as it is: \(since)." }
        return "Kept the office as it is, version \(current.id) (\(Self.who(current, in: office))): \(since)."
    }

    static func who(_ version: ConfigVersion, in office: Office) -> String {
        "\(version.appliedBy.map { "changed in /admin by \($0)" } ?? "applied by atiende init") \(Format.localTime(version.appliedAt, office, withDate: true))"
    }

    /// The config text and the name to use for it in messages.
    static func readConfig(_ path: String?) throws -> (String, String) {
        guard let path else {
            guard let url = DemoOffice.url else {
                throw CommandFailure(message: "the demo office (Assets/office.json, or /usr/share/atiende/office.json when installed) was not found: pass --config FILE")
            }
            return (try String(contentsOf: url, encoding: .utf8), "Assets/office.json")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "cannot read config file \(path): check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure(message: "\(path) is not UTF-8 text: save it as UTF-8 JSON")
        }
        return (text, path)
    }
}
