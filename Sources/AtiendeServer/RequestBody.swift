import AtiendeCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a request's JSON body whole before the generated layer decodes it: at most
/// 16 KB (256 KB for a whole office config; 413 past that), and strict JSON (no repeated key, no trailing comma, no
/// control character, at most 32 levels deep), so what the decoder then sees is a
/// plain object, and a malformed body gets a message that says where it is wrong.
/// Routes that take no body ignore one.
struct RequestBodyCheck<Context: RequestContext>: RouterMiddleware {
    static var limit: Int { 16_384 }
    static var configLimit: Int { 262_144 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post || request.method == .put || request.method == .patch else { return try await next(request, context) }
        // The Idempotency-Key as sent: the generated layer would split it at a comma and
        // decode a '%', and then check a key that is not the one sent.
        let keys = request.headers[values: HTTPField.Name("Idempotency-Key")!]
        if keys.count > 1 { throw QueueError.invalidIdempotencyKey(IssueKey.maxLength) }
        _ = try keys.first.map(IssueKey.checked)
        let buffer = try await request.body.collect(upTo: request.uri.path == "/api/office" ? Self.configLimit : Self.limit)
        var head = request.head
        if buffer.readableBytes > 0 {
            let value: JSONValue
            do {
                value = try JSONValue.parse(Data(buffer.readableBytesView))
            } catch {
                // Well formed, but with a value no field takes: where it is says enough.
                if error.isAboutAField { throw APIError(.badRequest, "the request body is not taken: \(error)", reason: "badRequest") }
                let example = request.uri.path == "/api/office" ? "the office config, as GET /api/office gives it" : "an object such as {\"service\": \"A\"}"
                throw APIError(.badRequest, "the request body is not valid JSON (\(error)): send \(example)", reason: "badRequest")
            }
            guard case .object = value else {
                throw APIError(.badRequest, "the request body must be a JSON object, not \(value.kind)", reason: "badRequest")
            }
            // A JSON object is taken as one whatever type the client named (curl -d and
            // Python's urllib say form-urlencoded), as the API always has.
            head.headerFields[.contentType] = "application/json"
        } else {
            // No body: said plainly, so an operation whose body is optional sees none.
            head.headerFields[.contentLength] = "0"
        }
        return try await next(Request(head: head, body: .init(buffer: buffer)), context)
    }
}
