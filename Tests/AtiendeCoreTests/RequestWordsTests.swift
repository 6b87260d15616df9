import AtiendeCore
import Foundation
import Testing

/// What a request says to the person and to the official: the page, the receipt, the
/// confirmation, the lost call's notice and the call-back script (docs/domain.md,
/// "Requests and the 24-hour promise").
@Suite struct RequestWordsTests {
    static var office: Office {
        var office = RequestRulesTests.office
        office.shortName = LocalizedText(es: "la Defensoría del Pueblo", en: "the Ombudsman's Office")
        office.mail = MailSettings(url: "smtp://127.0.0.1:2525", from: "Defensoría <atencion@example.org>", staff: ["laura": "laura@example.org"])
        return office
    }

    static func request(_ channel: RequestChannel, email: String? = nil, assignee: StaffUser? = "laura") throws -> ServiceRequest {
        let draft = RequestDraft(channel: channel, service: "B", summary: "Queja por demora", name: "Ana Pérez", phone: "601 555 0123", email: email, assignee: assignee)
        return try RequestRules.register(draft, office: office, at: RequestRulesTests.fridayLate, by: "eva", lastSequence: 41)
    }

    @Test func datesReadAsPeopleSayThemInTheOfficesZone() {
        let words = RequestWords(office: Self.office)
        #expect(words.when(RequestRulesTests.fridayLate) == "viernes 27 de noviembre a las 16:30")
        #expect(RequestWords(office: Self.office, language: .en).when(RequestRulesTests.fridayLate) == "Friday 27 November at 16:30")
    }

    @Test func thePersonsPageSaysWhereItStandsAndWhoHandlesIt() throws {
        let words = RequestWords(office: Self.office)
        var request = try Self.request(.phone)
        let pending = words.state(request, at: RequestRulesTests.fridayLate, handler: "Laura Gómez")
        #expect(pending.headline == "Recibida: le contactaremos pronto")
        #expect(pending.detail == "Le contactaremos a más tardar el sábado 28 de noviembre a las 16:30. La atiende Laura Gómez.")
        let late = words.state(request, at: request.deadline.addingTimeInterval(60), handler: nil)
        #expect(late.headline.contains("aún no hemos podido") && late.detail.contains("disculpas") && late.detail.hasSuffix("Pronto le asignaremos a una persona."))
        request.attempts = [ContactAttempt(at: request.deadline.addingTimeInterval(-60), by: "laura", result: .reached)]
        #expect(words.state(request, at: request.deadline, handler: "Laura Gómez").headline == "En curso: ya le contactamos")
    }

    @Test func aNewRequestMailsThePersonAndALostCallMailsItsOfficial() throws {
        let email = try Self.request(.email, email: "ana@example.org")
        let mails = RequestRules.mails(onRegistering: email, office: Self.office, link: "https://turnos.example.org/s/x", console: nil)
        #expect(mails.map(\.kind) == [.confirmation] && mails[0].to == ["ana@example.org"])
        #expect(mails[0].subject == "Recibimos su solicitud S-2026-000042")
        #expect(mails[0].body.contains("Confirmamos que la Defensoría del Pueblo recibió su solicitud S-2026-000042"))
        #expect(mails[0].body.contains("a más tardar el sábado 28 de noviembre a las 16:30") && mails[0].body.contains("https://turnos.example.org/s/x"))

        let lost = try Self.request(.lostCall)
        let notice = RequestRules.mails(onRegistering: lost, office: Self.office, link: nil, console: "https://turnos.example.org/requests")
        #expect(notice.map(\.kind) == [.lostCall] && notice[0].to == ["laura@example.org"])
        #expect(notice[0].body.contains("601 555 0123") && notice[0].body.contains("disculpa"))
        #expect(RequestRules.mails(onRegistering: try Self.request(.lostCall, assignee: "nadie"), office: Self.office, link: nil, console: nil).isEmpty,
                "nobody to mail: the console shows it")
        var noMail = Self.office
        noMail.mail = nil
        #expect(RequestRules.mails(onRegistering: email, office: noMail, link: nil, console: nil).isEmpty)
    }

    @Test func theCallBackFollowsTheSeminariosScriptWithTheApologyForALostCall() throws {
        let words = RequestWords(office: Self.office)
        let lost = try Self.request(.lostCall)
        let script = words.callBackScript(lost, official: "Laura Gómez", at: RequestRulesTests.fridayLate)
        #expect(script.first == "Buenas tardes, ¿me podría comunicar con Ana Pérez?")
        #expect(script.contains("Buenas tardes, Ana Pérez; le hablamos de la Defensoría del Pueblo."))
        #expect(script.contains("Ante todo, pedimos disculpas por no haberle podido atender cuando usted llamó."))
        #expect(script.contains { $0.hasPrefix("Mi nombre es Laura Gómez; soy la persona asignada para atender su solicitud S-2026-000042") })
        let phone = words.callBackScript(try Self.request(.phone), official: "Laura Gómez", at: RequestRulesTests.fridayLate)
        #expect(!phone.contains { $0.contains("disculpas") }, "the apology is for a lost call")
    }

    @Test func theReceiptCarriesTheNumberTheDateWhoReceivedItAndTheLink() throws {
        let lines = RequestWords(office: Self.office).receipt(try Self.request(.written), receivedBy: "Eva Ríos", link: "https://turnos.example.org/s/x")
        #expect(lines.first == "Constancia de recibo")
        #expect(lines.contains("Solicitud S-2026-000042") && lines.contains("Recibida por: Eva Ríos"))
        #expect(lines.contains("Recibida el viernes 27 de noviembre a las 16:30, por nota escrita."))
        #expect(lines.contains("Siga su solicitud en: https://turnos.example.org/s/x"))
    }

    @Test func theMailSectionIsCheckedWithWhatToFix() throws {
        func office(_ mail: String) throws -> Office {
            try OfficeConfig.parse(RequestRulesTests.config(requests: #"{}, "mail": "# + mail), file: "office.json")
        }
        let fine = try office(#"{"url": "smtps://mail.example.org:465", "from": "Defensoría <atencion@example.org>", "staff": {"laura": "laura@example.org"}}"#)
        #expect(fine.mail?.fromAddress == "atencion@example.org" && fine.mail?.staff["laura"] == "laura@example.org")
        #expect(throws: ConfigError.self) { try office(#"{"url": "http://mail.example.org", "from": "a@example.org"}"#) }
        #expect(throws: ConfigError.self) { try office(#"{"url": "smtp://mail.example.org", "from": "nadie"}"#) }
        #expect(throws: ConfigError.self) { try office(#"{"url": "smtp://mail.example.org", "from": "a@example.org", "password": "x"}"#) }
    }
}
