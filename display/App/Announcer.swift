import DisplayModel
import Foundation
import ScreenKit

/// Chimes every new call and recall, then, with `--voice`, speaks it through espeak-ng.
/// One serial queue does both, so announcements play in order and never overlap.
final class Announcer: Sendable {
    private let audio: Audio?
    private let voice: String?
    private let work = DispatchQueue(label: "atiende.announcer")
    private let chime = Audio.chime()

    /// - Parameter voice: the espeak-ng voice (`es-419`, `en`), or `nil` for chime only.
    init(voice: String?, log: (String) -> Void) {
        switch Audio.open() {
        case .success(let audio): self.audio = audio
        case .failure(let error):
            self.audio = nil
            log(error.description)
        }
        if voice != nil && Self.espeak == nil {
            log("voice: espeak-ng is not installed (apt-get install espeak-ng), so calls chime without a voice")
            self.voice = nil
        } else {
            self.voice = audio == nil ? nil : voice
        }
    }

    func announce(_ call: DisplayModel.Announcement) {
        guard let audio else { return }
        let voice = self.voice, chime = self.chime
        work.async {
            audio.play(chime)
            guard let voice, let samples = Self.speak(call.speech, voice: voice) else { return }
            audio.play(samples)
        }
    }

    static var espeak: String? { Voice.espeak }

    static func speak(_ text: String, voice: String) -> [Int16]? { Voice.samples(text, voice: voice) }
}
