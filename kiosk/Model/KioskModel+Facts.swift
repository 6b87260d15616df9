import AtiendeCore
import AtiendeQueue
import Foundation

/// What the kiosk's screens show, read from the model: the page of services, whether a
/// service takes visitors, the greeting, and a ticket's visit link.
extension KioskModel {
    /// The visit link of an issued ticket as an absolute address a phone can open, for
    /// its QR code; `nil` when the ticket has none or no such address is known.
    public func visitLink(_ place: TicketPlace) -> String? { Self.visitLink(place, office: office, linkBase: linkBase) }

    public static func visitLink(_ place: TicketPlace, office: Office?, linkBase: String?) -> String? {
        guard let token = place.visitToken else { return nil }
        if let office, office.publicAddress != nil { return office.visitURL(token) }
        return linkBase.map { $0 + "/t/" + token }
    }

    /// Whether a phone on the office's network could reach a server at `host`: not this
    /// machine's own loopback name or address.
    public static func phoneCanReach(host: String) -> Bool {
        let lowered = host.lowercased()
        return !(lowered == "localhost" || lowered.hasPrefix("127.") || lowered == "::1" || lowered == "[::1]" || lowered == "0.0.0.0")
    }

    // MARK: - Facts for the screen

    /// The services on the home screen now, with the page shown and how many there are.
    public var homePage: (services: [Service], page: Int, pages: Int) {
        let services = office?.services.filter(\.active) ?? []
        let paging = KioskPaging(count: services.count, perPage: servicesPerPage)
        let current = min(page, paging.count - 1)
        return (paging.items(page: current).map { services[$0] }, current, paging.count)
    }

    /// A service takes visitors when it is within its hours and an open desk serves it.
    public func isOpen(_ code: ServiceCode, at now: Date) -> Bool {
        guard let office, let service = office.service(code), service.active, let snapshot else { return false }
        let desks = snapshot.services.first { $0.code == code }?.openDesks ?? 0
        return desks > 0 && office.isOpen(service, at: now)
    }

    /// "Buenos días" before noon, "Buenas tardes" until 19:00, then "Buenas noches",
    /// by the office's local time.
    public func greeting(at now: Date) -> String {
        office.map { Self.greeting(office: $0, language: language, at: now) } ?? ""
    }

    public static func greeting(office: Office, language: Language, at now: Date) -> String {
        let hour = office.calendar.hour(of: now)
        let name = office.shortName[language]
        switch language {
        case .es:
            let part = (5..<12).contains(hour) ? "Buenos días" : ((12..<19).contains(hour) ? "Buenas tardes" : "Buenas noches")
            return "\(part), bienvenidos a \(name)"
        case .en:
            let part = (5..<12).contains(hour) ? "Good morning" : ((12..<18).contains(hour) ? "Good afternoon" : "Good evening")
            return "\(part), welcome to \(name)"
        }
    }

    /// The office's languages other than the one on screen, for the language buttons.
    public var otherLanguages: [Language] {
        (office?.languages ?? Language.allCases).filter { $0 != language }
    }
}

/// Services split into pages of at most `perPage`.
public struct KioskPaging: Sendable, Equatable {
    public var total: Int
    public var perPage: Int

    public init(count: Int, perPage: Int) {
        total = count
        self.perPage = max(1, perPage)
    }

    public var count: Int { max(1, (total + perPage - 1) / perPage) }

    public func items(page: Int) -> Range<Int> {
        let start = min(total, max(0, page) * perPage)
        return start..<min(total, start + perPage)
    }
}
