import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

/// Staff accounts and sessions in the office's file (tables `staff` and `staffSession`).
extension SQLiteQueue: StaffDirectory {
    public func staffAccounts() async throws -> [StaffAccount] {
        try await read { db, _, _ in
            try Row.fetchAll(db, sql: "SELECT \(StaffRow.columns) FROM staff ORDER BY user").map(StaffRow.account)
        }
    }

    public func staffAccount(_ user: StaffUser) async throws -> (account: StaffAccount, passwordHash: String)? {
        try await read { db, _, _ in try StaffRow.fetch(db, user) }
    }

    public func addStaff(_ account: StaffAccount, passwordHash: String) async throws {
        try await write(queue: false) { db, office, now in
            let account = try account.checked(against: office)
            if try StaffRow.fetch(db, account.user) != nil { throw StaffError.userExists(account.user) }
            try db.execute(
                sql: """
                    INSERT INTO staff (user, name, role, desks, services, active, passwordHash, createdAt, changedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.user, account.name, account.role.rawValue, StaffRow.list(account.desks.map(\.rawValue)), StaffRow.list(account.services.map(\.rawValue)),
                    account.active, passwordHash, now.timeIntervalSince1970, now.timeIntervalSince1970,
                ])
        }
    }

    public func updateStaff(_ account: StaffAccount, passwordHash: String?) async throws {
        try await write(queue: false) { db, office, now in
            let account = try account.checked(against: office)
            guard try StaffRow.fetch(db, account.user) != nil else { throw StaffError.unknownUser(account.user) }
            try db.execute(
                sql: """
                    UPDATE staff SET name = ?, role = ?, desks = ?, services = ?, active = ?,
                        passwordHash = IFNULL(?, passwordHash), changedAt = ? WHERE user = ?
                    """,
                arguments: [
                    account.name, account.role.rawValue, StaffRow.list(account.desks.map(\.rawValue)), StaffRow.list(account.services.map(\.rawValue)),
                    account.active, passwordHash, now.timeIntervalSince1970, account.user,
                ])
            if !account.active || passwordHash != nil {
                try db.execute(
                    sql: "UPDATE staffSession SET endedAt = ? WHERE user = ? AND endedAt IS NULL",
                    arguments: [now.timeIntervalSince1970, account.user])
            }
        }
    }

    public func openSession(_ session: StaffSession) async throws {
        // Sessions stay after they end: the time their people sat at desks is read through them.
        try await write(queue: false) { db, _, _ in
            try db.execute(
                sql: "INSERT INTO staffSession (tokenHash, user, startedAt, expiresAt) VALUES (?, ?, ?, ?)",
                arguments: [session.tokenHash, session.user, session.startedAt.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970])
        }
    }

    public func session(_ tokenHash: String) async throws -> (session: StaffSession, account: StaffAccount)? {
        try await read { db, _, now in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT s.tokenHash, s.startedAt, s.expiresAt, \(StaffRow.columns("u"))
                    FROM staffSession s JOIN staff u ON u.user = s.user
                    WHERE s.tokenHash = ? AND s.endedAt IS NULL AND s.expiresAt > ? AND u.active
                    """),
                arguments: [tokenHash, now.timeIntervalSince1970])
            else { return nil }
            let account = try StaffRow.account(row)
            let session = StaffSession(
                tokenHash: row["tokenHash"], user: account.user, startedAt: Date(timeIntervalSince1970: row["startedAt"]),
                expiresAt: Date(timeIntervalSince1970: row["expiresAt"]))
            return (session, account)
        }
    }

    public func endSession(_ tokenHash: String) async throws {
        try await write(queue: false) { db, _, now in
            try db.execute(
                sql: "UPDATE staffSession SET endedAt = ? WHERE tokenHash = ? AND endedAt IS NULL",
                arguments: [now.timeIntervalSince1970, tokenHash])
        }
    }
}

/// Rows of `staff` to accounts, here and nowhere else.
enum StaffRow {
    static func columns(_ table: String) -> String {
        ["user", "name", "role", "desks", "services", "active", "passwordHash"].map { "\(table).\($0)" }.joined(separator: ", ")
    }

    static let columns = columns("staff")

    static func fetch(_ db: Database, _ user: StaffUser) throws -> (account: StaffAccount, passwordHash: String)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM staff WHERE user = ?"), arguments: [user]).map { row in
            (try account(row), row["passwordHash"])
        }
    }

    static func account(_ row: Row) throws -> StaffAccount {
        guard let role = StaffRole(rawValue: row["role"]) else { throw StoredTicket.damaged("staff account '\(row["user"] as String? ?? "")'") }
        return StaffAccount(
            user: row["user"], name: row["name"], role: role, desks: try items(row["desks"]).map(DeskID.init(rawValue:)), services: try items(row["services"]).map(ServiceCode.init(rawValue:)),
            active: row["active"])
    }

    /// A list as a JSON array of strings.
    static func list(_ items: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private static func items(_ text: String) throws -> [String] {
        guard let items = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { throw StoredTicket.damaged("staff account list") }
        return items
    }
}

/// Who sat at which desk (`deskPresence`). A row's end is its `until`, or else when its
/// session ended or expires: signing out needs no second write.
extension SQLiteQueue {
    public func attend(desk: DeskID, session: StaffSession) async throws {
        try await write { db, office, now in
            _ = try office.requireDesk(desk)
            let already = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM deskPresence WHERE desk = ? AND tokenHash = ? AND until IS NULL", arguments: [desk, session.tokenHash])
            if already == true { return }
            try db.execute(
                sql: "UPDATE deskPresence SET until = ? WHERE until IS NULL AND (desk = ? OR user = ?)",
                arguments: [now.timeIntervalSince1970, desk, session.user])
            try db.execute(
                sql: "INSERT INTO deskPresence (day, desk, user, tokenHash, since) VALUES (?, ?, ?, ?, ?)",
                arguments: [office.calendar.day(of: now).description, desk, session.user, session.tokenHash, now.timeIntervalSince1970])
        }
    }

    public func seated() async throws -> [DeskID: (account: StaffAccount, since: Date)] {
        try await read { db, _, now in
            var out: [DeskID: (account: StaffAccount, since: Date)] = [:]
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT p.desk, p.since, \(StaffRow.columns("u")) FROM deskPresence p
                    JOIN staffSession s ON s.tokenHash = p.tokenHash JOIN staff u ON u.user = p.user
                    WHERE p.until IS NULL AND s.endedAt IS NULL AND s.expiresAt > ? AND u.active
                    """),
                arguments: [now.timeIntervalSince1970])
            for row in rows { out[row["desk"]] = (try StaffRow.account(row), Date(timeIntervalSince1970: row["since"])) }
            return out
        }
    }

    /// The spans of `from`…`to`, each ended where it ended (`nil` while it goes on).
    static func presence(_ db: Database, from: LocalDay, to: LocalDay, now: Date) throws -> [DeskPresence] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT p.desk, p.user, p.since, MIN(IFNULL(p.until, 1e300), IFNULL(s.endedAt, 1e300), s.expiresAt) AS ended
                FROM deskPresence p JOIN staffSession s ON s.tokenHash = p.tokenHash
                WHERE p.day BETWEEN ? AND ? ORDER BY p.id
                """),
            arguments: [from.description, to.description]
        ).map { row in
            let ended: Double = row["ended"]
            return DeskPresence(
                desk: row["desk"], user: row["user"], since: Date(timeIntervalSince1970: row["since"]),
                until: ended > now.timeIntervalSince1970 ? nil : Date(timeIntervalSince1970: ended))
        }
    }
}
