import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import HTTPTypes
import Hummingbird

/// The pages the server hands to browsers: the desk console (`/desk/{id}`, plain HTML,
/// CSS and JavaScript compiled into the binary, no build step, nothing fetched from
/// elsewhere), a start page listing the desks, and the API's OpenAPI document.
struct Console {
    let server: QueueServer

    /// Files that carry no office data, served to anyone, before the access check.
    func addAssets(to router: Router<AtiendeRequestContext>) {
        router.get("desk/:id") { _, _ in Self.file(PackageResources.desk_html, type: "text/html; charset=utf-8") }
        // The desk-side tablet facing the visitor: the key it needs is typed on it once.
        router.get("desk/:id/visitor") { _, _ in Self.file(PackageResources.tablet_html, type: "text/html; charset=utf-8") }
        router.get("console/desk.css") { _, _ in Self.file(PackageResources.desk_css, type: "text/css; charset=utf-8") }
        router.get("console/desk.js") { _, _ in Self.file(PackageResources.desk_js, type: "text/javascript; charset=utf-8") }
        router.get("console/staff.js") { _, _ in Self.file(PackageResources.staff_js, type: "text/javascript; charset=utf-8") }
        router.get("supervisor") { _, _ in Self.file(PackageResources.supervisor_html, type: "text/html; charset=utf-8") }
        router.get("admin") { _, _ in Self.file(PackageResources.admin_html, type: "text/html; charset=utf-8") }
        router.get("console/admin.js") { _, _ in Self.file(PackageResources.admin_js, type: "text/javascript; charset=utf-8") }
        router.get("requests") { _, _ in Self.file(PackageResources.requests_html, type: "text/html; charset=utf-8") }
        router.get("console/requests.js") { _, _ in Self.file(PackageResources.requests_js, type: "text/javascript; charset=utf-8") }
        router.get("institution") { _, _ in Self.file(PackageResources.institution_html, type: "text/html; charset=utf-8") }
        router.get("console/institution.js") { _, _ in Self.file(PackageResources.institution_js, type: "text/javascript; charset=utf-8") }
        router.get("console/supervisor.js") { _, _ in Self.file(PackageResources.supervisor_js, type: "text/javascript; charset=utf-8") }
        router.get("console/visit.css") { _, _ in Self.file(PackageResources.visit_css, type: "text/css; charset=utf-8") }
        router.get("console/visit.js") { _, _ in Self.file(PackageResources.visit_js, type: "text/javascript; charset=utf-8") }
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

    /// The visitor's phone page: open to anyone who has the link, a friendly 404 for a
    /// link that names no ticket. The page reads the ticket itself (`/api/visits/…`).
    func addVisitPage(to router: Router<AtiendeRequestContext>) {
        router.get("t/:token") { _, context in
            let token = context.parameters.get("token") ?? ""
            let language = try Caller.required.office.defaultLanguage
            guard try await server.queue.visit(token) != nil else { return Self.visitNotFound(language) }
            var page = String(decoding: PackageResources.visit_html, as: UTF8.self)
            if language != .es { page = page.replacingOccurrences(of: "<html lang=\"es\">", with: "<html lang=\"\(language.rawValue)\">") }
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }

    /// The person's page of a request (`/s/…`): server-written, with no script, so it reads
    /// on any phone; a friendly 404 for a link that names no request.
    func addRequestPage(to router: Router<AtiendeRequestContext>) {
        router.get("s/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            let office = try Caller.required.office
            let language = request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) } ?? office.defaultLanguage
            let api = API(server: server)
            guard VisitToken.isWellFormed(token), let found = try await api.requests.request(link: token) else {
                let (title, text) = language == .es
                    ? ("Solicitud no encontrada", "No encontramos una solicitud con este enlace. Revise que esté completo, o llame a la oficina con el número de su solicitud.")
                    : ("Request not found", "We cannot find a request with this link. Check that it is complete, or call the office with your request's number.")
                return Self.page(language: language, title: title, stylesheet: "visit.css", body: "<main><h1>\(title)</h1><p>\(Self.escape(text))</p></main>", status: .notFound)
            }
            let view = try await api.followUp(found, office: office, language: language)
            let es = language == .es
            let rows = [
                (es ? "Número" : "Number", view.number), (es ? "Servicio" : "Service", view.serviceName),
                (es ? "Recibida" : "Received", RequestWords(office: office, language: language).when(found.receivedAt)),
            ].map { "<dt>\(Self.escape($0.0))</dt><dd>\(Self.escape($0.1))</dd>" }.joined()
            let title = (es ? "Solicitud " : "Request ") + view.number
            let body = """
                <main><p class="office">\(Self.escape(office.name[language]))</p><h1>\(Self.escape(title))</h1>
                <section class="state \(view.promise.rawValue)" aria-live="polite"><h2>\(Self.escape(view.headline))</h2><p>\(Self.escape(view.detail))</p></section>
                <dl class="facts">\(rows)</dl>
                <p class="keep">\(Self.escape(es ? "Guarde este número: es la prueba de que recibimos su solicitud. No necesita venir a la oficina para saber de ella." : "Keep this number: it is the proof that we received your request. You need not come to the office to hear about it."))</p></main>
                """
            var response = Self.page(language: language, title: title, stylesheet: "visit.css", bodyClass: "request", body: body)
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    static func visitNotFound(_ language: Language) -> Response {
        let (title, text) = language == .es
            ? ("Turno no encontrado", "No encontramos un turno con este enlace. Revise que esté completo, o pregunte en recepción con el número de su tiquete.")
            : ("Ticket not found", "We cannot find a ticket with this link. Check that it is complete, or ask at reception with your ticket's number.")
        return page(
            language: language, title: title, stylesheet: "visit.css", body: "<main><h1>\(title)</h1><p>\(escape(text))</p></main>",
            status: .notFound)
    }

    /// A small page of the server's own, in one language, with one of the console's stylesheets.
    static func page(language: Language, title: String, stylesheet: String, bodyClass: String? = nil, body: String, status: HTTPResponse.Status = .ok) -> Response {
        let html = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(escape(title))</title>
            <link rel="stylesheet" href="/console/\(stylesheet)"></head>
            <body\(bodyClass.map { " class=\"\($0)\"" } ?? "")>\(body)</body></html>
            """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func file(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Links to each desk's console, in the office's language.
    func startPage(_ office: Office) -> Response {
        let language = office.defaultLanguage
        let links = office.desks.map { desk in
            "<li><a href=\"\(server.basePath)/desk/\(Self.escape(desk.id.rawValue))\">\(Self.escape(desk.label[language]))</a></li>"
        }.joined()
        let title = language == .es ? "Consola de ventanilla" : "Desk console"
        return Self.page(
            language: language, title: "Atiende · \(office.name[language])", stylesheet: "desk.css", bodyClass: "start",
            body: "<main><h1>\(Self.escape(office.name[language]))</h1><h2>\(title)</h2><ul class=\"desks\">\(links)</ul></main>")
    }

    /// For an office that keeps its data to token holders: no names, just where to go.
    static func closedStartPage(_ language: Language) -> Response {
        let (title, text) = language == .es
            ? ("Consola de ventanilla", "Abra la consola de su ventanilla: /desk/NÚMERO (por ejemplo /desk/1) y entre con su clave.")
            : ("Desk console", "Open your desk's console: /desk/NUMBER (for example /desk/1) and sign in with your key.")
        return page(
            language: language, title: "Atiende", stylesheet: "desk.css", bodyClass: "start",
            body: "<main><h1>Atiende</h1><h2>\(title)</h2><p>\(escape(text))</p></main>")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
