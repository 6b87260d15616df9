import AtiendeCore
import AtiendeQueue
import Foundation
import GRDB

/// What `atiende init` changed.
public struct SetupSummary: Sendable, Equatable, Codable {
    public var created: Bool
    public var changed: Bool
    public var addedServices: [ServiceCode] = []
    public var removedServices: [ServiceCode] = []
    public var addedDesks: [DeskID] = []
    public var removedDesks: [DeskID] = []
}

extension SQLiteQueue {
    /// Checks and applies an office config (JSON text). A config that does not pass
    /// `OfficeConfig.parse` throws its `ConfigError` before the database is touched.
    ///
    /// History is never dropped: configs are appended (so retired services keep their
    /// names for old reports), tickets and events are untouched. A change that would
    /// strand people is refused whole: removing a service with open tickets today, or a
    /// desk with a ticket in hand. New desks start open.
    public func apply(config json: String, file: String) async throws -> SetupSummary {
        let office = try OfficeConfig.parse(Data(json.utf8), file: file)
        let now = time.now()
        return try await run {
            try await self.pool.writeWithoutTransaction { db in
                var summary = SetupSummary(created: false, changed: false)
                try db.inTransaction(.immediate) {
                    let previous = try? self.currentOffice(db)
                    let lastJSON = try String.fetchOne(db, sql: "SELECT json FROM officeConfig ORDER BY id DESC LIMIT 1")
                    summary.created = previous == nil
                    let oldServices = previous?.services.filter(\.active).map(\.code) ?? []
                    let newServices = office.services.filter(\.active).map(\.code)
                    summary.addedServices = newServices.filter { !oldServices.contains($0) }
                    summary.removedServices = oldServices.filter { !newServices.contains($0) }
                    let oldDesks = try String.fetchAll(db, sql: "SELECT id FROM desk")
                    summary.addedDesks = office.desks.map(\.id).filter { !oldDesks.contains($0) }
                    summary.removedDesks = oldDesks.filter { office.desk($0) == nil }

                    let today = office.calendar.day(of: now).description
                    for code in summary.removedServices {
                        let open = try Int.fetchOne(
                            db, sql: "SELECT COUNT(*) FROM ticket WHERE day = ? AND queueService = ? AND state IN ('waiting', 'called', 'serving')",
                            arguments: [today, code]) ?? 0
                        if open > 0 {
                            throw SetupRefused("service \(code) still has \(open) open ticket(s) today: serve, transfer or cancel them, or keep \(code) (set \"active\": false) until tomorrow")
                        }
                    }
                    for id in summary.removedDesks {
                        if let held = try StoredTicket.fetchOne(db, where: "desk = ? AND day = ? AND state IN ('called', 'serving')", [id, today]) {
                            throw SetupRefused("desk \(id) still has \(held.ticket.number) \(held.ticket.state.words): finish or requeue it before removing the desk")
                        }
                        try db.execute(sql: "DELETE FROM desk WHERE id = ?", arguments: [id])
                    }
                    for id in summary.addedDesks {
                        try db.execute(sql: "INSERT INTO desk (id, isOpen) VALUES (?, 1)", arguments: [id])
                    }
                    summary.changed = lastJSON != json
                    if summary.changed {
                        try db.execute(
                            sql: "INSERT INTO officeConfig (json, appliedAt) VALUES (?, ?)",
                            arguments: [json, now.timeIntervalSince1970])
                    }
                    return .commit
                }
                return summary
            }
        }
    }
}

/// `atiende init` would strand someone; nothing was changed.
public struct SetupRefused: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
