import AtiendeCore
import Foundation
import GRDB

/// What a wait estimate reads, kept for the other estimates of the same transaction.
///
/// Issuing changes neither the desks nor the recent service times, and the line only by
/// the tickets the transaction itself adds: a batch of tickets (`IssueBatch`) reads those
/// once, not once per ticket, and hands each new ticket to `issued` so the line stays
/// exact. Only the line's length, a single indexed sum, is read for every ticket.
final class EstimateInputs {
    private let queue: SQLiteQueue
    private let db: Database
    private let office: Office
    private let now: Date
    private var times: [ServiceCode: [Double]] = [:]
    private var openIDs: Set<DeskID>?
    private var desks: [DeskState]?
    /// The waiting tickets of each set of queues that desks serve together, once read.
    private var lines: [[ServiceCode]: [Ticket]] = [:]
    private var shared: [ServiceCode: (services: [ServiceCode], placeholders: String)] = [:]

    init(queue: SQLiteQueue, db: Database, office: Office, now: Date) {
        self.queue = queue
        self.db = db
        self.office = office
        self.now = now
    }

    /// Rounded minutes until `ticket` is called (`WaitForecast`), from the tickets called
    /// before it and the desks' states now; `nil` when no open desk serves its queue. When
    /// more than `WaitForecast.longQueue` people wait in the queues its desks serve, the
    /// long-queue formula the forecast approaches is used instead, so an issue stays cheap
    /// in a very long queue.
    func minutes(for ticket: Ticket, ahead: Int) throws -> Int? {
        let (services, placeholders) = sharing(ticket.queueService)
        let arguments = StatementArguments([ticket.day.description] + services)
        let length = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COALESCE(SUM(waiting), 0) FROM waitingCount WHERE day = ? AND queueService IN (\(placeholders))"),
            arguments: arguments) ?? 0
        if ahead > WaitForecast.longQueue || length > WaitForecast.longQueue {
            let open = try openDesks()
            return WaitEstimate.minutes(ahead: ahead, recentServiceSeconds: try recentTimes(ticket.queueService),
                openDesks: office.desks.count { open.contains($0.id) && $0.serves(ticket.queueService) })
        }
        var recent: [ServiceCode: [Double]] = [:]
        for service in services { recent[service] = try recentTimes(service) }
        let waiting: [Ticket]
        if let known = lines[services] {
            waiting = known
        } else {
            waiting = try StoredTicket.fetchAll(
                db, where: "state = 'waiting' AND day = \(ticket.day.description) AND queueService IN \(services)").map(\.ticket)
            lines[services] = waiting
        }
        return WaitForecast(office: office, recentServiceSeconds: recent)
            .minutes(until: ticket, waiting: waiting, desks: try deskStates(), office: office, now: now)
    }

    /// A ticket this transaction has just stored joins the lines already read.
    func issued(_ ticket: Ticket) {
        for services in lines.keys where services.contains(ticket.queueService) { lines[services]?.append(ticket) }
    }

    /// The queues served by the desks that serve `queue` (in a fixed order, so each set
    /// has one SQL text), with as many `?` as there are.
    private func sharing(_ queue: ServiceCode) -> (services: [ServiceCode], placeholders: String) {
        if let known = shared[queue] { return known }
        let services = Set(office.desks.filter { $0.serves(queue) }.flatMap(\.services)).sorted()
        let found = (services, services.map { _ in "?" }.joined(separator: ", "))
        shared[queue] = found
        return found
    }

    private func recentTimes(_ service: ServiceCode) throws -> [Double] {
        if let known = times[service] { return known }
        let read = try queue.recentServiceTimes(db, service: service)
        times[service] = read
        return read
    }

    private func openDesks() throws -> Set<DeskID> {
        if let openIDs { return openIDs }
        let read = Set(try DeskID.fetchAll(db.cachedStatement(sql: "SELECT id FROM desk WHERE isOpen")))
        openIDs = read
        return read
    }

    private func deskStates() throws -> [DeskState] {
        if let desks { return desks }
        let read = try office.desks.map { try queue.deskState(db, office: office, id: $0.id, now: now) }
        desks = read
        return read
    }
}
