import Foundation

/// When an office, or one of its services, takes visitors: the usual week (`days`,
/// `open`, `close`), days with hours of their own (Saturday 08:00–12:00), a break every
/// open day (lunch), and closed dates with their names (holidays).
public struct OpeningHours: Sendable, Equatable {
    /// From one time of day to a later one.
    public struct Span: Sendable, Equatable {
        public var open: TimeOfDay
        public var close: TimeOfDay

        public init(open: TimeOfDay, close: TimeOfDay) {
            self.open = open
            self.close = close
        }

        var minutes: Range<Int> { open.minutes..<close.minutes }
    }

    /// A date the office is closed, with its name ("Navidad").
    public struct ClosedDate: Sendable, Equatable {
        public var day: LocalDay
        public var name: LocalizedText

        public init(day: LocalDay, name: LocalizedText) {
            self.day = day
            self.name = name
        }
    }

    public var days: [Weekday]
    public var open: TimeOfDay
    public var close: TimeOfDay
    /// Weekdays with hours of their own; a day listed here is open even if `days` leaves it out.
    public var byDay: [Weekday: Span]
    /// Closed every open day in between (lunch).
    public var lunch: Span?
    public var closed: [ClosedDate]

    public init(days: [Weekday], open: TimeOfDay, close: TimeOfDay, byDay: [Weekday: Span] = [:], lunch: Span? = nil, closed: [ClosedDate] = []) {
        self.days = days
        self.open = open
        self.close = close
        self.byDay = byDay
        self.lunch = lunch
        self.closed = closed
    }

    /// The hours of a weekday, before the break is taken out; `nil` when closed that day.
    public func hours(on weekday: Weekday) -> Span? {
        byDay[weekday] ?? (days.contains(weekday) ? Span(open: open, close: close) : nil)
    }

    /// The minutes of a weekday the doors are open, the break taken out.
    public func openMinutes(on weekday: Weekday) -> [Range<Int>] {
        guard let day = hours(on: weekday)?.minutes else { return [] }
        guard let lunch = lunch?.minutes, lunch.overlaps(day) else { return [day] }
        return [day.lowerBound..<max(day.lowerBound, lunch.lowerBound), min(day.upperBound, lunch.upperBound)..<day.upperBound].filter { !$0.isEmpty }
    }

    /// The closed date `day` is, if it is one.
    public func closedDate(_ day: LocalDay) -> ClosedDate? {
        closed.first { $0.day == day }
    }

    public func contains(_ date: Date, calendar: OfficeCalendar) -> Bool {
        guard closedDate(calendar.day(of: date)) == nil else { return false }
        let minute = calendar.minuteOfDay(of: date)
        return openMinutes(on: calendar.weekday(of: date)).contains { $0.contains(minute) }
    }

    /// The next moment the doors open after `date`, looking a year ahead; `nil` if never.
    public func nextOpening(after date: Date, calendar: OfficeCalendar) -> Date? {
        let today = calendar.day(of: date), now = calendar.minuteOfDay(of: date)
        for offset in 0...366 {
            let day = offset == 0 ? today : calendar.day(today, adding: offset)
            guard closedDate(day) == nil else { continue }
            let weekday = calendar.weekday(of: calendar.date(day, at: TimeOfDay(minutes: 12 * 60)))
            if let span = openMinutes(on: weekday).first(where: { offset > 0 || $0.lowerBound > now }) {
                return calendar.date(day, at: TimeOfDay(minutes: span.lowerBound))
            }
        }
        return nil
    }

    /// "lun–vie 08:00–17:00 · sáb 08:00–12:00 · almuerzo 12:00–13:00", for screens.
    public func summary(_ language: Language) -> String {
        // Weekdays sharing the same hours go together, in the week's order.
        var groups: [(days: [Weekday], span: Span)] = []
        for day in Weekday.allCases {
            guard let span = hours(on: day) else { continue }
            if let index = groups.firstIndex(where: { $0.span == span }) { groups[index].days.append(day) } else { groups.append(([day], span)) }
        }
        var parts = groups.map { "\(Self.dayList($0.days, language)) \($0.span.open)–\($0.span.close)" }
        if let lunch { parts.append((language == .es ? "almuerzo " : "lunch ") + "\(lunch.open)–\(lunch.close)") }
        return parts.joined(separator: " · ")
    }

    static func dayList(_ days: [Weekday], _ language: Language) -> String {
        let labels = days.map { $0.short(language) }
        let indices = days.compactMap { Weekday.allCases.firstIndex(of: $0) }
        let contiguous = indices.count > 2 && zip(indices, indices.dropFirst()).allSatisfy { $1 == $0 + 1 }
        return contiguous ? "\(labels[0])–\(labels[labels.count - 1])" : labels.joined(separator: ", ")
    }
}

extension Weekday {
    /// "lun", "Mon".
    public func short(_ language: Language) -> String {
        let names: [Weekday: (String, String)] = [
            .mon: ("lun", "Mon"), .tue: ("mar", "Tue"), .wed: ("mié", "Wed"), .thu: ("jue", "Thu"),
            .fri: ("vie", "Fri"), .sat: ("sáb", "Sat"), .sun: ("dom", "Sun"),
        ]
        return names[self].map { language == .es ? $0.0 : $0.1 } ?? rawValue
    }

    /// "lunes", "Monday".
    public func name(_ language: Language) -> String {
        let names: [Weekday: (String, String)] = [
            .mon: ("lunes", "Monday"), .tue: ("martes", "Tuesday"), .wed: ("miércoles", "Wednesday"), .thu: ("jueves", "Thursday"),
            .fri: ("viernes", "Friday"), .sat: ("sábado", "Saturday"), .sun: ("domingo", "Sunday"),
        ]
        return names[self].map { language == .es ? $0.0 : $0.1 } ?? rawValue
    }
}
