import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Every answered request: counted for `/metrics` and, with `serve --verbose` or
/// `--log-format json`, logged as one line with its method, path, status and time.
///
/// The query string is never written: the event stream may carry an access token there,
/// and a log is read by more people than the office's staff. A structured line names the
/// route (the pattern), and the path only when it holds no visit link's token.
struct RequestRecord<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    /// The level of the per-request line; `nil` for none.
    let level: Logger.Level?
    /// Whether the line carries its facts as metadata (for the JSON log) rather than in its text.
    let structured: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, since: start)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let spent = ContinuousClock.now - start
        let route = Self.route(context.endpointPath)
        metrics.request(method: request.method.rawValue, route: route, status: status, duration: spent)
        guard let level else { return }
        let millis = Double(spent.components.seconds) * 1000 + Double(spent.components.attoseconds) / 1e15
        let shown = String(format: "%.1f", millis)
        if structured {
            var metadata: Logger.Metadata = [
                "method": "\(request.method.rawValue)", "route": "\(route)",
                "status": .stringConvertible(status), "ms": .stringConvertible(Double(shown) ?? millis),
            ]
            if !route.contains("{token}") { metadata["path"] = "\(request.uri.path)" }
            context.logger.log(level: level, "request", metadata: metadata)
        } else {
            // A visit link is a secret (whoever has it can cancel the turn): the text log
            // names its route, as the JSON log does, never the link itself.
            let path = route.contains("{token}") ? route : request.uri.path
            context.logger.log(level: level, "\(request.method) \(path) \(status) \(shown) ms")
        }
    }

    /// The route as the document writes it (`/api/tickets/{number}`); `unmatched` for an
    /// address no route serves, so scans cannot grow the metrics without end.
    static func route(_ endpoint: String?) -> String {
        guard let endpoint, !endpoint.isEmpty else { return "unmatched" }
        // The router's patterns are few: each is written out once.
        return routeNames.withLock { known in
            if let route = known[endpoint] { return route }
            let route = "/" + endpoint.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            known[endpoint] = route
            return route
        }
    }
}

/// `RequestRecord.route`'s patterns written out so far (a generic type has no stored statics).
private let routeNames = Mutex<[String: String]>([:])

/// Headers every answer carries so a page cannot be framed by another site (clickjacking
/// a desk's buttons), run scripts from elsewhere, or have its type guessed.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var fields: HTTPFields { securityHeaderFields }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(contentsOf: Self.fields)
        return response
    }
}

/// The fields `SecurityHeaders` adds, built once.
private let securityHeaderFields: HTTPFields = [
    HTTPField.Name("Content-Security-Policy")!:
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    HTTPField.Name("X-Frame-Options")!: "DENY",
    HTTPField.Name("X-Content-Type-Options")!: "nosniff",
    HTTPField.Name("Referrer-Policy")!: "no-referrer",
]
