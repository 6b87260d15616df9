import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

/// `--desk D`, which every desk operation takes.
struct DeskOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The desk you work at, by id (e.g. 3 for Ventanilla 3).", valueName: "id"))
    var desk: DeskID
}

struct Next: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call the next visitor to your desk.",
        discussion: """
            Calls the waiting ticket with the earliest due time among the services your desk \
            serves. A ticket's due time is its issue time, minus the head start for \
            preferential attention; ties go to the earlier issue time, then the lower number. \
            The wall display shows and chimes the call.

            Prints the number called and how long it waited, or says nobody is waiting. Your \
            desk must be open and free: finish, mark a no-show or requeue the current ticket first.
            """
    )
    @OptionGroup var place: DeskOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let queue = try await common.openQueue()
        await common.learnLanguage(queue)
        let change = try await queue.callNext(desk: place.desk)
        try await DeskReport(queue: queue, common: common).show(change, desk: place.desk)
    }
}

struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call one ticket to your desk by number, out of order.",
        discussion: "For a visitor the call rule would not pick yet, e.g. one sent over by another desk. Example: atiende call A-007 --desk 2"
    )
    @Argument(help: ArgumentHelp("Today's ticket number, e.g. A-007.", valueName: "ticket"))
    var ticket: String
    @OptionGroup var place: DeskOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let number = try parseTicketNumber(ticket)
        let queue = try await common.openQueue()
        await common.learnLanguage(queue)
        let change = try await queue.call(number, desk: place.desk)
        try await DeskReport(queue: queue, common: common).show(change, desk: place.desk)
    }
}

/// The desk operations that act on the desk's current ticket share one shape.
protocol DeskActionCommand: AsyncParsableCommand {
    var place: DeskOption { get }
    var common: CommonOptions { get }
    var action: DeskAction { get }
}

extension DeskActionCommand {
    func run() async throws {
        let queue = try await common.openQueue()
        await common.learnLanguage(queue)
        let change = try await queue.act(action, desk: place.desk)
        try await DeskReport(queue: queue, common: common).show(change, desk: place.desk)
    }
}

struct Recall: DeskActionCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call your desk's current ticket again (the display chimes once more).")
    @OptionGroup var place: DeskOption
    @OptionGroup var common: CommonOptions
    var action: DeskAction { .recall }
}

struct Start: DeskActionCommand {
    static let configuration = CommandConfiguration(
        abstract: "The called visitor has arrived: start serving them.")
    @OptionGroup var place: DeskOption
    @OptionGroup var common: CommonOptions
    var action: DeskAction { .start }
}

struct Finish: DeskActionCommand {
    static let configuration = CommandConfiguration(
        abstract: "Finish serving the visitor at your desk; the service time and how the visit ended are recorded.",
        discussion: """
            The outcomes are the office's (by default resolved, caseOpened with --case, \
            referred with --referred-to, followUp). The note is for staff only. Example: \
            atiende finish --desk 1 --outcome caseOpened --case Q-2026-0412
            """)
    @OptionGroup var place: DeskOption
    @Option(name: .long, help: ArgumentHelp("How the visit ended, from the office's list (e.g. resolved).", valueName: "outcome"))
    var outcome: String?
    @Option(name: .customLong("case"), help: ArgumentHelp("The number of the complaint or petition filed (caseOpened).", valueName: "number"))
    var caseNumber: String?
    @Option(name: .customLong("referred-to"), help: ArgumentHelp("The institution the visitor was sent to (referred).", valueName: "text"))
    var referredTo: String?
    @Option(name: .long, help: ArgumentHelp("A private note for staff, never shown to the public.", valueName: "text"))
    var note: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if outcome == nil && (caseNumber != nil || referredTo != nil || note != nil) {
            throw ValidationError("--case, --referred-to and --note go with --outcome: say how the visit ended, e.g. --outcome resolved")
        }
    }

    var action: DeskAction {
        guard let outcome else { return .finish }
        return .finishAs(VisitOutcome(code: outcome, caseNumber: caseNumber, referredTo: referredTo, note: note))
    }
}

struct NoShow: DeskActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "no-show",
        abstract: "The called visitor did not come: close their ticket as a no-show.")
    @OptionGroup var place: DeskOption
    @OptionGroup var common: CommonOptions
    var action: DeskAction { .noShow }
}

struct Requeue: DeskActionCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put the called ticket back in the queue, keeping its place (e.g. the visitor stepped out).")
    @OptionGroup var place: DeskOption
    @OptionGroup var common: CommonOptions
    var action: DeskAction { .requeue }
}

