import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

extension SQLiteQueue {
    public func office() async throws -> Office {
        try await read { _, office, _ in office }
    }

    /// Numbering, storing and working out the people ahead and the estimate share one
    /// write transaction with the other tickets asked for at the same moment
    /// (`IssueBatch`): the answer counts exactly the tickets numbered before this one, and
    /// no reader connection is taken afterwards (under load that second trip cost the
    /// server more than a third of its processor time per ticket).
    public func issue(service code: ServiceCode, preferential: Bool, firstName: String?, key: String?) async throws -> TicketPlace {
        let asked = try IssueRequest(service: code, preferential: preferential, firstName: firstName, key: key)
        return try await issuing.issue(asked) { batch in await self.store(batch) }
    }

    /// A real write (one row, replaced): a full disk, a read-only file or a lock held too
    /// long shows here as it would on the next ticket.
    public func checkWritable() async throws {
        try await write { db, _, now in
            try db.execute(sql: "INSERT OR REPLACE INTO health (id, at) VALUES (1, ?)", arguments: [now.timeIntervalSince1970])
        }
    }

    public func callNext(desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange? {
        try await write { db, office, now in
            let state = try self.deskState(db, office: office, id: desk, now: now)
            let services = try office.requireDesk(desk).services
            let waiting = try StoredTicket.queueHeads(
                db, services: staff?.calls(from: services) ?? services, day: office.calendar.day(of: now))
            guard case (let ticket, var event)? = try DeskRules(office: office).callNext(state, waiting: waiting.map(\.ticket), at: now)
            else { return nil }
            event.staff = staff?.user
            return try self.save(ticket, event, among: waiting, db)
        }
    }

    public func call(_ number: TicketNumber, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        try await write { db, office, now in
            let state = try self.deskState(db, office: office, id: desk, now: now)
            let stored = try self.ticket(db, number, office: office, now: now)
            var (ticket, event) = try DeskRules(office: office).call(stored.ticket, from: state, at: now)
            event.staff = staff?.user
            return try self.save(ticket, event, among: [stored], db)
        }
    }

    public func act(_ action: DeskAction, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        try await write { db, office, now in
            let state = try self.deskState(db, office: office, id: desk, now: now)
            var (ticket, event) = try DeskRules(office: office).act(
                action.ticketAction, on: state, at: now, outcome: office.privacy.kept(action.outcome))
            event.staff = staff?.user
            let stored = try self.ticket(db, ticket.number, day: ticket.day.description)
            var change = try self.save(ticket, event, among: [stored], db)
            if let draft = RequestRules.fromVisit(ticket, outcome: office.privacy.kept(action.outcome), office: office) {
                change.request = try Self.register(draft, db, office: office, now: now, by: staff?.user).request.number
            }
            return change
        }
    }

    public func cancel(_ number: TicketNumber, by staff: StaffAccount?) async throws -> TicketChange {
        try await write { db, office, now in
            var stored = try self.ticket(db, number, office: office, now: now)
            let old = stored.ticket
            var event = try stored.ticket.apply(.cancel, at: now)
            event.staff = staff?.user
            try stored.save(event, replacing: old, db)
            return TicketChange(ticket: stored.ticket, event: event)
        }
    }

    public func move(_ number: TicketNumber, to code: ServiceCode, by staff: StaffAccount?) async throws -> TicketChange {
        try await write { db, office, now in
            let stored = try self.ticket(db, number, office: office, now: now)
            let (ticket, event) = try DeskRules(office: office).move(stored.ticket, to: code, at: now, by: staff?.user)
            return try self.save(ticket, event, among: [stored], db)
        }
    }

    public func setDesk(_ id: DeskID, open: Bool) async throws -> DeskState {
        try await write { db, office, now in
            var state = try self.deskState(db, office: office, id: id, now: now)
            if !open { try DeskRules(office: office).checkCanClose(state) }
            try db.execute(sql: "UPDATE desk SET isOpen = ? WHERE id = ?", arguments: [open, state.id])
            state.isOpen = open
            return state
        }
    }

    public func report(_ device: DeviceReport) async throws {
        let checked = try device.checked()
        try await write { db, _, now in
            var report = checked
            report.since = now
            let stored = report.following(try Self.devices(db, seenSince: nil).first { $0.device == report.device })
            try db.execute(
                sql: "INSERT OR REPLACE INTO device (name, printer, detail, since, seenAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [stored.device, stored.printer.rawValue, stored.detail, stored.since.timeIntervalSince1970, now.timeIntervalSince1970])
        }
    }

    /// The devices' reports, those seen since `seenSince` (all with `nil`), problems first.
    static func devices(_ db: Database, seenSince: Date?) throws -> [DeviceReport] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT name, printer, detail, since FROM device WHERE seenAt >= ?"),
            arguments: [seenSince?.timeIntervalSince1970 ?? 0])
        return DeviceReport.ordered(rows.compactMap { row in
            DeviceReport.Printer(rawValue: row["printer"]).map { printer in
                DeviceReport(device: row["name"], printer: printer, detail: row["detail"], since: Date(timeIntervalSince1970: row["since"]))
            }
        })
    }

    /// Stores a ticket changed by the rules, with its event.
    private func save(_ ticket: Ticket, _ event: TicketEvent, among candidates: [StoredTicket], _ db: Database) throws -> TicketChange {
        guard var stored = candidates.first(where: { $0.ticket.number == ticket.number && $0.ticket.day == ticket.day }) else {
            throw QueueError.ticketNotFound(ticket.number.description)
        }
        let old = stored.ticket
        stored.ticket = ticket
        try stored.save(event, replacing: old, db)
        return TicketChange(ticket: ticket, event: event)
    }
}
