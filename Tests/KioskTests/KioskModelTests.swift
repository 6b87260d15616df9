import AtiendeCore
import AtiendeQueue
import Foundation
@testable import KioskModel
import Testing

enum KioskDemo {
    static let office: Office = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/office.json")
        return try! OfficeConfig.parse(try! Data(contentsOf: url), file: "office.json")
    }()
    /// Monday 2026-11-23, 09:00 in Bogotá.
    static let nine = Date(timeIntervalSince1970: 1_795_442_400)

    static func snapshot(openDesks: Int = 2, at date: Date = nine, office: Office = office) -> QueueSnapshot {
        QueueSnapshot(
            takenAt: date, day: office.calendar.day(of: date),
            services: office.services.map { .init(code: $0.code, waiting: 3, longestWaitSeconds: 60, estimatedWaitMinutes: 5, openDesks: openDesks) },
            desks: office.desks.map { .init(id: $0.id, state: .idle) }, recentCalls: [], today: Indicators())
    }

    static func ready(at date: Date = nine, language: Language? = nil, office: Office = office) -> KioskModel {
        var model = KioskModel(language: language, now: date)
        model.receive(snapshot(at: date, office: office), office: office, at: date)
        return model
    }

    /// A municipal office: six services with long names, in both languages.
    static let municipal: Office = {
        func service(_ code: String, _ es: String, _ en: String, _ esDetail: String, _ enDetail: String) -> String {
            #"{"code": "\#(code)", "name": {"es": "\#(es)", "en": "\#(en)"}, "description": {"es": "\#(esDetail)", "en": "\#(enDetail)"}, "bring": {"es": ["Su documento de identidad", "El recibo del impuesto predial del último año, si lo tiene"], "en": ["Your identity document", "Last year's property tax receipt, if you have it"]}}"#
        }
        let services = [
            service("L", "Licencias de construcción y urbanismo", "Building and planning permits", "Solicite o consulte su licencia de obra", "Apply for or check your building permit"),
            service("M", "Impuesto predial y de industria y comercio", "Property and business taxes", "Pague, revise o corrija sus impuestos", "Pay, review or correct your taxes"),
            service("N", "Certificados de residencia y de estratificación", "Residence and social stratum certificates", "Pida el certificado que le solicitaron", "Ask for the certificate you were asked for"),
            service("P", "Peticiones, quejas, reclamos y sugerencias", "Petitions, complaints, claims and suggestions", "Cuéntenos qué pasó y registramos su caso", "Tell us what happened and we open your case"),
            service("R", "Registro de víctimas y atención psicosocial", "Victims' registry and psychosocial support", "Le orientamos con respeto y confidencialidad", "We guide you with respect and confidentiality"),
            service("S", "Subsidios de vivienda y programas sociales", "Housing grants and social programmes", "Inscríbase o consulte su postulación", "Sign up or check your application"),
        ]
        let json = """
            {"name": {"es": "Alcaldía Municipal — Centro de Atención a la Ciudadanía", "en": "Town Hall — Citizen Service Centre"},
             "shortName": {"es": "la Alcaldía Municipal", "en": "the Town Hall"}, "timeZone": "America/Bogota", "languages": ["es", "en"],
             "hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "07:00", "close": "17:00"},
             "services": [\(services.joined(separator: ","))],
             "desks": [{"id": "1", "label": {"es": "Ventanilla 1", "en": "Desk 1"}, "services": ["L", "M", "N", "P", "R", "S"]}]}
            """
        return try! OfficeConfig.parse(Data(json.utf8), file: "municipal.json")
    }()

    /// A visit link's token as the store makes them (128 random bits, base64url).
    static let token = "k3Zq9VwP0sXyT1bR7mN4aQ"
    /// The server's address on the office's network, as a kiosk would be started with it.
    static let server = "http://192.168.1.20:8080"

    static func place(_ number: String, ahead: Int = 2, state: TicketState = .waiting, desk: DeskID? = nil, token: String? = nil) -> TicketPlace {
        var ticket = Ticket(number: TicketNumber(parsing: number)!, day: office.calendar.day(of: nine), issuedAt: nine)
        if state != .waiting { try? ticket.apply(.call(desk: desk ?? "3"), at: nine) }
        if state == .done { try? ticket.apply(.start, at: nine); try? ticket.apply(.finish, at: nine) }
        return TicketPlace(ticket: ticket, ahead: ahead, estimatedWaitMinutes: 6, visitToken: token)
    }
}

