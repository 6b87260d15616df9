import AtiendeCore
import AtiendeJSON
import Foundation
import Hummingbird

/// The pages the server hands to browsers: the desk console (`/desk/{id}`, plain HTML,
/// CSS and JavaScript compiled into the binary, no build step, nothing fetched from
/// elsewhere), a start page listing the desks, and the API's OpenAPI document.
struct Console {
    let server: QueueServer

    /// Files that carry no office data, served to anyone, before the access check.
    func addAssets(to router: Router<AtiendeRequestContext>) {
        router.get("desk/:id") { _, _ in Self.file(PackageResources.desk_html, type: "text/html; charset=utf-8") }
        router.get("console/desk.css") { _, _ in Self.file(PackageResources.desk_css, type: "text/css; charset=utf-8") }
        router.get("console/desk.js") { _, _ in Self.file(PackageResources.desk_js, type: "text/javascript; charset=utf-8") }
        router.get("api/openapi.json") { _, _ in Self.file(APIDocument.bytes, type: "application/json; charset=utf-8") }
    }

    /// The start page, after the access check: it names the office and its desks only to
    /// callers who may read, like every route.
    func addPages(to router: Router<AtiendeRequestContext>) {
        router.get("/") { _, context in
            guard let caller = context.caller else { throw APIError(.internalServerError, "no access check before the start page", reason: "internal") }
            let readable = Access(tokens: caller.office.access).allows(.read, role: caller.role)
            return readable ? startPage(caller.office) : Self.closedStartPage(caller.office.defaultLanguage)
        }
    }

    static func file(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Links to each desk's console, in the office's language.
    func startPage(_ office: Office) -> Response {
        let language = office.defaultLanguage
        let links = office.desks.map { desk in
            "<li><a href=\"/desk/\(Self.escape(desk.id))\">\(Self.escape(desk.label[language]))</a></li>"
        }.joined()
        let title = language == .es ? "Consola de ventanilla" : "Desk console"
        let html = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>Atiende · \(Self.escape(office.name[language]))</title>
            <link rel="stylesheet" href="/console/desk.css"></head>
            <body class="start"><main><h1>\(Self.escape(office.name[language]))</h1><h2>\(title)</h2><ul class="desks">\(links)</ul></main></body></html>
            """
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// For an office that keeps its data to token holders: no names, just where to go.
    static func closedStartPage(_ language: Language) -> Response {
        let (title, text) = language == .es
            ? ("Consola de ventanilla", "Abra la consola de su ventanilla: /desk/NÚMERO (por ejemplo /desk/1) y entre con su clave.")
            : ("Desk console", "Open your desk's console: /desk/NUMBER (for example /desk/1) and sign in with your key.")
        let html = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>Atiende</title>
            <link rel="stylesheet" href="/console/desk.css"></head>
            <body class="start"><main><h1>Atiende</h1><h2>\(title)</h2><p>\(escape(text))</p></main></body></html>
            """
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
