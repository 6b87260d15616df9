import AtiendeCore
import Hummingbird

/// Who is asking and the office as it was read once for this request: the role their
/// token gives them, the office (with its tokens), and the config's version.
struct Caller: Sendable {
    var role: Role
    var office: Office
    var version: Int64
}

/// The context every request starts in. `AccessMiddleware` fills in the caller before
/// any route that needs the office runs; the routes themselves see it through
/// `Admitted`, which has let the caller in already.
public struct AtiendeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var caller: Caller?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// Reads the office once and the caller's token, for every route added after it. A
/// token that is not the office's is refused here (401), whatever the route.
struct AccessMiddleware: RouterMiddleware {
    let offices: OfficeCache

    func handle(
        _ request: Request, context: AtiendeRequestContext, next: (Request, AtiendeRequestContext) async throws -> Response
    ) async throws -> Response {
        let (version, office) = try await offices.office()
        var context = context
        context.caller = Caller(role: try Access(tokens: office.access).role(of: request), office: office, version: version)
        return try await next(request, context)
    }
}

/// What a group of routes needs of its callers.
protocol Requirement: Sendable {
    static var permission: Permission { get }
}

/// Reading status, events, reports, a ticket's place: open unless read tokens are set.
enum Reading: Requirement { static var permission: Permission { .read } }
/// Issuing a ticket: a kiosk or staff.
enum Issuing: Requirement { static var permission: Permission { .issue } }
/// Everything a desk does: staff.
enum DeskWork: Requirement { static var permission: Permission { .staff } }

/// A request let in for `Need`. A route in a group of this context has a caller who may
/// do what the group needs: no handler looks at tokens itself (the authenticator pattern
/// of hummingbird-auth, without its dependencies).
struct Admitted<Need: Requirement>: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let caller: Caller

    init(context: AtiendeRequestContext) throws {
        guard let caller = context.caller else {
            throw APIError(.internalServerError, "the route was registered before the access check", reason: "internal")
        }
        try Access(tokens: caller.office.access).check(Need.permission, role: caller.role)
        self.coreContext = context.coreContext
        self.caller = caller
    }
}
