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

/// The office's notices: from one day to another, in turns, checked like the rest.
@Suite struct NoticeTests {
    @Test func noticesShowOnTheirDaysInTurns() throws {
        var object = try OfficeConfigTests.demoJSON()
        object["notices"] = [
            ["text": ["es": "Hoy cerramos a las 15:00", "en": "Today we close at 15:00"], "from": "2026-12-24", "to": "2026-12-24"],
            ["text": "Usted tiene derecho a presentar peticiones respetuosas"],
        ]
        let office = try OfficeConfigTests.parse(object)
        let monday = OpeningHoursTests.at("2026-11-23T09:00:00-05:00"), christmasEve = OpeningHoursTests.at("2026-12-24T09:00:00-05:00")
        #expect(office.notice(at: monday)?.text[.es] == "Usted tiene derecho a presentar peticiones respetuosas")
        #expect(office.notice(at: monday.addingTimeInterval(Notice.turnSeconds))?.text[.es] == "Usted tiene derecho a presentar peticiones respetuosas", "the only one that day")
        let turns = (0..<4).compactMap { office.notice(at: christmasEve.addingTimeInterval(Double($0) * Notice.turnSeconds))?.text[.en] }
        #expect(Set(turns) == ["Today we close at 15:00", "Usted tiene derecho a presentar peticiones respetuosas"] && turns[0] != turns[1], "\(turns)")
        #expect(try OfficeConfigTests.parse(try OfficeConfigTests.demoJSON()).notice(at: monday) == nil)
    }

    @Test func aMistakeInANoticeNamesItsField() throws {
        #expect(try OfficeConfigTests.error { $0["notices"] = [["text": "x", "from": "2026-12-24", "to": "2026-12-23"]] }
            == "office.json: notices[0].to: ends on 2026-12-23, before it starts on 2026-12-24")
        #expect(try OfficeConfigTests.error { $0["notices"] = [["text": "x", "from": "mañana"]] }
            == "office.json: notices[0].from: 'mañana' is not a date; write YYYY-MM-DD, e.g. 2026-12-25")
        #expect(try OfficeConfigTests.error { $0["notices"] = [["from": "2026-12-24"]] } == "office.json: notices[0].text: is missing")
        #expect(try OfficeConfigTests.error { $0["notices"] = Array(repeating: ["text": "x"], count: 11) }
            == "office.json: notices: has 11 items; at most 10 are taken")
    }
}
