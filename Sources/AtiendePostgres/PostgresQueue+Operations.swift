import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

extension PostgresQueue: QueueService {
    public func office() async throws -> Office {
        try await transaction { [self] connection in try await versionedOffice(connection).office }
    }

    /// A real write (the office's row touched): a database that takes no writes shows here.
    public func checkWritable() async throws {
        _ = try await write(queue: false) { [self] writing in
            try await writing.connection.query("UPDATE office SET lastEvent = lastEvent WHERE id = \(officeID.rawValue)", logger: logger)
        }
    }

    /// Issues a ticket as `Office.issue` decides, with the other tickets asked for at the
    /// same moment in one transaction (`IssueBatch`, as the SQLite store does): one commit
    /// for a busy moment's kiosks, and each caller answered only once it is durable.
    public func issue(service code: ServiceCode, preferential: Bool, firstName: String?, key: String?) async throws -> TicketPlace {
        let asked = try IssueRequest(service: code, preferential: preferential, firstName: firstName, key: key)
        return try await issuing.issue(asked) { [self] batch in await store(batch) }
    }

    /// Numbers and stores a batch in one transaction: a key's earlier ticket answers again,
    /// else the next number past the last one given today, read from its row locked so a
    /// concurrent issue on any server waits for this transaction to commit or roll back. A
    /// refusal is its caller's alone; a database failure everyone's, and nobody's number.
    private func store(_ batch: [IssueBatch.Request]) async {
        let outcomes: [Result<TicketPlace, any Error>]
        do {
            outcomes = try await write { [self] writing in
                let office = writing.office, day = writing.today, connection = writing.connection
                let places = PlaceInputs(queue: self, office: office, now: writing.now, connection)
                var last: [ServiceCode: Int] = [:], given: [ServiceCode: Int] = [:]
                // Every service's row locked first, in one order on every server: two
                // servers' batches never wait for each other in a circle.
                let services = Set(batch.compactMap { office.service(ServiceCode(typed: $0.asked.service.rawValue))?.code }).sorted()
                for service in services { last[service] = try await lastSequence(service, day: day, connection) }
                var keyed: [String: (Ticket, String?)] = [:]
                // First the core decides each request in turn…
                enum Step { case refused(QueueError), again(Ticket, String?), new(Int) }
                var steps: [Step] = [], fresh: [(ticket: Ticket, token: String, key: String?)] = [], events: [TicketEvent] = []
                for request in batch {
                    let asked = request.asked
                    var known: (Ticket, String?)?
                    if let key = asked.key {
                        if let already = keyed[key] { known = already } else { known = try await issued(key: key, day: day, connection) }
                    }
                    do {
                        switch try office.issue(asked, at: writing.now, known: known?.0, lastSequence: { last[$0] ?? 0 }) {
                        case .again(let ticket):
                            steps.append(.again(ticket, known?.1))
                        case .new(let ticket, let event):
                            last[ticket.number.service] = ticket.number.sequence
                            given[ticket.number.service] = ticket.number.sequence
                            let token = VisitToken.make()
                            if let key = asked.key { keyed[key] = (ticket, token) }
                            steps.append(.new(fresh.count))
                            fresh.append((ticket, token, asked.key))
                            events.append(event)
                        }
                    } catch let refused as QueueError {
                        steps.append(.refused(refused))
                    }
                }
                // …then the new tickets, their links and keys go in together…
                let ids = try await writing.insert(fresh)
                for (event, id) in zip(events, ids) { writing.log(event, ticketID: id) }
                // …and each caller gets their place, in the order they asked.
                var results: [Result<TicketPlace, any Error>] = []
                for step in steps {
                    switch step {
                    case .refused(let refused):
                        results.append(.failure(refused))
                    case .again(let ticket, let token):
                        var place = try await places.place(ticket)
                        place.visitToken = token
                        results.append(.success(place))
                    case .new(let index):
                        places.issued(fresh[index].ticket)
                        var place = try await places.place(fresh[index].ticket)
                        place.visitToken = fresh[index].token
                        results.append(.success(place))
                    }
                }
                for (service, sequence) in given.sorted(by: { $0.key < $1.key }) {
                    try await connection.query(
                        """
                        UPDATE numbering SET last = \(sequence)
                        WHERE office = \(officeID.rawValue) AND day = \(day.description) AND service = \(service.rawValue)
                        """, logger: logger)
                }
                return results
            }
        } catch {
            outcomes = batch.map { _ in .failure(error) }
        }
        for (request, outcome) in zip(batch, outcomes) { request.reply.resume(with: outcome) }
    }