@Suite struct KioskModelTests {
    let t = KioskDemo.nine

    @Test func twoTouchesGiveATicket() {
        var model = KioskDemo.ready()
        #expect(model.tap(.service("B"), at: t).isEmpty)
        #expect(model.screen == .service("B"))
        #expect(model.tap(.take(preferential: true), at: t.addingTimeInterval(2)) == [.issue("B", preferential: true)])
        #expect(model.screen == .issuing("B"))
    }

    @Test func aDoubleOrTripleTapIssuesExactlyOneTicket() {
        var model = KioskDemo.ready()
        _ = model.tap(.service("A"), at: t)
        var effects: [KioskModel.Effect] = []
        for i in 0..<3 { effects += model.tap(.take(preferential: false), at: t.addingTimeInterval(1 + Double(i) * 0.05)) }
        #expect(effects.count == 1)
        model.issued(KioskDemo.place("A-004"), printFailed: false, at: t.addingTimeInterval(1.2))
        // The rest of a quick multi-tap lands on the ticket screen: ignored while it settles.
        effects += model.tap(.anywhere, at: t.addingTimeInterval(1.3))
        effects += model.tap(.take(preferential: false), at: t.addingTimeInterval(1.4))
        #expect(effects.count == 1)
        if case .ticket = model.screen {} else { Issue.record("still on the ticket screen, got \(model.screen)") }
    }

    /// A touch on the number never takes it away: only "Listo" or the time does, and
    /// "Más tiempo" adds a minute as often as asked (WCAG 2.2.1: at least ten times).
    @Test func theTicketScreenStaysUntilDoneOrItsTimeAndMoreTimeExtendsIt() {
        var model = KioskDemo.ready()
        _ = model.tap(.service("A"), at: t)
        _ = model.tap(.take(preferential: false), at: t)
        model.issued(KioskDemo.place("A-004"), printFailed: false, at: t)
        _ = model.tap(.anywhere, at: t.addingTimeInterval(3))
        #expect(model.screen.isTicket, "a touch on the number keeps it")
        #expect(model.timeoutWarning(at: t.addingTimeInterval(19)) == nil)
        #expect(model.timeoutWarning(at: t.addingTimeInterval(21)) == 9, "warned 10 s before")
        var at = t.addingTimeInterval(25)
        for _ in 0..<10 {
            _ = model.tap(.moreTime, at: at)
            at += KioskModel.moreTimeSeconds - 1
            model.tick(at: at)
            #expect(model.screen.isTicket)
        }
        #expect(at.timeIntervalSince(t) >= 10 * KioskModel.ticketSeconds, "ten extensions: \(at.timeIntervalSince(t)) s in all")
        model.tick(at: at.addingTimeInterval(60))
        #expect(model.screen == .home)

        _ = model.tap(.service("A"), at: t.addingTimeInterval(2000))
        _ = model.tap(.take(preferential: false), at: t.addingTimeInterval(2000))
        model.issued(KioskDemo.place("A-005"), printFailed: false, at: t.addingTimeInterval(2000))
        _ = model.tap(.done, at: t.addingTimeInterval(2003))
        #expect(model.screen == .home)
    }

    @Test func aScreenWarnsTenSecondsBeforeItGoesHome() {
        var model = KioskDemo.ready()
        _ = model.tap(.service("C"), at: t)
        #expect(model.timeoutWarning(at: t.addingTimeInterval(49)) == nil)
        #expect(model.timeoutWarning(at: t.addingTimeInterval(50)) == 10)
        _ = model.tap(.anywhere, at: t.addingTimeInterval(55))
        #expect(model.timeoutWarning(at: t.addingTimeInterval(56)) == nil, "a touch gives the time back")
    }

