import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import Foundation
import NIOHTTP1
import Testing
import TestSupport

/// A request's link opens the person's own page and nothing else; staff get the receipt and
/// the call-back script with the request (docs/domain.md, "Requests and the 24-hour promise").
@Suite struct RequestRouteTests {
    @Test func theLinkShowsThePersonWhereTheRequestStandsAndNothingPrivate() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let body = #"{"channel": "lostCall", "service": "B", "summary": "Denuncia contra la alcaldía", "name": "Ana Pérez", "phone": "601 555 0123"}"#
        let added = try await server.send(.POST, "/api/requests", token: RunningServer.staff, body: body)
        #expect(added.status == 201)
        let link = try #require(added.json["link"] as? String)
        #expect(link.hasPrefix("/s/"), "a path on this server: the office names no public address")
        let token = String(link.dropFirst(3))
        let receipt = try #require(added.json["receipt"] as? [String])
        #expect(receipt.first == "Constancia de recibo" && receipt.contains("Solicitud S-2026-000001"))
        let script = try #require(added.json["callBack"] as? [String])
        #expect(script.contains("Ante todo, pedimos disculpas por no haberle podido atender cuando usted llamó."), "a lost call's apology")
        #expect(added.json["mail"] as? String == "none", "no mail server in this office")

        let view = try await server.send(.GET, "/api/request-links/\(token)")
        #expect(view.status == 200)
        #expect(view.json["number"] as? String == "S-2026-000001" && view.json["promise"] as? String == "pending")
        #expect(view.json["headline"] as? String == "Recibida: le contactaremos pronto")
        let detail = view.json["detail"] as? String ?? ""
        #expect(detail.hasPrefix("Le contactaremos a más tardar el martes 24 de noviembre a las 08:00."), "\(detail)")
        let said = "\(view.json)"
        #expect(!said.contains("Ana") && !said.contains("555") && !said.contains("alcaldía"), "never the person's data nor the summary")
        #expect(try await server.send(.GET, "/api/request-links/\(token)?lang=en").json["headline"] as? String == "Received: we will contact you soon")

        let page = try await HTTPClient(host: "127.0.0.1", port: server.port).send(.GET, link, headers: [], body: nil)
        let html = String(decoding: page.bytes, as: UTF8.self)
        #expect(page.status == 200 && html.contains("Solicitud S-2026-000001") && html.contains("Le contactaremos a más tardar") && !html.contains("Ana"))
        #expect(!html.contains("<script"), "a page that reads on any phone")

        let unknown = try await server.send(.GET, "/api/request-links/" + String(repeating: "A", count: 22))
        #expect(unknown.status == 404 && unknown.json["reason"] as? String == "unknownRequest")
        #expect(try await server.send(.GET, "/api/request-links/S-2026-000001").status == 404, "the number alone never opens it")
        #expect(try await HTTPClient(host: "127.0.0.1", port: server.port).send(.GET, "/s/S-2026-000001", headers: [], body: nil).status == 404)
        let byNumber = try await server.send(.GET, "/api/requests/S-2026-000001", token: RunningServer.staff)
        #expect(byNumber.json["link"] as? String == link, "staff may print the receipt again")
        #expect(try await server.send(.GET, "/api/requests/S-2026-000001").status == 401, "staff only")
    }
}
