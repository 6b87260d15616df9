import AtiendeCore
import Foundation

/// An office of an institution's database (docs/postgres.md): besides its own queue, it
/// reaches the institution it belongs to, for the institution's admins and its staff
/// accounts shared between offices. A single office on SQLite is none.
public protocol InstitutionOffice: Sendable {
    /// The clock the office's queue reads.
    var time: TimeSource { get }
    /// Whether `user` runs the whole institution (an admin in every office).
    func isInstitutionAdmin(_ user: StaffUser) async throws -> Bool
    /// Adds an account here. Without a password the user name must be a person who works
    /// in another office already, who gets a role here. `byInstitution`: asked by an
    /// institution admin (or the command line); an office's own admin may not touch what
    /// belongs to the institution (`StaffAccount.checkOfficeAdminMay`).
    func addStaff(_ account: StaffAccount, passwordHash: String?, byInstitution: Bool) async throws
    /// Changes an account here, under the same rule.
    func updateStaff(_ account: StaffAccount, passwordHash: String?, byInstitution: Bool) async throws
    /// Every office of the institution now, by id.
    func officesNow() async throws -> [OfficeNow]
    /// Every office side by side over `from`…`to`.
    func comparison(from: LocalDay, to: LocalDay) async throws -> OfficeComparison
    /// The catalogue in use (version 0 and no services before the first).
    func catalogue() async throws -> (version: Int64, json: String)
    /// Replaces the catalogue: checked, refused when it takes away a service an office
    /// offers, and applied to every office that offers its services (each gets a new
    /// version of its config). Returns the new version and the offices whose config changed.
    func setCatalogue(_ json: String, by staff: StaffUser?) async throws -> (version: Int64, offices: [String])
}