    /// Each visitor starts afresh: the office's first language, normal text, no voice.
    @Test func theNextVisitorStartsInTheOfficesFirstLanguage() {
        var model = KioskDemo.ready()
        #expect(model.language == .es)
        _ = model.tap(.language(.en), at: t)
        _ = model.tap(.largeText, at: t)
        _ = model.tap(.service("A"), at: t)
        _ = model.tap(.take(preferential: false), at: t)
        model.issued(KioskDemo.place("A-004"), printFailed: false, at: t)
        #expect(model.language == .en && model.largeText)
        _ = model.tap(.done, at: t.addingTimeInterval(5))
        #expect(model.language == .es && !model.largeText && model.screen == .home)
        // Left on the home screen in English: warned, then back to Spanish after a minute.
        _ = model.tap(.language(.en), at: t.addingTimeInterval(10))
        #expect(model.timeoutWarning(at: t.addingTimeInterval(62)) == 8)
        model.tick(at: t.addingTimeInterval(71))
        #expect(model.language == .es)
    }

    /// With read-aloud on, a touch says the item and a second touch chooses it.
    @Test func readAloudSpeaksEachScreenAndTouchToHearThenChoose() {
        var model = KioskDemo.ready()
        _ = model.tap(.listen, at: t)
        let home = model.takeSpeech().joined()
        #expect(home.contains("Buenos días") && home.contains("Servicio A, Orientación y asesoría") && home.contains("Toque una vez para escuchar"))
        // How to use it comes right after the greeting, before the services.
        #expect(home.hasPrefix("Buenos días, bienvenidos a la Defensoría del Pueblo. Toque una vez para escuchar"), "\(home)")
        #expect(model.tap(.service("B"), at: t.addingTimeInterval(1)).isEmpty)
        #expect(model.screen == .home, "the first touch only speaks")
        let said = model.takeSpeech().joined()
        #expect(said.contains("Presentar una queja") && said.contains("Traiga:") && said.contains("Toque otra vez para elegir"))
        _ = model.tap(.service("B"), at: t.addingTimeInterval(2))
        #expect(model.screen == .service("B"))
        #expect(model.takeSpeech().joined().contains("Elija turno normal"))
        _ = model.tap(.take(preferential: true), at: t.addingTimeInterval(3))
        #expect(model.tap(.take(preferential: true), at: t.addingTimeInterval(4)) == [.issue("B", preferential: true)])
        _ = model.takeSpeech()
        model.issued(KioskDemo.place("B-007", ahead: 3), printFailed: false, at: t.addingTimeInterval(5))
        let ticket = model.takeSpeech().joined()
        #expect(ticket.contains("Su turno: B cero cero siete") && ticket.contains("3 personas antes que usted") && ticket.contains("Espera estimada"))
        _ = model.tap(.hearAgain, at: t.addingTimeInterval(8))
        _ = model.tap(.hearAgain, at: t.addingTimeInterval(9))
        #expect(model.takeSpeech().last?.contains("B cero cero siete") == true, "repeated on request")
        // Keys speak and type at once.
        var check = KioskDemo.ready()
        _ = check.tap(.listen, at: t)
        _ = check.tap(.checkMyTurn, at: t)
        _ = check.tap(.checkMyTurn, at: t)
        _ = check.takeSpeech()
        _ = check.tap(.key("C"), at: t)
        _ = check.tap(.key("4"), at: t)
        #expect(check.screen == .check(typed: "C4"))
        #expect(check.takeSpeech() == ["C", "cuatro"])
    }

    /// A locked kiosk's staff exit: the right PIN leaves, a wrong one goes home; without
    /// a PIN in the config there is no way out but stopping the service.
    @Test func theStaffExitNeedsTheOfficesPIN() {
        var office = KioskDemo.office
        office.screens.kioskExitPIN = "2468"
        var model = KioskDemo.ready(office: office)
        model.askStaffPIN(at: t)
        #expect(model.screen == .staffExit(typed: ""))
        for key in ["1", "3", "5", "7"] { _ = model.tap(.key(Character(key)), at: t) }
        #expect(model.screen == .staffExit(typed: "1357"))
        #expect(model.tap(.submit, at: t).isEmpty && model.screen == .home, "a wrong PIN goes home")
        model.askStaffPIN(at: t)
        for key in ["2", "4", "6", "8"] { _ = model.tap(.key(Character(key)), at: t) }
        #expect(model.tap(.submit, at: t) == [.leave])
        var noPIN = KioskDemo.ready()
        noPIN.askStaffPIN(at: t)
        #expect(noPIN.screen == .home)
    }

