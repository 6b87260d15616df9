import AtiendeCore
import Foundation
import Testing

@Suite struct OfficeConfigTests {
    /// The demo office shipped in Assets/.
    static func demoJSON() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/office.json")
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func parse(_ object: [String: Any]) throws(ConfigError) -> Office {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return try OfficeConfig.parse(data, file: "office.json")
    }

    static func error(_ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try demoJSON()
        change(&object)
        do {
            _ = try parse(object)
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func theDemoOfficeIsValidAndAsDescribed() throws {
        let office = try Self.parse(try Self.demoJSON())
        #expect(office.name[.es] == "Defensoría del Pueblo — Centro de Atención al Usuario")
        #expect(office.timeZone.identifier == "America/Bogota")
        #expect(office.targetWaitMinutes == 15)
        #expect(office.priorityHeadStartMinutes == 10)
        #expect((4...5).contains(office.services.count))
        #expect(office.desks.count == 4)
        #expect(office.hours == OpeningHours(days: [.mon, .tue, .wed, .thu, .fri], open: TimeOfDay("08:00")!, close: TimeOfDay("17:00")!))
        for service in office.services {
            #expect(!service.name[.en].isEmpty && service.name[.en] != service.name[.es], "\(service.code) has an English name")
            #expect(!(service.bring[.es] ?? []).isEmpty, "\(service.code) says what to bring")
        }
        // Desks overlap: every service is served by at least two desks.
        for service in office.services {
            #expect(office.desks.count { $0.serves(service.code) } >= 2)
        }
    }

    @Test func unknownKeyIsNamed() throws {
        let message = try Self.error { $0["targetWait"] = 15 }
        #expect(message.hasPrefix("office.json: targetWait: unknown key; expected one of name, shortName"))
    }

    @Test func unknownKeyInsideAServiceIsNamedWithItsPath() throws {
        let message = try Self.error { o in
            var services = o["services"] as! [[String: Any]]
            services[1]["colour"] = "red"
            o["services"] = services
        }
        #expect(message.hasPrefix("office.json: services[1].colour: unknown key"))
    }

    @Test func duplicateServiceCodes() throws {
        let message = try Self.error { o in
            var services = o["services"] as! [[String: Any]]
            services[2]["code"] = "A"
            o["services"] = services
        }
        #expect(message == "office.json: services[2].code: duplicate code 'A' (already used by services[0])")
    }

    static func configError(_ change: (inout [String: Any]) -> Void) throws -> ConfigError? {
        var object = try demoJSON()
        change(&object)
        do {
            _ = try parse(object)
            return nil
        } catch {
            return error
        }
    }

    /// Broken configs, one mistake each, as an admin could make them on the page or in the file.
    static let mistakes: [(String, @Sendable (inout [String: Any]) -> Void)] = [
        ("unknown key", { $0["targetWait"] = 15 }),
        ("missing", { $0["hours"] = ["days": ["mon"], "open": "08:00"] }),
        ("not text", { $0["name"] = 3 }),
        ("too long", { $0["shortName"] = String(repeating: "x", count: 41) }),
        ("control character", { $0["name"] = "Oficina\ncentral" }),
        ("not a whole number", { $0["targetWaitMinutes"] = "quince" }),
        ("out of range", { $0["targetWaitMinutes"] = 0 }),
        ("not true or false", { $0["outcomeRequired"] = "sí" }),
        ("not a list", { $0["languages"] = "es" }),
        ("empty list", { $0["languages"] = [String]() }),
        ("no Spanish", { $0["name"] = ["en": "Office"] }),
        ("time zone", { $0["timeZone"] = "Marte/Base" }),
        ("address", { $0["publicAddress"] = "turnos" }),
        ("time", { $0["hours"] = ["days": ["mon"], "open": "8 am", "close": "17:00"] }),
        ("order", { $0["hours"] = ["days": ["mon"], "open": "17:00", "close": "08:00"] }),
        ("day", { $0["hours"] = ["days": ["lunes"], "open": "08:00", "close": "17:00"] }),
        ("date", { $0["notices"] = [["text": "Aviso", "from": "24/12/2026"]] }),
        ("language", { $0["languages"] = ["es", "fr"] }),
        ("token", { $0["access"] = ["kiosk": "corta"] }),
        ("PIN", { $0["screens"] = ["kioskExitPIN": "12"] }),
        ("service code", { o in
            var services = o["services"] as! [[String: Any]]
            services[0]["code"] = "a1"
            o["services"] = services
        }),
        ("desk id", { o in
            var desks = o["desks"] as! [[String: Any]]
            desks[0]["id"] = "ventanilla número uno"
            o["desks"] = desks
        }),
    ]

    @Test(arguments: mistakes.indices)
    func everyMistakeIsToldInSpanishToo(_ index: Int) throws {
        let (name, change) = Self.mistakes[index]
        let error = try #require(try Self.configError(change), "\(name) was accepted")
        #expect(error.problemInSpanish != error.problem, "\(name)")
        let spanish = error.description(in: .es)
        for english in [" the ", "expected", " is ", " use an", " use one", "write", "must", "found"] {
            #expect(!spanish.contains(english), "\(name): \(spanish)")
        }
    }

    @Test func thePageNamesAFieldAsItShowsIt() throws {
        let error = try #require(try Self.configError { o in
            var services = o["services"] as! [[String: Any]]
            services[2]["code"] = "A"
            o["services"] = services
        })
        #expect(error.shown(in: .es) == "Servicios, fila 3 · Código (services[2].code): la letra A ya es del servicio 1 («Orientación y asesoría»): elija otra")
        #expect(error.shown(in: .en) == "Services, row 3 · Code (services[2].code): duplicate code 'A' (already used by services[0])")
        #expect(ConfigFieldName.of("hours.closed[1].date", in: .es) == "Horario · Días cerrados, línea 2 · Fecha")
        #expect(ConfigFieldName.of("hours.byDay.sat.open", in: .es) == "Horario · Por día · Sábado · Abre")
        #expect(ConfigFieldName.of("desks[0].label.en", in: .es) == "Ventanillas, fila 1 · Nombre · En inglés")
        #expect(ConfigFieldName.of("targetWaitMinutes", in: .en) == "Wait target (minutes)")
    }

