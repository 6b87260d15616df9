import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

extension SQLiteQueue {
    public func snapshot() async throws -> QueueSnapshot {
        try await read { db, office, now in
            let today = Self.today(office, now)
            // The line and the desks' visits, the running tally and the last hour's
            // preferential arrivals: nothing here reads the whole day.
            let day = office.calendar.day(of: now), began = office.calendar.start(of: day)
            let tickets = try StoredTicket.fetchAll(
                db, where: "state IN ('waiting', 'called', 'serving') AND day = \(today)").map(\.ticket)
                + StoredTicket.openBefore(db, day: day).map(\.ticket).filter { $0.outlivesDayChange(dayBegan: began) }
            let open = Dictionary(
                try Row.fetchAll(db, sql: "SELECT id, isOpen FROM desk").map { ($0["id"] as DeskID, $0["isOpen"] as Bool) },
                uniquingKeysWith: { a, _ in a })
            let current = Dictionary(
                tickets.filter { $0.state == .called || $0.state == .serving }.compactMap { t in t.desk.map { ($0, t) } },
                uniquingKeysWith: { a, _ in a })
            let desks = office.desks.map { DeskState(id: $0.id, isOpen: open[$0.id] ?? false, current: current[$0.id]) }
            let todays = try DayTallyRows.read(day: today, db)
                .indicators(target: office.targetWait, waiting: tickets.filter { $0.state == .waiting }, now: now)
            let preferential = Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT service, COUNT(*) FROM ticket INDEXED BY ticketIssued
                    WHERE preferential AND day = ? AND issuedAt > ? GROUP BY service
                    """),
                arguments: [today, now.timeIntervalSince1970 - 3600]).map { ($0[0] as ServiceCode, Double($0[1] as Int)) })
            let calls = try EventRows.fetch(
                db, key: .ticketID,
                where: "e.id IN (SELECT id FROM event WHERE day = \(today) AND kind IN ('called', 'recalled') ORDER BY id DESC LIMIT \(QueueSnapshot.recentCallCount))"
            ).reversed().map { QueueSnapshot.Call(number: $0.1.number, desk: $0.1.desk ?? "", at: $0.1.at, recall: $0.1.kind == .recalled) }
            var times: [ServiceCode: [Double]] = [:]
            for service in office.services { times[service.code] = try self.recentServiceTimes(db, service: service.code) }
            var snapshot = QueueSnapshot.make(
                office: office, now: now, tickets: tickets, desks: desks, finishes: [],
                recentCalls: Array(calls), serviceTimes: times, today: todays, preferentialLastHour: preferential)
            snapshot.devices = try Self.devices(db, seenSince: now.addingTimeInterval(-DeviceReport.shownFor))
            snapshot.requestsOverdue = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM request WHERE firstContactAt IS NULL AND deadline < ?"), arguments: [now.timeIntervalSince1970]) ?? 0
            snapshot.eventID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM event")) ?? 0
            return snapshot
        }
    }

    public func lookup(_ number: TicketNumber) async throws -> TicketPlace? {
        try await place { office, now in
            "day = \(Self.today(office, now)) AND service = \(number.service) AND seq = \(number.sequence)"
        }
    }

    public func visit(_ token: String) async throws -> TicketPlace? {
        guard VisitToken.isWellFormed(token) else { return nil }
        return try await place(withFeedback: true) { _, _ in "id = (SELECT ticketId FROM visit WHERE token = \(token))" }
    }

    public func giveFeedback(_ token: String, _ feedback: Feedback) async throws {
        guard VisitToken.isWellFormed(token) else { throw QueueError.visitNotFound }
        try await write { db, office, now in
            guard let stored = try StoredTicket.fetchOne(db, where: "id = (SELECT ticketId FROM visit WHERE token = \(token))") else {
                throw QueueError.visitNotFound
            }
            try Self.store(office.privacy.kept(feedback), for: stored, at: now, db)
        }
    }

    public func rateLastVisit(desk: DeskID, _ feedback: Feedback) async throws -> TicketNumber {
        try await write { db, office, now in
            _ = try office.requireDesk(desk)
            let today = Self.today(office, now)
            let condition: SQL = """
                id = (SELECT ticketId FROM event WHERE kind = 'finished' AND desk = \(desk) AND day = \(today) ORDER BY id DESC LIMIT 1)
                """
            guard let stored = try StoredTicket.fetchOne(db, where: condition) else {
                throw QueueError.noVisitToRate(desk)
            }
            try Self.store(office.privacy.kept(feedback), for: stored, at: now, db)
            return stored.ticket.number
        }
    }

    /// Stores one visitor's answer: once, after the visit ended.
    private static func store(_ feedback: Feedback, for stored: StoredTicket, at now: Date, _ db: Database) throws {
        let given = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM feedback WHERE ticketId = ?)", arguments: [stored.id]) ?? false
        try FeedbackRule.check(stored.ticket, alreadyGiven: given)
        let r = feedback.ratings
        try db.execute(
            sql: """
                INSERT INTO feedback (ticketId, at, answer, time, professionalism, information, attitude, comment)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                stored.id, now.timeIntervalSince1970, r[.answer], r[.time], r[.professionalism], r[.information], r[.attitude],
                feedback.comment,
            ])
    }

    /// Visitors' answers about the tickets of these days, oldest first.
    static func feedback(_ db: Database, from: LocalDay, to: LocalDay) throws -> [FeedbackRow] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.day, t.service, t.seq, f.answer, f.time, f.professionalism, f.information, f.attitude, f.comment
            FROM feedback f JOIN ticket t ON t.id = f.ticketId WHERE t.day BETWEEN ? AND ? ORDER BY f.at
            """, arguments: [from.description, to.description])
        var out: [FeedbackRow] = []
        while let row = try rows.next() {
            let dayText: String = row[0]
            guard let day = LocalDay(dayText) else { throw StoredTicket.damaged("answer") }
            let ratings: [KeyDriver: Int] = [.answer: row[3], .time: row[4], .professionalism: row[5], .information: row[6], .attitude: row[7]]
            out.append((day, TicketNumber(service: row[1], sequence: row[2]), Feedback(ratings: ratings, comment: row[8])))
        }
        return out
    }

    /// One ticket and its place now, in one read.
    /// - Parameter withFeedback: also whether its visitor has rated it (for the visit page).
    private func place(
        withFeedback: Bool = false, where condition: @escaping @Sendable (Office, Date) -> SQL
    ) async throws -> TicketPlace? {
        try await read { db, office, now in
            guard let stored = try StoredTicket.fetchOne(db, where: condition(office, now)) else { return nil }
            let ticket = stored.ticket
            var place = TicketPlace(ticket: ticket, ahead: 0, estimatedWaitMinutes: nil)
            if ticket.state == .waiting {
                place.ahead = try self.ahead(db, of: ticket, office: office)
                place.estimatedWaitMinutes = try self.estimatedMinutes(db, for: ticket, ahead: place.ahead, office: office, now: now)
            }
            if withFeedback {
                place.feedbackGiven = try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM feedback WHERE ticketId = ?)"), arguments: [stored.id]) ?? false
            }
            return place
        }
    }

    /// Recomputes days from the event log: each ticket is replayed from its issue through
    /// its events, so a past day reports the same whenever it is asked.
    public func report(from: LocalDay, to: LocalDay) async throws -> RangeReport {
        try await read { db, office, now in
            let (tickets, finishes, staffEvents) = try Self.replay(db, from: from, to: to)
            let answers = try Self.feedback(db, from: from, to: to)
            let presence = try Self.presence(db, from: from, to: to, now: now)
            var names: [StaffUser: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT user, name FROM staff") { names[row[0]] = row[1] }
            return RangeReport.make(
                from: from, to: to, office: office, now: now, tickets: tickets, finishes: finishes, staffEvents: staffEvents,
                presence: presence, answers: answers, configs: try Self.configs(db), names: names)
        }
    }

    /// The tickets of `from`…`to` rebuilt from their issue and their events, the
    /// `finished` events, and the events that name a staff member (with the expiries that
    /// end their visits). Events stream in id order (a primary-key scan from the span's
    /// first event) and are applied as they come: nothing is collected per ticket.
    static func replay(_ db: Database, from: LocalDay, to: LocalDay) throws -> ([Ticket], [TicketEvent], [TicketEvent]) {
        var replay = Replay(try StoredTicket.fetchAll(db, where: "day BETWEEN \(from.description) AND \(to.description)").map { ($0.id, $0.ticket) })
        let statement = try db.cachedStatement(sql: """
            SELECT ticketId, kind, at, desk, service, seconds, outcome, staff FROM event
            WHERE id >= (SELECT MIN(id) FROM event WHERE day BETWEEN ?1 AND ?2) AND day BETWEEN ?1 AND ?2 AND kind <> 'issued'
            ORDER BY id
            """)
        let rows = try Row.fetchCursor(statement, arguments: [from.description, to.description])
        while let row = try rows.next() {
            let id: Int64 = row[0], kindText: String = row[1]
            guard let ticket = replay.ticket(id), let kind = TicketEvent.Kind(rawValue: kindText) else {
                throw StoredTicket.damaged("event of ticket \(id)")
            }
            let event = TicketEvent(number: ticket.number, day: ticket.day, kind: kind,
                at: Date(timeIntervalSince1970: row[2]), desk: row[3], service: row[4], seconds: row[5],
                outcome: (row[6] as String?).map { VisitOutcome(code: $0) }, staff: row[7])
            _ = try replay.apply(event, to: id)
        }
        return (replay.tickets, replay.finishes, replay.staffEvents)
    }

    /// The events each commit logged, read after it; `.unknown` when a commit changed
    /// something else a screen shows (desks, devices, the config) or the file was replaced.
    public func changes() -> AsyncStream<QueueChange> {
        ChangeWatcher(
            version: { [self] in try dataVersion() }, describe: { [self] position in try await change(since: position) },
            folder: URL(fileURLWithPath: path).deletingLastPathComponent().path
        ).stream()
    }

    /// A wake after every commit, saying nothing of what: for the server's event hub,
    /// which reads the log and the setup itself. This process's own commits are told at
    /// once, without a system call; another process's are found by the watcher's poll.
    public func commits() -> AsyncStream<Void> {
        let others = ChangeWatcher(version: { [self] in try dataVersion() }, describe: nil, folder: nil).stream()
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let id = commitListeners.withLock { listeners in
                defer { listeners.next += 1 }
                listeners.all[listeners.next] = continuation
                return listeners.next
            }
            let task = Task {
                for await _ in others { continuation.yield() }
                continuation.finish()
            }
            continuation.onTermination = { [self] _ in
                task.cancel()
                _ = commitListeners.withLock { $0.all.removeValue(forKey: id) }
            }
        }
    }

    /// Events fewer than this since the last look are told one by one; more mean a full read.
    static let eventsPerChange = 100

    func change(since position: ChangeWatcher.Position?) async throws -> (QueueChange?, ChangeWatcher.Position) {
        let setup = try await setupVersion()
        guard let position, position.setup == setup else { return (.unknown, .init(eventID: try await lastEventID(), setup: setup)) }
        let events = try await events(after: position.eventID, limit: Self.eventsPerChange)
        let last = try await lastEventID()
        // A restored file has fewer events than were seen; a flood is read whole.
        guard last >= position.eventID, events.count < Self.eventsPerChange else {
            return (.unknown, .init(eventID: last, setup: setup))
        }
        let now = ChangeWatcher.Position(eventID: events.last?.id ?? position.eventID, setup: setup)
        return (events.isEmpty ? nil : .events(events), now)
    }

    /// `PRAGMA data_version` on the watching connection, opened on first use and again
    /// after a failure: it moves when any other connection, in any process, commits.
    func dataVersion() throws -> Int? {
        try watcher.withLock { connection in
            do {
                if connection == nil {
                    var configuration = Configuration()
                    configuration.readonly = true
                    configuration.busyMode = .timeout(1)
                    connection = try DatabaseQueue(path: path, configuration: configuration)
                }
                return try connection?.read { try Int.fetchOne($0, sql: "PRAGMA data_version") }
            } catch {
                connection = nil
                throw error
            }
        }
    }

    /// Every config ever applied, oldest first, with when: what reports name things by.
    /// One that no longer reads (a rule added since) is passed over.
    static func configs(_ db: Database) throws -> [(appliedAt: Date, office: Office)] {
        try Row.fetchAll(db, sql: "SELECT json, appliedAt FROM officeConfig ORDER BY id").compactMap { row in
            let json: String = row["json"]
            guard let office = try? OfficeConfig.parse(Data(json.utf8), file: "stored config") else { return nil }
            return (Date(timeIntervalSince1970: row["appliedAt"]), office)
        }
    }
}