    @Test func paging() {
        var model = KioskDemo.ready(office: KioskDemo.municipal)
        model.servicesPerPage = 4
        #expect(model.homePage.services.map(\.code) == ["L", "M", "N", "P"] && model.homePage.pages == 2)
        _ = model.tap(.page(forward: true), at: t)
        #expect(model.homePage.services.map(\.code) == ["R", "S"])
        _ = model.tap(.page(forward: true), at: t)
        #expect(model.homePage.page == 1)
        _ = model.tap(.service("S"), at: t)
        _ = model.tap(.back, at: t)
        #expect(model.homePage.page == 0, "home starts at the first page")
    }

    @Test func anAbandonedScreenReturnsHome() {
        var model = KioskDemo.ready()
        _ = model.tap(.service("C"), at: t)
        model.tick(at: t.addingTimeInterval(59))
        #expect(model.screen == .service("C"))
        model.tick(at: t.addingTimeInterval(60))
        #expect(model.screen == .home)
    }

    @Test(arguments: [(7, "Buenos días"), (11, "Buenos días"), (12, "Buenas tardes"), (18, "Buenas tardes"), (19, "Buenas noches"), (2, "Buenas noches")])
    func theGreetingFollowsTheOfficeClock(hour: Int, greeting: String) {
        let at = t.addingTimeInterval(Double(hour - 9) * 3600)
        #expect(KioskDemo.ready(at: at).greeting(at: at) == "\(greeting), bienvenidos a la Defensoría del Pueblo")
    }

    @Test func closedServicesIssueNothing() {
        // Outside hours: 07:30.
        let early = t.addingTimeInterval(-90 * 60)
        var model = KioskDemo.ready(at: early)
        #expect(!model.isOpen("A", at: early))
        #expect(model.tap(.service("A"), at: early).isEmpty)
        #expect(model.screen == .home)
        // Within hours but no open desk.
        var noDesk = KioskModel(language: .es, now: t)
        noDesk.receive(KioskDemo.snapshot(openDesks: 0), office: KioskDemo.office, at: t)
        #expect(!noDesk.isOpen("B", at: t))
        _ = noDesk.tap(.service("B"), at: t)
        #expect(noDesk.screen == .home)
    }

    @Test func withoutTheQueueNothingIsIssuedAndItRecovers() {
        var model = KioskDemo.ready()
        _ = model.tap(.service("A"), at: t)
        model.lostQueue(at: t)
        #expect(model.screen == .unavailable)
        #expect(model.tap(.take(preferential: false), at: t).isEmpty)
        model.receive(KioskDemo.snapshot(), office: KioskDemo.office, at: t.addingTimeInterval(3))
        #expect(model.screen == .home)
    }

    @Test func aQueueLostWhileATicketIsShownIsNotForgotten() {
        var model = KioskDemo.ready()
        model.issued(KioskDemo.place("A-004"), printFailed: false, at: t)
        model.lostQueue(at: t.addingTimeInterval(1))
        #expect(model.screen == .ticket(KioskDemo.place("A-004"), printFailed: false), "the visitor keeps reading their number")
        model.tick(at: t.addingTimeInterval(KioskModel.ticketSeconds))
        #expect(model.screen == .unavailable, "then the kiosk says it cannot issue, instead of offering services")
        model.receive(KioskDemo.snapshot(), office: KioskDemo.office, at: t.addingTimeInterval(20))
        #expect(model.screen == .home)
    }

    @Test func aFailedIssueShowsTheNoticeThenReturns() {
        var model = KioskDemo.ready()
        _ = model.tap(.service("A"), at: t)
        _ = model.tap(.take(preferential: false), at: t)
        model.issueFailed(at: t)
        #expect(model.screen == .unavailable)
        model.tick(at: t.addingTimeInterval(KioskModel.retrySeconds))
        #expect(model.screen == .home)
    }

