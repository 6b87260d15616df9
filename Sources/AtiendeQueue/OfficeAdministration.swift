import AtiendeCore
import Foundation

/// Changing the office while it runs: a whole config, checked as `atiende init` checks
/// it, applied at once or not at all, and kept with who applied it and when. The SQLite
/// store and `InMemoryQueue` both provide it.
public protocol OfficeAdministration: Sendable {
    /// Checks and applies `json` (a whole office config); throws its `ConfigError`, or
    /// `SetupRefused`-like errors when it would strand someone, and changes nothing then.
    func applyConfig(_ json: String, by staff: StaffUser?) async throws -> SetupSummary
    /// The configs applied, newest first, at most `limit`.
    func configVersions(limit: Int) async throws -> [ConfigVersion]
    /// One applied config's JSON text; `nil` for a version there never was.
    func config(version: Int64) async throws -> String?
}

/// One applied config: its version, when, and by whom (`nil`: `atiende init`).
public struct ConfigVersion: Sendable, Equatable {
    public var id: Int64
    public var appliedAt: Date
    public var appliedBy: StaffUser?

    public init(id: Int64, appliedAt: Date, appliedBy: StaffUser?) {
        self.id = id
        self.appliedAt = appliedAt
        self.appliedBy = appliedBy
    }
}

/// What `atiende init` changed.
public struct SetupSummary: Sendable, Equatable, Codable {
    public var created: Bool
    public var changed: Bool
    public var addedServices: [ServiceCode] = []
    /// Services gone from the config.
    public var removedServices: [ServiceCode] = []
    /// Services still in the config but marked inactive: no new tickets, open ones are served.
    public var pausedServices: [ServiceCode] = []
    public var addedDesks: [DeskID] = []
    public var removedDesks: [DeskID] = []

    public init(created: Bool, changed: Bool) {
        self.created = created
        self.changed = changed
    }
}
