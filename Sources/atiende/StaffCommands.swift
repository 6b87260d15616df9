import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendePostgres
import AtiendeQueue
import AtiendeServer
import AtiendeStore
import Foundation

/// `atiende staff …`: the people who sign in at the desk console as themselves.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Manage the staff accounts people sign in with.",
        discussion: """
            Each person who works a desk signs in at the desk console with their own user \
            name and password, so the office knows who served whom. Passwords are kept only \
            as bcrypt hashes. These commands work on the database file itself: run them on \
            the server machine with --db (or in the browser, signed in as an admin, at /admin).
            """,
        subcommands: [Add.self, List.self, Passwd.self, Disable.self, Enable.self, InstitutionAdmin.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account.",
            discussion: "Example: echo 'a long password' | atiende staff add \"Laura Gómez\" --user laura --role clerk --desks 1,2 --password-stdin"
        )

        @Argument(help: ArgumentHelp("The person's name, as colleagues know them.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("What they sign in with: lower-case letters, digits, '.', '-' or '_'.", valueName: "user"))
        var user: String

        @Option(help: "What they may do: clerk (desks), supervisor (also every desk and queue), admin (also the office and accounts).")
        var role: StaffRole = .clerk

        @Option(help: ArgumentHelp("The desks they may work, comma-separated (default: every desk).", valueName: "ids"))
        var desks: String?

        @Option(help: ArgumentHelp("The services they call next from, comma-separated (default: every service of the desk).", valueName: "codes"))
        var services: String?

        @OptionGroup var password: PasswordOptions
        @OptionGroup var common: FileOptions

        func run() async throws {
            let store = try await common.openStore()
            let language = await common.language(store)
            let account = StaffAccount(
                user: user, name: name, role: role, desks: StaffCommand.list(desks).map(DeskID.init(typed:)), services: StaffCommand.list(services).map(ServiceCode.init(typed:)))
            let checked = try account.checked(against: try await store.office())
            if let institution = store as? any InstitutionOffice, !password.passwordStdin {
                // In an institution's database, a person of another office gets a role here.
                try await institution.addStaff(checked, passwordHash: nil, byInstitution: true)
                return try StaffCommand.show(try await store.staffAccount(checked.user)?.account ?? checked, json: common.json, verb: .added, language)
            }
            let hash = try await Passwords.hash(try password.read())
            try await store.addStaff(checked, passwordHash: hash)
            try StaffCommand.show(checked, json: common.json, verb: .added, language)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")

        @OptionGroup var common: FileOptions

        func run() async throws {
            let store = try await common.openStore()
            let language = await common.language(store)
            let accounts = try await store.staffAccounts()
            if common.json {
                say(QueueJSON.render(accounts.map(QueueJSON.staffAccount)))
                return
            }
            guard !accounts.isEmpty else {
                say(language == .es
                    ? "Aún no hay cuentas: agregue una con atiende staff add \"Nombre\" --user NOMBRE --password-stdin"
                    : "No staff accounts yet: add one with atiende staff add \"Name\" --user NAME --password-stdin")
                return
            }
            for account in accounts { say(StaffCommand.line(account, language)) }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password for an account; its sessions end.")

        @Argument(help: ArgumentHelp("The account's user name.", valueName: "user"))
        var user: String

        @OptionGroup var password: PasswordOptions
        @OptionGroup var common: FileOptions

        func run() async throws {
            let store = try await common.openStore()
            let language = await common.language(store)
            guard let (account, _) = try await store.staffAccount(user) else { throw StaffError.unknownUser(user) }
            try await store.updateStaff(account, passwordHash: try await Passwords.hash(try password.read()))
            if !common.json {
                say(language == .es ? "Contraseña nueva para \(account.user); sus sesiones terminaron" : "New password set for \(account.user); their sessions have ended")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop an account from signing in; its sessions end. Its history stays.")

        @Argument(help: ArgumentHelp("The account's user name.", valueName: "user"))
        var user: String

        @OptionGroup var common: FileOptions

        func run() async throws { try await StaffCommand.set(user, active: false, common) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled account sign in again.")

        @Argument(help: ArgumentHelp("The account's user name.", valueName: "user"))
        var user: String

        @OptionGroup var common: FileOptions

        func run() async throws { try await StaffCommand.set(user, active: true, common) }
    }

    struct InstitutionAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "institution-admin",
            abstract: "Make an account an institution admin: an admin in every office of the institution's database.",
            discussion: "Only for --db postgres://…; the account must exist (atiende staff add). Example: atiende staff institution-admin marta --db postgres://atiende@db/atiende --office centro")

        @Argument(help: ArgumentHelp("The account's user name.", valueName: "user"))
        var user: String

        @Flag(help: "Take the role away instead.")
        var remove = false

        @OptionGroup var common: FileOptions

        func run() async throws {
            let institution = try await common.openInstitution("an institution admin runs the offices of an institution's database")
            let language = await common.language(institution)
            try await institution.setInstitutionAdmin(try StaffAccount.checkUser(user), !remove)
            if common.json { return say(#"{"user":"\#(user)","institutionAdmin":\#(!remove)}"#) }
            let es = language == .es
            say(remove
                ? (es ? "\(user) ya no administra la institución" : "\(user) no longer runs the institution")
                : (es ? "\(user) administra la institución: es administrador en todas sus oficinas" : "\(user) runs the institution: an admin in every office"))
        }
    }

    static func set(_ user: String, active: Bool, _ common: FileOptions) async throws {
        let store = try await common.openStore()
        let language = await common.language(store)
        guard var (account, _) = try await store.staffAccount(user) else { throw StaffError.unknownUser(user) }
        account.active = active
        try await store.updateStaff(account, passwordHash: nil)
        try show(account, json: common.json, verb: active ? .enabled : .disabled, language)
    }

    enum Verb { case added, enabled, disabled }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func show(_ account: StaffAccount, json: Bool, verb: Verb, _ language: Language) throws {
        let es = language == .es
        let words = switch verb {
        case .added: es ? "Cuenta agregada" : "Added"
        case .enabled: es ? "Cuenta activada" : "Enabled"
        case .disabled: es ? "Cuenta desactivada" : "Disabled"
        }
        say(json ? QueueJSON.render(QueueJSON.staffAccount(account)) : "\(words): \(line(account, language))")
    }

    static func line(_ account: StaffAccount, _ language: Language) -> String {
        let es = language == .es, several = account.desks.count != 1
        let desks = account.desks.isEmpty ? (es ? "todas las ventanillas" : "every desk")
            : (es ? "ventanilla\(several ? "s" : "")" : "desk\(several ? "s" : "")") + " " + account.desks.joined(separator: ", ")
        let services = account.services.isEmpty ? "" : (es ? ", servicios " : ", services ") + account.services.joined(separator: ", ")
        let role = es ? ["clerk": "ventanilla", "supervisor": "supervisión", "admin": "administración"][account.role.rawValue] ?? account.role.rawValue
            : account.role.rawValue
        return "\(account.user)  \(account.name)  \(role), \(desks)\(services)\(account.active ? "" : (es ? "  (desactivada)" : "  (disabled)"))"
    }
}

/// How a password is given: never as an argument, which other users could read in the
/// process list and the shell's history.
struct PasswordOptions: ParsableArguments {
    @Flag(help: "Read the password from standard input (its first line).")
    var passwordStdin = false

    func read() throws -> String {
        guard passwordStdin else {
            throw CommandFailure(message: "give the password on standard input with --password-stdin (never as an argument)", code: 64)
        }
        let line = readLine(strippingNewline: true) ?? ""
        try StaffAccount.checkPassword(line)
        return line
    }
}

extension StaffRole: ExpressibleByArgument {}
