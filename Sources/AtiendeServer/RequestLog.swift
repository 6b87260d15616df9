import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `serve --verbose`: one line per request with its method, path, status and time.
///
/// The query string is never written: the event stream may carry an access token there,
/// and a log is read by more people than the office's staff.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let spent = ContinuousClock.now - start
        let millis = Double(spent.components.seconds) * 1000 + Double(spent.components.attoseconds) / 1e15
        context.logger.log(level: level, "\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", millis)) ms")
        return response
    }
}

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
