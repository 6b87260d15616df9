import AtiendeCore
import Foundation
import Testing

/// Requests from every channel: their numbers, their checks, the deadline for first contact
/// and the tries to make it (docs/domain.md, "Requests and the 24-hour promise").
@Suite struct RequestRulesTests {
    static let office: Office = {
        var office = Fixtures.office
        office.hours = OpeningHours(days: [.mon, .tue, .wed, .thu, .fri], open: TimeOfDay(minutes: 8 * 60), close: TimeOfDay(minutes: 17 * 60))
        return office
    }()
    /// Friday 2026-11-27, 16:30 in Bogotá.
    static let fridayLate = Date(timeIntervalSince1970: 1_795_442_400 + 4 * 86_400 + 7.5 * 3600)

    @Test func aNumberReadsAsItIsWrittenAndAsPeopleTypeIt() {
        let number = RequestNumber(year: 2026, sequence: 123)
        #expect(number.description == "S-2026-000123")
        #expect(RequestNumber(parsing: "s-2026-123") == number && RequestNumber(parsing: "S2026000123") == number)
        #expect(RequestNumber(parsing: "A-001") == nil && RequestNumber(parsing: "S-2026-0") == nil && RequestNumber(parsing: "S-２０２６-1") == nil)
        #expect(RequestNumber(year: 2026, sequence: 1_234_567).description == "S-2026-1234567")
    }

    @Test func aPhoneRequestGetsTheNextNumberOfItsYearAndTwentyFourHours() throws {
        let draft = RequestDraft(channel: .phone, service: "B", summary: "  Queja por demora en respuesta  ", name: "Ana", phone: "601 555 0123")
        let request = try RequestRules.register(draft, office: Self.office, at: Self.fridayLate, by: "laura", lastSequence: 41)
        #expect(request.number.description == "S-2026-000042")
        #expect(request.summary == "Queja por demora en respuesta")
        #expect(request.assignee == "laura" && request.receivedBy == "laura", "taken by the official who registered it")
        #expect(request.deadline == Self.fridayLate.addingTimeInterval(24 * 3600))
        #expect(request.promise(at: Self.fridayLate) == .pending)
        #expect(request.promise(at: request.deadline.addingTimeInterval(1)) == .overdue)
    }

    /// Received on a Friday at 16:30, counting opening hours only (Monday to Friday, 8 to 17):
    /// half an hour on Friday, nine on Monday, nine on Tuesday, and the last five and a half
    /// on Wednesday, by 13:30.
    @Test func countingOpeningHoursOnlyAFridayRequestIsDueOnWednesday() throws {
        var office = Self.office
        office.requests = RequestSettings(firstContactHours: 24, countOpeningHoursOnly: true)
        let deadline = RequestRules.deadline(receivedAt: Self.fridayLate, office: office)
        #expect(office.calendar.day(of: deadline) == LocalDay(year: 2026, month: 12, day: 2))
        #expect(office.calendar.minuteOfDay(of: deadline) == 13 * 60 + 30)
        // With a lunch break, the break does not count: 8 open hours a day, Wednesday at 16:30.
        office.hours.lunch = OpeningHours.Span(open: TimeOfDay(minutes: 12 * 60), close: TimeOfDay(minutes: 13 * 60))
        let later = RequestRules.deadline(receivedAt: Self.fridayLate, office: office)
        #expect(office.calendar.day(of: later) == LocalDay(year: 2026, month: 12, day: 2))
        #expect(office.calendar.minuteOfDay(of: later) == 16 * 60 + 30)
    }

    @Test func aRequestFromAfarNeedsAWayToReachThePersonAndSaysWhatIsWrong() {
        let office = Self.office
        #expect(throws: RequestError.self) {
            try RequestRules.register(RequestDraft(channel: .email, service: "B", summary: "x"), office: office, at: Self.fridayLate, by: nil, lastSequence: 0)
        }
        do {
            _ = try RequestRules.register(RequestDraft(channel: .phone, service: "B", summary: "x", phone: "12"), office: office, at: Self.fridayLate, by: nil, lastSequence: 0)
        } catch {
            #expect(error.description(in: .es) == "teléfono: '12' no es un teléfono: de 6 a 15 dígitos, como 601 555 0123")
        }
        #expect(throws: RequestError.self) {
            try RequestRules.register(RequestDraft(channel: .email, service: "B", summary: "x", email: "ana@"), office: office, at: Self.fridayLate, by: nil, lastSequence: 0)
        }
        #expect(throws: RequestError.self) {
            try RequestRules.register(RequestDraft(channel: .inPerson, service: "Z", summary: "x"), office: office, at: Self.fridayLate, by: nil, lastSequence: 0)
        }
        // In person, the person is there: no way to reach them is needed.
        #expect(throws: Never.self) {
            try RequestRules.register(RequestDraft(channel: .inPerson, service: "B", summary: "Pide copia"), office: office, at: Self.fridayLate, by: nil, lastSequence: 0)
        }
    }

    @Test func theFirstTimeThePersonIsReachedMeetsOrMissesThePromise() throws {
        let lost = RequestDraft(channel: .lostCall, service: "A", summary: "Llamada perdida", phone: "3001234567")
        var request = try RequestRules.register(lost, office: Self.office, at: Self.fridayLate, by: "recepcion", lastSequence: 0)
        #expect(request.assignee == nil, "a lost call waits for whoever takes it")
        let saturday = Self.fridayLate.addingTimeInterval(18 * 3600)
        request = try RequestRules.contact(request, result: .noAnswer, note: nil, next: saturday.addingTimeInterval(3600), at: saturday, by: "eva")
        #expect(request.promise(at: saturday) == .pending && request.firstContactAt == nil && request.assignee == nil)
        #expect(throws: RequestError.self) { try RequestRules.contact(request, result: .noAnswer, note: nil, next: saturday, at: saturday, by: "eva") }
        let reached = saturday.addingTimeInterval(2 * 3600)
        request = try RequestRules.contact(request, result: .reached, note: "Se le explicó el trámite", next: nil, at: reached, by: "eva")
        #expect(request.firstContactAt == reached && request.promise(at: reached) == .met && request.assignee == "eva")
        #expect(request.attempts.count == 2)
        let late = try RequestRules.contact(
            try RequestRules.register(lost, office: Self.office, at: Self.fridayLate, by: nil, lastSequence: 1), result: .reached, note: nil, next: nil,
            at: Self.fridayLate.addingTimeInterval(25 * 3600), by: "eva")
        #expect(late.promise(at: Self.fridayLate.addingTimeInterval(30 * 3600)) == .missed)
    }
}

