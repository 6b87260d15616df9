import DisplayModel
import Foundation
import ScreenKit

/// Chimes every new call and recall, then, with `--voice`, speaks it through espeak-ng in
/// each of the wall's languages, at the office's volumes. One serial queue does both, so
/// announcements play in order and never overlap.
final class Announcer: Sendable {
    private let audio: Audio?
    private let speaks: Bool
    private let work = DispatchQueue(label: "atiende.announcer")
    private let chime = Audio.chime()

    /// - Parameter voice: whether calls are spoken too (`--voice`).
    init(voice: Bool, log: (String) -> Void) {
        switch Audio.open() {
        case .success(let audio): self.audio = audio
        case .failure(let error):
            self.audio = nil
            log(error.description)
        }
        if voice && Self.espeak == nil {
            log("voice: espeak-ng is not installed (apt-get install espeak-ng), so calls chime without a voice")
            speaks = false
        } else {
            speaks = audio != nil && voice
        }
    }

    func announce(_ call: DisplayModel.Announcement) {
        guard let audio else { return }
        let speaks = self.speaks, chime = self.chime
        work.async {
            audio.play(chime, volume: call.chimeVolume)
            guard speaks else { return }
            for part in call.speech {
                guard let samples = Self.speak(part.text, voice: part.voice) else { continue }
                audio.play(samples, volume: call.voiceVolume)
            }
        }
    }

    static var espeak: String? { Voice.espeak }

    static func speak(_ text: String, voice: String) -> [Int16]? { Voice.samples(text, voice: voice) }
}
