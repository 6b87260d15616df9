import AtiendeCore
import Foundation

/// The wall display's state, without SDL: queue snapshots and failures go in; what to
/// show, what flashes and which calls to announce come out. Time is always passed in.
public struct DisplayModel: Sendable {
    /// A call to chime (and maybe speak).
    public struct Announcement: Sendable, Equatable {
        public var number: TicketNumber
        public var deskLabel: String
        public var recall: Bool
        /// What the voice says: "Turno A cero veintitrés, ventanilla tres", then the same
        /// in the wall's second language when the office sets one.
        public var speech: [Spoken]
        /// The office's volumes, in percent.
        public var chimeVolume: Int
        public var voiceVolume: Int
    }

    /// One sentence and the espeak-ng voice to say it in.
    public struct Spoken: Sendable, Equatable {
        public var text: String
        public var voice: String

        public init(text: String, voice: String) {
            self.text = text
            self.voice = voice
        }
    }

    /// How long a new call flashes.
    public static let flashSeconds: TimeInterval = 8
    /// Flash phase length.
    public static let flashPhase: TimeInterval = 0.5

    public let language: Language
    public private(set) var office: Office?
    public private(set) var snapshot: QueueSnapshot?
    /// Display time of the last good snapshot.
    public private(set) var receivedAt: Date?
    /// Why the data is not live now, if it is not.
    public private(set) var failure: String?
    private var seenCalls: Set<CallKey> = []
    private var flashStart: Date?

    /// What makes a call new: a recall of the same number at the same instant (as with a
    /// fixed clock) is still a new call to announce.
    private struct CallKey: Hashable {
        var number: TicketNumber
        var desk: DeskID
        var at: Date
        var recall: Bool

        init(_ call: QueueSnapshot.Call) {
            number = call.number
            desk = call.desk
            at = call.at
            recall = call.recall
        }
    }

    public init(language: Language) { self.language = language }

    /// On its first snapshot the display announces only calls this recent: older ones
    /// happened before it started, but one made while it was connecting must not be missed.
    public static let catchUpSeconds: TimeInterval = 10

    /// A fresh snapshot: returns the calls to announce, oldest first. After a lost
    /// connection every call not yet seen is announced, so nobody is skipped.
    public mutating func receive(_ snapshot: QueueSnapshot, office: Office, at now: Date) -> [Announcement] {
        let primed = self.snapshot != nil
        self.snapshot = snapshot
        self.office = office
        receivedAt = now
        failure = nil
        let fresh = snapshot.recentCalls.filter {
            !seenCalls.contains(CallKey($0))
                && (primed || snapshot.takenAt.timeIntervalSince($0.at) < Self.catchUpSeconds)
        }
        seenCalls.formUnion(snapshot.recentCalls.map(CallKey.init))
        guard !fresh.isEmpty else { return [] }
        flashStart = now
        return fresh.reversed().map { call in
            let speech = languages.map { language in
                Spoken(text: SpokenCall.text(number: call.number, deskLabel: deskLabel(call.desk, language), language: language),
                    voice: office.screens.voice(language))
            }
            return Announcement(number: call.number, deskLabel: deskLabel(call.desk), recall: call.recall, speech: speech,
                chimeVolume: office.screens.chimeVolume, voiceVolume: office.screens.voiceVolume)
        }
    }

    /// How long a call stays in the big box once its desk no longer calls it (the visitor
    /// reached the desk, or the visit ended).
    public static let largeAfterCallSeconds: TimeInterval = 120

    /// Whether `call` is still the one to show large: its desk still calls that number, or
    /// it was made less than `largeAfterCallSeconds` ago (from the snapshot's clock, which
    /// moves on between snapshots as `now` does).
    static func showsLarge(_ call: QueueSnapshot.Call, in snapshot: QueueSnapshot, at now: Date) -> Bool {
        if snapshot.desks.contains(where: { $0.id == call.desk && $0.ticket == call.number && $0.state == .called }) { return true }
        return max(now, snapshot.takenAt).timeIntervalSince(call.at) < largeAfterCallSeconds
    }

    /// The queue could not be read: the data shown is no longer live.
    public mutating func fail(_ reason: String) {
        failure = reason
    }

    public var isLive: Bool { snapshot != nil && failure == nil }

    public func isFlashing(at now: Date) -> Bool {
        guard let flashStart, isLive else { return false }
        let t = now.timeIntervalSince(flashStart)
        return t >= 0 && t < Self.flashSeconds
    }

