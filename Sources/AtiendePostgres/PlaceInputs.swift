import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

/// What a ticket's place reads (the people ahead and the estimate), read once per
/// transaction and kept for the other tickets of a batch: the desks, recent service times,
/// and the line of each queue, to which each ticket the transaction issues is added, so
/// every answer counts exactly the tickets numbered before it. The counting is the core's
/// (`CallRule.ahead`, `WaitForecast`, `WaitEstimate`).
final class PlaceInputs {
    private let queue: PostgresQueue
    private let office: Office
    private let now: Date
    private let connection: PostgresConnection
    private var desks: [DeskState]?
    private var times: [ServiceCode: [Double]] = [:]
    /// Today's waiting tickets of each queue read so far (short lines only).
    private var lines: [ServiceCode: [Ticket]] = [:]
    /// How many wait today in each queue, read once.
    private var counts: [ServiceCode: Int]?

    init(queue: PostgresQueue, office: Office, now: Date, _ connection: PostgresConnection) {
        self.queue = queue
        self.office = office
        self.now = now
        self.connection = connection
    }

    /// A ticket this transaction has just stored joins its line, if that was read.
    func issued(_ ticket: Ticket) {
        lines[ticket.queueService]?.append(ticket)
        counts?[ticket.queueService, default: 0] += 1
    }

    /// The ticket and its place now; nothing of it once it was called. A long line (past
    /// `WaitForecast.longQueue` in the queues its desks serve) is never read whole: the people
    /// ahead are counted by the database, and the estimate is the long-queue formula the
    /// forecast approaches, so a place costs the same with 300 people waiting or 3,000.
    func place(_ ticket: Ticket) async throws -> TicketPlace {
        guard ticket.state == .waiting else { return TicketPlace(ticket: ticket, ahead: 0, estimatedWaitMinutes: nil) }
        // The queues served by the desks that serve this one.
        let services = Set(office.desks.filter { $0.serves(ticket.queueService) }.flatMap(\.services)).sorted()
        let length = try await waitingCounts().filter { services.contains($0.key) || $0.key == ticket.queueService }.values.reduce(0, +)
        let desks = try await deskStates()
        guard length <= WaitForecast.longQueue else {
            // A regular ticket issued this moment comes after everyone already waiting in its
            // queue (their due times are all earlier or the same, with lower numbers).
            let justIssued = !ticket.preferential && ticket.issuedAt == now && ticket.waitingSince == now
            let ahead = justIssued ? max(0, (try await waitingCounts()[ticket.queueService] ?? 1) - 1) : try await aheadInDatabase(ticket)
            let estimate = WaitEstimate.minutes(
                ahead: ahead, recentServiceSeconds: try await recentTimes(ticket.queueService),
                openDesks: office.desks.count { desk in desk.serves(ticket.queueService) && desks.contains { $0.id == desk.id && $0.isOpen } })
            return TicketPlace(ticket: ticket, ahead: ahead, estimatedWaitMinutes: estimate)
        }
        let ahead = office.callRule.ahead(of: ticket, among: try await line([ticket.queueService], day: ticket.day))
        var recent: [ServiceCode: [Double]] = [:]
        for service in services { recent[service] = try await recentTimes(service) }
        let waiting = try await line(services, day: ticket.day)
        let estimate = WaitForecast(office: office, recentServiceSeconds: recent).minutes(until: ticket, waiting: waiting, desks: desks, office: office, now: now)
        return TicketPlace(ticket: ticket, ahead: ahead, estimatedWaitMinutes: estimate)
    }

    /// Waiting tickets of the same queue called before `ticket`: the ORDER of the row values
    /// is `CallRule.precedes` (due time, issue time, number, service), so this count is
    /// `CallRule.ahead` without reading the line.
    private func aheadInDatabase(_ ticket: Ticket) async throws -> Int {
        let due = office.callRule.dueTime(ticket)
        for try await count in try await connection.query(
            """
            SELECT COUNT(*) FROM ticket
            WHERE office = \(queue.officeID.rawValue) AND state = 'waiting' AND queueService = \(ticket.queueService.rawValue)
              AND day = \(ticket.day.description)
              AND (dueAt, issuedAt, seq, service) < (\(due), \(ticket.issuedAt), \(ticket.number.sequence), \(ticket.number.service.rawValue))
            """, logger: queue.logger
        ).decode(Int.self) { return count }
        return 0
    }

    /// How many wait today in each queue.
    private func waitingCounts() async throws -> [ServiceCode: Int] {
        if let counts { return counts }
        var read: [ServiceCode: Int] = [:]
        for try await (service, count) in try await connection.query(
            """
            SELECT queueService, COUNT(*) FROM ticket
            WHERE office = \(queue.officeID.rawValue) AND state = 'waiting' AND day = \(office.calendar.day(of: now).description)
            GROUP BY queueService
            """, logger: queue.logger
        ).decode((String, Int).self) { read[ServiceCode(rawValue: service)] = count }
        counts = read
        return read
    }

    /// Today's waiting tickets of `services`, each queue read once.
    private func line(_ services: [ServiceCode], day: LocalDay) async throws -> [Ticket] {
        let missing = services.filter { lines[$0] == nil }
        if !missing.isEmpty {
            for service in missing { lines[service] = [] }
            let read = try await queue.tickets(
                """
                SELECT \(unescaped: StoredTicket.columns) FROM ticket
                WHERE office = \(queue.officeID.rawValue) AND state = 'waiting' AND day = \(day.description)
                  AND queueService = ANY(\(missing.map(\.rawValue)))
                """, connection)
            for stored in read { lines[stored.ticket.queueService, default: []].append(stored.ticket) }
        }
        return services.flatMap { lines[$0] ?? [] }
    }

    /// Every desk, open or not, with the ticket it has in hand (two reads for all of them).
    func deskStates() async throws -> [DeskState] {
        if let desks { return desks }
        var open: [DeskID: Bool] = [:]
        for try await (desk, flag) in try await connection.query(
            "SELECT id, isOpen FROM desk WHERE office = \(queue.officeID.rawValue)", logger: queue.logger
        ).decode((String, Bool).self) { open[DeskID(rawValue: desk)] = flag }
        let current = try await queue.tickets(
            """
            SELECT \(unescaped: StoredTicket.columns) FROM ticket
            WHERE office = \(queue.officeID.rawValue) AND state IN ('called', 'serving') AND desk IS NOT NULL
            """, connection)
        let byDesk = Dictionary(current.compactMap { stored in stored.ticket.desk.map { ($0, stored.ticket) } }, uniquingKeysWith: { a, _ in a })
        let read = office.desks.map { DeskState(id: $0.id, isOpen: open[$0.id] ?? false, current: byDesk[$0.id]) }
        desks = read
        return read
    }

    /// Every service's recent times, read together the first time one is asked for.
    private func recentTimes(_ service: ServiceCode) async throws -> [Double] {
        if times.isEmpty { times = try await queue.recentServiceTimes(Array(Set(office.services.map(\.code) + [service])), connection) }
        if let known = times[service] { return known }
        let read = try await queue.recentServiceTimes([service], connection)
        times[service] = read[service] ?? []
        return times[service] ?? []
    }
}
