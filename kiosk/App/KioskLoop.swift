import AtiendeCore
import AtiendeQueue
import Foundation
import KioskModel
import ScreenKit

/// The kiosk's event loop: sleeps in SDL until a touch, a queue answer or the next tick
/// (each second while a ticket counts down, else each minute), and redraws then.
@MainActor
struct KioskLoop {
    let screen: Screen
    let time: TimeSource
    let open: @Sendable () throws -> any QueueService
    let printer: Printer?
    var model: KioskModel
    var trace: String?
    /// Reads screens aloud when the visitor turns "Escuchar" on.
    var speaker: Speaker?
    /// `--locked`: Esc and the window's close do nothing; staff leave by five touches in
    /// the top-left corner and the office's exit PIN, or by stopping the service (SIGTERM).
    var locked = false
    /// This kiosk's name on the staff's screens (`--name`).
    var name = "kiosk"
    private var cornerTaps: [Date] = []

    init(
        screen: Screen, time: TimeSource, language: Language?, open: @escaping @Sendable () throws -> any QueueService, printer: Printer?,
        linkBase: String?
    ) {
        self.screen = screen
        self.time = time
        self.open = open
        self.printer = printer
        model = KioskModel(language: language, now: time.now())
        model.linkBase = linkBase
    }

    mutating func run() throws {
        let waker = screen.waker
        let feed = QueueFeed()
        feed.start(open: open, wake: { waker.wake() })
        defer { feed.stop() }
        let worker = KioskWorker(open: open, printer: printer, name: name, linkBase: model.linkBase, wake: { waker.wake() })
        worker.watchPrinter()
        var dirty = true
        var nextTick = time.now()
        while true {
            let now = time.now()
            for update in feed.drain() {
                switch update {
                case .snapshot(let snapshot, let office): model.receive(snapshot, office: office, at: now)
                case .failure: model.lostQueue(at: now)
                }
                dirty = true
            }
            for answer in worker.drain() {
                switch answer {
                case .issued(let place, let printFailed): model.issued(place, printFailed: printFailed, at: now)
                case .issueFailed: model.issueFailed(at: now)
                case .looked(let number, let place): model.looked(up: number, place, at: now)
                }
                dirty = true
            }
            if now >= nextTick {
                model.tick(at: now)
                dirty = true
            }
            if dirty {
                fitPage()
                speak()
                KioskView(screen: screen, silent: speaker?.silentBecause).draw(model, at: now)
                if case .ticket(let place, _) = model.screen { record("ticket \(place.ticket.number)") }
                if model.screen == .unavailable { record("unavailable") }
                dirty = false
                nextTick = next(after: now)
            }
            let wait = Int((nextTick.timeIntervalSince(time.now()) * 1000).rounded(.up))
            for event in screen.waitEvents(timeout: min(max(wait, 1), 60_000)) {
                switch event {
                case .quit: return
                case .closeRequested, .key(.escape): if !locked { return }
                case .tap(let x, let y):
                    record("tap")
                    fitPage()
                    let layout = KioskLayout(size: screen.size, model: model)
                    if locked && layout.staffCorner.contains(x: x, y: y) && staffGesture(at: time.now()) {
                        model.askStaffPIN(at: time.now())
                        dirty = true
                        continue
                    }
                    for effect in model.tap(layout.hit(x: x, y: y, model), at: time.now()) {
                        if effect == .leave { record("leave"); return }
                        worker.perform(effect, office: model.office, language: model.language)
                    }
                    dirty = true
                case .resized: dirty = true
                case .key(.character(let c)) where model.screen.isCheck && !locked: _ = model.tap(.key(c), at: time.now()); dirty = true
                case .key(.backspace) where model.screen.isCheck && !locked: _ = model.tap(.erase, at: time.now()); dirty = true
                case .wake, .key: break
                }
            }
        }
    }

    /// Each second on screens that count down or may clear by themselves, else at the next minute.
    private func next(after now: Date) -> Date {
        let t = now.timeIntervalSince1970
        switch model.screen {
        case .home where !model.timesOut(at: now): return Date(timeIntervalSince1970: (t / 60).rounded(.down) * 60 + 60)
        default: return Date(timeIntervalSince1970: t.rounded(.down) + 1)
        }
    }

    /// Five touches in the corner within 4 s open the staff exit.
    private mutating func staffGesture(at now: Date) -> Bool {
        cornerTaps = cornerTaps.filter { now.timeIntervalSince($0) < 4 } + [now]
        guard cornerTaps.count >= 5 else { return false }
        cornerTaps.removeAll()
        return true
    }

    /// Tells the model how many services a home page holds at this size and text size.
    private mutating func fitPage() {
        let count = model.office?.services.filter(\.active).count ?? 0
        model.servicesPerPage = KioskLayout(size: screen.size, model: model).home(services: count, languages: model.otherLanguages.count, notice: model.notice != nil).perPage
    }

    /// Hands what the model wants said to the speaker, in the office's voice.
    private mutating func speak() {
        let settings = model.office?.screens ?? ScreenSettings()
        for words in model.takeSpeech() {
            if words.isEmpty { speaker?.hush() } else { speaker?.say(words, voice: settings.voice(model.language), volume: settings.voiceVolume) }
        }
    }

    private var lastRecorded = ""

    /// Notes taps and each new ticket screen in the trace file; a ticket only the first time.
    private mutating func record(_ what: String) {
        guard let trace, what == "tap" || what != lastRecorded else { return }
        lastRecorded = what
        TraceFile(path: trace).append(what)
    }
}

extension KioskModel.Screen {
    var isCheck: Bool { if case .check = self { true } else { false } }
}
