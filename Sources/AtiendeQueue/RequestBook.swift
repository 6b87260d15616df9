import AtiendeCore
import Foundation

/// The office's requests from every channel, kept beside its queue (docs/domain.md,
/// "Requests and the 24-hour promise"): the SQLite store, the institution's PostgreSQL
/// store and the queue in memory keep them; the core decides everything about them.
public protocol RequestBook: Sendable {
    /// Registers a request as `RequestRules.register` decides, numbered after the last one of
    /// its year in the office; returns it with its unguessable link token (the person's page).
    func register(_ draft: RequestDraft, by staff: StaffUser?) async throws -> (request: ServiceRequest, link: String)
    /// A request by its number, with every try to reach the person; `nil` when there is none.
    func request(_ number: RequestNumber) async throws -> ServiceRequest?
    /// A request by its link token, for the person's own page; `nil` when no request has it.
    func request(link: String) async throws -> ServiceRequest?
    /// The requests whose person has not been reached yet, the nearest deadline first.
    func openRequests() async throws -> [ServiceRequest]
    /// How the promise of first contact was kept for the requests received from `from` to `to`
    /// (office days), as they stand now (`RequestReport.make`); reads that span only.
    func requestReport(from: LocalDay, to: LocalDay) async throws -> RequestReport
    /// Records a try at reaching the person (`RequestRules.contact`).
    func recordContact(_ number: RequestNumber, result: ContactResult, note: String?, next: Date?, by staff: StaffUser?) async throws -> ServiceRequest
}