    @Test func deskNamingAnUnknownService() throws {
        let message = try Self.error { o in
            var desks = o["desks"] as! [[String: Any]]
            desks[3]["services"] = ["D", "Q"]
            o["desks"] = desks
        }
        #expect(message == "office.json: desks[3].services[1]: unknown service 'Q'; the services are A, B, C, D")
    }

    @Test func badHours() throws {
        #expect(try Self.error { $0["hours"] = ["days": ["mon"], "open": "17:00", "close": "08:00"] }
            == "office.json: hours.close: closes at 08:00, not after it opens at 17:00")
        #expect(try Self.error { $0["hours"] = ["days": ["mon"], "open": "8am", "close": "17:00"] }
            == "office.json: hours.open: '8am' is not a time; write HH:MM, e.g. 08:00")
        #expect(try Self.error { $0["hours"] = ["days": ["lunes"], "open": "08:00", "close": "17:00"] }
            .hasPrefix("office.json: hours.days[0]: unknown day 'lunes'"))
    }

    @Test func aTargetOfZeroIsRefused() throws {
        #expect(try Self.error { $0["targetWaitMinutes"] = 0 }
            == "office.json: targetWaitMinutes: 0 is out of range; use 1 to 240 minutes")
    }

    @Test func thePromiseThresholdIsAPercentage() throws {
        #expect(try Self.error { $0["promiseThresholdPercent"] = 0 }
            == "office.json: promiseThresholdPercent: 0 is out of range; use 1 to 100 percent")
        var object = try Self.demoJSON()
        #expect(try Self.parse(object).promiseThresholdPercent == 90, "90 by default")
        object["promiseThresholdPercent"] = 80
        #expect(try Self.parse(object).promiseThresholdPercent == 80)
    }

    @Test func wrongKindsAndMissingFields() throws {
        #expect(try Self.error { $0["targetWaitMinutes"] = "15" }
            == "office.json: targetWaitMinutes: expected a whole number of minutes, found text")
        #expect(try Self.error { $0["desks"] = nil } == "office.json: desks: is missing")
        #expect(try Self.error { $0["timeZone"] = "Bogota" }
            .hasPrefix("office.json: timeZone: unknown time zone 'Bogota'"))
        #expect(try Self.error { $0["services"] = [] } == "office.json: services: must not be empty")
    }

    @Test func brokenJSONSaysSo() {
        #expect(throws: ConfigError.self) { try OfficeConfig.parse(Data("{\"name\": ".utf8), file: "office.json") }
        do {
            _ = try OfficeConfig.parse(Data("{\"name\": ".utf8), file: "office.json")
        } catch {
            #expect(error.description.hasPrefix("office.json: is not valid JSON"))
            #expect(!error.description.contains("\n"))
        }
    }
}

@Suite struct OfficeCalendarTests {
    let calendar = Fixtures.office.calendar

    @Test func theDayFollowsTheOfficeTimeZone() {
        // 03:00 UTC on the 24th is still 22:00 on the 23rd in Bogotá.
        let lateEvening = Date(timeIntervalSince1970: 1_795_489_200)
        #expect(calendar.day(of: lateEvening) == LocalDay(year: 2026, month: 11, day: 23))
        #expect(calendar.hour(of: lateEvening) == 22)
        #expect(calendar.day(of: lateEvening.addingTimeInterval(2 * 3600)).description == "2026-11-24")
    }

    @Test func openingHours() {
        let office = Fixtures.office
        let service = office.services[0]
        #expect(office.isOpen(service, at: Fixtures.nine))
        #expect(!office.isOpen(service, at: Fixtures.at(minutes: 8 * 60)), "17:00 is closed")
        #expect(!office.isOpen(service, at: Fixtures.at(minutes: -61)), "07:59 is closed")
        #expect(!office.isOpen(service, at: Fixtures.at(minutes: 5 * 24 * 60)), "Saturday is closed")
        #expect(office.hours.summary(.es) == "lun–vie 08:00–17:00")
    }

    @Test func localDaysParse() {
        #expect(LocalDay("2026-02-28")?.description == "2026-02-28")
        #expect(LocalDay("2026-02-30") == nil)
        #expect(LocalDay("26-1-1") == nil)
        #expect(calendar.day(LocalDay(year: 2026, month: 12, day: 31), adding: 1).description == "2027-01-01")
    }
}
