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
            """
    )

    @Option(name: .long, help: ArgumentHelp("The office config (JSON). Default: the demo office.", valueName: "file"))
    var config: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let (json, file) = try Self.readConfig(config)
        // Checked before the database is opened, so a bad config never creates or touches it.
        let office = try OfficeConfig.parse(Data(json.utf8), file: file)
        let queue = try common.openStore(create: true)
        let summary = try await queue.apply(config: json, file: file)
        if common.json {
            JSONText.object([
                ("database", .string(queue.databasePath)), ("created", .bool(summary.created)),
                ("changed", .bool(summary.changed)),
                ("services", .array(office.services.map { .string($0.code) })),
                ("desks", .array(office.desks.map { .string($0.id) })),
            ]).print()
            return
        }
        let lang = common.language(for: office)
        let verb = summary.created ? "Created" : (summary.changed ? "Updated" : "Already up to date:")
        say("\(verb) \(office.name[lang]) in \(queue.databasePath)")
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