    /// When to redraw next if nothing else happens: the next flash phase while flashing,
    /// else the next whole second (clock and wait timers).
    public func nextRedraw(after now: Date) -> Date {
        let t = now.timeIntervalSince1970
        if isFlashing(at: now) { return Date(timeIntervalSince1970: (t / Self.flashPhase).rounded(.down) * Self.flashPhase + Self.flashPhase) }
        return Date(timeIntervalSince1970: t.rounded(.down) + 1)
    }

    public func screen(at now: Date) -> DisplayScreen {
        let text = DisplayText(language: language)
        let zone = office?.timeZone ?? .current
        var screen = DisplayScreen(
            officeName: office?.name[language] ?? "Atiende", date: text.date(now, timeZone: zone), clock: text.clock(now, timeZone: zone),
            current: nil, flashOn: false, currentCaption: text.caption, idleMessage: text.idle,
            recentTitle: text.recentTitle, recent: [], columnTitles: text.columns,
            services: [], strip: [], banner: nil)
        if failure != nil || snapshot == nil {
            screen.banner = text.stale(receivedAt.map { Int(now.timeIntervalSince($0)) })
        }
        guard let snapshot, let office else { return screen }
        // Calls, newest first, each number once (a recall moves it back to the top).
        var seen: Set<TicketNumber> = []
        let calls = snapshot.recentCalls.filter { seen.insert($0.number).inserted }
        // The call itself in every wall language: "Ventanilla 3 · Desk 3".
        let both = languages
        if both.count > 1 {
            screen.currentCaption = both.map { DisplayText(language: $0).caption }.joined(separator: " · ")
            screen.recentTitle = both.map { DisplayText(language: $0).recentTitle }.joined(separator: " · ")
        }
        // The big box holds the newest call while its desk still calls that number, and a
        // while after; then it goes back to the welcome, and the call joins the list.
        let big = calls.first.flatMap { Self.showsLarge($0, in: snapshot, at: now) ? $0 : nil }
        screen.current = big.map { call in
            DisplayScreen.CallLine(number: call.number.description, desk: both.map { deskLabel(call.desk, $0) }.joined(separator: " · "))
        }
        screen.recent = calls.dropFirst(big == nil ? 0 : 1).prefix(6).map { DisplayScreen.CallLine(number: $0.number.description, desk: deskLabel($0.desk)) }
        if let flashStart, isFlashing(at: now) {
            screen.flashOn = Int(now.timeIntervalSince(flashStart) / Self.flashPhase) % 2 == 0
        }
        // Waits keep growing between snapshots; frozen when the data is not live.
        let elapsed = isLive ? max(0, Int(now.timeIntervalSince(snapshot.takenAt))) : 0
        screen.services = snapshot.services.map { status in
            let longest = status.waiting > 0 ? status.longestWaitSeconds + elapsed : 0
            let level = status.waiting > 0 ? Self.level(seconds: longest, target: office.targetWait) : .none
            // Past the target says so with a sign too, not only in red.
            let wait = status.waiting > 0 ? DisplayText.duration(longest) : "–"
            return DisplayScreen.ServiceLine(
                letter: status.code.rawValue,
                name: office.service(status.code)?.name[language] ?? status.code.rawValue,
                waiting: String(status.waiting),
                longestWait: level == .red ? "⚠ " + wait : wait,
                level: level,
                estimate: text.estimate(status.estimatedWaitMinutes, waiting: status.waiting),
                alert: status.pastTarget > 0 ? "⚠ \(status.pastTarget) > \(office.targetWaitMinutes) min"
                    : (status.pastAlert > 0 ? "\(status.pastAlert) > \(office.alertAtMinutes) min" : nil),
                alertLevel: status.pastTarget > 0 ? .red : (status.pastAlert > 0 ? .amber : .none))
        }
        screen.notice = office.notice(at: now).map { notice in both.map { notice.text[$0] }.joined(separator: " · ") }
        screen.strip = [
            text.within(snapshot.today.withinTargetPercent, target: office.targetWaitMinutes),
            text.average(snapshot.today.averageWaitSeconds),
            text.served(snapshot.today.served),
        ]
        return screen
    }

    /// The core's rule (`WaitLevel`), as the screen's colour.
    public static func level(seconds: Int, target: TimeInterval) -> DisplayScreen.Level {
        switch WaitLevel(seconds: seconds, target: target) {
        case .green: .green
        case .amber: .amber
        case .red: .red
        }
    }

    private func deskLabel(_ id: DeskID, _ language: Language? = nil) -> String { office?.desk(id)?.label[language ?? self.language] ?? id.rawValue }

    /// The wall's languages: the display's own first, then the office's second wall
    /// language, if it sets one (`screens.wallLanguages`).
    public var languages: [Language] {
        let wall = office?.screens.wallLanguages ?? []
        return [language] + (wall.count > 1 ? wall.filter { $0 != language }.prefix(1) : [])
    }
}
