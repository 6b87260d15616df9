import AtiendeCore
import Foundation
import KioskModel
import Testing

/// A closed service's card says why and when it opens, in plain words, not a timetable.
@Suite struct ClosedServiceTests {
    @Test func aClosedCardSaysWhenItOpensNext() throws {
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/office.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: demo)) as? [String: Any] ?? [:]
        object["hours"] = [
            "days": ["mon", "tue", "wed", "thu", "fri"], "open": "08:00", "close": "17:00",
            "byDay": ["sat": ["open": "08:00", "close": "12:00"]], "lunch": ["open": "12:00", "close": "13:00"],
            "closed": [["date": "2026-12-25", "name": ["es": "Navidad", "en": "Christmas"]]],
        ]
        let office = try OfficeConfig.parse(try JSONSerialization.data(withJSONObject: object), file: "office.json")
        func card(_ time: String, _ language: Language = .es) -> String {
            KioskText(language).closed(office.hours, at: ISO8601DateFormatter().date(from: time)!, calendar: office.calendar)
        }
        #expect(card("2026-11-23T12:30:00-05:00") == "Cerrado · abre hoy a las 13:00")
        #expect(card("2026-11-23T17:30:00-05:00") == "Cerrado · abre mañana a las 08:00")
        #expect(card("2026-11-28T12:30:00-05:00") == "Cerrado · abre el lunes 30 a las 08:00")
        #expect(card("2026-12-25T10:00:00-05:00") == "Cerrado hoy: Navidad · abre mañana a las 08:00")
        #expect(card("2026-12-25T10:00:00-05:00", .en) == "Closed today: Christmas · opens tomorrow at 08:00")
        #expect(card("2026-11-28T12:30:00-05:00", .en) == "Closed · opens Monday 30 at 08:00")
    }
}