extension RequestRulesTests {
    static func config(requests: String) -> Data {
        Data(#"""
            {"name": {"es": "Sur"}, "timeZone": "America/Bogota", "hours": {"days": ["mon"], "open": "08:00", "close": "17:00"},
             "services": [{"code": "A", "name": {"es": "Orientación"}, "description": {"es": "Dudas"}}],
             "desks": [{"id": "1", "label": {"es": "Ventanilla 1"}, "services": ["A"]}], "requests": \#(requests)}
            """#.utf8)
    }

    @Test func theOfficeConfigSetsThePromiseAndRefusesWhatItCannotUse() throws {
        let office = try OfficeConfig.parse(Self.config(requests: #"{"firstContactHours": 8, "countOpeningHoursOnly": true}"#), file: "office.json")
        #expect(office.requests == RequestSettings(firstContactHours: 8, countOpeningHoursOnly: true))
        #expect(throws: ConfigError.self) { try OfficeConfig.parse(Self.config(requests: #"{"firstContactHours": 0}"#), file: "office.json") }
        #expect(throws: ConfigError.self) { try OfficeConfig.parse(Self.config(requests: #"{"hours": 8}"#), file: "office.json") }
    }
}

extension RequestRulesTests {
    /// The promise measured like the waiting room: reached in time, late, still in time (counted
    /// neither way) and overdue; times to first contact and the tries it took.
    @Test func theReportMeasuresThePromisePerChannelServiceAndOfficial() throws {
        let office = Self.office, day = office.calendar.day(of: Self.fridayLate)
        func request(_ sequence: Int, _ channel: RequestChannel, _ service: ServiceCode, hoursAgo: Double, by: StaffUser, reached: [Double] = []) throws -> ServiceRequest {
            let at = Self.fridayLate.addingTimeInterval(-hoursAgo * 3600)
            var r = try RequestRules.register(RequestDraft(channel: channel, service: service, summary: "x", phone: "601 555 0123", assignee: by),
                                              office: office, at: at, by: by, lastSequence: sequence - 1)
            r.attempts = reached.enumerated().map { i, h in
                ContactAttempt(at: at.addingTimeInterval(h * 3600), by: by, result: i == reached.count - 1 ? .reached : .noAnswer)
            }
            return r
        }
        // Received on Friday (the fixed clock is Friday 16:30); a day later it is Saturday 17:30.
        let now = Self.fridayLate.addingTimeInterval(25 * 3600)
        let all = [
            try request(1, .phone, "A", hoursAgo: 8, by: "laura", reached: [1, 2]),  // reached after 2 h, second try
            try request(2, .phone, "A", hoursAgo: 8, by: "laura", reached: [30]),  // reached late (30 h)
            try request(3, .email, "B", hoursAgo: 0.5, by: "pedro"),  // still in time at 17:30 Saturday? no: due 16:00 Saturday
            try request(4, .lostCall, "B", hoursAgo: 0, by: "pedro"),  // due Saturday 16:30: overdue at 17:30
        ]
        let report = RequestReport.make(all, from: day, to: day, calendar: office.calendar, now: now)
        #expect(report.office.received == 4 && report.office.contactedInTime == 1 && report.office.contactedLate == 1)
        #expect(report.office.overdue == 2 && report.office.open == 2)
        #expect(report.office.inTimePercent == 25, "1 of the 4 whose outcome is known")
        #expect(report.office.medianHoursToContact == 16 && report.office.p90HoursToContact == 30)
        #expect(report.office.attemptsPerFirstContact == 1.5)
        #expect(report.byChannel[.phone]?.received == 2 && report.byChannel[.lostCall]?.overdue == 1)
        #expect(report.byOfficial["laura"]?.inTimePercent == 50 && report.byService["B"]?.contactedInTime == 0)
        let early = RequestReport.make(all, from: day, to: day, calendar: office.calendar, now: Self.fridayLate.addingTimeInterval(3600))
        #expect(early.byOfficial["pedro"]?.inTimePercent == nil, "both still in time: nothing known yet")
        #expect(RequestReport.make(all, from: office.calendar.day(day, adding: 1), to: office.calendar.day(day, adding: 1), calendar: office.calendar, now: now)
            .office.received == 0, "another day received none")
    }
}
