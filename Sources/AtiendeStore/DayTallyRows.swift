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
    /// Adds a ticket's change: `old` out (nil for a new ticket), `new` in.
    static func change(from old: Ticket?, to new: Ticket, _ db: Database) throws {
        var delta = DayTally()
        if let old { delta.add(old, sign: -1) }
        delta.add(new, sign: 1)
        try write(delta, day: new.day.description, db)
    }

    static func write(_ delta: DayTally, day: String, _ db: Database) throws {
        let sum = try db.cachedStatement(sql: """
            INSERT INTO dayTally (day, key, value) VALUES (?, ?, ?)
            ON CONFLICT (day, key) DO UPDATE SET value = value + excluded.value
            """)
        for (key, value) in delta.namedSums { try sum.execute(arguments: [day, key, value]) }
        let wait = try db.cachedStatement(sql: """
            INSERT INTO dayWait (day, kind, second, people) VALUES (?, ?, ?, ?)
            ON CONFLICT (day, kind, second) DO UPDATE SET people = people + excluded.people
            """)
        for (kind, second, people) in delta.waitCounts { try wait.execute(arguments: [day, kind, second, people]) }
    }

    static func read(day: String, _ db: Database) throws -> DayTally {
        var tally = DayTally()
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM dayTally WHERE day = ?"), arguments: [day]) {
            tally.restore(key: row[0], value: row[1])
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, second, people FROM dayWait WHERE day = ? AND people <> 0"), arguments: [day]) {
            tally.restore(kind: row[0], second: row[1], people: row[2])
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
