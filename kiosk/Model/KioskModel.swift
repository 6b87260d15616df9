import AtiendeCore
import AtiendeQueue
import Foundation

/// The kiosk's state, without SDL: taps, queue answers and the clock go in; the screen
/// to show and the work to do (issue a ticket, look one up, say something) come out.
///
/// Rules that protect the visitor and the queue:
/// - one tap issues at most one ticket: once "take a ticket" is pressed, further taps are
///   ignored until the ticket screen is up, and the ticket screen ignores taps for its
///   first `settleSeconds`, so a double or triple tap never issues twice;
/// - the ticket screen stays until "Listo" or `ticketSeconds` (each "Más tiempo" adds
///   `moreTimeSeconds`, as often as asked); a touch elsewhere never takes the number away.
///   Any other screen goes home after `idleSeconds` without a touch. Both warn
///   `warningSeconds` before; the next visitor then starts from the top in the office's
///   first language, with normal text and without read-aloud;
/// - with read-aloud ("Escuchar") on, each screen is spoken as it appears, and a touch
///   on an item speaks it before it acts: touch to hear, touch again to choose (keypad
///   keys speak and type at once: a wrong key is erased with one touch);
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
        /// A locked kiosk's staff exit: the PIN typed so far (shown as dots).
        case staffExit(typed: String)
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
        /// Read-aloud on or off.
        case listen
        /// Larger text on or off.
        case largeText
        /// The next or the previous page of services.
        case page(forward: Bool)
        /// "Listo": the visitor is done with the ticket screen.
        case done
        case moreTime
        /// Say the ticket (or the result) again.
        case hearAgain
        case anywhere
    }

    /// Work for the app to do, off the screen's thread.
    public enum Effect: Sendable, Equatable {
        case issue(ServiceCode, preferential: Bool)
        case lookup(TicketNumber)
        /// Staff gave the exit PIN: the kiosk program ends.
        case leave
    }

    public static let ticketSeconds: TimeInterval = 30
    /// What one "Más tiempo" adds to the ticket screen.
    public static let moreTimeSeconds: TimeInterval = 60
    public static let settleSeconds: TimeInterval = 1
    public static let idleSeconds: TimeInterval = 60
    /// A screen about to go home says so this long before.
    public static let warningSeconds: TimeInterval = 10
    /// With read-aloud on, a second touch on the same item within this time chooses it.
    public static let confirmSeconds: TimeInterval = 15
    /// How long the "cannot issue" notice stays after a failed issue while the queue reads fine.
    public static let retrySeconds: TimeInterval = 5

    public private(set) var language: Language
    public private(set) var office: Office?
    /// The office's notice shown on the home screen now (the next one each minute).
    public private(set) var notice: Notice?
    public private(set) var snapshot: QueueSnapshot?
    public private(set) var screen: Screen = .home
    /// Read-aloud is on.
    public private(set) var listening = false
    /// Larger text is on.
    public private(set) var largeText = false
    /// With read-aloud on, the item touched once (heard, not yet chosen).
    public private(set) var heard: Target?
    /// The server's address as a visitor's phone would reach it (the kiosk's `--server`,
    /// unless that is this machine's loopback); the office's `publicAddress` wins over it.
    public var linkBase: String?
    /// How many services the home screen holds at once, in the current text size; the
    /// app sets it from the layout.
    public var servicesPerPage = 8
    var page = 0
    private var screenSince: Date
    private var lastTap: Date
    private var heardAt: Date
    /// When the ticket screen goes home, unless the visitor asks for more time.
    private var ticketUntil: Date
    /// The touch after which the time-out warning was already spoken.
    private var warned: Date?
    /// What to read aloud, in order, until the app takes it (`KioskModel+Speech`).
    var speech: [String] = []

    /// The kiosk's `--lang`, if given; else each visitor starts in the office's first language.
    private let startLanguage: Language?

    public init(language: Language?, now: Date) {
        startLanguage = language
        self.language = language ?? .es
        screenSince = now
        lastTap = now
        heardAt = now
        ticketUntil = now
    }

    // MARK: - Queue

    public mutating func receive(_ snapshot: QueueSnapshot, office: Office, at now: Date) {
        let first = self.office == nil
        self.snapshot = snapshot
        self.office = office
        notice = office.notice(at: now)
        if first, startLanguage == nil { language = office.defaultLanguage }
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
        ticketUntil = now.addingTimeInterval(Self.ticketSeconds)
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

    /// A touch on `target`; returns the work it starts, if any. What is to be said comes
    /// out of `takeSpeech()`.
    public mutating func tap(_ target: Target, at now: Date) -> [Effect] {
        defer { lastTap = now }
        if listening, needsConfirming(target), heard != target || now.timeIntervalSince(heardAt) > Self.confirmSeconds {
            // Touch to hear: the first touch says what the item is; the second chooses it.
            heard = target
            heardAt = now
            if let words = spoken(target, at: now) { say(words) }
            return []
        }
        heard = nil
        let effects = act(target, at: now)
        if listening, case .key = target, let words = spoken(target, at: now) { say(words) }
        return effects
    }

    private mutating func act(_ target: Target, at now: Date) -> [Effect] {
        switch target {
        case .language(let choice):
            language = choice
            speakScreen(at: now)
            return []
        case .listen:
            listening.toggle()
            if listening { speakScreen(at: now) } else { speech.append("") }
            return []
        case .largeText:
            largeText.toggle()
            page = 0
            if listening { say(text.textSizeNow(large: largeText)) }
            return []
        default: break
        }
        switch screen {
        case .home:
            switch target {
            case .service(let code) where isOpen(code, at: now): show(.service(code), at: now)
            case .checkMyTurn: show(.check(typed: ""), at: now)
            case .page(let forward):
                page = max(0, min(homePage.pages - 1, homePage.page + (forward ? 1 : -1)))
                speakScreen(at: now)
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
            // Only "Listo" ends it: a touch on the number must never take it away.
            guard now.timeIntervalSince(screenSince) >= Self.settleSeconds else { break }
            switch target {
            case .done: newVisitor(at: now)
            case .moreTime:
                ticketUntil = max(ticketUntil, now).addingTimeInterval(Self.moreTimeSeconds)
                warned = nil
                if listening { say(text.moreTimeGiven(ticketSecondsLeft(at: now))) }
            case .hearAgain: speakScreen(at: now, always: true)
            default: break
            }
        case .check(let typed):
            switch target {
            case .key(let c): show(.check(typed: Self.type(c, after: typed)), at: now, speaking: false)
            case .erase: show(.check(typed: String(typed.dropLast())), at: now, speaking: false)
            case .back: show(.home, at: now)
            case .submit:
                guard let number = TicketNumber(parsing: typed) else { return [] }
                return [.lookup(number)]
            default: break
            }
        case .checkResult:
            switch target {
            case .back: show(.home, at: now)
            case .hearAgain: speakScreen(at: now, always: true)
            default: break
            }
        case .staffExit(let typed):
            switch target {
            case .key(let c) where c.isNumber && typed.count < 8: show(.staffExit(typed: typed + String(c)), at: now, speaking: false)
            case .erase: show(.staffExit(typed: String(typed.dropLast())), at: now, speaking: false)
            case .submit:
                if let pin = office?.screens.kioskExitPIN, typed == pin { return [.leave] }
                newVisitor(at: now)
            case .back: newVisitor(at: now)
            default: break
            }
        }
        return []
    }

    /// Five touches in the top-left corner of a locked kiosk: the staff exit, if the
    /// office set a PIN for it.
    public mutating func askStaffPIN(at now: Date) {
        guard office?.screens.kioskExitPIN != nil else { return }
        listening = false
        show(.staffExit(typed: ""), at: now, speaking: false)
        lastTap = now
    }

    /// Time passing: screens go home when their time is up, and say so first.
    public mutating func tick(at now: Date) {
        notice = office?.notice(at: now)
        switch screen {
        case .ticket, .service, .check, .checkResult, .home, .staffExit:
            // (Home only times out when someone left it in their own settings: the next
            // visitor starts afresh.)
            guard let left = secondsLeft(at: now) else { return }
            if left <= 0 { return newVisitor(at: now) }
            if left <= Self.warningSeconds, warned != lastTap {
                warned = lastTap
                if listening { say(text.closingSoon(Int(left.rounded(.up)), ticket: screen.isTicket)) }
            }
        case .unavailable where snapshot != nil && now.timeIntervalSince(screenSince) >= Self.retrySeconds:
            // The queue answers again (a single write failed): back to work.
            show(.home, at: now)
        default: break
        }
    }

    /// Seconds before this screen goes home by itself; `nil` on screens that stay.
    private func secondsLeft(at now: Date) -> TimeInterval? {
        switch screen {
        case .ticket: ticketUntil.timeIntervalSince(now)
        case .service, .check, .checkResult, .staffExit: Self.idleSeconds - now.timeIntervalSince(lastTap)
        case .home where listening || largeText || page > 0 || language != firstLanguage: Self.idleSeconds - now.timeIntervalSince(lastTap)
        default: nil
        }
    }

    /// Whether this screen goes home by itself (and so counts down).
    public func timesOut(at now: Date) -> Bool { secondsLeft(at: now) != nil }

    /// In the last `warningSeconds` before this screen goes home, how many seconds are
    /// left, for the warning on screen; `nil` otherwise.
    public func timeoutWarning(at now: Date) -> Int? {
        guard let left = secondsLeft(at: now), left <= Self.warningSeconds else { return nil }
        return max(0, Int(left.rounded(.up)))
    }

    /// Seconds left before the ticket screen goes home, for its countdown.
    public func ticketSecondsLeft(at now: Date) -> Int {
        max(0, Int(ticketUntil.timeIntervalSince(now).rounded(.up)))
    }

    /// The texts to read aloud since the last call, in order ("" stops talking).
    public mutating func takeSpeech() -> [String] {
        defer { speech.removeAll() }
        return speech
    }

    // MARK: - Inside

    var text: KioskText { KioskText(language) }
    private var firstLanguage: Language { startLanguage ?? office?.defaultLanguage ?? .es }

    /// A visitor is done: home, in the office's first language and default settings.
    private mutating func newVisitor(at now: Date) {
        language = firstLanguage
        if listening { speech.append("") }
        listening = false
        largeText = false
        heard = nil
        goHome(at: now)
    }

    /// Home, or the notice if the queue was lost meanwhile.
    private mutating func goHome(at now: Date) {
        show(snapshot == nil ? .unavailable : .home, at: now)
    }

    private mutating func show(_ next: Screen, at now: Date, speaking: Bool = true) {
        screen = next
        screenSince = now
        if next == .home { page = 0 }
        if speaking { speakScreen(at: now) }
    }

    /// Items chosen with a second touch when read-aloud is on.
    private func needsConfirming(_ target: Target) -> Bool {
        switch target {
        case .listen, .key, .anywhere: false
        default: true
        }
    }

    /// The keypad writes a letter, then digits: "B" then "1", "2" gives "B12".
    static func type(_ c: Character, after typed: String) -> String {
        if c.isLetter { return String(c).uppercased() }
        guard typed.first?.isLetter == true, typed.count < 5 else { return typed }
        return typed + String(c)
    }
}

extension KioskModel.Screen {
    public var isTicket: Bool { if case .ticket = self { true } else { false } }
}
