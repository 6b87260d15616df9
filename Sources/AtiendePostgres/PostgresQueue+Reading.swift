import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

extension PostgresQueue {
    /// What the screens and `status` show, read at one moment: the line and the desks'
    /// visits, the running tallies and the last hour's preferential arrivals; nothing here
    /// reads the whole day.
    public func snapshot() async throws -> QueueSnapshot {
        try await read { [self] connection, office, now in
            let id = officeID.rawValue
            let day = office.calendar.day(of: now), began = office.calendar.start(of: day)
            let open = try await tickets(
                """
                SELECT \(unescaped: StoredTicket.columns) FROM ticket
                WHERE office = \(id) AND state IN ('waiting', 'called', 'serving') AND day <= \(day.description)
                """, connection
            ).map(\.ticket).filter { $0.day == day || $0.outlivesDayChange(dayBegan: began) }
            var isOpen: [DeskID: Bool] = [:]
            for try await (desk, flag) in try await connection.query("SELECT id, isOpen FROM desk WHERE office = \(id)", logger: logger)
                .decode((String, Bool).self) { isOpen[DeskID(rawValue: desk)] = flag }
            let current = Dictionary(
                open.filter { $0.state == .called || $0.state == .serving }.compactMap { t in t.desk.map { ($0, t) } },
                uniquingKeysWith: { a, _ in a })
            let desks = office.desks.map { DeskState(id: $0.id, isOpen: isOpen[$0.id] ?? false, current: current[$0.id]) }
            let todays = try await tally(day, connection).indicators(target: office.targetWait, waiting: open.filter { $0.state == .waiting }, now: now)
            var preferential: [ServiceCode: Double] = [:]
            for try await (service, count) in try await connection.query(
                """
                SELECT service, COUNT(*) FROM ticket
                WHERE office = \(id) AND preferential AND day = \(day.description) AND issuedAt > \(now.addingTimeInterval(-3600))
                GROUP BY service
                """, logger: logger
            ).decode((String, Int).self) { preferential[ServiceCode(rawValue: service)] = Double(count) }
            var calls: [QueueSnapshot.Call] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: EventRows.columns) FROM event e JOIN ticket t ON t.id = e.ticketId
                WHERE e.office = \(id) AND e.day = \(day.description) AND e.kind IN ('called', 'recalled')
                ORDER BY e.seq DESC LIMIT \(QueueSnapshot.recentCallCount)
                """, logger: logger) {
                let event = try EventRows.event(row).event
                calls.append(QueueSnapshot.Call(number: event.number, desk: event.desk ?? "", at: event.at, recall: event.kind == .recalled))
            }
            let times = try await recentServiceTimes(office.services.map(\.code), connection)
            var snapshot = QueueSnapshot.make(
                office: office, now: now, tickets: open, desks: desks, finishes: [], recentCalls: calls, serviceTimes: times,
                today: todays, preferentialLastHour: preferential)
            snapshot.devices = try await devices(connection, seenSince: now.addingTimeInterval(-DeviceReport.shownFor))
            for try await count in try await connection.query(
                "SELECT COUNT(*) FROM request WHERE office = \(id) AND firstContactAt IS NULL AND deadline < \(now)", logger: logger
            ).decode(Int.self) { snapshot.requestsOverdue = count }
            snapshot.eventID = try await lastEventID(connection)
            return snapshot
        }
    }

    public func lookup(_ number: TicketNumber) async throws -> TicketPlace? {
        try await read { [self] connection, office, now in
            guard let stored = try? await ticket(number, day: office.calendar.day(of: now), lock: false, connection) else { return nil }
            return try await place(of: stored.ticket, office: office, now: now, connection)
        }
    }

    public func visit(_ token: String) async throws -> TicketPlace? {
        guard VisitToken.isWellFormed(token) else { return nil }
        return try await read { [self] connection, office, now in
            guard let stored = try await visited(token, connection) else { return nil }
            var place = try await place(of: stored.ticket, office: office, now: now, connection)
            place.feedbackGiven = try await feedbackGiven(stored.id, connection)
            return place
        }
    }

    public func giveFeedback(_ token: String, _ feedback: Feedback) async throws {
        guard VisitToken.isWellFormed(token) else { throw QueueError.visitNotFound }
        try await write { [self] writing in
            guard let stored = try await visited(token, writing.connection) else { throw QueueError.visitNotFound }
            try await store(writing.office.privacy.kept(feedback), for: stored, writing)
        }
    }

    public func rateLastVisit(desk: DeskID, _ feedback: Feedback) async throws -> TicketNumber {
        try await write { [self] writing in
            _ = try writing.office.requireDesk(desk)
            guard let stored = try await tickets(
                """
                SELECT \(unescaped: StoredTicket.columns) FROM ticket WHERE id = (
                    SELECT ticketId FROM event WHERE office = \(officeID.rawValue) AND day = \(writing.today.description)
                    AND kind = 'finished' AND desk = \(desk.rawValue) ORDER BY seq DESC LIMIT 1)
                """, writing.connection
            ).first else { throw QueueError.noVisitToRate(desk) }
            try await store(writing.office.privacy.kept(feedback), for: stored, writing)
            return stored.ticket.number
        }
    }

    /// Stores one visitor's answer: once, after the visit ended (the ticket's row locked, so
    /// two answers at once cannot both pass the check).
    private func store(_ feedback: Feedback, for stored: StoredTicket, _ writing: Writing) async throws {
        _ = try await tickets("SELECT \(unescaped: StoredTicket.columns) FROM ticket WHERE id = \(stored.id) FOR UPDATE", writing.connection)
        try FeedbackRule.check(stored.ticket, alreadyGiven: try await feedbackGiven(stored.id, writing.connection))
        let r = feedback.ratings
        try await writing.connection.query(
            """
            INSERT INTO feedback (ticketId, at, answer, time, professionalism, information, attitude, comment)
            VALUES (\(stored.id), \(writing.now), \(r[.answer]), \(r[.time]), \(r[.professionalism]), \(r[.information]), \(r[.attitude]), \(feedback.comment))
            """, logger: logger)
    }

    private func visited(_ token: String, _ connection: PostgresConnection) async throws -> StoredTicket? {
        try await tickets(
            """
            SELECT \(unescaped: StoredTicket.columns) FROM ticket
            WHERE office = \(officeID.rawValue) AND id = (SELECT ticketId FROM visit WHERE token = \(token))
            """, connection
        ).first
    }

    private func feedbackGiven(_ ticketID: Int64, _ connection: PostgresConnection) async throws -> Bool {
        for try await _ in try await connection.query("SELECT 1 FROM feedback WHERE ticketId = \(ticketID)", logger: logger) { return true }
        return false
    }

    /// A ticket and its place now (`PlaceInputs`).
    func place(of ticket: Ticket, office: Office, now: Date, _ connection: PostgresConnection) async throws -> TicketPlace {
        try await PlaceInputs(queue: self, office: office, now: now, connection).place(ticket)
    }

    /// Recent service times of a service, oldest first, for the estimate.
    func recentServiceTimes(_ service: ServiceCode, _ connection: PostgresConnection) async throws -> [Double] {
        var times: [Double] = []
        for try await seconds in try await connection.query(
            """
            SELECT COALESCE(seconds, 0) FROM event WHERE office = \(officeID.rawValue) AND kind = 'finished' AND service = \(service.rawValue)
            ORDER BY seq DESC LIMIT \(WaitEstimate.recentWindow)
            """, logger: logger
        ).decode(Double.self) { times.append(seconds) }
        return times.reversed()
    }

    /// Recent service times of several services, oldest first, in one read (each through
    /// the index of finished visits, newest first, as far as the window).
    func recentServiceTimes(_ services: [ServiceCode], _ connection: PostgresConnection) async throws -> [ServiceCode: [Double]] {
        var times: [ServiceCode: [Double]] = [:]
        for service in services { times[service] = [] }
        for try await (service, seconds) in try await connection.query(
            """
            SELECT s, t.seconds FROM unnest(\(services.map(\.rawValue))::text[]) AS s,
                LATERAL (SELECT COALESCE(seconds, 0) AS seconds, seq FROM event
                         WHERE office = \(officeID.rawValue) AND kind = 'finished' AND service = s
                         ORDER BY seq DESC LIMIT \(WaitEstimate.recentWindow)) AS t
            ORDER BY s, t.seq
            """, logger: logger
        ).decode((String, Double).self) { times[ServiceCode(rawValue: service), default: []].append(seconds) }
        return times
    }

    /// A day's running tally.
    func tally(_ day: LocalDay, _ connection: PostgresConnection) async throws -> DayTally {
        var tally = DayTally()
        for try await (key, value) in try await connection.query(
            "SELECT key, value FROM dayTally WHERE office = \(officeID.rawValue) AND day = \(day.description)", logger: logger
        ).decode((String, Double).self) { tally.restore(key: key, value: value) }
        for try await (kind, second, people) in try await connection.query(
            "SELECT kind, second, people FROM dayWait WHERE office = \(officeID.rawValue) AND day = \(day.description) AND people <> 0",
            logger: logger
        ).decode((Int, Int, Int).self) { tally.restore(kind: kind, second: second, people: people) }
        return tally
    }

    func lastEventID(_ connection: PostgresConnection) async throws -> Int64 {
        for try await last in try await connection.query("SELECT lastEvent FROM office WHERE id = \(officeID.rawValue)", logger: logger)
            .decode(Int64.self) { return last }
        return 0
    }
}
