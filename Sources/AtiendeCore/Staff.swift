import Foundation

/// A staff member's user name (`laura`): what they sign in with and what events record.
public typealias StaffUser = String

/// What a signed-in staff member may do. Each role may do what the ones before it may.
public enum StaffRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Works the desks the account names: calls, serves, transfers.
    case clerk
    /// Also sees and steers every desk and queue.
    case supervisor
    /// Also changes the office and manages accounts.
    case admin

    public static func < (a: StaffRole, b: StaffRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A person who works in the office and signs in as themselves, so every call and every
/// visit is attributed to someone. The password is kept by the store as a slow salted
/// hash, never here.
public struct StaffAccount: Sendable, Equatable, Codable {
    public var user: StaffUser
    /// The name colleagues know them by (`Laura Gómez`); never shown on public screens.
    public var name: String
    public var role: StaffRole
    /// The desks the account may work; empty: every desk.
    public var desks: [DeskID]
    /// The services the account calls next from; empty: every service of the desk.
    public var services: [ServiceCode]
    /// An inactive account cannot sign in, and its sessions end.
    public var active: Bool

    public init(user: StaffUser, name: String, role: StaffRole, desks: [DeskID] = [], services: [ServiceCode] = [], active: Bool = true) {
        self.user = user
        self.name = name
        self.role = role
        self.desks = desks
        self.services = services
        self.active = active
    }

    /// Whether the account may work `desk`.
    public func mayWork(desk: DeskID) -> Bool { desks.isEmpty || desks.contains(desk) }

    /// Of `services` (a desk's), those this account calls next from.
    public func calls(from services: [ServiceCode]) -> [ServiceCode] {
        self.services.isEmpty ? services : services.filter(self.services.contains)
    }

    /// Checks every field against `office` (its desks and services exist), so a stored
    /// account is always one the office can use.
    public func checked(against office: Office) throws(StaffError) -> StaffAccount {
        var account = self
        account.user = try Self.checkUser(user)
        account.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...60).contains(account.name.count), account.name.allSatisfy({ !$0.isNewline && $0 != "\t" }) else {
            throw .invalid("the name must be 2 to 60 characters on one line, for example \"Laura Gómez\"")
        }
        let knownDesks = office.desks.map(\.id), knownServices = office.services.map(\.code)
        if let desk = desks.first(where: { !knownDesks.contains($0) }) {
            throw .invalid("unknown desk '\(desk)': use one of \(knownDesks.joined(separator: ", "))")
        }
        if let service = services.first(where: { !knownServices.contains($0) }) {
            throw .invalid("unknown service '\(service)': use one of \(knownServices.joined(separator: ", "))")
        }
        return account
    }

    /// A user name is 2 to 32 lower-case letters, digits, dots, hyphens or underscores,
    /// starting with a letter: easy to type on any keyboard, and safe in a log line.
    public static func checkUser(_ text: String) throws(StaffError) -> StaffUser {
        let user = text.trimmingCharacters(in: .whitespaces)
        guard (2...32).contains(user.count), let first = user.unicodeScalars.first, ("a"..."z").contains(first),
            user.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0) })
        else {
            throw .invalid("'\(user.prefix(40))' is not a user name: use 2 to 32 lower-case letters, digits, '.', '-' or '_', starting with a letter")
        }
        return user
    }

    /// A password is 8 to 72 bytes (bcrypt reads no further) and not all the same character.
    public static func checkPassword(_ password: String) throws(StaffError) {
        guard password.count >= 8 else { throw .passwordTooShort(8) }
        guard password.utf8.count <= 72 else { throw .invalid("the password is too long: use at most 72 bytes") }
        guard Set(password).count > 1 else { throw .invalid("the password repeats one character: choose another") }
    }
}

/// A signed-in staff member's session: the hash of its token (the token itself is only
/// ever in the person's browser), whose it is, and when it ends.
public struct StaffSession: Sendable, Equatable {
    public var tokenHash: String
    public var user: StaffUser
    public var startedAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, user: StaffUser, startedAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.user = user
        self.startedAt = startedAt
        self.expiresAt = expiresAt
    }
}

extension StaffAccount {
    /// Refuses turning `self` into `changed` when that leaves no active admin among
    /// `accounts` (the office could no longer be run from the browser).
    public func checkKeepsAnAdmin(_ changed: StaffAccount, among accounts: [StaffAccount]) throws(StaffError) {
        guard role == .admin, active, changed.role != .admin || !changed.active else { return }
        guard accounts.contains(where: { $0.user != user && $0.role == .admin && $0.active }) else { throw .lastAdmin(user) }
    }
}

extension StaffAccount {
    /// What an office's own admin may do to an account of an institution's database
    /// (docs/domain.md, "One institution, many offices"): an account is one person across
    /// the institution, so its name, password and whether it is active are the
    /// institution's once the person works in another office too, or runs the institution;
    /// the office's admin sets only their role, desks and services there. An institution
    /// admin may do all of it.
    /// - Parameters:
    ///   - sharesPerson: whether the change touches the name, the password or `active`
    ///     (or, for a new account, sets a password).
    ///   - elsewhere: the offices other than this one where the person has a role.
    public static func checkOfficeAdminMay(
        change user: StaffUser, sharesPerson: Bool, elsewhere: Int, institutionAdmin: Bool, byInstitution: Bool
    ) throws(StaffError) {
        guard !byInstitution, sharesPerson || institutionAdmin, elsewhere > 0 || institutionAdmin else { return }
        throw .institutionsOwn(user)
    }
}

/// What the staff directory refuses, in words the person managing accounts can act on.
public enum StaffError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)
    /// A password shorter than the least it may be.
    case passwordTooShort(Int)
    case userExists(StaffUser)
    case unknownUser(StaffUser)
    /// The change would leave the office with no active admin to run it from the browser.
    case lastAdmin(StaffUser)
    /// An office's admin changing what belongs to the whole institution: the person's name,
    /// password or account of someone who works elsewhere too, or an institution admin.
    case institutionsOwn(StaffUser)
    /// A new person without a password.
    case passwordMissing(StaffUser)

    public var code: String {
        switch self {
        case .lastAdmin: "lastAdmin"
        case .institutionsOwn: "institutionsAccount"
        case .passwordMissing: "invalidStaff"
        case .invalid, .passwordTooShort: "invalidStaff"
        case .userExists: "staffExists"
        case .unknownUser: "unknownStaff"
        }
    }

    public var description: String {
        switch self {
        case .invalid(let problem): problem
        case .passwordTooShort(let least): "the password is too short: use at least \(least) characters"
        case .userExists(let user): "there is already an account '\(user)': choose another user name, or change that one"
        case .unknownUser(let user): "no account '\(user)': see `atiende staff list`"
        case .lastAdmin(let user): "\(user) is the office's last active admin: make another account admin first, so someone can still run the office"
        case .passwordMissing(let user): "\(user) is a new account: give it a password of at least 8 characters"
        case .institutionsOwn(let user):
            "\(user) also works in other offices or runs the institution: their name, password and account are changed by an institution admin; here you set their role, desks and services"
        }
    }
}
