import AtiendeCore

/// Everything the wall shows in one frame, as plain text and levels: the view only
/// places it. Never carries a visitor's name.
public struct DisplayScreen: Sendable, Equatable {
    /// How a wait compares with the target (docs/domain.md): green under 2/3, amber up to it, red past it.
    public enum Level: Sendable, Equatable { case none, green, amber, red }

    public struct CallLine: Sendable, Equatable {
        public var number: String
        public var desk: String

        public init(number: String, desk: String) {
            self.number = number
            self.desk = desk
        }
    }

    public struct ServiceLine: Sendable, Equatable {
        /// The service's letter, as on the tickets ("M" for M-004).
        public var letter: String
        public var name: String
        public var waiting: String
        public var longestWait: String
        public var level: Level
        public var estimate: String
        /// "2 > 15 min": how many wait past the target (red) or the alert threshold (amber).
        public var alert: String?
        public var alertLevel: Level
    }

    public var officeName: String
    public var date: String
    public var clock: String
    /// The latest call, huge; `nil` before the first call of the day.
    public var current: CallLine?
    /// The flash phase of the current call: drawn inverted while true.
    public var flashOn: Bool
    public var currentCaption: String
    public var idleMessage: String
    public var recentTitle: String
    /// Up to six calls before the current one, newest first.
    public var recent: [CallLine]
    public var columnTitles: [String]
    public var services: [ServiceLine]
    /// Today's figures for the bottom strip.
    public var strip: [String]
    /// Shown when the data is not live, with how old it is.
    public var banner: String?
    /// The office's notice whose turn it is, in the wall's languages; `nil` when none shows today.
    public var notice: String? = nil
}
