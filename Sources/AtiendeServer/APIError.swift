import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import OpenAPIRuntime

/// An error answer: a status and a one-line message a person can act on, as JSON.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var reason: String
    /// Seconds a client should wait before trying again (`Retry-After`), when it must.
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ message: String, reason: String) {
        self.status = status
        self.message = message
        self.reason = reason
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(QueueJSON.error(message, reason: reason), status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        if status == .serviceUnavailable { response.headers[.retryAfter] = "1" }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    /// A JSON body the generated layer took as another content type.
    static let unreadableBody = APIError(.unsupportedMediaType, "send the body as JSON (Content-Type: application/json)", reason: "badRequest")

    /// Every failure a handler can meet, as the answer it deserves. The queue's refusals
    /// are 4xx with the command line's message; only a queue that cannot be used now
    /// (locked, damaged, not set up) is a 503.
    /// - Parameter language: the language refusals are worded in (the request's
    ///   `Accept-Language`, else the office's first language).
    static func from(_ error: any Error, request: Request, language: Language = .en) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ServerError:
            // The generated layer wraps what a handler or a middleware threw, and what it
            // could not decode itself.
            let inner = error.underlyingError
            if inner is DecodingError || (error.operationInput == nil && !(inner is APIError) && !(inner is QueueError)
                && !(inner is QueueUnavailable) && !(inner is StaffError) && !(inner is ConfigError) && !(inner is RequestError)
                && !(inner is RejectedConfig) && !(inner is SetupRefused)) {
                return APIError(.badRequest, describe(inner, operation: error.operationID, cause: error.causeDescription), reason: "badRequest")
            }
            return from(inner, request: request, language: language)
        case let error as QueueError:
            return APIError(status(of: error), error.description(in: language), reason: error.code)
        case let error as StaffError:
            let status: HTTPResponse.Status = switch error {
            case .invalid, .passwordTooShort, .passwordMissing: .unprocessableContent
            case .userExists, .lastAdmin: .conflict
            case .unknownUser: .notFound
            case .institutionsOwn: .forbidden
            }
            return APIError(status, error.description(in: language), reason: error.code)
        case let error as RequestError:
            let status: HTTPResponse.Status = switch error {
            case .invalid: .unprocessableContent
            case .unknownRequest: .notFound
            // In a path, a text that is no request number names no request.
            case .invalidNumber: .notFound
            }
            return APIError(status, error.description(in: language), reason: error.code)
        case let error as QueueUnavailable:
            return APIError(.serviceUnavailable, error.message, reason: "unavailable.\(error.reason.rawValue)")
        case let error as RejectedConfig:
            return APIError(.unprocessableContent, error.error.shown(in: language), reason: "invalidConfig")
        case let error as SetupRefused:
            return APIError(.conflict, error.description(in: language), reason: "setupRefused")
        case let error as ConfigError:
            return APIError(.serviceUnavailable, "the stored office config is not valid (\(error)): fix it and run `atiende init`", reason: "unavailable.damaged")
        case let error as JSONShapeError:
            return APIError(.badRequest, error.message, reason: "badRequest")
        case is HTTPParserError:
            return APIError(.badRequest, "the request is not valid HTTP or its body ended before its Content-Length: send it whole", reason: "badRequest")
        case is NIOTooManyBytesError:
            // The limit of the route asked: a whole office config may be larger.
            let most = request.uri.path == "/api/office" ? RequestBodyCheck<BasicRequestContext>.configLimit : RequestBodyCheck<BasicRequestContext>.limit
            return APIError(.contentTooLarge, "the request body is too large: send at most \(most / 1024) KB of JSON", reason: "tooLarge")
        case let error as HTTPError where error.status == .notFound:
            return APIError(.notFound, "no such route: \(request.method) \(request.uri.path); see /api/openapi.json", reason: "notFound")
        case let error as HTTPError:
            return APIError(error.status, error.body ?? error.status.reasonPhrase, reason: "http\(error.status.code)")
        case let error as any HTTPResponseError:
            return APIError(error.status, error.status.reasonPhrase, reason: "http\(error.status.code)")
        default:
            return APIError(.internalServerError, "unexpected server error: \(error)", reason: "internal")
        }
    }

    /// What was wrong with a request the generated layer could not decode, in one line.
    static func describe(_ error: any Error, operation: String, cause: String) -> String {
        let fields = OperationRules.document.bodyFields[operation] ?? []
        guard let error = error as? DecodingError else {
            return "the request does not match the API (\(cause)): see /api/openapi.json"
        }
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            // The example names the field that is missing (it once suggested an optional one).
            return "'\(name(context.codingPath + [key]))' is missing from the request: send e.g. \(example([key.stringValue] + fields))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "'\(name(context.codingPath))' in the request must be \(kind(type))"
        case .dataCorrupted(let context) where context.debugDescription.hasPrefix("Additional properties are disabled"):
            return "unknown field '\(name(context.codingPath))' in the request body: send only \(fields.joined(separator: ", "))"
        case .dataCorrupted(let context):
            let place = name(context.codingPath)
            return (place.isEmpty ? "the request" : "'\(place)'") + " is not valid: \(context.debugDescription)"
        @unknown default:
            return "the request does not match the API: see /api/openapi.json"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type: "a number"
        default: "as /api/openapi.json describes"
        }
    }

    private static func example(_ fields: [String]) -> String {
        fields.first == "service" ? #"{"service": "A"}"# : fields.first.map { "{\"\($0)\": …}" } ?? "{}"
    }

    private static func status(of error: QueueError) -> HTTPResponse.Status {
        switch error {
        case .unknownDesk, .ticketNotFound, .visitNotFound, .noVisitToRate: .notFound
        case .invalidTicketNumber: .badRequest
        case .unknownService, .invalidName, .transferToSameService, .unknownOutcome, .outcomeMissing, .outcomeNeedsDetail,
            .invalidOutcomeText, .invalidFeedback, .idempotencyKeyReused, .invalidDeviceReport, .invalidIdempotencyKey: .unprocessableContent
        case .serviceInactive, .deskClosed, .deskBusy, .deskIdle, .deskNotEmpty, .deskDoesNotServe, .illegalTransition,
            .feedbackTooEarly, .feedbackGiven: .conflict
        }
    }
}

