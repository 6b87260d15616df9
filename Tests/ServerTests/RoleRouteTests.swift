import AtiendeCore
import AtiendeQueue
import AtiendeServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

// Who may see and steer beyond a desk, and who may change the office: the supervisor's
// and the admin's routes, and every guarded route asked by every caller it leaves out.
/// What only supervisors (and admins) may do: see the floor, move a waiting ticket.
@Suite struct SupervisorRouteTests {
    typealias T = StaffSessionTests

    @Test func aSupervisorSeesWhoSitsWhereAndMovesAWaitingTicket() async throws {
        try await T.Office().test { client in
            let laura = try #require(try await T.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            let ana = try #require(try await T.signIn(client, "ana", "ana-secret-22").json["token"] as? String)
            #expect(try await T.send(client, .post, "/api/desks/2/staff", token: laura).status == 204)
            _ = try await T.send(client, .post, "/api/tickets", token: T.kiosk, body: #"{"service": "A"}"#)
            _ = try await T.send(client, .post, "/api/tickets", token: T.kiosk, body: #"{"service": "A"}"#)

            let floor = try await T.send(client, .get, "/api/floor", token: ana)
            #expect(floor.status == 200)
            let seated = try #require(floor.json["seated"] as? [[String: Any]])
            #expect(seated.map { $0["desk"] as? String } == ["2"])
            #expect(seated.first?["name"] as? String == "Laura Gómez")
            #expect((floor.json["waiting"] as? [[String: Any]])?.compactMap { $0["number"] as? String } == ["A-001", "A-002"])

            let moved = try await T.send(client, .post, "/api/tickets/A-002/move", token: ana, body: #"{"to": "b"}"#)
            #expect(moved.status == 200)
            #expect(moved.json["service"] as? String == "B")
            #expect(moved.json["staff"] as? String == "ana")
            #expect((moved.json["event"] as? [String: Any])?["kind"] as? String == "transferred")
            let again = try await T.send(client, .post, "/api/tickets/A-002/move", token: ana, body: #"{"to": "B"}"#)
            #expect(again.status == 422 && again.json["reason"] as? String == "transferToSameService")
            _ = try await T.send(client, .post, "/api/desks/1/call", token: laura, body: #"{"number": "A-001"}"#)
            let called = try await T.send(client, .post, "/api/tickets/A-001/move", token: ana, body: #"{"to": "C"}"#)
            #expect(called.status == 409 && called.json["reason"] as? String == "illegalTransition")
        }
    }

    @Test func clerksAndTheSharedTokenMayNotSuperviseAndNoneMayWithoutSigningIn() async throws {
        try await T.Office().test { client in
            let laura = try #require(try await T.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            _ = try await T.send(client, .post, "/api/tickets", token: T.kiosk, body: #"{"service": "A"}"#)
            var statuses: [Int] = []
            for token in [laura, T.shared, T.kiosk] {
                statuses.append(try await T.send(client, .get, "/api/floor", token: token).status)
                statuses.append(try await T.send(client, .post, "/api/tickets/A-001/move", token: token, body: #"{"to": "B"}"#).status)
            }
            statuses.append(try await T.send(client, .get, "/api/floor").status)
            #expect(statuses == [403, 403, 403, 403, 403, 403, 401])
            let refusal = try await T.send(client, .get, "/api/floor", token: laura)
            #expect(refusal.json["error"] as? String == "only a supervisor may do this: sign in as one")
        }
    }
}

/// What only admins may do: replace the office config, read its versions, manage accounts.
@Suite struct AdminRouteTests {
    typealias T = StaffSessionTests

    static func office() async throws -> T.Office {
        let office = try await T.Office()
        try await office.queue.addStaff(
            StaffAccount(user: "eva", name: "Eva Díaz", role: .admin), passwordHash: try await Passwords.hash("eva-secret-444", cost: 4))
        return office
    }

    static func config(_ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(TestDatabase.demoConfig.utf8)) as? [String: Any] ?? [:]
        object["access"] = nil
        change(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func anAdminChangesTheOfficeAndTheChangeIsCheckedKeptAndLive() async throws {
        try await Self.office().test { client in
            let eva = try #require(try await T.signIn(client, "eva", "eva-secret-444").json["token"] as? String)
            let ana = try #require(try await T.signIn(client, "ana", "ana-secret-22").json["token"] as? String)
            let withE = try Self.config { object in
                var services = object["services"] as? [[String: Any]] ?? []
                services.append(["code": "E", "name": ["es": "Certificados", "en": "Certificates"], "description": ["es": "Pida un certificado", "en": "Ask for a certificate"]])
                object["services"] = services
            }
            #expect(try await T.send(client, .put, "/api/office", token: ana, body: withE).status == 403)

            let invalid = try Self.config { $0["targetWaitMinutes"] = "quince" }
            let refused = try await T.send(client, .put, "/api/office", token: eva, body: invalid)
            #expect(refused.status == 422 && refused.json["reason"] as? String == "invalidConfig")
            #expect((refused.json["error"] as? String)?.contains("targetWaitMinutes") == true)

            let applied = try await T.send(client, .put, "/api/office", token: eva, body: withE)
            #expect(applied.status == 200, "\(applied.json)")
            #expect(applied.json["changed"] as? Bool == true)
            #expect(applied.json["addedServices"] as? [String] == ["E"])
            let status = try await T.send(client, .get, "/api/status")
            #expect((status.json["services"] as? [[String: Any]])?.contains { $0["code"] as? String == "E" } == true)
            // The access section left out of the body is kept: the kiosk's token still works.
            #expect(try await T.send(client, .post, "/api/tickets", token: T.kiosk, body: #"{"service": "E"}"#).status == 201)

            let versions = try await client.execute(uri: "/api/office/versions", method: .get, headers: [.authorization: "Bearer \(eva)"])
            let list = try JSONSerialization.jsonObject(with: Data(buffer: versions.body)) as? [[String: Any]]
            #expect(list?.first?["appliedBy"] as? String == "eva")
            // What the change was: the version whole, as it was applied.
            let version = try #require(list?.first?["version"] as? Int)
            let whole = try await T.send(client, .get, "/api/office/versions/\(version)", token: eva)
            #expect((whole.json["services"] as? [[String: Any]])?.last?["code"] as? String == "E")
            #expect(try await T.send(client, .get, "/api/office/versions/99", token: eva).status == 404)
            #expect(try await T.send(client, .get, "/api/office/versions/\(version)", token: ana).status == 403)
            #expect(try await T.send(client, .get, "/api/office", token: eva).json["access"] != nil)
            #expect(try await T.send(client, .get, "/api/office", token: ana).json["access"] == nil)
        }
    }

    @Test func anAdminManagesAccountsAndNobodyElseMay() async throws {
        try await Self.office().test { client in
            let eva = try #require(try await T.signIn(client, "eva", "eva-secret-444").json["token"] as? String)
            let ana = try #require(try await T.signIn(client, "ana", "ana-secret-22").json["token"] as? String)
            let laura = try #require(try await T.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            let body = #"{"user": "pedro", "name": "Pedro Ruiz", "desks": ["3"], "password": "pedro-secret-9"}"#
            #expect(try await T.send(client, .post, "/api/staff", token: ana, body: body).status == 403)
            let added = try await T.send(client, .post, "/api/staff", token: eva, body: body)
            #expect(added.status == 201 && added.json["role"] as? String == "clerk")
            #expect(try await T.send(client, .post, "/api/staff", token: eva, body: body).status == 409)
            let weak = try await T.send(client, .post, "/api/staff", token: eva, body: #"{"user": "rosa", "name": "Rosa", "password": "aaaaaaaa"}"#)
            #expect(weak.status == 422 && weak.json["reason"] as? String == "invalidStaff")
            #expect(try await T.signIn(client, "pedro", "pedro-secret-9").status == 200)

            let disabled = try await T.send(client, .put, "/api/staff/laura", token: eva, body: #"{"active": false}"#)
            #expect(disabled.status == 200 && disabled.json["active"] as? Bool == false)
            #expect(try await T.send(client, .get, "/api/session", token: laura).status == 401)
            #expect(try await T.send(client, .put, "/api/staff/nadie", token: eva, body: #"{"active": false}"#).status == 404)
        }
    }
}

/// Every operation of the document, asked by every kind of caller: whoever its
/// `x-atiende-permission` leaves out is refused (401 without a token, 403 with one too
/// weak), before anything else is looked at.
@Suite struct EveryRouteRefusesWhomItMustTests {
    typealias T = StaffSessionTests

    /// Callers from the weakest up, and the permissions each has.
    static let callers: [(name: String, has: Set<String>)] = [
        ("anonymous", ["none", "read"]),
        ("kiosk", ["none", "read", "issue"]),
        ("clerk", ["none", "read", "issue", "staff"]),
        ("supervisor", ["none", "read", "issue", "staff", "supervise"]),
        ("admin", ["none", "read", "issue", "staff", "supervise", "administer"]),
    ]

    @Test func eachOperationLetsInOnlyTheRolesItNames() async throws {
        let office = try await AdminRouteTests.office()
        try await office.test { client in
            let document = try OpenAPIDocument()
            var tokens: [String: String?] = ["anonymous": nil, "kiosk": T.kiosk]
            tokens["clerk"] = try await T.signIn(client, "laura", "laura-secret-1").json["token"] as? String
            tokens["supervisor"] = try await T.signIn(client, "ana", "ana-secret-22").json["token"] as? String
            tokens["admin"] = try await T.signIn(client, "eva", "eva-secret-444").json["token"] as? String
            var checked = 0
            for (template, methods) in document.paths.sorted(by: { $0.key < $1.key }) {
                for (method, value) in methods {
                    guard let operation = value as? [String: Any], let permission = operation["x-atiende-permission"] as? String,
                        template.hasPrefix("/api/"), template != "/api/events", method != "get" || permission != "read"
                    else { continue }
                    let path = template.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{number}", with: "A-001")
                        .replacingOccurrences(of: "{token}", with: "AAAAAAAAAAAAAAAAAAAAAA").replacingOccurrences(of: "{user}", with: "laura")
                        .replacingOccurrences(of: "{date}", with: "2026-11-23")
                    for caller in Self.callers where !caller.has.contains(permission) {
                        let answer = try await T.send(
                            client, HTTPRequest.Method(method.uppercased())!, path, token: tokens[caller.name] ?? nil,
                            body: method == "get" || method == "delete" ? nil : "{}")
                        let expected = caller.name == "anonymous" ? 401 : 403
                        #expect(answer.status == expected, "\(method.uppercased()) \(template) by \(caller.name): \(answer.json)")
                        checked += 1
                    }
                }
            }
            #expect(checked >= 60, "every guarded operation was asked")
        }
    }
}

/// Each role only where it belongs: a clerk rates visits at their own desks only, the
/// report's comments and staff figures are for staff roles, and the last admin stays one.
@Suite struct RoleLimitTests {
    typealias T = StaffSessionTests

    @Test func aClerkRatesOnlyAtTheirDesksAndTheLastAdminCannotStepDown() async throws {
        let office = try await T.Office()
        try await office.queue.addStaff(StaffAccount(user: "eva", name: "Eva Díaz", role: .admin),
            passwordHash: try await Passwords.hash("eva-secret-333", cost: 4))
        try await office.test { client in
            let laura = try #require(try await T.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            let eva = try #require(try await T.signIn(client, "eva", "eva-secret-333").json["token"] as? String)
            // Laura works desks 1 and 2: desk 3's visit is not hers to rate (it was 200).
            let rated = try await T.send(client, .post, "/api/desks/3/feedback", token: laura, body: FeedbackRouteTests.body)
            #expect(rated.status == 403 && rated.json["reason"] as? String == "deskNotAllowed", "\(rated)")
            // The only admin cannot demote or disable itself (it was 200, and no one could run the office).
            let demoted = try await T.send(client, .put, "/api/staff/eva", token: eva, body: #"{"role": "supervisor"}"#)
            #expect(demoted.status == 409 && demoted.json["reason"] as? String == "lastAdmin", "\(demoted)")
            let disabled = try await T.send(client, .put, "/api/staff/eva", token: eva, body: #"{"active": false}"#)
            #expect(disabled.status == 409)
            // With a second admin, it may.
            #expect(try await T.send(client, .put, "/api/staff/ana", token: eva, body: #"{"role": "admin"}"#).status == 200)
            #expect(try await T.send(client, .put, "/api/staff/eva", token: eva, body: #"{"role": "supervisor"}"#).status == 200)
        }
    }
}
