import AtiendeCore
import Foundation

/// An office's whole history as one store hands it to another (`atiende migrate`, from an
/// office's file into an institution's database): every config applied, every ticket with its
/// events, visit links and answers, the staff and who sat where. Identifiers are the source's.
public struct OfficeHistory: Sendable {
    public struct Config: Sendable {
        public var json: String
        public var appliedAt: Date
        public var appliedBy: StaffUser?
        public var fromFile: Bool

        public init(json: String, appliedAt: Date, appliedBy: StaffUser?, fromFile: Bool) {
            self.json = json
            self.appliedAt = appliedAt
            self.appliedBy = appliedBy
            self.fromFile = fromFile
        }
    }

    public struct Kept: Sendable {
        /// The source's row id, which events, links and answers name.
        public var id: Int64
        public var ticket: Ticket
        public var dueAt: Date
        public var visitToken: String?

        public init(id: Int64, ticket: Ticket, dueAt: Date, visitToken: String?) {
            self.id = id
            self.ticket = ticket
            self.dueAt = dueAt
            self.visitToken = visitToken
        }
    }

    public struct Answer: Sendable {
        public var ticketID: Int64
        public var at: Date
        public var feedback: Feedback

        public init(ticketID: Int64, at: Date, feedback: Feedback) {
            self.ticketID = ticketID
            self.at = at
            self.feedback = feedback
        }
    }

    public struct Account: Sendable {
        public var account: StaffAccount
        public var passwordHash: String
        public var createdAt: Date
        public var changedAt: Date

        public init(account: StaffAccount, passwordHash: String, createdAt: Date, changedAt: Date) {
            self.account = account
            self.passwordHash = passwordHash
            self.createdAt = createdAt
            self.changedAt = changedAt
        }
    }

    /// A session, kept for the time its person sat at desks; it ends where it ended, or at
    /// the move (a moved office signs everyone in again).
    public struct Session: Sendable {
        public var tokenHash: String
        public var user: StaffUser
        public var startedAt: Date
        public var expiresAt: Date
        public var endedAt: Date?

        public init(tokenHash: String, user: StaffUser, startedAt: Date, expiresAt: Date, endedAt: Date?) {
            self.tokenHash = tokenHash
            self.user = user
            self.startedAt = startedAt
            self.expiresAt = expiresAt
            self.endedAt = endedAt
        }
    }

    public struct Seat: Sendable {
        public var day: LocalDay
        public var span: DeskPresence
        public var tokenHash: String

        public init(day: LocalDay, span: DeskPresence, tokenHash: String) {
            self.day = day
            self.span = span
            self.tokenHash = tokenHash
        }
    }

    /// Oldest first.
    public var configs: [Config] = []
    /// In the order they were issued.
    public var tickets: [Kept] = []
    /// In the order they were logged, with their ticket's source id.
    public var events: [(ticketID: Int64, event: TicketEvent)] = []
    public var answers: [Answer] = []
    public var staff: [Account] = []
    public var sessions: [Session] = []
    public var seats: [Seat] = []
    public var openDesks: [DeskID: Bool] = [:]
    /// The last number given per day and service, tickets or not (a restored file's floor).
    public var lastNumbers: [(day: LocalDay, service: ServiceCode, last: Int)] = []

    public init() {}
}

/// What one move of an office's history added (a second run adds nothing).
public struct HistoryImport: Sendable, Equatable {
    public var configs = 0, tickets = 0, events = 0, answers = 0, staff = 0

    public init() {}
}
