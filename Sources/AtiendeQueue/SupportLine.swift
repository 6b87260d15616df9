import AtiendeCore
import Foundation

/// The desks' calls for a supervisor (`SupportRules`), kept beside the queue by every store.
public protocol SupportLine: Sendable {
    /// A desk asks for help about the visit it holds; asking again while waiting changes nothing.
    func askSupport(desk: DeskID, ticket: TicketNumber?, by staff: StaffUser?) async throws -> SupportCall
    /// A supervisor answers a desk's open call; `nil` when the desk has none.
    func acknowledgeSupport(desk: DeskID, by staff: StaffUser?) async throws -> SupportCall?
    /// The calls staff screens show now (`SupportRules.shown`): the open ones and those answered lately.
    func supportCalls() async throws -> [SupportCall]
}
