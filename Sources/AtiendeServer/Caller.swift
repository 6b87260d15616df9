import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// Who is asking and the office as it was read once for this request: the role their
/// token gives them, the office (with its tokens), and the config's version.
struct Caller: Sendable {
    var role: Role
    var office: Office
    var version: Int64
    /// The staff member signed in, and their session; `nil` for every other caller
    /// (the shared staff token included).
    var staff: StaffAccount? = nil
    var session: StaffSession? = nil
    /// Where the request came from.
    var peer: SocketAddress? = nil
    /// The client's address as a trusted proxy in front of the server gave it (`X-Forwarded-For`).
    var forwardedFor: String? = nil
    /// The address the request came from, for throttling sign-ins (written out only when
    /// asked for): the client's, not the balancer's, behind a proxy the server trusts.
    var address: String? { forwardedFor ?? peer?.ipAddress }

    /// Refuses a desk the signed-in account may not work (403).
    func checkMayWork(desk: DeskID) throws(APIError) {
        guard let staff, !staff.mayWork(desk: desk) else { return }
        throw APIError(
            .forbidden, "\(staff.user) may work desk\(staff.desks.count == 1 ? "" : "s") \(staff.desks.joined(separator: ", ")) only: choose one of them, or ask an admin to add desk \(desk)",
            reason: "deskNotAllowed")
    }

    /// The caller of the request under way, for the generated API's handlers, which
    /// see no Hummingbird context (`AccessMiddleware` sets it).
    @TaskLocal static var current: Caller?

    static var required: Caller {
        get throws {
            guard let current else { throw APIError(.internalServerError, "the route was registered before the access check", reason: "internal") }
            return current
        }
    }
}

/// The context every request starts in. `AccessMiddleware` fills in the caller before
/// any route that needs the office runs.
public struct AtiendeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var caller: Caller?
    /// The peer, when the connection has one.
    let peer: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }
}

/// Reads the office once and the caller's token, for every route added after it. A
/// token that is not the office's is refused here (401), whatever the route. Every
/// answer names the config's version (`Atiende-Office`).
struct AccessMiddleware: RouterMiddleware {
    let offices: OfficeCache
    let queue: any ServedQueue
    /// Addresses of the proxies (load balancers) whose `X-Forwarded-For` is believed.
    var trustedProxies: Set<String> = []
    static let officeHeader = HTTPField.Name("Atiende-Office")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(
        _ request: Request, context: AtiendeRequestContext, next: (Request, AtiendeRequestContext) async throws -> Response
    ) async throws -> Response {
        let (version, office) = try await offices.office()
        var caller = Caller(role: .anonymous, office: office, version: version, peer: context.peer)
        // The last address a trusted proxy appended is the one that reached it.
        if let peer = context.peer?.ipAddress, trustedProxies.contains(peer), let forwarded = request.headers[Self.forwardedFor] {
            caller.forwardedFor = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        switch try Access(tokens: office.access).credential(of: request) {
        case .none:
            // A visitor's phone follows the event stream with its visit link, where the office
            // keeps reading to token holders (the stream names no one).
            if request.uri.path == Access.eventStreamPath,
                let token = request.uri.queryParameters["visit"].map(String.init), try await queue.visit(token) != nil {
                caller.role = .reader
            }
        case .token(let role):
            caller.role = role
        case .other(let token):
            guard token.hasPrefix(SessionToken.prefix), let (session, account) = try await queue.session(SessionToken.digest(token)) else {
                throw Access.unknownToken
            }
            caller.role = Role(account.role)
            caller.staff = account
            caller.session = session
        }
        var context = context
        context.caller = caller
        var response = try await Caller.$current.withValue(caller) { try await next(request, context) }
        response.headers[Self.officeHeader] = String(version)
        return response
    }
}

/// Lets each operation of the generated API in by the access openapi.json gives it
/// (`x-atiende-permission`): no handler looks at tokens itself.
struct OperationAccess: ServerMiddleware {
    let rules: OperationRules

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let caller = try Caller.required
        guard let permission = rules.permissions[operationID] else {
            throw APIError(.internalServerError, "openapi.json gives \(operationID) no x-atiende-permission", reason: "internal")
        }
        if let permission { try Access(tokens: caller.office.access).check(permission, role: caller.role) }
        // An empty body is no body (`RequestBodyCheck` measured it): an optional one is left out.
        let body = body?.length == .known(0) ? nil : body
        var (response, responseBody) = try await next(request, body, metadata)
        // The generated layer writes header values URI-encoded: a Location is a path.
        if let location = response.headerFields[.location], location.utf8.contains(UInt8(ascii: "%")) {
            response.headerFields[.location] = location.removingPercentEncoding ?? location
        }
        return (response, responseBody)
    }
}

/// What openapi.json says of each operation beyond its shapes: who may call it, and
/// the fields its JSON body takes (for messages).
struct OperationRules: Sendable {
    /// `nil` for an operation open to anyone (`none`).
    var permissions: [String: Permission?] = [:]
    var bodyFields: [String: [String]] = [:]

    static let document = OperationRules(APIDocument.bytes)

    init(_ bytes: [UInt8]) {
        let root = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        for case let operations as [String: Any] in ((root["paths"] as? [String: Any]) ?? [:]).values {
            for case let operation as [String: Any] in operations.values {
                guard let id = operation["operationId"] as? String else { continue }
                switch operation["x-atiende-permission"] as? String {
                case "none": permissions[id] = .some(nil)
                case "read": permissions[id] = .read
                case "issue": permissions[id] = .issue
                case "staff": permissions[id] = .staff
                case "supervise": permissions[id] = .supervise
                case "administer": permissions[id] = .administer
                default: break
                }
                let schema = ((((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                    as? [String: Any])?["schema"] as? [String: Any])
                if let properties = schema?["properties"] as? [String: Any] { bodyFields[id] = properties.keys.sorted() }
            }
        }
    }
}

/// A request let in for reading, for the routes beside the generated API (the event
/// stream).
struct Reading: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let caller: Caller

    init(context: AtiendeRequestContext) throws {
        let caller = try context.caller ?? Caller.required
        try Access(tokens: caller.office.access).check(.read, role: caller.role)
        self.coreContext = context.coreContext
        self.caller = caller
    }
}
