import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

extension SQLiteQueue {
    /// Numbers and stores a batch in one IMMEDIATE transaction, then answers each caller.
    func store(_ batch: [IssueBatch.Request]) async {
        let outcomes: [Result<TicketPlace, any Error>]
        do {
            outcomes = try await write { db, office, now in
                let day = office.calendar.day(of: now)
                // Keys are for their day: yesterday's go (the primary key starts with the day).
                try db.cachedStatement(sql: "DELETE FROM issueKey WHERE day < ?").execute(arguments: [day.description])
                let estimates = EstimateInputs(queue: self, db: db, office: office, now: now)
                return try batch.map { request -> Result<TicketPlace, any Error> in
                    // A retry of a ticket already stored (a kiosk that lost the answer) gets
                    // the same ticket, within one batch too (a double send). The office
                    // decides; a refusal is this caller's alone, a database failure everyone's.
                    let known = try request.asked.key.flatMap { key in try Self.issued(key: key, day: day, db) }
                    let decision: IssueDecision
                    do {
                        decision = try office.issue(request.asked, at: now, known: known?.0) { code in try Self.lastSequence(db, day: day, service: code) }
                    } catch let refused as QueueError {
                        return .failure(refused)
                    }
                    switch decision {
                    case .again(let ticket):
                        return .success(try self.place(ticket, token: known?.token ?? "", db, office: office, estimates: estimates))
                    case .new(let ticket, let event):
                        let stored = try StoredTicket.insert(ticket, dueAt: office.callRule.dueTime(ticket), db)
                        try StoredTicket.append(event, ticketID: stored.id, db)
                        let token = VisitToken.make()
                        try db.cachedStatement(sql: "INSERT INTO visit (token, ticketId) VALUES (?, ?)").execute(arguments: [token, stored.id])
                        if let key = request.asked.key {
                            try db.cachedStatement(sql: "INSERT INTO issueKey (day, key, ticketId) VALUES (?, ?, ?)")
                                .execute(arguments: [day.description, key, stored.id])
                        }
                        estimates.issued(ticket)
                        return .success(try self.place(ticket, token: token, db, office: office, estimates: estimates))
                    }
                }
            }
        } catch {
            outcomes = batch.map { _ in .failure(error) }
        }
        for (request, outcome) in zip(batch, outcomes) { request.reply.resume(with: outcome) }
    }

    /// Where a ticket just stored stands: people ahead and the estimate, read in the
    /// same transaction, so they count exactly the tickets numbered before it.
    func place(_ ticket: Ticket, token: String, _ db: Database, office: Office, estimates: EstimateInputs) throws -> TicketPlace {
        let ahead = try aheadOfNew(db, ticket, office: office)
        let estimate = try estimates.minutes(for: ticket, ahead: ahead)
        return TicketPlace(ticket: ticket, ahead: ahead, estimatedWaitMinutes: estimate, visitToken: token.isEmpty ? nil : token)
    }

    /// The last number given today for a service: its tickets', or the numbers a replaced
    /// file gave out before a restore (`numberFloor`). Inside the IMMEDIATE transaction no
    /// other process can take the next one.
    static func lastSequence(_ db: Database, day: LocalDay, service: ServiceCode) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT MAX(seq) FROM (SELECT MAX(seq) AS seq FROM ticket WHERE day = ?1 AND service = ?2
                    UNION ALL SELECT lastSeq FROM numberFloor WHERE day = ?1 AND service = ?2)
                """),
            arguments: [day.description, service]) ?? 0
    }

    /// The ticket issued today under `key`, with its visit token, if there is one.
    static func issued(key: String, day: LocalDay, _ db: Database) throws -> (Ticket, token: String)? {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT ticketId FROM issueKey WHERE day = ? AND key = ?"),
            arguments: [day.description, key]),
            let stored = try StoredTicket.fetchOne(db, where: "id = \(id)") else { return nil }
        let token = try String.fetchOne(db.cachedStatement(sql: "SELECT token FROM visit WHERE ticketId = ?"), arguments: [id])
        return (stored.ticket, token ?? "")
    }
}
