import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

/// Requests from every channel in the office's file (`request`, `requestAttempt`): numbered in
/// the write transaction, which SQLite runs one at a time, so the series has no gap.
extension SQLiteQueue: RequestBook {
    public func register(_ draft: RequestDraft, by staff: StaffUser?) async throws -> (request: ServiceRequest, link: String) {
        try await write(queue: false) { db, office, now in try Self.register(draft, db, office: office, now: now, by: staff) }
    }

    /// Numbers, decides and stores a request inside a write (a visit's finish opens one too).
    static func register(_ draft: RequestDraft, _ db: Database, office: Office, now: Date, by staff: StaffUser?) throws -> (request: ServiceRequest, link: String) {
        let year = office.calendar.day(of: now).year
        let last = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM request WHERE year = ?", arguments: [year]) ?? 0
        var request = try RequestRules.register(draft, office: office, at: now, by: staff, lastSequence: last)
        let link = VisitToken.make()
        request.link = link
        try db.execute(
            sql: """
                INSERT INTO request (year, seq, channel, service, summary, name, phone, email, assignee, receivedAt, receivedBy, deadline, ticket, link)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                request.number.year, request.number.sequence, request.channel.rawValue, request.service.rawValue, request.summary, request.name,
                request.phone, request.email, request.assignee, request.receivedAt.timeIntervalSince1970, request.receivedBy,
                request.deadline.timeIntervalSince1970, request.ticket?.description, link,
            ])
        return (request, link)
    }

    public func request(_ number: RequestNumber) async throws -> ServiceRequest? {
        try await read { db, _, _ in try Self.request(db, where: "year = ? AND seq = ?", [number.year, number.sequence]).first }
    }

    public func request(link: String) async throws -> ServiceRequest? {
        try await read { db, _, _ in try Self.request(db, where: "link = ?", [link]).first }
    }

    public func requestReport(from: LocalDay, to: LocalDay) async throws -> RequestReport {
        try await read { db, office, now in
            let calendar = office.calendar
            let span = [calendar.start(of: from).timeIntervalSince1970, calendar.start(of: calendar.day(to, adding: 1)).timeIntervalSince1970]
            let received = try Self.request(db, where: "receivedAt >= ? AND receivedAt < ?", span)
            return RequestReport.make(received, from: from, to: to, calendar: calendar, now: now)
        }
    }

    public func openRequests() async throws -> [ServiceRequest] {
        try await read { db, _, _ in try Self.request(db, where: "firstContactAt IS NULL ORDER BY deadline, year, seq", []) }
    }

    public func recordContact(_ number: RequestNumber, result: ContactResult, note: String?, next: Date?, by staff: StaffUser?) async throws -> ServiceRequest {
        try await write(queue: false) { db, _, now in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM request WHERE year = ? AND seq = ?", arguments: [number.year, number.sequence]),
                let before = try Self.request(db, where: "id = ?", [id]).first
            else { throw RequestError.unknownRequest(number.description) }
            let after = try RequestRules.contact(before, result: result, note: note, next: next, at: now, by: staff)
            guard let attempt = after.attempts.last else { return after }
            try db.execute(
                sql: "INSERT INTO requestAttempt (requestId, at, byUser, result, note, next) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, attempt.at.timeIntervalSince1970, attempt.by, attempt.result.rawValue, attempt.note, attempt.next?.timeIntervalSince1970])
            try db.execute(
                sql: "UPDATE request SET assignee = ?, firstContactAt = ? WHERE id = ?",
                arguments: [after.assignee, after.firstContactAt?.timeIntervalSince1970, id])
            return after
        }
    }

    /// The requests a condition picks, each with its tries in the order they were made.
    static func request(_ db: Database, where condition: String, _ arguments: [any DatabaseValueConvertible]) throws -> [ServiceRequest] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, year, seq, channel, service, summary, name, phone, email, assignee, receivedAt, receivedBy, deadline, ticket, link
                FROM request WHERE \(condition)
                """, arguments: StatementArguments(arguments))
        guard !rows.isEmpty else { return [] }
        let ids: [Int64] = rows.map { $0["id"] }
        var attempts: [Int64: [ContactAttempt]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT requestId, at, byUser, result, note, next FROM requestAttempt WHERE requestId IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
            arguments: StatementArguments(ids))
        {
            guard let result = ContactResult(rawValue: row["result"]) else { throw QueueUnavailable(.damaged, "the file has a damaged request: restore a backup") }
            attempts[row["requestId"], default: []].append(ContactAttempt(
                at: Date(timeIntervalSince1970: row["at"]), by: row["byUser"], result: result, note: row["note"],
                next: (row["next"] as Double?).map(Date.init(timeIntervalSince1970:))))
        }
        return try rows.map { row in
            guard let channel = RequestChannel(rawValue: row["channel"]) else { throw QueueUnavailable(.damaged, "the file has a damaged request: restore a backup") }
            return ServiceRequest(
                number: RequestNumber(year: row["year"], sequence: row["seq"]), channel: channel, service: ServiceCode(rawValue: row["service"]),
                summary: row["summary"], name: row["name"], phone: row["phone"], email: row["email"], assignee: row["assignee"],
                receivedAt: Date(timeIntervalSince1970: row["receivedAt"]), receivedBy: row["receivedBy"],
                deadline: Date(timeIntervalSince1970: row["deadline"]), attempts: attempts[row["id"]] ?? [],
                ticket: (row["ticket"] as String?).flatMap(TicketNumber.init(parsing:)), link: row["link"])
        }
    }
}
