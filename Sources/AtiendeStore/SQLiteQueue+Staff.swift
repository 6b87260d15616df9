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
        try await write { db, office, now in
            let account = try account.checked(against: office)
            if try StaffRow.fetch(db, account.user) != nil { throw StaffError.userExists(account.user) }
            try db.execute(
                sql: """
                    INSERT INTO staff (user, name, role, desks, services, active, passwordHash, createdAt, changedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.user, account.name, account.role.rawValue, StaffRow.list(account.desks), StaffRow.list(account.services),
                    account.active, passwordHash, now.timeIntervalSince1970, now.timeIntervalSince1970,
                ])
        }
    }

    public func updateStaff(_ account: StaffAccount, passwordHash: String?) async throws {
        try await write { db, office, now in
            let account = try account.checked(against: office)
            guard try StaffRow.fetch(db, account.user) != nil else { throw StaffError.unknownUser(account.user) }
            try db.execute(
                sql: """
                    UPDATE staff SET name = ?, role = ?, desks = ?, services = ?, active = ?,
                        passwordHash = IFNULL(?, passwordHash), changedAt = ? WHERE user = ?
                    """,
                arguments: [
                    account.name, account.role.rawValue, StaffRow.list(account.desks), StaffRow.list(account.services),
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
        try await write { db, _, now in
            // Sessions over for a day are of no use to anyone: they go as new ones come.
            try db.execute(sql: "DELETE FROM staffSession WHERE expiresAt < ?", arguments: [now.timeIntervalSince1970 - 86_400])
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
        try await write { db, _, now in
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
            user: row["user"], name: row["name"], role: role, desks: try items(row["desks"]), services: try items(row["services"]),
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
