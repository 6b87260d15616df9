import CSDL2
import Foundation

/// Sound out through SDL's audio queue: whatever is played is appended, so a chime and
/// the voice that follows never talk over each other. Opening never fails hard: with no
/// sound card the screen goes on silently, and `unavailableReason` says why.
public final class Audio: Sendable {
    public static let sampleRate = 22_050
    private let device: SDL_AudioDeviceID

    /// Opens the default output device, or returns why there is none.
    public static func open() -> Result<Audio, ScreenError> {
        if SDL_WasInit(UInt32(SDL_INIT_AUDIO)) == 0, SDL_InitSubSystem(UInt32(SDL_INIT_AUDIO)) != 0 {
            return .failure(ScreenError("no audio (\(String(cString: SDL_GetError()))): calls will show without a chime"))
        }
        var wanted = SDL_AudioSpec()
        wanted.freq = Int32(sampleRate)
        wanted.format = csdl_audio_s16()
        wanted.channels = 1
        wanted.samples = 1024
        let device = SDL_OpenAudioDevice(nil, 0, &wanted, nil, 0)
        guard device != 0 else {
            return .failure(ScreenError("no audio device (\(String(cString: SDL_GetError()))): calls will show without a chime"))
        }
        SDL_PauseAudioDevice(device, 0)
        return .success(Audio(device: device))
    }

    private init(device: SDL_AudioDeviceID) { self.device = device }

    /// Appends mono 16-bit samples at `sampleRate` to what is playing, at `volume`
    /// percent (the office's setting).
    public func play(_ samples: [Int16], volume: Int = 100) {
        let scaled = volume >= 100 ? samples : samples.map { Int16(Int($0) * max(0, volume) / 100) }
        scaled.withUnsafeBytes { buffer in
            _ = SDL_QueueAudio(device, buffer.baseAddress, UInt32(buffer.count))
        }
    }

    /// Drops whatever is queued and not yet heard.
    public func clear() { SDL_ClearQueuedAudio(device) }

    /// A two-note call chime (high then low, like a doorbell), made here so no sound
    /// file is needed.
    public static func chime() -> [Int16] {
        func note(_ frequency: Double, seconds: Double) -> [Int16] {
            let count = Int(seconds * Double(sampleRate))
            return (0..<count).map { i in
                let t = Double(i) / Double(sampleRate)
                let envelope = min(1, t * 200) * exp(-3.5 * t)
                let wave = sin(2 * .pi * frequency * t) + 0.3 * sin(4 * .pi * frequency * t)
                return Int16(max(-1, min(1, 0.45 * envelope * wave)) * 32_000)
            }
        }
        return note(880, seconds: 0.45) + note(660, seconds: 0.8)
    }

    /// Loads a WAV file as mono 16-bit samples at `sampleRate`, converting as needed.
    public static func loadWAV(_ path: String) -> [Int16]? {
        var spec = SDL_AudioSpec()
        var buffer: UnsafeMutablePointer<UInt8>?
        var length: UInt32 = 0
        guard csdl_load_wav(path, &spec, &buffer, &length) != nil, let buffer else { return nil }
        defer { SDL_FreeWAV(buffer) }
        guard let stream = SDL_NewAudioStream(spec.format, spec.channels, spec.freq, csdl_audio_s16(), 1, Int32(sampleRate)) else { return nil }
        defer { SDL_FreeAudioStream(stream) }
        guard SDL_AudioStreamPut(stream, buffer, Int32(length)) == 0, SDL_AudioStreamFlush(stream) == 0 else { return nil }
        var out = [Int16](repeating: 0, count: Int(SDL_AudioStreamAvailable(stream)) / 2)
        let read = out.withUnsafeMutableBytes { SDL_AudioStreamGet(stream, $0.baseAddress, Int32($0.count)) }
        return read > 0 ? Array(out.prefix(Int(read) / 2)) : nil
    }
}
