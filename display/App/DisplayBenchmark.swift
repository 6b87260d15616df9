import AtiendeCore
import AtiendeQueue
import DisplayModel
import Foundation
import ScreenKit
import ScreenLayout

/// Offscreen drawing figures, each against a baseline in the same run:
/// - a full frame of a busy moment against an empty frame (clear and present);
/// - an hour of calls (a call every 20 s, a frame every second), then resident memory.
@MainActor
struct DisplayBenchmark {
    let size: Size
    let language: Language

    func run() throws {
        guard let text = DemoOffice.text() else { throw ScreenError("Assets/office.json not found: run from the package folder or set ATIENDE_ASSETS") }
        let office = try OfficeConfig.parse(Data(text.utf8), file: "Assets/office.json")
        let screen = try Screen(.offscreen(size))
        defer { screen.close() }
        let start = Date(timeIntervalSince1970: 1_795_442_400)
        var model = DisplayModel(language: language)
        _ = model.receive(DisplaySamples.busy(office: office, at: start), office: office, at: start)
        let view = DisplayView(screen: screen)
        let frames = 300

        let empty = measure(frames) { _ in
            screen.beginFrame(DisplayView.Palette.background)
            screen.present()
        }
        // Each frame one second later: the clock and the waits change as on the wall.
        let full = measure(frames) { i in view.draw(model.screen(at: start.addingTimeInterval(Double(i)))) }
        say("atiende-display benchmark, \(size), \(frames) frames each")
        say(String(format: "empty frame (clear+present)   p50 %6.3f ms   p99 %6.3f ms", percentile(empty, 50), percentile(empty, 99)))
        say(String(format: "full frame (busy office)      p50 %6.3f ms   p99 %6.3f ms   mean %6.3f ms", percentile(full, 50), percentile(full, 99), full.reduce(0, +) / Double(full.count)))
        say(String(format: "  full / empty ratio: %.1f (p50)", percentile(full, 50) / max(percentile(empty, 50), 0.0001)))

        let rssBefore = residentMegabytes()
        let clock = ContinuousClock(), hourStart = clock.now
        for second in 0..<3600 {
            let now = start.addingTimeInterval(Double(second))
            if second % 20 == 0 {
                _ = model.receive(DisplaySamples.busy(office: office, at: now, call: 24 + second / 20), office: office, at: now)
            }
            view.draw(model.screen(at: now))
        }
        let hour = clock.now - hourStart
        say(String(format: "an hour of calls (180 calls, 3600 frames) drawn in %.1f s; resident memory %.1f MB (%.1f MB before), %d texts cached in %.1f MB",
            Double(hour.components.seconds) + Double(hour.components.attoseconds) / 1e18, residentMegabytes(), rssBefore,
            screen.cachedTextCount, Double(screen.cachedTextBytes) / 1_048_576))
    }

    private func measure(_ count: Int, _ body: (Int) -> Void) -> [Double] {
        for i in 0..<20 { body(i) }  // warm the caches
        let clock = ContinuousClock()
        return (0..<count).map { i in
            let t = clock.now
            body(i + 20)
            let d = clock.now - t
            return (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) * 1000
        }.sorted()
    }

    private func percentile(_ sorted: [Double], _ p: Double) -> Double { Statistics.percentile(sorted, p) ?? .nan }

    private func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }

    private func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
}
