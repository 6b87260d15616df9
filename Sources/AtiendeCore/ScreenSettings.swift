/// How the office's screens speak and sound: the config's `"screens"` section.
///
/// ```json
/// "screens": {"voices": {"es": "es-419", "en": "en-us"}, "chimeVolume": 80, "voiceVolume": 100,
///             "wallLanguages": ["es", "en"], "kioskScreenInches": 21.5, "kioskExitPIN": "4821"}
/// ```
public struct ScreenSettings: Sendable, Equatable {
    /// The espeak-ng voice for each language.
    public var voices: [Language: String]
    /// 0 to 100, on the wall display's chime and on every spoken text.
    public var chimeVolume: Int
    public var voiceVolume: Int
    /// The languages each call is shown and spoken in on the wall, first one first.
    public var wallLanguages: [Language]
    /// The kiosk screen's diagonal, so text can be sized for the eye (`KioskType`).
    public var kioskScreenInches: Double
    /// The PIN staff type, after five touches in the top-left corner, to leave a kiosk
    /// started with `--locked`; `nil`: only stopping its service ends it.
    public var kioskExitPIN: String?

    public static let defaultVoices: [Language: String] = [.es: "es-419", .en: "en-us"]

    public init(
        voices: [Language: String] = Self.defaultVoices, chimeVolume: Int = 80, voiceVolume: Int = 100,
        wallLanguages: [Language] = [.es], kioskScreenInches: Double = 21.5, kioskExitPIN: String? = nil
    ) {
        self.voices = voices
        self.chimeVolume = chimeVolume
        self.voiceVolume = voiceVolume
        self.wallLanguages = wallLanguages
        self.kioskScreenInches = kioskScreenInches
        self.kioskExitPIN = kioskExitPIN
    }

    /// The voice for `language`: the office's, else the default one.
    public func voice(_ language: Language) -> String { voices[language] ?? Self.defaultVoices[language] ?? "es-419" }
}

/// How long what visitors and staff wrote is kept: the config's `"privacy"` section, in
/// days counting the visit's own (1, the default: until the day after; 0: never stored).
/// Everything else (numbers, times, outcomes, ratings) stays for the indicators and reports.
///
/// ```json
/// "privacy": {"firstNames": 1, "notes": 1, "comments": 30}
/// ```
public struct PrivacySettings: Sendable, Equatable {
    public var firstNameDays: Int
    public var noteDays: Int
    public var commentDays: Int

    public init(firstNameDays: Int = 1, noteDays: Int = 1, commentDays: Int = 1) {
        self.firstNameDays = firstNameDays
        self.noteDays = noteDays
        self.commentDays = commentDays
    }
}