    /// The ticket issued today under `key`, with its visit token, if there is one.
    private func issued(key: String, day: LocalDay, _ connection: PostgresConnection) async throws -> (Ticket, String?)? {
        let found = try await tickets(
            """
            SELECT \(unescaped: StoredTicket.columns) FROM ticket WHERE id =
                (SELECT ticketId FROM issueKey WHERE office = \(officeID.rawValue) AND day = \(day.description) AND key = \(key))
            """, connection)
        guard let stored = found.first else { return nil }
        return (stored.ticket, try await visitToken(of: stored.id, connection))
    }

    /// Calls the next ticket for a desk by the call rule (`DeskRules.callNext`); `nil` when
    /// nobody waits for it. The candidates are the head of each queue the desk calls from,
    /// locked; a head another desk is calling right now is passed over (`SKIP LOCKED`), so
    /// two desks calling at once on any servers take the first two in line, each once.
    public func callNext(desk id: DeskID, by staff: StaffAccount?) async throws -> TicketChange? {
        try await write { [self] writing in
            let office = writing.office, connection = writing.connection
            let (state, _) = try await deskState(id, office: office, lock: true, connection)
            let services = try office.requireDesk(id).services
            var heads: [StoredTicket] = []
            for service in staff?.calls(from: services) ?? services {
                // Today's head, and the head of the few carried over from before midnight.
                heads += try await tickets(
                    """
                    SELECT \(unescaped: StoredTicket.columns) FROM ticket
                    WHERE office = \(officeID.rawValue) AND state = 'waiting' AND queueService = \(service.rawValue) AND day = \(writing.today.description)
                    ORDER BY dueAt, issuedAt, seq, service LIMIT 1 FOR UPDATE SKIP LOCKED
                    """, connection)
                heads += try await tickets(
                    """
                    SELECT \(unescaped: StoredTicket.columns) FROM ticket
                    WHERE office = \(officeID.rawValue) AND state = 'waiting' AND queueService = \(service.rawValue) AND day < \(writing.today.description)
                    ORDER BY dueAt, issuedAt, seq, service LIMIT 1 FOR UPDATE SKIP LOCKED
                    """, connection)
            }
            guard case (let ticket, var event)? = try DeskRules(office: office).callNext(state, waiting: heads.map(\.ticket), at: writing.now),
                let stored = heads.first(where: { $0.ticket.number == ticket.number && $0.ticket.day == ticket.day })
            else { return nil }
            event.staff = staff?.user
            try await writing.save(ticket, replacing: stored, event)
            return TicketChange(ticket: ticket, event: event)
        }
    }

    public func call(_ number: TicketNumber, desk id: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        try await change(number) { [self] writing, stored in
            let (state, _) = try await deskState(id, office: writing.office, lock: true, writing.connection)
            var (called, event) = try DeskRules(office: writing.office).call(stored.ticket, from: state, at: writing.now)
            event.staff = staff?.user
            return (called, event)
        }
    }

    public func act(_ action: DeskAction, desk id: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        try await write { [self] writing in
            let office = writing.office
            let (state, row) = try await deskState(id, office: office, lock: true, writing.connection)
            var (ticket, event) = try DeskRules(office: office).act(action.ticketAction, on: state, at: writing.now, outcome: office.privacy.kept(action.outcome))
            event.staff = staff?.user
            guard let row, let current = state.current else { throw QueueError.deskIdle(id, action: "act") }
            try await writing.save(ticket, replacing: StoredTicket(id: row, ticket: current), event)
            var change = TicketChange(ticket: ticket, event: event)
            if let draft = RequestRules.fromVisit(ticket, outcome: office.privacy.kept(action.outcome), office: office) {
                change.request = try await register(draft, writing, by: staff?.user).request.number
            }
            return change
        }
    }

