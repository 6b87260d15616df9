import AtiendeCore
import Foundation
import Hummingbird

/// The pages the server hands to browsers: the desk console (`/desk/{id}`, plain HTML,
/// CSS and JavaScript compiled into the binary, no build step, nothing fetched from
/// elsewhere), a start page listing the desks, and the API's OpenAPI document.
struct Console {
    let server: QueueServer

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try await startPage() }
        router.get("desk/:id") { _, _ in Self.file(PackageResources.desk_html, type: "text/html; charset=utf-8") }
        router.get("console/desk.css") { _, _ in Self.file(PackageResources.desk_css, type: "text/css; charset=utf-8") }
        router.get("console/desk.js") { _, _ in Self.file(PackageResources.desk_js, type: "text/javascript; charset=utf-8") }
        router.get("api/openapi.json") { _, _ in Self.file(PackageResources.openapi_json, type: "application/json; charset=utf-8") }
    }

    static func file(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Links to each desk's console, in the office's language.
    func startPage() async throws -> Response {
        let office = try await server.offices.office().office
        let language = office.defaultLanguage
        let links = office.desks.map { desk in
            "<li><a href=\"/desk/\(Self.escape(desk.id))\">\(Self.escape(desk.label[language]))</a></li>"
        }.joined()
        let title = language == .es ? "Consola de ventanilla" : "Desk console"
        let html = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>Atiende · \(Self.escape(office.name[language]))</title>
            <link rel="stylesheet" href="/console/desk.css"></head>
            <body class="start"><h1>\(Self.escape(office.name[language]))</h1><h2>\(title)</h2><ul class="desks">\(links)</ul></body></html>
            """
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
