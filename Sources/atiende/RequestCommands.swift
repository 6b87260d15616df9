import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeMail
import AtiendeQueue
import Foundation
import KioskModel

extension RequestChannel: ExpressibleByArgument {}
extension ContactResult: ExpressibleByArgument {}

/// `atiende request …`: requests from every channel, each with a number as proof and a first
/// contact promised within 24 hours (docs/domain.md, "Requests and the 24-hour promise").
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Register requests from every channel and record the calls back.",
        discussion: """
            A phone call, an email, a written note, a lost call, another official or a visit that \
            could not be settled gets a number as proof (S-2026-000123) and a deadline for first \
            contact: 24 hours, or the office's opening hours only ("requests" in the office \
            config). These commands work on the database itself (--db).
            """,
        subcommands: [Add.self, Contact.self, List.self, Show.self, Receipt.self, Report.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a request; prints its number, its deadline and the person's link, and mails the confirmation.",
            discussion: "Example: atiende request add --channel phone --service B --summary \"Queja por demora\" --name \"Ana Pérez\" --phone \"601 555 0123\"")

        @Option(help: "How it came: inPerson, phone, email, written, lostCall or referred.")
        var channel: RequestChannel
        @Option(help: ArgumentHelp("The service it concerns.", valueName: "code"))
        var service: String
        @Option(help: ArgumentHelp("What it is about, in a few words (at most 500 characters).", valueName: "text"))
        var summary: String
        @Option(help: ArgumentHelp("The person's name.", valueName: "name"))
        var name: String?
        @Option(help: ArgumentHelp("A phone to call them back.", valueName: "phone"))
        var phone: String?
        @Option(help: ArgumentHelp("An email to write to them.", valueName: "email"))
        var email: String?
        @Option(help: ArgumentHelp("Who handles it (a staff user name).", valueName: "user"))
        var assign: String?
        @OptionGroup var common: FileOptions

        func run() async throws {
            let (book, office, language) = try await RequestCommand.open(common)
            guard let code = ServiceCode(service) else { throw CommandFailure(message: "'\(service)' is not a service code: use one letter, like B", code: 64) }
            let draft = RequestDraft(
                channel: channel, service: code, summary: summary, name: name, phone: phone, email: email,
                assignee: try assign.map { try StaffAccount.checkUser($0) })
            let (request, token) = try await book.register(draft, by: nil)
            let link = office.requestURL(token)
            let mails = RequestRules.mails(onRegistering: request, office: office, link: office.publicAddress == nil ? nil : link, console: nil)
            let (mail, problem) = await SMTPSender.deliver(mails, office: office, at: request.receivedAt, language: language)
            if let problem {
                let line = language == .es
                    ? "atiende: aviso: la solicitud quedó registrada, pero el correo no se envió: \(problem)"
                    : "atiende: warning: the request is registered, but the mail was not sent: \(problem)"
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            if common.json {
                return JSONText.object([
                    ("number", .string(request.number.description)), ("deadline", .string(Timestamp.format(request.deadline, timeZone: office.timeZone))),
                    ("link", .string(link)), ("mail", .string(mail.rawValue)),
                ]).print()
            }
            let due = Format.localTime(request.deadline, office, withDate: true)
            say(language == .es ? "Solicitud \(request.number): contactar a la persona antes de \(due)" : "Request \(request.number): contact the person by \(due)")
            say((language == .es ? "Enlace de la persona: " : "The person's link: ") + link)
        }
    }

    struct Contact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a try at reaching the person: reached, leftWord, noAnswer or wrongNumber.")

        @Argument(help: ArgumentHelp("The request's number.", valueName: "number"))
        var number: String
        @Option(help: "What came of it: reached, leftWord, noAnswer or wrongNumber.")
        var result: ContactResult
        @Option(help: ArgumentHelp("What was said or done.", valueName: "text"))
        var note: String?
        @OptionGroup var common: FileOptions

        func run() async throws {
            let (book, office, language) = try await RequestCommand.open(common)
            let request = try await book.recordContact(try RequestCommand.number(number), result: result, note: note, next: nil, by: nil)
            let now = try TimeSource.fromEnvironment().now()
            if common.json { return say(RequestCommand.json(request, office, now: now).rendered) }
            say(RequestCommand.line(request, office, language, now: now))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The requests whose person has not been reached yet, the nearest deadline first.")

        @Flag(help: "Only those past their deadline.")
        var overdue = false
        @OptionGroup var common: FileOptions

        func run() async throws {
            let (book, office, language) = try await RequestCommand.open(common)
            let now = try TimeSource.fromEnvironment().now()
            let open = try await book.openRequests().filter { !overdue || $0.promise(at: now) == .overdue }
            if common.json { return say(JSONText.array(open.map { RequestCommand.json($0, office, now: now) }).rendered) }
            guard !open.isEmpty else {
                return say(language == .es ? "No hay solicitudes pendientes de contacto." : "No request is waiting for contact.")
            }
            for request in open { say(RequestCommand.line(request, office, language, now: now)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One request, with every try to reach the person.")

        @Argument(help: ArgumentHelp("The request's number.", valueName: "number"))
        var number: String
        @OptionGroup var common: FileOptions

        func run() async throws {
            let (book, office, language) = try await RequestCommand.open(common)
            let wanted = try RequestCommand.number(number)
            guard let request = try await book.request(wanted) else { throw RequestError.unknownRequest(wanted.description) }
            let now = try TimeSource.fromEnvironment().now()
            if common.json { return say(RequestCommand.json(request, office, now: now).rendered) }
            say(RequestCommand.line(request, office, language, now: now))
            say("  " + request.summary)
            for attempt in request.attempts {
                say("  \(Format.localTime(attempt.at, office, withDate: true))  \(attempt.result.rawValue)\(attempt.by.map { "  \($0)" } ?? "")\(attempt.note.map { "  \($0)" } ?? "")")
            }
        }
    }

    struct Receipt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The acknowledgement of receipt of a request: text, an A4 page (--format html) or the ticket printer's bytes (--format escpos).",
            discussion: "Example: atiende request receipt S-2026-000001 --format escpos > /dev/usb/lp0")

        enum Kind: String, ExpressibleByArgument, CaseIterable { case text, html, escpos }

        @Argument(help: ArgumentHelp("The request's number.", valueName: "number"))
        var number: String
        @Option(help: "text, html (a printable A4 page) or escpos (a receipt printer).")
        var format: Kind = .text
        @OptionGroup var common: FileOptions

        func run() async throws {
            let (book, office, _) = try await RequestCommand.open(common)
            let wanted = try RequestCommand.number(number)
            guard let request = try await book.request(wanted) else { throw RequestError.unknownRequest(wanted.description) }
            let names = try await (book as? any StaffDirectory)?.staffAccounts() ?? []
            let receivedBy = request.receivedBy.map { user in names.first { $0.user == user }?.name ?? user }
            // Paper carries the link only as an address a phone can open.
            let link = office.publicAddress == nil ? nil : request.link.map(office.requestURL)
            let paper = RequestReceipt(office: office, request: request, receivedBy: receivedBy, link: link)
            switch format {
            case .text: paper.lines.forEach { say($0) }
            case .html: say(paper.page)
            case .escpos: FileHandle.standardOutput.write(Data(TicketPrint.bytes(paper.ticket)))
            }
        }
    }

    static func open(_ common: FileOptions) async throws -> (any RequestBook, Office, Language) {
        let store = try await common.openStore()
        let language = await common.language(store)
        guard let book = store as? any RequestBook else {
            throw CommandFailure(message: "requests are kept by the office's database: run this with --db", code: 64)
        }
        return (book, try await store.office(), language)
    }

    static func number(_ text: String) throws -> RequestNumber {
        guard let number = RequestNumber(parsing: text) else { throw RequestError.invalidNumber(text) }
        return number
    }

    static func line(_ request: ServiceRequest, _ office: Office, _ language: Language, now: Date) -> String {
        let es = language == .es
        let state: String = switch request.promise(at: now) {
        case .pending: es ? "contactar antes de \(Format.localTime(request.deadline, office, withDate: true))" : "contact by \(Format.localTime(request.deadline, office, withDate: true))"
        case .overdue: es ? "⚠ VENCIDA: debía contactarse antes de \(Format.localTime(request.deadline, office, withDate: true))" : "⚠ OVERDUE: was due by \(Format.localTime(request.deadline, office, withDate: true))"
        case .met: es ? "contactada a tiempo" : "contacted in time"
        case .missed: es ? "contactada tarde" : "contacted late"
        }
        let who = request.assignee.map { es ? " · la atiende \($0)" : " · handled by \($0)" } ?? (es ? " · sin asignar" : " · unassigned")
        return "\(request.number)  \(request.channel.rawValue)  \(request.service)  \(state)\(who)"
    }

    static func json(_ request: ServiceRequest, _ office: Office, now: Date) -> JSONText {
        let zone = office.timeZone
        return .object([
            ("number", .string(request.number.description)), ("channel", .string(request.channel.rawValue)), ("service", .string(request.service.rawValue)),
            ("summary", .string(request.summary)), ("name", .string(request.name)), ("phone", .string(request.phone)), ("email", .string(request.email)),
            ("assignee", .string(request.assignee)), ("receivedAt", .string(Timestamp.format(request.receivedAt, timeZone: zone))),
            ("deadline", .string(Timestamp.format(request.deadline, timeZone: zone))),
            ("firstContactAt", .string(request.firstContactAt.map { Timestamp.format($0, timeZone: zone) })),
            ("promise", .string(request.promise(at: now).rawValue)),
            ("attempts", .array(request.attempts.map { attempt in
                .object([
                    ("at", .string(Timestamp.format(attempt.at, timeZone: zone))), ("by", .string(attempt.by)), ("result", .string(attempt.result.rawValue)),
                    ("note", .string(attempt.note)),
                ])
            })),
        ])
    }
}
