@testable import DisplayApp
import ScreenKit
import Testing

@Suite struct VoiceTests {
    @Test(.enabled(if: Announcer.espeak != nil, "espeak-ng is not installed"))
    func aCallIsSpokenInSpanish() throws {
        let samples = try #require(Announcer.speak("Turno A cero veintitrés, ventanilla tres", voice: "es-419"))
        let seconds = Double(samples.count) / Double(Audio.sampleRate)
        #expect((1.5...5).contains(seconds), "about 2.5 s of speech, got \(seconds) s")
        #expect(samples.contains { abs(Int($0)) > 3000 }, "not silence")
    }

    @Test func theChimeIsTwoNotesAndNeverClips() {
        let chime = Audio.chime()
        #expect(Double(chime.count) / Double(Audio.sampleRate) > 1)
        #expect(chime.allSatisfy { abs(Int($0)) < 32_500 })
    }
}
