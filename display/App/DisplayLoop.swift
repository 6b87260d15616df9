import AtiendeCore
import AtiendeQueue
import DisplayModel
import Foundation
import ScreenKit

/// The display's event loop: sleeps in SDL until an event, a feed update or the next
/// tick (once a second, or the flash phase), and redraws only then.
@MainActor
struct DisplayLoop {
    let screen: Screen
    let feed: QueueFeed
    let announcer: Announcer
    let time: TimeSource
    var model: DisplayModel
    var trace: String?

    init(screen: Screen, feed: QueueFeed, announcer: Announcer, time: TimeSource, language: Language) {
        self.screen = screen
        self.feed = feed
        self.announcer = announcer
        self.time = time
        model = DisplayModel(language: language)
    }

    mutating func run(screenshot: String?) throws {
        let started = time.now()
        var dirty = true
        var nextTick = started
        var shown: DisplayScreen?
        while true {
            var announced: [DisplayModel.Announcement] = []
            for update in feed.drain() {
                switch update {
                case .snapshot(let snapshot, let office): announced += model.receive(snapshot, office: office, at: time.now())
                case .failure(let reason): model.fail(reason)
                }
                dirty = true
            }
            let now = time.now()
            if dirty || now >= nextTick {
                // A tick redraws only when what the wall shows has changed (the clock's minute,
                // a wait's minute, a flash phase): an idle display costs next to nothing.
                let content = model.screen(at: now)
                if content != shown || dirty {
                    DisplayView(screen: screen).draw(content)
                    shown = content
                }
                if !announced.isEmpty { record(announced) }
                announced.forEach(announcer.announce)
                dirty = false
                nextTick = model.nextRedraw(after: now)
                if let screenshot, model.snapshot != nil || now.timeIntervalSince(started) > 3 {
                    try screen.saveBMP(to: screenshot)
                    return
                }
            }
            let wait = Int((nextTick.timeIntervalSince(time.now()) * 1000).rounded(.up))
            for event in screen.waitEvents(timeout: min(max(wait, 1), 1000)) {
                switch event {
                case .quit, .closeRequested, .key(.escape), .key(.character("q")): return
                case .resized: dirty = true
                case .wake, .tap, .key: break
                }
            }
        }
    }

    /// Notes the time a frame showing new calls went up, for latency measurements.
    private func record(_ calls: [DisplayModel.Announcement]) {
        guard let trace else { return }
        TraceFile(path: trace).append(calls.map(\.number.description).joined(separator: ","))
    }
}
