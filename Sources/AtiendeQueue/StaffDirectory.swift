import AtiendeCore
import Foundation

/// The office's staff accounts and their sessions, kept beside the queue: the SQLite store
/// and `InMemoryQueue` both provide it. Passwords arrive here already hashed (the server
/// and the command line hash them), and a session is known by its token's hash only.
public protocol StaffDirectory: Sendable {
    /// Every account, by user name.
    func staffAccounts() async throws -> [StaffAccount]
    /// One account and its password hash; `nil` when there is none by that name.
    func staffAccount(_ user: StaffUser) async throws -> (account: StaffAccount, passwordHash: String)?
    /// Adds a new account (`StaffError.userExists` if the user name is taken); the
    /// account is checked against the office first.
    func addStaff(_ account: StaffAccount, passwordHash: String) async throws
    /// Changes an account's name, role, desks, services or activity, and its password when
    /// `passwordHash` is given. Deactivating an account or changing its password ends its
    /// sessions.
    func updateStaff(_ account: StaffAccount, passwordHash: String?) async throws
    /// Stores a new session.
    func openSession(_ session: StaffSession) async throws
    /// The session a token hash names and its account, while it runs: `nil` once it
    /// expired, was ended, or its account is inactive.
    func session(_ tokenHash: String) async throws -> (session: StaffSession, account: StaffAccount)?
    /// Ends a session (signing out); ending one that is over does nothing.
    func endSession(_ tokenHash: String) async throws
    /// The session's person sits at `desk` from now: whoever sat there before, and
    /// wherever they sat before, has left. Sitting again where one sits changes nothing.
    func attend(desk: DeskID, session: StaffSession) async throws
    /// Who sits at each desk now, and since when.
    func seated() async throws -> [DeskID: (account: StaffAccount, since: Date)]
}

/// A store that keeps failed sign-ins itself, so that several servers in front of it count
/// them together (an institution's database); a server without one counts in its memory.
public protocol SignInLedger: Sendable {
    /// The failures under each key since `since`, oldest first.
    func failedSignIns(_ keys: [String], since: Date) async throws -> [String: [Date]]
    /// A failure under each key, at `at`.
    func recordFailedSignIn(_ keys: [String], at: Date) async throws
    /// Forgets the failures under `key` (a user who got in starts afresh).
    func forgetFailedSignIns(_ key: String) async throws
}