struct Transfer: DeskActionCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send the visitor you are serving to another service's queue.",
        discussion: """
            The ticket keeps its number and its original issue time, so it keeps its place \
            in the new queue; its second wait is recorded too. Example: \
            atiende transfer --desk 1 --to C
            """)
    @OptionGroup var place: DeskOption
    @Option(name: .long, help: ArgumentHelp("The service to send the visitor to.", valueName: "service"))
    var to: ServiceCode
    @OptionGroup var common: CommonOptions
    var action: DeskAction { .transfer(to: to) }
}

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cancel one of today's waiting or called tickets (the visitor left).")
    @Argument(help: ArgumentHelp("Today's ticket number, e.g. A-007.", valueName: "ticket"))
    var ticket: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let number = try parseTicketNumber(ticket)
        let queue = try await common.openQueue()
        await common.learnLanguage(queue)
        let change = try await queue.cancel(number)
        try await DeskReport(queue: queue, common: common).show(change, desk: nil)
    }
}

struct DeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Open or close a desk.",
        discussion: "A closed desk calls nobody and does not count in wait estimates. A desk with a ticket called or in service cannot close.",
        subcommands: [Open.self, Close.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a desk so it can call visitors.")
        @Argument(help: ArgumentHelp("The desk id.", valueName: "id")) var desk: DeskID
        @OptionGroup var common: CommonOptions
        func run() async throws { try await DeskCommand.set(desk, open: true, common) }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a desk (finish its current visitor first).")
        @Argument(help: ArgumentHelp("The desk id.", valueName: "id")) var desk: DeskID
        @OptionGroup var common: CommonOptions
        func run() async throws { try await DeskCommand.set(desk, open: false, common) }
    }

    static func set(_ desk: DeskID, open: Bool, _ common: CommonOptions) async throws {
        let queue = try await common.openQueue()
        await common.learnLanguage(queue)
        let state = try await queue.setDesk(desk, open: open)
        let office = try await queue.office()
        if common.json {
            QueueJSON.print(QueueJSON.desk(state, timeZone: office.timeZone))
        } else {
            let label = office.desk(desk)?.label[common.language(for: office)] ?? desk.rawValue
            say(StaffText(language: common.language(for: office)).desk(label, open: open))
        }
    }
}

/// Prints the outcome of a desk operation.
struct DeskReport {
    var queue: any QueueService
    var common: CommonOptions

    /// After any desk operation: a line on stderr when someone this desk could call has
    /// waited past the target, so the desk knows before the next call.
    func warnAboutLongWaits(desk: DeskID?) async {
        guard let desk, let office = try? await queue.office(), let served = office.desk(desk)?.services,
            let snapshot = try? await queue.snapshot() else { return }
        let late = snapshot.alerts.filter { $0.pastTarget && served.contains($0.service) }
        guard let longest = late.first else { return }
        let words = StaffText(language: common.language(for: office))
        let line = words.longWaits(late.count, desk: desk.rawValue, target: office.targetWaitMinutes, longest: longest.number.description, minutes: longest.waitingSeconds / 60) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func show(_ change: TicketChange?, desk: DeskID?) async throws {
        try await describe(change, desk: desk)
        await warnAboutLongWaits(desk: desk)
    }

    private func describe(_ change: TicketChange?, desk: DeskID?) async throws {
        let office = try await queue.office()
        if common.json {
            QueueJSON.print(QueueJSON.next(change, timeZone: office.timeZone))
            return
        }
        let lang = common.language(for: office)
        let words = StaffText(language: lang)
        guard let change else {
            say(words.nobodyWaiting(desk?.rawValue ?? ""))
            return
        }
        let ticket = change.ticket, event = change.event
        let deskLabel = (event.desk ?? desk).flatMap { office.desk($0)?.label[lang] } ?? ""
        let name = ticket.firstName.map { " (\($0))" } ?? ""
        switch event.kind {
        case .called:
            say(words.called("\(ticket.number)\(name)", to: deskLabel, waited: words.length(event.seconds), preferential: ticket.preferential))
        case .recalled: say(words.recalled("\(ticket.number)\(name)", to: deskLabel))
        case .started: say(words.started("\(ticket.number)\(name)", at: deskLabel))
        case .finished:
            let ended = event.outcome.map { o in
                let name = office.outcomes.first { $0.code == o.code }?.name[lang] ?? o.code
                return ": " + ([name] + [o.caseNumber, o.referredTo].compactMap { $0 }).joined(separator: " · ")
            } ?? ""
            say(words.finished(ticket.number.description, at: deskLabel, after: words.length(event.seconds), ended: ended))
        case .noShow: say(words.noShow(ticket.number.description, at: deskLabel))
        case .transferred:
            let service = office.service(ticket.queueService)?.name[lang] ?? ticket.queueService.rawValue
            say(words.transferred(ticket.number.description, to: service))
        case .requeued: say(words.requeued(ticket.number.description))
        case .cancelled: say(words.cancelled(ticket.number.description))
        case .issued, .expired: say("\(ticket.number) \(ticket.state.words)")
        }
    }
}
