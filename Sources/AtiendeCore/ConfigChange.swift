import Foundation

/// What applying an office config changes.
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

/// May a new office config be applied, and what it changes (docs/domain.md, "Changing the
/// office"): decided here for every store. A change that would strand people is refused
/// whole: removing a service with open tickets, or a desk with a ticket in hand, or a new
/// time zone while any ticket is open (it would move the day under them). Marking a
/// service inactive stops new tickets while the open ones are served. New desks start open.
public enum ConfigChange {
    /// - Parameter previous: the office in use, if any.
    /// - Parameter desks: the desks the store has now.
    /// - Parameter openTickets: every ticket waiting, called or being served, of any day.
    /// - Returns: the summary, `changed` left for the store to set (it compares the text).
    public static func plan(previous: Office?, next office: Office, desks: [DeskID], openTickets: [Ticket]) throws(SetupRefused) -> SetupSummary {
        var summary = SetupSummary(created: previous == nil, changed: false)
        let oldServices = previous?.services.map(\.code) ?? []
        let newServices = office.services.map(\.code)
        let wasActive = Set(previous?.services.filter(\.active).map(\.code) ?? [])
        summary.addedServices = office.services.filter { $0.active && !wasActive.contains($0.code) }.map(\.code)
        summary.removedServices = oldServices.filter { !newServices.contains($0) }
        summary.pausedServices = office.services.filter { !$0.active && wasActive.contains($0.code) }.map(\.code)
        summary.addedDesks = office.desks.map(\.id).filter { !desks.contains($0) }
        summary.removedDesks = desks.filter { office.desk($0) == nil }
        if let previous, previous.timeZone.identifier != office.timeZone.identifier, !openTickets.isEmpty {
            throw .timeZoneWithOpenTickets(open: openTickets.count)
        }
        for code in summary.removedServices {
            let open = openTickets.count { $0.queueService == code }
            if open > 0 { throw .serviceHasOpenTickets(code, open: open) }
        }
        for id in summary.removedDesks {
            if let held = openTickets.first(where: { $0.desk == id && ($0.state == .called || $0.state == .serving) }) {
                throw .deskHoldsTicket(id, held.number, held.state)
            }
        }
        return summary
    }
}
