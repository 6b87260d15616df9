import AtiendeCore
import Foundation

/// What a server reads besides the queue operations: the log of every ticket event (for
/// event streams that resume where a client left off), what else can change a screen,
/// the office as stored, and a desk's line. The SQLite store and `InMemoryQueue` both
/// provide it, so the server runs on either.
public protocol EventLog: Sendable {
    /// The clock every operation reads.
    var time: TimeSource { get }
    /// Events after `id`, oldest first, at most `limit` of them.
    func events(after id: Int64, limit: Int) async throws -> [LoggedEvent]
    /// The newest event's id; 0 while the log is empty.
    func lastEventID() async throws -> Int64
    /// The config's version and which desks are open.
    func setupVersion() async throws -> SetupVersion
    /// The office with its config version, in one read.
    func versionedOffice() async throws -> (version: Int64, office: Office)
    /// The office config as it was applied (JSON text), with its version.
    func storedConfig() async throws -> (id: Int64, json: String)
    /// A desk's state and the tickets it could call now, in the order it would call them.
    func deskLine(_ id: DeskID) async throws -> (desk: DeskState, waiting: [Ticket])
    /// Today's waiting tickets, longest-waiting first, at most `limit`.
    func waitingTickets(limit: Int) async throws -> [Ticket]
    /// A wake after every commit, from any process, saying nothing of what (the reader
    /// reads the log and `setupVersion` itself); once at the start.
    func commits() -> AsyncStream<Void>
    /// Housekeeping the owner of the queue does now and then (the store copies its log).
    /// - Returns: what the housekeeping found that the server should log (a deleted
    ///   write-ahead log put back), if anything.
    func tidy() async -> String?
}

/// A queue a server can serve: the operations, the log, and the staff who sign in.
public typealias ServedQueue = QueueService & EventLog & StaffDirectory & OfficeAdministration

/// A stored transition with its position in the event log.
public struct LoggedEvent: Sendable, Equatable {
    /// The event's position: increasing, so a reader can say "everything after 1234".
    public var id: Int64
    public var event: TicketEvent

    public init(id: Int64, event: TicketEvent) {
        self.id = id
        self.event = event
    }
}

/// What besides tickets can change what a screen shows: the office config and which desks are open.
public struct SetupVersion: Sendable, Equatable {
    public var configID: Int64
    public var openDesks: [DeskID: Bool]
    /// Every device's state, in one text: changes when a state does, not when it repeats.
    public var devices: String
    /// The desks' open calls for a supervisor, in one text: changes when one is made or answered.
    public var support: String

    public init(configID: Int64, openDesks: [DeskID: Bool], devices: String = "", support: String = "") {
        self.configID = configID
        self.openDesks = openDesks
        self.devices = devices
        self.support = support
    }
}
