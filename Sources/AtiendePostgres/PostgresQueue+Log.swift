import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

extension PostgresQueue: EventLog {
    /// Recomputes days from the event log, as the SQLite store does: each ticket of the span
    /// is replayed from its issue through its events, so a past day reports the same
    /// whenever it is asked.
    public func report(from: LocalDay, to: LocalDay) async throws -> RangeReport {
        try await read { [self] connection, office, now in
            let id = officeID.rawValue
            let stored = try await tickets(
                """
                SELECT \(unescaped: StoredTicket.columns) FROM ticket
                WHERE office = \(id) AND day BETWEEN \(from.description) AND \(to.description) ORDER BY id
                """, connection)
            var replay = Replay(stored.map { ($0.id, $0.ticket) })
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: EventRows.columns) FROM event e JOIN ticket t ON t.id = e.ticketId
                WHERE e.office = \(id) AND e.day BETWEEN \(from.description) AND \(to.description) AND e.kind <> 'issued'
                ORDER BY e.seq
                """, logger: logger) {
                let (seq, ticketID, event) = try EventRows.event(row)
                guard try replay.apply(event, to: ticketID) else { throw PostgresFailure.damaged("event \(seq)") }
            }
            var answers: [FeedbackRow] = []
            for try await (day, service, seq, answer, time, professionalism, information, attitude, comment) in try await connection.query(
                """
                SELECT t.day, t.service, t.seq, f.answer, f.time, f.professionalism, f.information, f.attitude, f.comment
                FROM feedback f JOIN ticket t ON t.id = f.ticketId
                WHERE t.office = \(id) AND t.day BETWEEN \(from.description) AND \(to.description) ORDER BY f.at, f.ticketId
                """, logger: logger
            ).decode((String, String, Int, Int?, Int?, Int?, Int?, Int?, String?).self) {
                guard let day = LocalDay(day) else { throw PostgresFailure.damaged("answer") }
                var ratings: [KeyDriver: Int] = [:]
                for (driver, value) in [(KeyDriver.answer, answer), (.time, time), (.professionalism, professionalism), (.information, information), (.attitude, attitude)] {
                    if let value { ratings[driver] = value }
                }
                answers.append((day, TicketNumber(service: ServiceCode(rawValue: service), sequence: seq), Feedback(ratings: ratings, comment: comment)))
            }
            let presence = try await presence(from: from, to: to, now: now, connection)
            var names: [StaffUser: String] = [:]
            for try await (user, name) in try await connection.query(
                """
                SELECT s.userName, s.name FROM staff s LEFT JOIN staffOffice o ON o.userName = s.userName AND o.office = \(id)
                WHERE o.userName IS NOT NULL OR s.institutionAdmin
                """, logger: logger
            ).decode((String, String).self) { names[user] = name }
            var configs: [(appliedAt: Date, office: Office)] = []
            for try await (json, appliedAt) in try await connection.query(
                "SELECT json, appliedAt FROM officeConfig WHERE office = \(id) ORDER BY version", logger: logger
            ).decode((String, Date).self) {
                // One that no longer reads (a rule added since) is passed over.
                if let parsed = try? OfficeConfig.parse(Data(json.utf8), file: "stored config") { configs.append((appliedAt, parsed)) }
            }
            return RangeReport.make(
                from: from, to: to, office: office, now: now, tickets: replay.tickets, finishes: replay.finishes, staffEvents: replay.staffEvents,
                presence: presence, answers: answers, configs: configs, names: names)
        }
    }

    // MARK: EventLog

    public func events(after id: Int64, limit: Int) async throws -> [LoggedEvent] {
        try await transaction { [self] connection in
            var events: [LoggedEvent] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: EventRows.columns) FROM event e JOIN ticket t ON t.id = e.ticketId
                WHERE e.office = \(officeID.rawValue) AND e.seq > \(id) ORDER BY e.seq LIMIT \(limit)
                """, logger: logger) {
                let (seq, _, event) = try EventRows.event(row)
                events.append(LoggedEvent(id: seq, event: event))
            }
            return events
        }
    }

    public func lastEventID() async throws -> Int64 {
        try await transaction { [self] connection in try await lastEventID(connection) }
    }

    public func setupVersion() async throws -> SetupVersion {
        try await read { [self] connection, _, _ in
            let id = officeID.rawValue
            var version: Int64 = 0
            for try await value in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM officeConfig WHERE office = \(id)", logger: logger
            ).decode(Int64.self) { version = value }
            var open: [DeskID: Bool] = [:]
            for try await (desk, flag) in try await connection.query("SELECT id, isOpen FROM desk WHERE office = \(id)", logger: logger)
                .decode((String, Bool).self) { open[DeskID(rawValue: desk)] = flag }
            var devices: [String] = []
            for try await line in try await connection.query(
                "SELECT name || '=' || printer || ':' || COALESCE(detail, '') FROM device WHERE office = \(id) ORDER BY name", logger: logger
            ).decode(String.self) { devices.append(line) }
            var support: [String] = []
            for try await call in try await connection.query(
                "SELECT id FROM supportCall WHERE office = \(id) AND acknowledgedAt IS NULL ORDER BY id", logger: logger
            ).decode(Int64.self) { support.append(String(call)) }
            return SetupVersion(configID: version, openDesks: open, devices: devices.joined(separator: "\n"), support: support.joined(separator: ","))
        }
    }

    public func versionedOffice() async throws -> (version: Int64, office: Office) {
        try await transaction { [self] connection in
            let (version, office) = try await versionedOffice(connection)
            return (version, office)
        }
    }

    public func storedConfig() async throws -> (id: Int64, json: String) {
        try await transaction { [self] connection in
            for try await (version, json) in try await connection.query(
                "SELECT version, json FROM officeConfig WHERE office = \(officeID.rawValue) ORDER BY version DESC LIMIT 1", logger: logger
            ).decode((Int64, String).self) { return (version, json) }
            throw QueueUnavailable(.notInitialised, "the database has no office '\(officeID)': set it up first (atiende init --office \(officeID))")
        }
    }

    public func deskLine(_ id: DeskID) async throws -> (desk: DeskState, waiting: [Ticket]) {
        try await read { [self] connection, office, now in
            let desk = try office.requireDesk(id)
            let (state, _) = try await deskState(desk.id, office: office, lock: false, connection)
            let waiting = try await tickets(
                """
                SELECT \(unescaped: StoredTicket.columns) FROM ticket
                WHERE office = \(officeID.rawValue) AND state = 'waiting' AND day = \(office.calendar.day(of: now).description)
                  AND queueService = ANY(\(desk.services.map(\.rawValue)))
                """, connection
            ).map(\.ticket)
            return (state, waiting.sorted(by: office.callRule.precedes))
        }
    }

    public func waitingTickets(limit: Int) async throws -> [Ticket] {
        try await read { [self] connection, office, now in
            try await tickets(
                """
                SELECT \(unescaped: StoredTicket.columns) FROM ticket
                WHERE office = \(officeID.rawValue) AND state = 'waiting' AND day = \(office.calendar.day(of: now).description)
                ORDER BY issuedAt, seq LIMIT \(limit)
                """, connection
            ).map(\.ticket)
        }
    }

    /// Nothing to tidy: the database server keeps its own files.
    public func tidy() async -> String? { nil }
}
