import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

struct Issue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a ticket for a service: the visitor's proof that the visit was received.",
        discussion: """
            Prints the ticket number (for example A-007), how many people are ahead in that \
            service's queue and an estimate of the wait. The ticket is stored before it is \
            printed, so a printed number always exists.

            Preferential attention (elderly, pregnant, disability, small children) gives the \
            ticket a head start of the office's priorityHeadStartMinutes (10 in the demo \
            office): it goes ahead of everyone who has waited less than that much longer.

            Examples:
              atiende issue A
              atiende issue B --preferential --name Rosa
            """
    )

    @Argument(help: ArgumentHelp("The service code, one letter (see `atiende status`).", valueName: "service"))
    var service: ServiceCode

    @Flag(name: .long, help: "Preferential attention: elderly, pregnant, disability, small children.")
    var preferential = false

    @Option(name: .long, help: ArgumentHelp("The visitor's first name, if they want to give it; shown to the desk only, never on the wall.", valueName: "first-name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Issue this many tickets, one after another (to load a demo). Each is stored and printed before the next.", valueName: "n"))
    var count = 1

    @Flag(name: .long, help: "Issue even though the service is closed now (a visitor already inside at closing time).")
    var anyway = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (1...100_000).contains(count) else { throw ValidationError("--count must be between 1 and 100000, got \(count)") }
    }

    func run() async throws {
        let queue = try await common.openQueue()
        let office = try await queue.office()
        _ = common.language(for: office)
        if !anyway {
            // A server's office runs on the server's clock (a demo's may be fixed at 09:00),
            // not this machine's.
            let now = if case .server = try common.address() { try await queue.snapshot().takenAt } else { try TimeSource.fromEnvironment().now() }
            if let closed = closedNow(office, at: now) { throw CommandFailure(message: closed) }
        }
        for _ in 0..<count {
            let issued = try await queue.issue(service: service, preferential: preferential, firstName: name)
            show(issued, office)
        }
    }

    /// What to say when the service is closed now by the office's hours (a weekday's own
    /// hours, lunch, a closed date), with when it opens next; `nil` while it is open.
    private func closedNow(_ office: Office, at now: Date) -> String? {
        guard let service = office.service(service), !office.isOpen(service, at: now) else { return nil }
        let hours = service.hours ?? office.hours, calendar = office.calendar
        let lang = common.language(for: office)
        let opens = hours.nextOpening(after: now, calendar: calendar).map { Format.localTime($0, office, withDate: true) }
        return StaffText(language: lang).closed(service.code.rawValue, holiday: hours.closedDate(calendar.day(of: now))?.name[lang], opens: opens)
    }

    private func show(_ issued: TicketPlace, _ office: Office) {
        let ticket = issued.ticket
        if common.json {
            // Through an office of an institution's server, the link is under its /o/OFFICE.
            let prefix = if office.publicAddress == nil, case .server(let url, _, _)? = try? common.address() { url.prefix } else { "" }
            QueueJSON.print(QueueJSON.place(issued, timeZone: office.timeZone, visitURL: issued.visitToken.map { prefix + office.visitURL($0) }))
            return
        }
        let lang = common.language(for: office)
        let name = office.service(ticket.number.service)?.name[lang] ?? ticket.number.service.rawValue
        let words = StaffText(language: lang)
        say(words.issued(ticket.number.description, name, preferential: ticket.preferential))
        say(words.issuedAt(Format.localTime(ticket.issuedAt, office, withDate: true)))
        say(words.ahead(issued.ahead, issued.estimatedWaitMinutes))
    }
}
