import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

/// Moving an office's history in (`atiende migrate`), in one transaction: all of it, or
/// nothing. A ticket already here (its office, day, service and number) is passed over with
/// its events, links and answers, so a second run adds nothing; the office goes on numbering
/// where its file stopped. Rows go in batches, each one statement over a JSON array
/// (`jsonb_to_recordset`), so a year moves in few round trips.
extension PostgresQueue {
    public func importHistory(_ history: OfficeHistory) async throws -> HistoryImport {
        let now = time.now()
        return try await transaction { [self] connection in
            var added = HistoryImport()
            let id = officeID.rawValue
            try await connection.query("INSERT INTO office (id) VALUES (\(id)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query("SELECT 1 FROM office WHERE id = \(id) FOR UPDATE", logger: logger)

            // The configs, when the office has none yet (an office set up here keeps its own).
            var versions = 0
            for try await count in try await connection.query("SELECT COUNT(*) FROM officeConfig WHERE office = \(id)", logger: logger).decode(Int.self) {
                versions = count
            }
            if versions == 0 {
                for (index, config) in history.configs.enumerated() {
                    try await connection.query(
                        """
                        INSERT INTO officeConfig (office, version, json, appliedAt, appliedBy, fromFile)
                        VALUES (\(id), \(index + 1), \(config.json), \(config.appliedAt), \(config.appliedBy), \(config.fromFile))
                        """, logger: logger)
                }
                added.configs = history.configs.count
                for (desk, open) in history.openDesks {
                    try await connection.query(
                        "INSERT INTO desk (office, id, isOpen) VALUES (\(id), \(desk.rawValue), \(open)) ON CONFLICT DO NOTHING", logger: logger)
                }
            }

            // Tickets: the new ones come back with their ids here.
            var newIDs: [Int64: Int64] = [:]
            var byKey: [String: Int64] = [:]
            for kept in history.tickets { byKey[Self.key(kept.ticket.day, kept.ticket.number)] = kept.id }
            for batch in history.tickets.chunked(Self.batch) {
                let rows = batch.map(TicketRow.init)
                for try await (newID, day, service, seq) in try await connection.query(
                    """
                    INSERT INTO ticket (office, day, service, seq, preferential, firstName, issuedAt, queueService, state, desk,
                        waitingSince, firstCalledAt, calledAt, startedAt, endedAt, dueAt)
                    SELECT \(id), r.day, r.service, r.seq, r.preferential, r.firstName, to_timestamp(r.issuedAt), r.queueService, r.state, r.desk,
                        to_timestamp(r.waitingSince), to_timestamp(r.firstCalledAt), to_timestamp(r.calledAt), to_timestamp(r.startedAt),
                        to_timestamp(r.endedAt), to_timestamp(r.dueAt)
                    FROM jsonb_to_recordset(\(try Self.json(rows))::jsonb) AS r(day text, service text, seq integer, preferential boolean,
                        firstName text, issuedAt float8, queueService text, state text, desk text, waitingSince float8, firstCalledAt float8,
                        calledAt float8, startedAt float8, endedAt float8, dueAt float8)
                    ON CONFLICT (office, day, service, seq) DO NOTHING
                    RETURNING id, day, service, seq
                    """, logger: logger
                ).decode((Int64, String, String, Int).self) {
                    if let day = LocalDay(day), let source = byKey[Self.key(day, TicketNumber(service: ServiceCode(rawValue: service), sequence: seq))] {
                        newIDs[source] = newID
                    }
                }
            }
            added.tickets = newIDs.count

            // Their events, numbered on in the office's log in the order they were logged.
            let events = history.events.filter { newIDs[$0.ticketID] != nil }
            if !events.isEmpty {
                var last: Int64 = 0
                for try await value in try await connection.query(
                    "UPDATE office SET lastEvent = lastEvent + \(events.count) WHERE id = \(id) RETURNING lastEvent", logger: logger
                ).decode(Int64.self) { last = value }
                var seq = last - Int64(events.count)
                for batch in events.chunked(Self.batch) {
                    let rows = batch.map { item -> EventRow in
                        seq += 1
                        return EventRow(seq: seq, ticketID: newIDs[item.ticketID] ?? 0, item.event)
                    }
                    try await Self.insertEvents(rows, office: id, connection, logger: logger)
                }
                added.events = events.count
            }

            // Visit links and answers of the new tickets.
            let links = history.tickets.compactMap { kept in
                kept.visitToken.flatMap { token in newIDs[kept.id].map { LinkRow(token: token, ticketId: $0) } }
            }
            for batch in links.chunked(Self.batch) {
                try await connection.query(
                    """
                    INSERT INTO visit (token, ticketId) SELECT r.token, r.ticketId FROM jsonb_to_recordset(\(try Self.json(Array(batch)))::jsonb) AS r(token text, ticketId bigint)
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            let answers = history.answers.compactMap { answer in newIDs[answer.ticketID].map { AnswerRow(ticketId: $0, answer) } }
            for batch in answers.chunked(Self.batch) {
                try await connection.query(
                    """
                    INSERT INTO feedback (ticketId, at, answer, time, professionalism, information, attitude, comment)
                    SELECT r.ticketId, to_timestamp(r.at), r.answer, r.time, r.professionalism, r.information, r.attitude, r.comment
                    FROM jsonb_to_recordset(\(try Self.json(Array(batch)))::jsonb) AS r(ticketId bigint, at float8, answer integer, time integer,
                        professionalism integer, information integer, attitude integer, comment text)
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            added.answers = answers.count

            // The days' tallies, from what was added.
            var tallies: [LocalDay: DayTally] = [:]
            for kept in history.tickets where newIDs[kept.id] != nil { tallies[kept.ticket.day, default: DayTally()].add(kept.ticket, sign: 1) }
            for (_, event) in events where event.kind == .finished {
                tallies[event.day, default: DayTally()].addFinish(seconds: event.seconds, outcome: event.outcome?.code)
            }
            let writing = Writing(queue: self, connection: connection, office: try await versionedOffice(connection).office, now: now)
            try await writing.add(tallies)

            // Numbering goes on where the file stopped.
            for (day, service, last) in history.lastNumbers {
                try await connection.query(
                    """
                    INSERT INTO numbering (office, day, service, last) VALUES (\(id), \(day.description), \(service.rawValue), \(last))
                    ON CONFLICT (office, day, service) DO UPDATE SET last = GREATEST(numbering.last, excluded.last)
                    """, logger: logger)
            }

            // Staff: a user name taken in the institution is that person already; the role
            // here is added when they have none in this office.
            for account in history.staff {
                var inserted = false
                for try await _ in try await connection.query(
                    """
                    INSERT INTO staff (userName, name, active, passwordHash, createdAt, changedAt)
                    VALUES (\(account.account.user), \(account.account.name), \(account.account.active), \(account.passwordHash), \(account.createdAt), \(account.changedAt))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """, logger: logger) { inserted = true }
                if inserted { added.staff += 1 }
                try await connection.query(
                    """
                    INSERT INTO staffOffice (userName, office, role, desks, services)
                    VALUES (\(account.account.user), \(id), \(account.account.role.rawValue), \(account.account.desks.map(\.rawValue)), \(account.account.services.map(\.rawValue)))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            // Sessions end at the move; who sat where stays for the reports.
            var moved: Set<String> = []
            for session in history.sessions {
                for try await _ in try await connection.query(
                    """
                    INSERT INTO staffSession (tokenHash, userName, startedAt, expiresAt, endedAt)
                    VALUES (\(session.tokenHash), \(session.user), \(session.startedAt), \(session.expiresAt), \(session.endedAt ?? min(now, session.expiresAt)))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """, logger: logger) { moved.insert(session.tokenHash) }
            }
            for seat in history.seats where moved.contains(seat.tokenHash) {
                try await connection.query(
                    """
                    INSERT INTO deskPresence (office, day, desk, userName, tokenHash, since, until)
                    VALUES (\(id), \(seat.day.description), \(seat.span.desk.rawValue), \(seat.span.user), \(seat.tokenHash), \(seat.span.since), \(seat.span.until))
                    """, logger: logger)
            }
            try await connection.query("SELECT pg_notify(\(Self.channel), \("\(id) setup"))", logger: logger)
            return added
        }
    }

    /// Rows a statement carries at once.
    static let batch = 2_000

    private static func key(_ day: LocalDay, _ number: TicketNumber) -> String { "\(day) \(number)" }

    /// Rows as a JSON array, keys in lowercase: the column names of `jsonb_to_recordset`
    /// are unquoted SQL names, which PostgreSQL folds to lowercase.
    static func json(_ rows: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in Lowercased(path.last?.stringValue.lowercased() ?? "") }
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }

    private struct Lowercased: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ text: String) { stringValue = text }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct TicketRow: Encodable {
        var day: String, service: String, seq: Int, preferential: Bool, firstName: String?, issuedAt: Double, queueService: String
        var state: String, desk: String?, waitingSince: Double, firstCalledAt: Double?, calledAt: Double?, startedAt: Double?
        var endedAt: Double?, dueAt: Double

        init(_ kept: OfficeHistory.Kept) {
            let t = kept.ticket
            day = t.day.description
            service = t.number.service.rawValue
            seq = t.number.sequence
            preferential = t.preferential
            firstName = t.firstName
            issuedAt = t.issuedAt.timeIntervalSince1970
            queueService = t.queueService.rawValue
            state = t.state.rawValue
            desk = t.desk?.rawValue
            waitingSince = t.waitingSince.timeIntervalSince1970
            firstCalledAt = t.firstCalledAt?.timeIntervalSince1970
            calledAt = t.calledAt?.timeIntervalSince1970
            startedAt = t.startedAt?.timeIntervalSince1970
            endedAt = t.endedAt?.timeIntervalSince1970
            dueAt = kept.dueAt.timeIntervalSince1970
        }
    }

    struct EventRow: Encodable {
        var seq: Int64, ticketId: Int64, day: String, kind: String, at: Double, desk: String?, service: String, seconds: Double?
        var outcome: String?, outcomeCase: String?, outcomeReferredTo: String?, outcomeNote: String?, staff: String?

        init(seq: Int64, ticketID: Int64, _ event: TicketEvent) {
            self.seq = seq
            ticketId = ticketID
            day = event.day.description
            kind = event.kind.rawValue
            at = event.at.timeIntervalSince1970
            desk = event.desk?.rawValue
            service = event.service.rawValue
            seconds = event.seconds
            outcome = event.outcome?.code
            outcomeCase = event.outcome?.caseNumber
            outcomeReferredTo = event.outcome?.referredTo
            outcomeNote = event.outcome?.note
            staff = event.staff
        }
    }

    struct LinkRow: Encodable {
        var token: String, ticketId: Int64
    }

    private struct AnswerRow: Encodable {
        var ticketId: Int64, at: Double, answer: Int?, time: Int?, professionalism: Int?, information: Int?, attitude: Int?, comment: String?

        init(ticketId: Int64, _ answer: OfficeHistory.Answer) {
            self.ticketId = ticketId
            at = answer.at.timeIntervalSince1970
            let r = answer.feedback.ratings
            self.answer = r[.answer]
            time = r[.time]
            professionalism = r[.professionalism]
            information = r[.information]
            attitude = r[.attitude]
            comment = answer.feedback.comment
        }
    }
}

extension Array {
    /// The array in consecutive slices of at most `size`.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