    @Test func checkMyTurn() {
        var model = KioskDemo.ready()
        _ = model.tap(.checkMyTurn, at: t)
        for key in ["b", "1", "2"] { _ = model.tap(.key(Character(key)), at: t) }
        #expect(model.screen == .check(typed: "B12"))
        _ = model.tap(.erase, at: t)
        _ = model.tap(.key("7"), at: t)
        #expect(model.tap(.submit, at: t) == [.lookup(TicketNumber(service: "B", sequence: 17))])
        model.looked(up: TicketNumber(service: "B", sequence: 17), KioskDemo.place("B-017", ahead: 4), at: t)
        #expect(model.screen == .checkResult(.waiting(number: "B-017", ahead: 4, minutes: 6)))
        model.looked(up: TicketNumber(service: "B", sequence: 3), KioskDemo.place("B-003", state: .called, desk: "3"), at: t)
        #expect(model.screen == .checkResult(.called(number: "B-003", desk: "Ventanilla 3")))
        model.looked(up: TicketNumber(service: "B", sequence: 99), nil, at: t)
        #expect(model.screen == .checkResult(.notFound("B-099")))
        let (_, words) = KioskText(.es).result(.notFound("B-099"))
        #expect(words == "Número no encontrado hoy")
    }

    @Test func theLanguageSwitchWorksAnywhere() {
        var model = KioskDemo.ready()
        _ = model.tap(.language(.en), at: t)
        #expect(model.greeting(at: t) == "Good morning, welcome to the Ombudsman's Office")
    }
}

@Suite struct TicketPrintTests {
    @Test func theTicketIsESCPOSWithTheNumberInDoubleSizeAndACut() {
        let content = TicketPrint.Content(
            office: "Defensoría", greeting: "Buenos días", number: "A-007", service: "Orientación",
            dateTime: "09:00", ahead: "2 personas", estimate: "aprox. 5 min", keep: "Conserve")
        let bytes = TicketPrint.bytes(content)
        #expect(Array(bytes.prefix(5)) == [0x1B, 0x40, 0x1B, 0x74, 0x13], "initialise, code page 858")
        let number: [UInt8] = [0x1D, 0x21, 0x11, 0x1B, 0x45, 0x01] + Array("A-007".utf8) + [0x0A]
        #expect(bytes.firstRange(of: number) != nil, "the number in double size, bold")
        #expect(Array(bytes.suffix(4)) == [0x1D, 0x56, 0x42, 0x00], "ends with a cut")
        #expect(bytes.firstRange(of: [0x44, 0x65, 0x66, 0x65, 0x6E, 0x73, 0x6F, 0x72, 0xA1, 0x61]) != nil, "Defensoría in CP858")
    }

    /// A preferential ticket says "Atención preferencial" on paper, bold under the service.
    @Test func aPreferentialTicketSaysSoOnPaper() {
        func paper(preferential: Bool) -> [UInt8] {
            let ticket = Ticket(number: TicketNumber(service: "A", sequence: 7), day: LocalDay(year: 2026, month: 11, day: 23),
                preferential: preferential, issuedAt: KioskDemo.nine)
            return TicketPrint.bytes(.ticket(TicketPlace(ticket: ticket, ahead: 2, estimatedWaitMinutes: 5), office: KioskDemo.office, language: .es))
        }
        #expect(paper(preferential: true).firstRange(of: [0x1B, 0x45, 0x01] + TicketPrint.encode("Atención preferencial") + [0x0A]) != nil)
        let normal = paper(preferential: false)
        #expect(normal.firstRange(of: TicketPrint.encode("preferencial")) == nil)
    }

    @Test func spanishLettersMapToCodePage858() {
        #expect(TicketPrint.encode("áéíóúñÑ¿¡") == [0xA0, 0x82, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA8, 0xAD])
        #expect(TicketPrint.encode("a—b☺") == [0x61, 0x2D, 0x62, 0x3F])
    }
}
