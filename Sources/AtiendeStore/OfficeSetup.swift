import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

extension SQLiteQueue {
    /// Checks and applies an office config (JSON text). A config that does not pass
    /// `OfficeConfig.parse` throws its `ConfigError` before the database is touched.
    ///
    /// History is never dropped: configs are appended (so retired services keep their
    /// names for old reports), tickets and events are untouched. Whether the change may be
    /// applied, and what it changes, is `ConfigChange.plan`'s decision.
    /// - Parameter fromFile: the text is the office's config file (`atiende init`), which
    ///   `applyIfChanged` compares with; changes made in /admin are not.
    /// - Parameter basedOn: the version the change was made from; `StaleConfig` when
    ///   another has been applied since.
    public func apply(config json: String, file: String, by staff: StaffUser? = nil, fromFile: Bool = false, basedOn: Int64? = nil) async throws -> SetupSummary {
        let office = try OfficeConfig.parse(Data(json.utf8), file: file)
        let now = time.now()
        return try await run {
            try await self.pool.writeWithoutTransaction { db in
                var summary = SetupSummary(created: false, changed: false)
                try db.inTransaction(.immediate) {
                    if let basedOn {
                        let current = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM officeConfig") ?? 0
                        if current != basedOn { throw StaleConfig(basedOn: basedOn, current: current) }
                    }
                    let previous = try? self.currentOffice(db)
                    let lastJSON = try String.fetchOne(db, sql: "SELECT json FROM officeConfig ORDER BY id DESC LIMIT 1")
                    if let previous { try self.expireEarlierDays(db, office: previous, now: now) }
                    let open = try StoredTicket.fetchAll(db, where: "state IN ('waiting', 'called', 'serving')").map(\.ticket)
                    summary = try ConfigChange.plan(
                        previous: previous, next: office, desks: try DeskID.fetchAll(db, sql: "SELECT id FROM desk"), openTickets: open)
                    for id in summary.removedDesks {
                        try db.execute(sql: "DELETE FROM desk WHERE id = ?", arguments: [id])
                    }
                    for id in summary.addedDesks {
                        try db.execute(sql: "INSERT INTO desk (id, isOpen) VALUES (?, 1)", arguments: [id])
                    }
                    summary.changed = lastJSON != json
                    if summary.changed {
                        try db.execute(
                            sql: "INSERT INTO officeConfig (json, appliedAt, appliedBy, fromFile) VALUES (?, ?, ?, ?)",
                            arguments: [json, now.timeIntervalSince1970, staff, fromFile])
                    } else if fromFile {
                        // The file says what is in use already: it is the file's version now.
                        try db.execute(sql: "UPDATE officeConfig SET fromFile = 1 WHERE id = (SELECT MAX(id) FROM officeConfig)")
                    }
                    return .commit
                }
                self.announceCommit()
                return summary
            }
        }
    }
}

extension SQLiteQueue {
    /// Applies the office's config file only when its text differs from the last version
    /// that came from the file: what the server's unit runs at every start, so that what
    /// an admin changed in /admin survives a restart, and an edit of the file still wins.
    public func applyIfChanged(config json: String, file: String) async throws -> FileApplication {
        let (fromFile, current) = try await run {
            try await self.pool.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT id, json, appliedAt, appliedBy FROM officeConfig WHERE fromFile ORDER BY id DESC LIMIT 1")
                let fromFile = row.map { (json: $0["json"] as String, version: ConfigVersion(row: $0)) }
                let current = try Row.fetchOne(db, sql: "SELECT id, appliedAt, appliedBy, fromFile FROM officeConfig ORDER BY id DESC LIMIT 1")
                    .map { (version: ConfigVersion(row: $0), fromFile: $0["fromFile"] as Bool) }
                return (fromFile, current)
            }
        }
        if let fromFile, let current, fromFile.json == json {
            return .kept(file: fromFile.version, current: current.version)
        }
        let summary = try await apply(config: json, file: file, fromFile: true)
        return .applied(summary, replaced: current.flatMap { $0.fromFile ? nil : $0.version })
    }
}

extension ConfigVersion {
    init(row: Row) {
        self.init(id: row["id"], appliedAt: Date(timeIntervalSince1970: row["appliedAt"]), appliedBy: row["appliedBy"])
    }
}

/// `atiende init` would strand someone; nothing was changed.

extension SQLiteQueue: OfficeAdministration {
    public func applyConfig(_ json: String, by staff: StaffUser?, basedOn: Int64?) async throws -> SetupSummary {
        try await apply(config: json, file: "office config", by: staff, basedOn: basedOn)
    }

    public func config(version: Int64) async throws -> String? {
        try await run { try await self.pool.read { try String.fetchOne($0, sql: "SELECT json FROM officeConfig WHERE id = ?", arguments: [version]) } }
    }

    public func configVersions(limit: Int) async throws -> [ConfigVersion] {
        try await run {
            try await self.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, appliedAt, appliedBy FROM officeConfig ORDER BY id DESC LIMIT ?", arguments: [limit])
                    .map(ConfigVersion.init(row:))
            }
        }
    }
}
