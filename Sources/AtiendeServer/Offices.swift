import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The offices one server serves besides its own (an institution's database): given an
/// office's id, its queue, or `nil` when there is no such office (docs/postgres.md).
public protocol OfficeDirectory: Sendable {
    func queue(for office: OfficeID) async throws -> (any ServedQueue)?
}

/// Many offices behind one address: `/o/{office}/…` is that office's own server (its API,
/// event stream and pages) with the prefix taken off, made on the first request for it;
/// every other path is the server's own office, so a single office's addresses stay as
/// they were. The console's pages and scripts are shared at `/console/`.
struct OfficeDispatch: HTTPResponder {
    typealias Context = AtiendeRequestContext
    let main: RouterResponder<AtiendeRequestContext>
    /// `nil`: this server serves its own office only.
    let directory: (any OfficeDirectory)?
    let servers: OfficeServers

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/o/"), let directory else { return try await main.respond(to: request, context: context) }
        let rest = path.dropFirst(3)
        let name = rest.prefix { $0 != "/" }
        guard let office = OfficeID(String(name)), office.rawValue == name else {
            return Self.unknown(String(name))
        }
        guard let responder = try await servers.responder(for: office, directory) else { return Self.unknown(office.rawValue) }
        var head = request.head
        let inside = rest.dropFirst(name.count)
        let query = request.uri.query.map { "?" + $0 } ?? ""
        head.path = (inside.isEmpty ? "/" : String(inside)) + query
        return try await responder.respond(to: Request(head: head, body: request.body), context: context)
    }

    static func unknown(_ office: String) -> Response {
        JSONResponse.make(
            QueueJSON.error("this server has no office '\(office)': check the address (/o/OFFICE/…, the office's id as its admin gave it)", reason: "unknownOffice"),
            status: .notFound)
    }
}

/// Each office's server, made once and kept: its event hub runs from its first request.
final class OfficeServers: Sendable {
    private let made = Mutex<[OfficeID: RouterResponder<AtiendeRequestContext>]>([:])
    let template: @Sendable (any ServedQueue, String) -> QueueServer
    let logRequests: Bool, structured: Bool

    init(logRequests: Bool, structured: Bool, template: @escaping @Sendable (any ServedQueue, String) -> QueueServer) {
        self.template = template
        self.logRequests = logRequests
        self.structured = structured
    }

    func responder(for office: OfficeID, _ directory: any OfficeDirectory) async throws -> RouterResponder<AtiendeRequestContext>? {
        if let known = made.withLock({ $0[office] }) { return known }
        guard let queue = try await directory.queue(for: office) else { return nil }
        let server = template(queue, "/o/\(office.rawValue)")
        let responder = server.router(logRequests: logRequests, structured: structured).buildResponder()
        let kept = made.withLock { made -> (RouterResponder<AtiendeRequestContext>, Bool) in
            if let other = made[office] { return (other, false) }
            made[office] = responder
            return (responder, true)
        }
        if kept.1 {
            Task {
                await server.hub.begin()
                await server.hub.run()
            }
        }
        return kept.0
    }
}
