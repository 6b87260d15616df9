import AtiendeCore
import Foundation

/// Changing the office while it runs: a whole config, checked as `atiende init` checks
/// it, applied at once or not at all, and kept with who applied it and when. The SQLite
/// store and `InMemoryQueue` both provide it.
public protocol OfficeAdministration: Sendable {
    /// Checks and applies `json` (a whole office config); throws its `ConfigError`, or
    /// `SetupRefused`-like errors when it would strand someone, and changes nothing then.
    /// With `basedOn`, the version the change was made from: when another has been applied
    /// since, it throws `StaleConfig` and changes nothing (two admins do not overwrite each
    /// other unseen).
    func applyConfig(_ json: String, by staff: StaffUser?, basedOn: Int64?) async throws -> SetupSummary
    /// The configs applied, newest first, at most `limit`.
    func configVersions(limit: Int) async throws -> [ConfigVersion]
    /// One applied config's JSON text; `nil` for a version there never was.
    func config(version: Int64) async throws -> String?
}

extension OfficeAdministration {
    public func applyConfig(_ json: String, by staff: StaffUser?) async throws -> SetupSummary {
        try await applyConfig(json, by: staff, basedOn: nil)
    }
}

/// A change made from a version that is no longer the one in use.
public struct StaleConfig: Error, Sendable, Equatable, CustomStringConvertible {
    public var basedOn: Int64
    public var current: Int64

    public init(basedOn: Int64, current: Int64) {
        self.basedOn = basedOn
        self.current = current
    }

    public var description: String {
        "this change was made on version \(basedOn), but version \(current) has been applied since: reload the office, and make the change again on it"
    }
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

/// What `applyIfChanged` did with the office's config file.
public enum FileApplication: Sendable, Equatable {
    /// The file is as it was when `file` was applied: nothing was written, and `current`
    /// (the same version, or a later one from /admin) stays in use.
    case kept(file: ConfigVersion, current: ConfigVersion)
    /// The file was new or had changed, and was applied; `replaced` is the version in use
    /// before, when it had not come from the file (changes made in /admin, now undone).
    case applied(SetupSummary, replaced: ConfigVersion?)
}
