import AtiendeCore
import Foundation
import Hummingbird

/// Who is asking, by the bearer token they sent: a token of the config's `access`
/// section, or a staff member's session. Each role may do what the ones before it may.
enum Role: Int, Comparable {
    /// `staff`: a clerk signed in, or the shared staff token.
    case anonymous, reader, kiosk, staff, supervisor, admin

    static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }

    init(_ role: StaffRole) {
        switch role {
        case .clerk: self = .staff
        case .supervisor: self = .supervisor
        case .admin: self = .admin
        }
    }
}

/// What a request's `Authorization` names.
enum Credential {
    case none
    /// A token of the config's `access` section.
    case token(Role)
    /// Any other token: a staff session's, or none at all.
    case other(Substring)
}

/// What an operation needs.
enum Permission {
    /// Reading status, events, reports, a ticket's place: open unless `read` tokens are set.
    case read
    /// Issuing a ticket: a kiosk or staff.
    case issue
    /// Everything a desk does: staff only.
    case staff
    /// Seeing and steering every desk: supervisors and admins.
    case supervise
    /// Changing the office and its accounts: admins.
    case administer
}

/// Checks tokens. A request with no `Authorization` is anonymous; one with a token that
/// is neither in the config nor a session's is refused outright (401), so a typo never
/// silently reads as anonymous.
struct Access {
    var tokens: AccessTokens?

    func credential(of request: Request) throws(APIError) -> Credential {
        let token: Substring
        if let header = request.headers[.authorization] {
            let space = header.utf8.firstIndex(of: UInt8(ascii: " ")) ?? header.endIndex
            token = header[space...].drop { $0 == " " }
            guard Self.isBearer(header.utf8[..<space]), !token.isEmpty else {
                throw APIError(.unauthorized, "the Authorization header must be 'Bearer <token>'", reason: "unauthorized")
            }
        } else if request.method == .get, request.uri.path == Self.eventStreamPath,
            let query = request.uri.queryParameters["access_token"]
        {
            // Browsers' EventSource cannot send headers: the event stream alone may carry
            // the token in the URL (which the request log never writes).
            token = query
        } else if request.uri.queryParameters["access_token"] != nil {
            throw APIError(.badRequest, "a token in the address is taken only by \(Self.eventStreamPath): send Authorization: Bearer <token>", reason: "badRequest")
        } else {
            return .none
        }
        guard let tokens else { return .other(token) }
        if Self.contains(tokens.staff, token) { return .token(.staff) }
        if Self.contains(tokens.kiosk, token) { return .token(.kiosk) }
        if Self.contains(tokens.read, token) { return .token(.reader) }
        return .other(token)
    }

    static let unknownToken = APIError(
        .unauthorized, "the token is not valid for this office, or its session has ended: sign in again, or check it against the config's access section",
        reason: "unauthorized")

    static let eventStreamPath = "/api/events"

    /// Whether a caller with `role` may do `permission`; throws the answer if not.
    func check(_ permission: Permission, role: Role) throws(APIError) {
        switch permission {
        case .read:
            if role == .anonymous && !(tokens?.read.isEmpty ?? true) {
                throw APIError(.unauthorized, "reading needs a token: send Authorization: Bearer <token>", reason: "unauthorized")
            }
        case .issue:
            if role == .anonymous { throw APIError(.unauthorized, "issuing a ticket needs a kiosk or staff token: send Authorization: Bearer <token>", reason: "unauthorized") }
            if role == .reader { throw APIError(.forbidden, "a read token cannot issue tickets: use a kiosk or staff token", reason: "forbidden") }
        case .staff:
            if role == .anonymous { throw APIError(.unauthorized, "desk operations need a staff sign-in: send Authorization: Bearer <token>", reason: "unauthorized") }
            if role < .staff { throw APIError(.forbidden, "this token may only \(role == .kiosk ? "issue tickets" : "read"): desk operations need a staff sign-in", reason: "forbidden") }
        case .supervise, .administer:
            let needed: Role = permission == .supervise ? .supervisor : .admin
            if role == .anonymous { throw APIError(.unauthorized, "this needs a \(needed)'s sign-in: send Authorization: Bearer <token>", reason: "unauthorized") }
            if role < needed { throw APIError(.forbidden, "only a\(needed == .admin ? "n admin" : " supervisor") may do this: sign in as one", reason: "forbidden") }
        }
    }

    /// Whether a caller with `role` may do `permission`.
    func allows(_ permission: Permission, role: Role) -> Bool {
        (try? check(permission, role: role)) != nil
    }

    /// Compares without stopping at the first different byte, so timing does not leak a token.
    private static func contains(_ list: [String], _ candidate: Substring) -> Bool {
        var found = false
        let length = candidate.utf8.count
        for token in list {
            var difference = UInt8(token.utf8.count == length ? 0 : 1)
            for (a, b) in zip(token.utf8, candidate.utf8) { difference |= a ^ b }
            found = found || difference == 0
        }
        return found
    }

    /// Whether a scheme reads `Bearer`, in any case.
    private static func isBearer(_ scheme: Substring.UTF8View) -> Bool {
        scheme.count == 6 && zip(scheme, "bearer".utf8).allSatisfy { $0 | 0x20 == $1 }
    }
}
