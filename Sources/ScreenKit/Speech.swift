import Foundation
import Synchronization

/// espeak-ng, the speech synthesizer both screens use: text in, samples out.
public enum Voice {
    /// Where espeak-ng is, or `nil` when it is not installed.
    public static let espeak: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/espeak-ng" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Why there is no voice, in words for the log; `nil` when there is one.
    public static var missing: String? {
        espeak == nil ? "espeak-ng is not installed (apt-get install espeak-ng)" : nil
    }

    /// Synthesizes `text` with `voice` (`es-419`, `en-us`) to a temporary WAV and loads it.
    public static func samples(_ text: String, voice: String, wordsPerMinute: Int = 150) -> [Int16]? {
        guard let espeak else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-voice-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: espeak)
        process.arguments = ["-v", voice, "-s", String(wordsPerMinute), "-w", file.path, "--", text]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Audio.loadWAV(file.path) : nil
    }
}

/// Reads texts aloud off the screen's thread. A new text interrupts the one playing, so
/// what is heard always matches what was last touched; the screen never waits for it.
///
/// With `log` (the kiosk's `ATIENDE_SPEECH_LOG`), every text is also appended to that
/// file, one per line, whether or not there is a voice or a sound card.
public final class Speaker: Sendable {
    private let audio: Audio?
    private let log: String?
    private let work = DispatchQueue(label: "atiende.speaker")
    /// Bumped by every new text: a synthesis that finishes after a newer text began is dropped.
    private let generation = Mutex(0)
    /// Why nothing will be heard, or `nil` when speech works.
    public let silentBecause: String?

    public init(audio: Result<Audio, ScreenError>?, log: String?) {
        switch audio {
        case .success(let device): self.audio = device; silentBecause = Voice.missing
        case .failure(let error): self.audio = nil; silentBecause = error.description
        case nil: self.audio = nil; silentBecause = "no audio"
        }
        self.log = log
    }

    /// Says `text` in `voice` at `volume` percent, cutting off whatever is being said.
    public func say(_ text: String, voice: String, volume: Int = 100) {
        let text = text.replacingOccurrences(of: "\n", with: " ")
        if let log { TraceFile(path: log).appendLine(text) }
        let mine = generation.withLock { n in n += 1; return n }
        audio?.clear()
        guard let audio, silentBecause == nil else { return }
        work.async { [self] in
            guard current == mine, let samples = Voice.samples(text, voice: voice), current == mine else { return }
            audio.clear()
            audio.play(samples, volume: volume)
        }
    }

    private var current: Int { generation.withLock { $0 } }

    /// Stops talking.
    public func hush() {
        generation.withLock { $0 += 1 }
        audio?.clear()
    }
}
