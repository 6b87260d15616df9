import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

extension SQLiteQueue {
    /// How many recent calls the snapshot carries: the wall display shows the current
    /// call and the six before it.
    static let recentCallCount = 7

    public func snapshot() async throws -> QueueSnapshot {
        try await read { db, office, now in
            let today = Self.today(office, now)
            let tickets = try StoredTicket.fetchAll(db, where: "day = ?", [today]).map(\.ticket)
            let open = Dictionary(
                try Row.fetchAll(db, sql: "SELECT id, isOpen FROM desk").map { ($0["id"] as String, $0["isOpen"] as Bool) },
                uniquingKeysWith: { a, _ in a })
            let current = Dictionary(
                tickets.filter { $0.state == .called || $0.state == .serving }.compactMap { t in t.desk.map { ($0, t) } },
                uniquingKeysWith: { a, _ in a })
            let desks = office.desks.map { DeskState(id: $0.id, isOpen: open[$0.id] ?? false, current: current[$0.id]) }
            let finishes = try EventRows.fetch(db, where: "e.day = ? AND e.kind = 'finished'", [today]).map(\.1)
            let calls = try EventRows.fetch(
                db, where: "e.id IN (SELECT id FROM event WHERE day = ? AND kind IN ('called', 'recalled') ORDER BY id DESC LIMIT ?)",
                [today, Self.recentCallCount]
            ).reversed().map { QueueSnapshot.Call(number: $0.1.number, desk: $0.1.desk ?? "", at: $0.1.at, recall: $0.1.kind == .recalled) }
            var times: [ServiceCode: [Double]] = [:]
            for service in office.services { times[service.code] = try self.recentServiceTimes(db, service: service.code) }
            return QueueSnapshot.make(
                office: office, now: now, tickets: tickets, desks: desks, finishes: finishes,
                recentCalls: Array(calls), serviceTimes: times)
        }
    }

    public func lookup(_ number: TicketNumber) async throws -> TicketPlace? {
        try await read { db, office, now in
            guard let stored = try StoredTicket.fetchOne(
                db, where: "day = ? AND service = ? AND seq = ?", [Self.today(office, now), number.service, number.sequence])
            else { return nil }
            let ticket = stored.ticket
            guard ticket.state == .waiting else { return TicketPlace(ticket: ticket, ahead: 0, estimatedWaitMinutes: nil) }
            let ahead = try self.ahead(db, of: ticket, office: office)
            let estimate = try self.estimatedMinutes(db, for: ticket, ahead: ahead, office: office, now: now)
            return TicketPlace(ticket: ticket, ahead: ahead, estimatedWaitMinutes: estimate)
        }
    }

    /// Recomputes a day from the event log: each ticket is replayed from its issue
    /// through its events, so a past day reports the same whenever it is asked.
    public func report(day: LocalDay) async throws -> IndicatorReport {
        try await read { db, office, now in
            let issued = try StoredTicket.fetchAll(db, where: "day = ?", [day.description])
            let events = try EventRows.fetch(db, where: "e.day = ?", [day.description])
            let byTicket = Dictionary(grouping: events, by: \.0)
            let tickets = try issued.map { stored in
                let t = stored.ticket
                let fresh = Ticket(number: t.number, day: t.day, preferential: t.preferential, firstName: t.firstName, issuedAt: t.issuedAt)
                return try Ticket.replay(fresh, events: (byTicket[stored.id] ?? []).map(\.1))
            }
            let isToday = day == office.calendar.day(of: now)
            return IndicatorReport.compute(
                tickets: tickets, finishes: events.map(\.1).filter { $0.kind == .finished },
                target: office.targetWait, calendar: office.calendar, now: isToday ? now : nil)
        }
    }

    public func changes() -> AsyncStream<Void> {
        ChangeWatcher(path: path).stream()
    }
}
