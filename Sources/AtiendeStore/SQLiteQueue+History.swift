import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

extension SQLiteQueue {
    /// The office's whole history, read in one transaction (`atiende migrate`): what another
    /// store needs to go on where this file stops.
    public func history() async throws -> OfficeHistory {
        try await run {
            try await self.pool.read { db in
                var history = OfficeHistory()
                history.configs = try Row.fetchAll(db, sql: "SELECT json, appliedAt, appliedBy, fromFile FROM officeConfig ORDER BY id").map { row in
                    OfficeHistory.Config(json: row[0], appliedAt: Date(timeIntervalSince1970: row[1]), appliedBy: row[2], fromFile: row[3])
                }
                var tokens: [Int64: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT ticketId, token FROM visit") { tokens[row[0]] = row[1] }
                var due: [Int64: Double] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, dueAt FROM ticket") { due[row[0]] = row[1] }
                history.tickets = try StoredTicket.fetchAll(db, where: "1 ORDER BY id").map { stored in
                    OfficeHistory.Kept(
                        id: stored.id, ticket: stored.ticket, dueAt: Date(timeIntervalSince1970: due[stored.id] ?? stored.ticket.issuedAt.timeIntervalSince1970),
                        visitToken: tokens[stored.id])
                }
                history.events = try EventRows.fetch(db, key: .ticketID, where: "1").map { (ticketID: $0.0, event: $0.1) }
                history.answers = try Row.fetchAll(db, sql: """
                    SELECT ticketId, at, answer, time, professionalism, information, attitude, comment FROM feedback ORDER BY at, ticketId
                    """).map { row in
                    OfficeHistory.Answer(
                        ticketID: row[0], at: Date(timeIntervalSince1970: row[1]),
                        feedback: Feedback(ratings: [.answer: row[2], .time: row[3], .professionalism: row[4], .information: row[5], .attitude: row[6]], comment: row[7]))
                }
                history.staff = try Row.fetchAll(db, sql: "SELECT \(StaffRow.columns), createdAt, changedAt FROM staff ORDER BY user").map { row in
                    OfficeHistory.Account(
                        account: try StaffRow.account(row), passwordHash: row["passwordHash"],
                        createdAt: Date(timeIntervalSince1970: row["createdAt"]), changedAt: Date(timeIntervalSince1970: row["changedAt"]))
                }
                history.sessions = try Row.fetchAll(db, sql: "SELECT tokenHash, user, startedAt, expiresAt, endedAt FROM staffSession").map { row in
                    OfficeHistory.Session(
                        tokenHash: row[0], user: row[1], startedAt: Date(timeIntervalSince1970: row[2]), expiresAt: Date(timeIntervalSince1970: row[3]),
                        endedAt: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)))
                }
                history.seats = try Row.fetchAll(db, sql: "SELECT day, desk, user, tokenHash, since, until FROM deskPresence ORDER BY id").compactMap { row in
                    guard let day = LocalDay(row[0] as String) else { return nil }
                    return OfficeHistory.Seat(
                        day: day,
                        span: DeskPresence(desk: row[1], user: row[2], since: Date(timeIntervalSince1970: row[4]), until: (row[5] as Double?).map(Date.init(timeIntervalSince1970:))),
                        tokenHash: row[3])
                }
                for row in try Row.fetchAll(db, sql: "SELECT id, isOpen FROM desk") { history.openDesks[row[0]] = row[1] }
                history.lastNumbers = try Row.fetchAll(db, sql: """
                    SELECT day, service, MAX(seq) FROM (SELECT day, service, seq FROM ticket UNION ALL SELECT day, service, lastSeq FROM numberFloor)
                    GROUP BY day, service
                    """).compactMap { row in LocalDay(row[0] as String).map { (day: $0, service: row[1] as ServiceCode, last: row[2] as Int) } }
                return history
            }
        }
    }
}
