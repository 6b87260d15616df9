import AtiendeCore
import Foundation
import GRDB

/// `DayTally` in the database: each ticket change and finished visit adds its share in
/// the transaction that writes it, so every program writing the file keeps it right.
///
/// `dayTally` holds the sums by name (`issued`, `outcome:resolved`, …) and `dayWait`
/// the waits by whole second; a day reads in a few dozen rows, plus one per distinct
/// second of wait, however many tickets it had.
enum DayTallyRows {
    static let firstWait = 0, cancelledAfter = 1

    /// Adds a ticket's change: `old` out (nil for a new ticket), `new` in.
    static func change(from old: Ticket?, to new: Ticket, _ db: Database) throws {
        var delta = DayTally()
        if let old { delta.add(old, sign: -1) }
        delta.add(new, sign: 1)
        try write(delta, day: new.day.description, db)
    }

    static func write(_ delta: DayTally, day: String, _ db: Database) throws {
        let sums: [(String, Double)] = [
            ("issued", Double(delta.issued)), ("noShows", Double(delta.noShows)), ("cancelled", Double(delta.cancelled)),
            ("expired", Double(delta.expired)), ("expiredUncalled", Double(delta.expiredUncalled)), ("served", Double(delta.served)),
            ("waitSeconds", delta.waitSeconds), ("serviceSeconds", delta.serviceSeconds),
        ] + delta.outcomes.map { ("outcome:" + $0.key, Double($0.value)) }
        let sum = try db.cachedStatement(sql: """
            INSERT INTO dayTally (day, key, value) VALUES (?, ?, ?)
            ON CONFLICT (day, key) DO UPDATE SET value = value + excluded.value
            """)
        for (key, value) in sums where value != 0 { try sum.execute(arguments: [day, key, value]) }
        let wait = try db.cachedStatement(sql: """
            INSERT INTO dayWait (day, kind, second, people) VALUES (?, ?, ?, ?)
            ON CONFLICT (day, kind, second) DO UPDATE SET people = people + excluded.people
            """)
        for (kind, counts) in [(firstWait, delta.firstWaits), (cancelledAfter, delta.cancelledAfter)] {
            for (second, people) in counts where people != 0 { try wait.execute(arguments: [day, kind, second, people]) }
        }
    }

    static func read(day: String, _ db: Database) throws -> DayTally {
        var tally = DayTally()
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM dayTally WHERE day = ?"), arguments: [day]) {
            let key: String = row[0], value: Double = row[1]
            switch key {
            case "issued": tally.issued = Int(value)
            case "noShows": tally.noShows = Int(value)
            case "cancelled": tally.cancelled = Int(value)
            case "expired": tally.expired = Int(value)
            case "expiredUncalled": tally.expiredUncalled = Int(value)
            case "served": tally.served = Int(value)
            case "waitSeconds": tally.waitSeconds = value
            case "serviceSeconds": tally.serviceSeconds = value
            default: if key.hasPrefix("outcome:") { tally.outcomes[String(key.dropFirst(8))] = Int(value) }
            }
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, second, people FROM dayWait WHERE day = ? AND people <> 0"), arguments: [day]) {
            let kind: Int = row[0], second: Int = row[1], people: Int = row[2]
            if kind == firstWait { tally.firstWaits[second] = people } else { tally.cancelledAfter[second] = people }
        }
        return tally
    }

    /// Every day's tally recounted from the tickets and the finished visits (the migration
    /// that adds the tables, and a check).
    static func recount(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM dayTally; DELETE FROM dayWait;")
        var days: [String: DayTally] = [:]
        for stored in try StoredTicket.fetchAll(db, where: "1") { days[stored.ticket.day.description, default: DayTally()].add(stored.ticket, sign: 1) }
        // Only the columns every schema since v7 has: this runs inside that migration.
        for row in try Row.fetchAll(db, sql: "SELECT day, seconds, outcome FROM event WHERE kind = 'finished' ORDER BY id") {
            days[row["day"], default: DayTally()].addFinish(seconds: row["seconds"], outcome: row["outcome"])
        }
        for (day, tally) in days { try write(tally, day: day, db) }
    }
}