/// Turns whatever a route throws into a JSON error answer, so no failure reaches the
/// client as an empty 500, and says how long the server spent on the request
/// (`Server-Timing: app;dur=<ms>`), so a slow answer can be told from a slow network.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The language of a request's refusals: the first of es or en its `Accept-Language`
    /// names first, else the office's.
    func language(of request: Request) async -> Language {
        let asked = (request.headers[.acceptLanguage] ?? "").split(separator: ",").first.map { $0.prefix(2).lowercased() }
        if let asked, let language = Language(rawValue: asked) { return language }
        return (try? await offices.office().office.defaultLanguage) ?? .en
    }

    static var timing: HTTPField.Name { HTTPField.Name("Server-Timing")! }
    /// The routes served, to tell a path that exists with another method (405) from none (404).
    var routes: RouteTable
    /// For the office's first language, which refusals are worded in unless the request
    /// asks for another (`Accept-Language: en`): `atiende` on a server says what it says on a file.
    var offices: OfficeCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            var apiError = APIError.from(error, request: request, language: await language(of: request))
            // The router found no route for this method: is there one for another?
            let noRoute = (error as? HTTPError)?.status == .notFound
            let allowed = noRoute ? routes.methods(for: request.uri.path).filter { $0 != request.method.rawValue } : []
            if !allowed.isEmpty {
                apiError = APIError(.methodNotAllowed, "\(request.uri.path) does not take \(request.method): use \(allowed.joined(separator: " or "))", reason: "methodNotAllowed")
            }
            if apiError.status.code >= 500 && apiError.reason == "internal" {
                context.logger.error("\(request.method) \(request.uri.path): \(error)")
            }
            response = try apiError.response(from: request, context: context)
            if !allowed.isEmpty { response.headers[.allow] = allowed.joined(separator: ", ") }
        }
        let spent = ContinuousClock.now - start
        let millis = Double(spent.components.seconds) * 1000 + Double(spent.components.attoseconds) / 1e15
        response.headers[Self.timing] = "app;dur=" + Self.milliseconds(millis)
        return response
    }
}

extension ErrorMiddleware {
    /// Milliseconds with three decimals, without Foundation's format parser (it runs on
    /// every answer).
    static func milliseconds(_ value: Double) -> String {
        let micros = Int((max(0, value) * 1000).rounded())
        let fraction = String(micros % 1000)
        return String(micros / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

enum JSONResponse {
    static func make(_ json: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: QueueJSON.render(json))))
    }
}

/// The method and path template of every route, for 405 answers.
struct RouteTable: Sendable {
    var routes: [(method: String, segments: [Substring])]

    init(_ list: [String]) {
        routes = list.compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), parts[1].split(separator: "/"))
        }
    }

    /// The methods some route takes at `path` (a `{param}` matches any one segment).
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in template.hasPrefix("{") || template == segment }
        }
        return Array(Set(matching.map(\.method))).sorted()
    }
}

/// A config sent to be applied that is not valid: 422 in the asker's language, unlike a
/// stored config that cannot be read (503: the office cannot work until it is fixed).
struct RejectedConfig: Error {
    var error: ConfigError
}
