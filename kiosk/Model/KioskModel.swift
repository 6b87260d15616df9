import AtiendeCore
import AtiendeQueue
import Foundation

/// The kiosk's state, without SDL: taps, queue answers and the clock go in; the screen
/// to show and the work to do (issue a ticket, look one up) come out.
///
/// Rules that protect the visitor and the queue:
/// - one tap issues at most one ticket: once "take a ticket" is pressed, further taps are
///   ignored until the ticket screen is up, and the ticket screen ignores taps for its
///   first `settleSeconds`, so a double or triple tap never issues twice;
/// - the ticket screen goes home after `ticketSeconds` or a tap; any other screen goes
///   home after `idleSeconds` without a tap, so the next visitor starts from the top;
/// - a closed service (outside its hours, or no open desk serves it) issues nothing;
/// - when the queue cannot be reached, the kiosk says so and issues nothing.
public struct KioskModel: Sendable {
    public enum Screen: Sendable, Equatable {
        case home
        /// What to bring, and the choice of normal or preferential attention.
        case service(ServiceCode)
        /// Waiting for the queue to store the ticket.
        case issuing(ServiceCode)
        case ticket(TicketPlace, printFailed: Bool)
        case check(typed: String)
        case checkResult(CheckResult)
        case unavailable
    }

    public enum CheckResult: Sendable, Equatable {
        case waiting(number: String, ahead: Int, minutes: Int?)
        case called(number: String, desk: String)
        case finished(number: String)
        case notFound(String)
    }

    /// Everything on screen that can be touched.
    public enum Target: Sendable, Equatable, Hashable {
        case service(ServiceCode)
        case take(preferential: Bool)
        case back
        case language(Language)
        case checkMyTurn
        case key(Character)
        case erase
        case submit
        case anywhere
    }

    /// Work for the app to do, off the screen's thread.
    public enum Effect: Sendable, Equatable {
        case issue(ServiceCode, preferential: Bool)
        case lookup(TicketNumber)
    }

    public static let ticketSeconds: TimeInterval = 15
    public static let settleSeconds: TimeInterval = 1
    public static let idleSeconds: TimeInterval = 60
    /// How long the "cannot issue" notice stays after a failed issue while the queue reads fine.
    public static let retrySeconds: TimeInterval = 5

    public private(set) var language: Language
    public private(set) var office: Office?
    public private(set) var snapshot: QueueSnapshot?
    public private(set) var screen: Screen = .home
    /// The server's address as a visitor's phone would reach it (the kiosk's `--server`,
    /// unless that is this machine's loopback); the office's `publicAddress` wins over it.
    public var linkBase: String?
    private var screenSince: Date
    private var lastTap: Date

    public init(language: Language, now: Date) {
        self.language = language
        screenSince = now
        lastTap = now
    }

    // MARK: - Queue

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

    public mutating func receive(_ snapshot: QueueSnapshot, office: Office, at now: Date) {
        self.snapshot = snapshot
        self.office = office
        if screen == .unavailable { show(.home, at: now) }
    }

    /// The queue cannot be read: no ticket can be promised. A ticket already issued stays
    /// on screen; when it goes, the notice takes its place.
    public mutating func lostQueue(at now: Date) {
        snapshot = nil
        if case .ticket = screen { return }
        show(.unavailable, at: now)
    }

    public mutating func issued(_ place: TicketPlace, printFailed: Bool, at now: Date) {
        show(.ticket(place, printFailed: printFailed), at: now)
    }

    public mutating func issueFailed(at now: Date) { show(.unavailable, at: now) }

    public mutating func looked(up number: TicketNumber, _ place: TicketPlace?, at now: Date) {
        guard let place else { return show(.checkResult(.notFound(number.description)), at: now) }
        let ticket = place.ticket
        let result: CheckResult = switch ticket.state {
        case .waiting: .waiting(number: number.description, ahead: place.ahead, minutes: place.estimatedWaitMinutes)
        case .called, .serving: .called(number: number.description, desk: ticket.desk.flatMap { office?.desk($0)?.label[language] } ?? "")
        case .done, .noShow, .cancelled, .expired: .finished(number: number.description)
        }
        show(.checkResult(result), at: now)
    }

    // MARK: - Touch

    /// A touch on `target`; returns the work it starts, if any.
    public mutating func tap(_ target: Target, at now: Date) -> [Effect] {
        defer { lastTap = now }
        if case .language(let choice) = target {
            language = choice
            return []
        }
        switch screen {
        case .home:
            switch target {
            case .service(let code) where isOpen(code, at: now): show(.service(code), at: now)
            case .checkMyTurn: show(.check(typed: ""), at: now)
            default: break
            }
        case .service(let code):
            switch target {
            case .take(let preferential):
                guard isOpen(code, at: now) else { show(.home, at: now); return [] }
                show(.issuing(code), at: now)
                return [.issue(code, preferential: preferential)]
            case .back: show(.home, at: now)
            default: break
            }
        case .issuing, .unavailable:
            break
        case .ticket:
            if now.timeIntervalSince(screenSince) >= Self.settleSeconds { goHome(at: now) }
        case .check(let typed):
            switch target {
            case .key(let c): show(.check(typed: Self.type(c, after: typed)), at: now)
            case .erase: show(.check(typed: String(typed.dropLast())), at: now)
            case .back: show(.home, at: now)
            case .submit:
                guard let number = TicketNumber(parsing: typed) else { return [] }
                return [.lookup(number)]
            default: break
            }
        case .checkResult:
            if target == .back || target == .anywhere { show(.home, at: now) }
        }
        return []
    }

    /// Time passing: screens time out back home.
    public mutating func tick(at now: Date) {
        switch screen {
        case .ticket where now.timeIntervalSince(screenSince) >= Self.ticketSeconds: goHome(at: now)
        case .service, .check, .checkResult:
            if now.timeIntervalSince(lastTap) >= Self.idleSeconds { show(.home, at: now) }
        case .unavailable where snapshot != nil && now.timeIntervalSince(screenSince) >= Self.retrySeconds:
            // The queue answers again (a single write failed): back to work.
            show(.home, at: now)
        default: break
        }
    }

    /// Seconds left before the ticket screen goes home, for a countdown.
    public func ticketSecondsLeft(at now: Date) -> Int {
        max(0, Int((Self.ticketSeconds - now.timeIntervalSince(screenSince)).rounded(.up)))
    }

    // MARK: - Facts for the screen

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

    /// Home, or the notice if the queue was lost meanwhile.
    private mutating func goHome(at now: Date) {
        show(snapshot == nil ? .unavailable : .home, at: now)
    }

    private mutating func show(_ next: Screen, at now: Date) {
        screen = next
        screenSince = now
    }

    /// The keypad writes a letter, then digits: "B" then "1", "2" gives "B12".
    static func type(_ c: Character, after typed: String) -> String {
        if c.isLetter { return String(c).uppercased() }
        guard typed.first?.isLetter == true, typed.count < 5 else { return typed }
        return typed + String(c)
    }
}
