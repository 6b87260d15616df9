import AtiendeCore
import Foundation
import Testing

/// Hours as real offices have them: Saturday mornings, a lunch break, holidays.
@Suite struct OpeningHoursTests {
    static func office(_ hours: [String: Any]) throws -> Office {
        var object = try OfficeConfigTests.demoJSON()
        object["hours"] = hours
        return try OfficeConfigTests.parse(object)
    }

    static var real: [String: Any] { [
        "days": ["mon", "tue", "wed", "thu", "fri"], "open": "08:00", "close": "17:00",
        "byDay": ["sat": ["open": "08:00", "close": "12:00"]],
        "lunch": ["open": "12:00", "close": "13:00"],
        "closed": [["date": "2026-12-25", "name": ["es": "Navidad", "en": "Christmas"]], ["date": "2026-12-08", "name": "Inmaculada Concepción"]],
    ] }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func eachDayHasItsHoursTheBreakAndTheHolidays() throws {
        let office = try Self.office(Self.real)
        let hours = office.hours, calendar = office.calendar
        for (time, open) in [
            ("2026-11-23T07:59:00-05:00", false), ("2026-11-23T08:00:00-05:00", true), ("2026-11-23T11:59:00-05:00", true),
            ("2026-11-23T12:30:00-05:00", false), ("2026-11-23T13:00:00-05:00", true), ("2026-11-23T17:00:00-05:00", false),
            ("2026-11-28T09:00:00-05:00", true), ("2026-11-28T12:00:00-05:00", false), ("2026-11-29T10:00:00-05:00", false),
            ("2026-12-25T10:00:00-05:00", false), ("2026-12-24T10:00:00-05:00", true),
        ] {
            #expect(hours.contains(Self.at(time), calendar: calendar) == open, "\(time)")
        }
        #expect(hours.closedDate(LocalDay(year: 2026, month: 12, day: 8))?.name[.en] == "Inmaculada Concepción", "one text serves both languages")
        #expect(hours.summary(.es) == "lun–vie 08:00–17:00 · sáb 08:00–12:00 · almuerzo 12:00–13:00")
        #expect(hours.summary(.en) == "Mon–Fri 08:00–17:00 · Sat 08:00–12:00 · lunch 12:00–13:00")
    }

    @Test func itSaysWhenItOpensNext() throws {
        let office = try Self.office(Self.real)
        for (time, expected) in [
            ("2026-11-23T12:30:00-05:00", "2026-11-23T13:00:00-05:00"),  // after lunch
            ("2026-11-23T06:00:00-05:00", "2026-11-23T08:00:00-05:00"),  // later today
            ("2026-11-28T12:30:00-05:00", "2026-11-30T08:00:00-05:00"),  // Saturday noon: Monday
            ("2026-12-24T18:00:00-05:00", "2026-12-26T08:00:00-05:00"),  // Christmas closed: the Saturday after
        ] {
            #expect(office.hours.nextOpening(after: Self.at(time), calendar: office.calendar) == Self.at(expected), "\(time)")
        }
        let mondays = try Self.office(["days": ["mon"], "open": "08:00", "close": "17:00"])
        #expect(mondays.hours.nextOpening(after: Self.at("2026-11-23T18:00:00-05:00"), calendar: mondays.calendar) == Self.at("2026-11-30T08:00:00-05:00"))
    }

    @Test func aMistakeInTheHoursNamesItsField() throws {
        func error(_ change: (inout [String: Any]) -> Void) throws -> String {
            var hours = Self.real
            change(&hours)
            return try OfficeConfigTests.error { $0["hours"] = hours }
        }
        #expect(try error { $0["byDay"] = ["sábado": ["open": "08:00", "close": "12:00"]] }
            == "office.json: hours.byDay.sábado: unknown day 'sábado'; use mon, tue, wed, thu, fri, sat or sun")
        #expect(try error { $0["byDay"] = ["sat": ["open": "12:00", "close": "08:00"]] }
            == "office.json: hours.byDay.sat.close: closes at 08:00, not after it opens at 12:00")
        #expect(try error { $0["lunch"] = ["open": "13:00"] } == "office.json: hours.lunch.close: is missing")
        #expect(try error { $0["closed"] = [["date": "25/12/2026", "name": "Navidad"]] }
            == "office.json: hours.closed[0].date: '25/12/2026' is not a date; write YYYY-MM-DD, e.g. 2026-12-25")
        #expect(try error { $0["closed"] = [["date": "2026-12-25", "name": "Navidad"], ["date": "2026-12-25", "name": "Otra"]] }
            == "office.json: hours.closed[1].date: 2026-12-25 is listed twice")
        #expect(try error { $0["closed"] = [["date": "2026-12-25"]] } == "office.json: hours.closed[0].name: is missing")
        #expect(try error { $0["holidays"] = [] }.hasPrefix("office.json: hours.holidays: unknown key; expected one of days, open, close, byDay, lunch, closed"))
    }
}