    public func cancel(_ number: TicketNumber, by staff: StaffAccount?) async throws -> TicketChange {
        try await change(number) { [self] writing, stored in
            var cancelled = stored.ticket
            var event = try cancelled.apply(.cancel, at: writing.now)
            event.staff = staff?.user
            return (cancelled, event)
        }
    }

    public func move(_ number: TicketNumber, to service: ServiceCode, by staff: StaffAccount?) async throws -> TicketChange {
        try await change(number) { [self] writing, stored in
            try DeskRules(office: writing.office).move(stored.ticket, to: service, at: writing.now, by: staff?.user)
        }
    }

    public func setDesk(_ id: DeskID, open: Bool) async throws -> DeskState {
        try await write { [self] writing in
            var (state, _) = try await deskState(id, office: writing.office, lock: true, writing.connection)
            if !open { try DeskRules(office: writing.office).checkCanClose(state) }
            try await writing.connection.query(
                "UPDATE desk SET isOpen = \(open) WHERE office = \(officeID.rawValue) AND id = \(state.id.rawValue)", logger: logger)
            state.isOpen = open
            writing.setupChanged = true
            return state
        }
    }

    public func report(_ device: DeviceReport) async throws {
        let checked = try device.checked()
        try await write { [self] writing in
            var report = checked
            report.since = writing.now
            let earlier = try await devices(writing.connection, seenSince: nil).first { $0.device == report.device }
            let stored = report.following(earlier)
            try await writing.connection.query(
                """
                INSERT INTO device (office, name, printer, detail, since, seenAt)
                VALUES (\(officeID.rawValue), \(stored.device), \(stored.printer.rawValue), \(stored.detail), \(stored.since), \(writing.now))
                ON CONFLICT (office, name) DO UPDATE SET printer = excluded.printer, detail = excluded.detail, since = excluded.since, seenAt = excluded.seenAt
                """, logger: logger)
            writing.setupChanged = stored != earlier
        }
    }

    /// The devices' reports, those seen since `seenSince` (all with `nil`), problems first.
    func devices(_ connection: PostgresConnection, seenSince: Date?) async throws -> [DeviceReport] {
        var reports: [DeviceReport] = []
        for try await (name, printer, detail, since) in try await connection.query(
            "SELECT name, printer, detail, since FROM device WHERE office = \(officeID.rawValue) AND seenAt >= \(seenSince ?? .distantPast)",
            logger: logger
        ).decode((String, String, String?, Date).self) {
            if let printer = DeviceReport.Printer(rawValue: printer) {
                reports.append(DeviceReport(device: name, printer: printer, detail: detail, since: since))
            }
        }
        return DeviceReport.ordered(reports)
    }

    /// Reads one of today's tickets with its row locked, asks `decide`, and keeps what it returns.
    private func change(
        _ number: TicketNumber, _ decide: @escaping @Sendable (Writing, StoredTicket) async throws -> (Ticket, TicketEvent)
    ) async throws -> TicketChange {
        try await write { [self] writing in
            let stored = try await ticket(number, day: writing.today, lock: true, writing.connection)
            let (changed, event) = try await decide(writing, stored)
            try await writing.save(changed, replacing: stored, event)
            return TicketChange(ticket: changed, event: event)
        }
    }

    private func visitToken(of ticketID: Int64, _ connection: PostgresConnection) async throws -> String? {
        for try await token in try await connection.query("SELECT token FROM visit WHERE ticketId = \(ticketID)", logger: logger).decode(String.self) {
            return token
        }
        return nil
    }

    /// The last number given today for a service, with its row locked to the end of the
    /// transaction (made at 0 on the day's first ticket): one statement, which takes the
    /// row's lock whether it made the row or found it.
    private func lastSequence(_ service: ServiceCode, day: LocalDay, _ connection: PostgresConnection) async throws -> Int {
        for try await last in try await connection.query(
            """
            INSERT INTO numbering (office, day, service, last) VALUES (\(officeID.rawValue), \(day.description), \(service.rawValue), 0)
            ON CONFLICT (office, day, service) DO UPDATE SET last = numbering.last
            RETURNING last
            """, logger: logger
        ).decode(Int.self) { return last }
        return 0
    }
}
