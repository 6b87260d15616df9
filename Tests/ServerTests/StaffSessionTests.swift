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

/// Staff who sign in as themselves: sessions, refusals, throttling, expiry, and the
/// events that name who did what. In process, on the queue in memory.
@Suite struct StaffSessionTests {
    static let kiosk = "demo-kiosk-token", shared = "demo-staff-token"

    /// A router over a queue with two accounts: laura (clerk, desks 1 and 2) and ana
    /// (supervisor, every desk, calls from service B only).
    struct Office {
        let clock = TestClock()
        let queue: InMemoryQueue

        init(config: String = TestDatabase.demoConfig) async throws {
            queue = try InMemoryQueue(config: config, time: clock.source)
            try await queue.addStaff(
                StaffAccount(user: "laura", name: "Laura Gómez", role: .clerk, desks: ["1", "2"]),
                passwordHash: try await Passwords.hash("laura-secret-1", cost: 4))
            try await queue.addStaff(
                StaffAccount(user: "ana", name: "Ana Ruiz", role: .supervisor, services: ["B"]),
                passwordHash: try await Passwords.hash("ana-secret-22", cost: 4))
        }

        func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            let app = Application(router: QueueServer(queue: queue, failurePause: .zero).router())
            try await app.test(.router, body)
        }
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String? = nil, body: String? = nil
    ) async throws -> (status: Int, json: [String: Any], headers: HTTPFields) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json, response.headers)
    }

    static func signIn(_ client: any TestClientProtocol, _ user: String, _ password: String) async throws -> (status: Int, json: [String: Any], headers: HTTPFields) {
        try await send(client, .post, "/api/session", body: #"{"user": "\#(user)", "password": "\#(password)"}"#)
    }

    @Test func aClerkSignsInAndEveryDeskActionNamesThem() async throws {
        try await Office().test { client in
            let signIn = try await Self.signIn(client, "laura", "laura-secret-1")
            #expect(signIn.status == 200)
            let token = try #require(signIn.json["token"] as? String)
            #expect(token.hasPrefix("atd_") && token.count > 40)
            #expect((signIn.json["staff"] as? [String: Any])?["name"] as? String == "Laura Gómez")
            // 10 hours from 08:00 in Bogotá.
            #expect(signIn.json["expiresAt"] as? String == "2026-11-23T18:00:00-05:00")

            let session = try await Self.send(client, .get, "/api/session", token: token)
            #expect(session.status == 200 && session.json["token"] == nil && session.json["role"] as? String == "clerk")

            _ = try await Self.send(client, .post, "/api/tickets", token: Self.kiosk, body: #"{"service": "A"}"#)
            let call = try await Self.send(client, .post, "/api/desks/1/next", token: token)
            #expect(call.status == 200)
            #expect(call.json["staff"] as? String == "laura")
            #expect((call.json["event"] as? [String: Any])?["staff"] as? String == "laura")
            for action in ["start", "finish"] {
                let answer = try await Self.send(client, .post, "/api/desks/1/\(action)", token: token)
                #expect(answer.status == 200 && answer.json["staff"] as? String == "laura", "\(action)")
            }
            // The shared staff token still works, and names no one.
            _ = try await Self.send(client, .post, "/api/tickets", token: Self.kiosk, body: #"{"service": "A"}"#)
            let sharedCall = try await Self.send(client, .post, "/api/desks/3/next", token: Self.shared)
            #expect(sharedCall.status == 200 && sharedCall.json["staff"] == nil)
            #expect(try await Self.send(client, .get, "/api/session", token: Self.shared).json["role"] as? String == "clerk")
        }
    }

    @Test func aClerkIsRefusedTheDesksTheirAccountDoesNotName() async throws {
        try await Office().test { client in
            let token = try #require(try await Self.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            for path in ["/api/desks/3/next", "/api/desks/3/open", "/api/desks/4/close", "/api/desks/3/start"] {
                let answer = try await Self.send(client, .post, path, token: token)
                #expect(answer.status == 403 && answer.json["reason"] as? String == "deskNotAllowed", "\(path)")
                #expect((answer.json["error"] as? String)?.contains("laura may work desks 1, 2 only") == true)
            }
        }
    }

    @Test func anAccountLimitedToAServiceCallsOnlyFromIt() async throws {
        try await Office().test { client in
            let token = try #require(try await Self.signIn(client, "ana", "ana-secret-22").json["token"] as? String)
            _ = try await Self.send(client, .post, "/api/tickets", token: Self.kiosk, body: #"{"service": "A"}"#)
            _ = try await Self.send(client, .post, "/api/tickets", token: Self.kiosk, body: #"{"service": "B"}"#)
            // Desk 1 serves A and B; A-001 came first, but ana calls from B only.
            let call = try await Self.send(client, .post, "/api/desks/1/next", token: token)
            #expect(call.json["number"] as? String == "B-001")
            #expect(call.json["staff"] as? String == "ana")
        }
    }

    @Test func aWrongPasswordAndAnUnknownUserGetTheSameAnswer() async throws {
        try await Office().test { client in
            let wrong = try await Self.signIn(client, "laura", "not-her-password")
            let unknown = try await Self.signIn(client, "nadie", "not-her-password")
            for answer in [wrong, unknown] {
                #expect(answer.status == 401)
                #expect(answer.json["reason"] as? String == "signInFailed")
                #expect(answer.json["error"] as? String == "wrong user name or password: check both, or ask an admin to reset the password")
            }
            #expect(try await Self.send(client, .post, "/api/session", body: #"{"user": "laura"}"#).status == 400)
        }
    }

    @Test func fiveFailuresInAMinuteAreRefusedUntilTheMinuteHasPassed() async throws {
        let office = try await Office()
        try await office.test { client in
            for _ in 0..<5 { #expect(try await Self.signIn(client, "laura", "guess-guess").status == 401) }
            // Even the right password waits: the guesser must not learn it was right.
            let refused = try await Self.signIn(client, "laura", "laura-secret-1")
            #expect(refused.status == 429)
            #expect(refused.json["reason"] as? String == "tooManyAttempts")
            #expect(refused.headers[.retryAfter] == "60")
            // Another user is not held back by laura's guesser.
            #expect(try await Self.signIn(client, "ana", "ana-secret-22").status == 200)
            office.clock.advance(minutes: 0.5)
            #expect(try await Self.signIn(client, "laura", "laura-secret-1").headers[.retryAfter] == "30")
            office.clock.advance(minutes: 0.51)
            #expect(try await Self.signIn(client, "laura", "laura-secret-1").status == 200)
        }
    }

    @Test func sessionsEndWhenTheyExpireWhenSignedOutAndWhenTheAccountIsDisabled() async throws {
        let config = try TestDatabase.demoConfig { object in
            var access = object["access"] as? [String: Any] ?? [:]
            access["sessionHours"] = 2
            object["access"] = access
        }
        let office = try await Office(config: config)
        try await office.test { client in
            let first = try #require(try await Self.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            office.clock.advance(minutes: 119)
            #expect(try await Self.send(client, .get, "/api/session", token: first).status == 200)
            office.clock.advance(minutes: 1)
            let expired = try await Self.send(client, .get, "/api/session", token: first)
            #expect(expired.status == 401)
            #expect((expired.json["error"] as? String)?.contains("sign in again") == true)

            let second = try #require(try await Self.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            #expect(try await Self.send(client, .delete, "/api/session", token: second).status == 204)
            #expect(try await Self.send(client, .post, "/api/desks/1/next", token: second).status == 401)

            let third = try #require(try await Self.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            var laura = try #require(try await office.queue.staffAccount("laura")).account
            laura.active = false
            try await office.queue.updateStaff(laura, passwordHash: nil)
            #expect(try await Self.send(client, .get, "/api/session", token: third).status == 401)
            #expect(try await Self.signIn(client, "laura", "laura-secret-1").status == 401)
        }
    }

    @Test func kioskAndReadTokensHaveNoSessionAndMadeUpTokensAreRefused() async throws {
        try await Office().test { client in
            let kiosk = try await Self.send(client, .get, "/api/session", token: Self.kiosk)
            let nobody = try await Self.send(client, .get, "/api/session")
            let madeUp = try await Self.send(client, .get, "/api/session", token: "atd_made-up-token-of-forty-three-letters-xx")
            let kioskOut = try await Self.send(client, .delete, "/api/session", token: Self.kiosk)
            let statuses: [Int] = [kiosk.status, nobody.status, madeUp.status, kioskOut.status]
            #expect(statuses == [403, 401, 401, 403])
        }
    }

    @Test func anOfficeWithoutASharedStaffTokenStillLetsStaffSignIn() async throws {
        let config = try TestDatabase.demoConfig { object in
            var access = object["access"] as? [String: Any] ?? [:]
            access["staff"] = nil
            object["access"] = access
        }
        try await Office(config: config).test { client in
            #expect(try await Self.send(client, .post, "/api/desks/1/next", token: Self.shared).status == 401)
            let token = try #require(try await Self.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            #expect(try await Self.send(client, .post, "/api/desks/1/next", token: token).status == 200)
        }
    }
}

/// The report's section per staff member, from the routes, on the store and in memory alike.
@Suite struct StaffReportRouteTests {
    @Test func theDaysReportSaysWhatEachPersonDidAndHowLongTheyWereIdle() async throws {
        let clock = TestClock()
        let database = try await TestDatabase(clock: clock)
        defer { database.remove() }
        let memory = try InMemoryQueue(config: TestDatabase.demoConfig, time: clock.source)
        var answers: [[String: Any]] = []
        for queue in [database.queue as any ServedQueue, memory] {
            try await queue.addStaff(
                StaffAccount(user: "laura", name: "Laura Gómez", role: .clerk), passwordHash: try await Passwords.hash("laura-secret-1", cost: 4))
            let start = clock.now
            let app = Application(router: QueueServer(queue: queue, failurePause: .zero).router())
            let body = try await app.test(.router) { client -> Data in
                let token = try #require(try await StaffSessionTests.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
                #expect(try await StaffSessionTests.send(client, .post, "/api/desks/1/staff", token: token).status == 204)
                _ = try await StaffSessionTests.send(client, .post, "/api/tickets", token: StaffSessionTests.kiosk, body: #"{"service": "A"}"#)
                clock.advance(minutes: 5)
                _ = try await StaffSessionTests.send(client, .post, "/api/desks/1/next", token: token)
                clock.advance(minutes: 1)
                _ = try await StaffSessionTests.send(client, .post, "/api/desks/1/start", token: token)
                clock.advance(minutes: 4)
                _ = try await StaffSessionTests.send(client, .post, "/api/desks/1/finish", token: token)
                clock.advance(minutes: 10)
                #expect(try await StaffSessionTests.send(client, .delete, "/api/session", token: token).status == 204)
                clock.advance(minutes: 30)
                let report = try await client.execute(uri: "/api/reports/2026-11-23", method: .get)
                return Data(buffer: report.body)
            }
            let report = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            answers.append(try #require(report["staff"] as? [String: Any]))
            clock.advance(minutes: Double(-clock.now.timeIntervalSince(start) / 60))
        }
        for staff in answers {
            let laura = try #require(staff["laura"] as? [String: Any])
            #expect(laura["name"] as? String == "Laura Gómez")
            #expect(laura["served"] as? Int == 1)
            #expect(laura["noShows"] as? Int == 0)
            #expect(laura["averageServiceSeconds"] as? Double == 240)
            #expect(laura["averageWalkSeconds"] as? Double == 60)
            // At the desk 20 minutes (until "Salir"), busy 5 of them.
            #expect(laura["atDeskSeconds"] as? Double == 1200)
            #expect(laura["idleSeconds"] as? Double == 900)
        }
        #expect(answers.count == 2)
    }
}

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
