import AtiendeCore
import Foundation
import Testing
import TestSupport

/// `atiende request …` as a user runs it: numbers, calls back, receipts, the report, and the
/// confirmation mailed through a real SMTP server on loopback.
@Suite struct RequestCommandTests {}

extension RequestCommandTests {
    /// `atiende request …`: a number and a deadline at once, the calls back recorded, the
    /// list of those still to contact, and refusals in one line.
    @Test func aRequestGetsANumberAndItsCallBackIsRecorded() async throws {
        let cli = try CommandRunner()
        try await cli.run("init")
        let added = try await cli.run("request", "add", "--channel", "phone", "--service", "B", "--summary", "Queja por demora", "--name", "Ana Pérez",
                                "--phone", "601 555 0123", "--json")
        #expect(added.status == 0, "\(added.stderr)")
        let json = try added.json()
        #expect(json["number"] as? String == "S-2026-000001")
        #expect(json["deadline"] as? String == "2026-11-24T09:00:00-05:00", "24 hours after 09:00")
        let refused = try await cli.run("request", "add", "--channel", "email", "--service", "A", "--summary", "Sin datos")
        #expect(refused.status == 1 && refused.stderr == "atiende: teléfono: anote un teléfono o un correo para contactar a la persona dentro del plazo\n")
        #expect(try await cli.run("request", "list").stdout.contains("S-2026-000001  phone  B  contactar antes de 2026-11-24 09:00"))
        let late = try await cli.at("10:00").run("request", "list", "--overdue")
        #expect(late.stdout.contains("No hay solicitudes pendientes"), "not overdue an hour later: \(late.stdout)")
        let reached = try await cli.run("request", "contact", "S-2026-1", "--result", "reached", "--note", "Se le explicó el trámite")
        #expect(reached.status == 0 && reached.stdout.contains("contactada a tiempo"), "\(reached.stdout)\(reached.stderr)")
        let shown = try await cli.run("request", "show", "s-2026-000001", "--json").json()
        #expect(shown["promise"] as? String == "met" && (shown["attempts"] as? [[String: Any]])?.first?["result"] as? String == "reached")
        #expect(try await cli.run("request", "show", "S-2026-7").stderr.contains("no hay una solicitud S-2026-000007"))
        #expect(try await cli.run("request", "show", "A-001").stderr.contains("no es un número de solicitud"))
        let csv = cli.folder.appendingPathComponent("solicitudes.csv").path
        let report = try await cli.run("request", "report", "--from", "2026-11-23", "--csv", csv, "--json").json()
        #expect((report["office"] as? [String: Any])?["received"] as? Int == 1 && (report["office"] as? [String: Any])?["inTimePercent"] as? Double == 100)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
        #expect(rows.first == "Grupo;Nombre;Recibidas;A tiempo %;Mediana h;P90 h;Intentos;Abiertas;Vencidas")
        #expect(try Data(contentsOf: URL(fileURLWithPath: csv)).starts(with: [0xEF, 0xBB, 0xBF]), "a byte-order mark: Spanish Excel opens it in columns")
        #expect(rows.contains("Canal;Teléfono;1;100,0;0,0;0,0;1,0;0;0"))
    }
}

extension RequestCommandTests {
    /// An email request: the person's confirmation goes at once through the office's SMTP
    /// server (a real one on loopback), in Spanish, with the number, the promise and the
    /// link; a lost call assigned to an official mails them; the receipt prints as text, an
    /// A4 page and the ticket printer's bytes; a mail server that is away loses nothing.
    @Test(.timeLimit(.minutes(2))) func anEmailRequestIsConfirmedByMailAndItsReceiptPrints() async throws {
        let cli = try CommandRunner()
        let smtp = try await MailServer(folder: cli.folder)
        defer { smtp.stop() }
        let config = cli.folder.appendingPathComponent("office.json")
        try Data(try TestDatabase.demoConfig {
            $0["publicAddress"] = "https://turnos.example.org"
            $0["mail"] = ["url": smtp.url, "from": "Defensoría del Pueblo <atencion@example.org>", "staff": ["laura": "laura@example.org"]]
        }.utf8).write(to: config)
        #expect(try await cli.run("init", "--config", config.path).status == 0)
        let added = try await cli.run("request", "add", "--channel", "email", "--service", "B", "--summary", "Queja por demora", "--name", "Ana Pérez",
                                      "--email", "ana@example.org", "--json")
        #expect(added.status == 0, "\(added.stderr)")
        let json = try added.json()
        let link = try #require(json["link"] as? String)
        #expect(link.hasPrefix("https://turnos.example.org/s/") && link.count == "https://turnos.example.org/s/".count + 22)
        #expect(json["mail"] as? String == "sent")
        _ = try await cli.run("request", "add", "--channel", "lostCall", "--service", "A", "--summary", "Llamada cortada", "--phone", "601 555 0199",
                              "--assign", "laura")
        let mails = try await smtp.messages(count: 2)
        #expect(mails[0].headers["To"] == "ana@example.org" && MailServer.decoded(mails[0].headers["Subject"] ?? "") == "Recibimos su solicitud S-2026-000001")
        #expect(mails[0].body.contains("Confirmamos que la Defensoría del Pueblo recibió su solicitud S-2026-000001"))
        #expect(mails[0].body.contains("a más tardar el martes 24 de noviembre a las 09:00") && mails[0].body.contains(link), "\(mails[0].body)")
        #expect(mails[1].headers["To"] == "laura@example.org" && mails[1].body.contains("601 555 0199") && mails[1].body.contains("disculpa"))

        let receipt = try await cli.run("request", "receipt", "S-2026-000001")
        #expect(receipt.lines.first == "Constancia de recibo" && receipt.stdout.contains("Siga su solicitud en: \(link)"))
        #expect(try await cli.run("request", "receipt", "S-2026-000001", "--format", "html").stdout.contains("@page{size:A4"))
        let printed = try await cli.run("request", "receipt", "S-2026-000001", "--format", "escpos")
        #expect(printed.bytes.starts(with: [0x1B, 0x40]) && String(decoding: printed.bytes, as: UTF8.self).contains("S-2026-000001"), "ESC/POS, the number in it")

        smtp.stop()
        let away = try await cli.run("request", "add", "--channel", "email", "--service", "B", "--summary", "Otra", "--email", "ana@example.org", "--json")
        let awayJSON = try away.json()
        #expect(away.status == 0 && awayJSON["mail"] as? String == "failed", "the request is kept")
        #expect(away.stderr.hasPrefix("atiende: aviso: la solicitud quedó registrada, pero el correo no se envió: no se puede llegar al servidor de correo"))
        #expect(away.stderr.split(separator: "\n").count == 1)
        #expect(try await cli.run("request", "show", "S-2026-000003").status == 0)
    }
}
