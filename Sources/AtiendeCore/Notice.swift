import Foundation

/// A short message from the office to everyone waiting ("Hoy cerramos a las 15:00", a
/// reminder of the visitor's rights), shown by the wall display, from one day to another
/// or always.
public struct Notice: Sendable, Equatable {
    public var text: LocalizedText
    /// The first and last day it shows (office-local, both included); `nil`: no limit.
    public var from: LocalDay?
    public var to: LocalDay?

    public init(text: LocalizedText, from: LocalDay? = nil, to: LocalDay? = nil) {
        self.text = text
        self.from = from
        self.to = to
    }

    public func shows(on day: LocalDay) -> Bool {
        (from.map { $0 <= day } ?? true) && (to.map { day <= $0 } ?? true)
    }

    /// How long each of several notices stays before the next, in seconds.
    public static let turnSeconds: TimeInterval = 10
    /// The most a config may list.
    public static let most = 10
}

extension Office {
    /// The notices that show on the day of `date`, and the one whose turn it is.
    public func notice(at date: Date) -> Notice? {
        let today = notices.filter { $0.shows(on: calendar.day(of: date)) }
        guard !today.isEmpty else { return nil }
        return today[Int((date.timeIntervalSince1970 / Notice.turnSeconds).rounded(.down)) % today.count]
    }
}
