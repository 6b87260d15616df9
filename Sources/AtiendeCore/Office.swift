import Foundation


/// The languages screens can speak. The office's first language is its default.
public enum Language: String, Sendable, CaseIterable, Codable {
    case es, en
}

/// A text in each of the office's languages. Falls back to Spanish, then to any text,
/// so a missing translation shows something readable instead of nothing.
public struct LocalizedText: Sendable, Equatable, Hashable {
    public var values: [Language: String]

    public init(_ values: [Language: String]) { self.values = values }
    public init(es: String, en: String) { self.values = [.es: es, .en: en] }

    public subscript(_ language: Language) -> String {
        values[language] ?? values[.es] ?? values.values.first ?? ""
    }
}

/// What a visitor can ask for at the office.
public struct Service: Sendable, Equatable {
    public var code: ServiceCode
    public var name: LocalizedText
    public var description: LocalizedText
    /// What to bring, one line per item, per language.
    public var bring: [Language: [String]]
    /// Opening hours of this service; `nil` means the office's hours.
    public var hours: OpeningHours?
    public var active: Bool

    public init(
        code: ServiceCode, name: LocalizedText, description: LocalizedText,
        bring: [Language: [String]] = [:], hours: OpeningHours? = nil, active: Bool = true
    ) {
        self.code = code
        self.name = name
        self.description = description
        self.bring = bring
        self.hours = hours
        self.active = active
    }
}

/// A desk (ventanilla, módulo) where staff serve visitors.
public struct Desk: Sendable, Equatable {
    public var id: DeskID
    public var label: LocalizedText
    /// The services whose tickets this desk calls, in the office's order.
    public var services: [ServiceCode]

    public init(id: DeskID, label: LocalizedText, services: [ServiceCode]) {
        self.id = id
        self.label = label
        self.services = services
    }

    public func serves(_ service: ServiceCode) -> Bool { services.contains(service) }
}

/// Who may do what on a queue server: the config's `access` section. Each role has one
/// or more bearer tokens (one per machine or person, so one can be withdrawn alone).
/// Staff may do everything; a kiosk may only issue tickets and read; reading the status,
/// the event stream and the reports is open unless `read` tokens are set.
public struct AccessTokens: Sendable, Equatable {
    /// The shared staff token (deprecated: staff sign in as themselves); empty: none.
    public var staff: [String]
    public var kiosk: [String]
    /// Empty: anyone may read.
    public var read: [String]
    /// How long a staff member's sign-in lasts.
    public var sessionHours: Int

    public static let defaultSessionHours = 10

    public init(staff: [String], kiosk: [String] = [], read: [String] = [], sessionHours: Int = defaultSessionHours) {
        self.staff = staff
        self.kiosk = kiosk
        self.read = read
        self.sessionHours = sessionHours
    }
}

/// The office: what the config file describes. Validated on load by `OfficeConfig`.
public struct Office: Sendable, Equatable {
    public var name: LocalizedText
    /// The name used in greetings, with its article when the language wants one
    /// ("bienvenidos a la Defensoría del Pueblo", "welcome to the Ombudsman's Office").
    public var shortName: LocalizedText
    public var timeZone: TimeZone
    /// Screen languages, default first.
    public var languages: [Language]
    public var targetWaitMinutes: Int
    public var priorityHeadStartMinutes: Int
    /// Waits past this many minutes are flagged before they break the target.
    public var alertAtMinutes: Int
    public var hours: OpeningHours
    public var services: [Service]
    public var desks: [Desk]
    /// Tokens for a queue server; `nil` when the config has no `access` section.
    public var access: AccessTokens?
    /// How a visit can end, in the order the desk is offered them.
    public var outcomes: [OutcomeKind]
    /// Whether finishing a visit needs an outcome.
    public var outcomeRequired: Bool
    /// Where visitors' phones reach the server (`https://turnos.example.org`), for
    /// absolute visit links; `nil`: links are paths on the server.
    public var publicAddress: String?
    /// Below this projected share of the people waiting called in time, desks and the
    /// supervisor are told what to do (`PromiseProjection`).
    public var promiseThresholdPercent: Int
    /// Voices, volumes and the wall's languages.
    public var screens: ScreenSettings
    /// How long first names, staff notes and feedback comments are kept.
    public var privacy: PrivacySettings
    /// Messages for everyone waiting, shown by the wall display.
    public var notices: [Notice]
    /// The promise of first contact for requests (`RequestRules`).
    public var requests = RequestSettings()
    /// The SMTP server for requests' confirmations and lost calls' notices; `nil`: no mail.
    public var mail: MailSettings?

    public init(
        name: LocalizedText, shortName: LocalizedText? = nil, timeZone: TimeZone,
        languages: [Language] = [.es, .en], targetWaitMinutes: Int = 15,
        priorityHeadStartMinutes: Int = 10, alertAtMinutes: Int = 12,
        hours: OpeningHours, services: [Service], desks: [Desk], access: AccessTokens? = nil,
        outcomes: [OutcomeKind] = OutcomeKind.defaults, outcomeRequired: Bool = false, publicAddress: String? = nil,
        promiseThresholdPercent: Int = 90, screens: ScreenSettings = ScreenSettings(), privacy: PrivacySettings = PrivacySettings(),
        notices: [Notice] = []
    ) {
        self.name = name
        self.shortName = shortName ?? name
        self.timeZone = timeZone
        self.languages = languages
        self.targetWaitMinutes = targetWaitMinutes
        self.priorityHeadStartMinutes = priorityHeadStartMinutes
        self.alertAtMinutes = alertAtMinutes
        self.hours = hours
        self.services = services
        self.desks = desks
        self.access = access
        self.outcomes = outcomes
        self.outcomeRequired = outcomeRequired
        self.publicAddress = publicAddress
        self.promiseThresholdPercent = promiseThresholdPercent
        self.screens = screens
        self.privacy = privacy
        self.notices = notices
    }

    /// A ticket's visit link.
    public func visitURL(_ token: String) -> String { (publicAddress ?? "") + "/t/" + token }

    /// A request's page for the person (`ServiceRequest.link`).
    public func requestURL(_ token: String) -> String { (publicAddress ?? "") + "/s/" + token }

    public var defaultLanguage: Language { languages.first ?? .es }
    public var targetWait: TimeInterval { TimeInterval(targetWaitMinutes * 60) }
    public var calendar: OfficeCalendar { OfficeCalendar(timeZone: timeZone) }
    public var callRule: CallRule { CallRule(headStartMinutes: priorityHeadStartMinutes) }

    public func service(_ code: ServiceCode) -> Service? { services.first { $0.code == code } }
    public func desk(_ id: DeskID) -> Desk? { desks.first { $0.id == id } }

    /// The active service with this code, or an error listing the ones that exist.
    public func requireService(_ code: ServiceCode) throws(QueueError) -> Service {
        let wanted = ServiceCode(typed: code.rawValue)
        guard let service = service(wanted) else {
            throw .unknownService(code, known: services.filter(\.active).map(\.code))
        }
        guard service.active else { throw .serviceInactive(wanted) }
        return service
    }

    public func requireDesk(_ id: DeskID) throws(QueueError) -> Desk {
        guard let desk = desk(id) else { throw .unknownDesk(id, known: desks.map(\.id)) }
        return desk
    }

    /// Whether the service takes visitors at `date` by its own hours or the office's.
    public func isOpen(_ service: Service, at date: Date) -> Bool {
        (service.hours ?? hours).contains(date, calendar: calendar)
    }
}
