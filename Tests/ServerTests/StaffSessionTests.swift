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

    /// The store keeps a session under its token's SHA-256, never the token itself.
    @Test func aSessionIsKeptUnderItsTokensDigest() async throws {
        // FIPS 180-2's first example.
        #expect(SessionToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SessionToken.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let office = try await Office()
        try await office.test { client in
            let token = try #require(try await Self.signIn(client, "laura", "laura-secret-1").json["token"] as? String)
            #expect(try await office.queue.session(SessionToken.digest(token[...]))?.account.user == "laura")
            #expect(try await office.queue.session(token) == nil)
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
                // Staff figures are for staff roles: the report is read as staff.
                let report = try await client.execute(uri: "/api/reports/2026-11-23", method: .get, headers: [.authorization: "Bearer \(StaffSessionTests.shared)"])
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

extension StaffSessionTests {
    /// A single office belongs to no institution: its routes say so, and adding an account
    /// without a password asks for one, in the page's language.
    @Test func aSingleOfficeHasNoInstitutionAndANewAccountNeedsAPassword() async throws {
        let office = try await Office()
        try await office.queue.addStaff(
            StaffAccount(user: "eva", name: "Eva Díaz", role: .admin), passwordHash: try await Passwords.hash("eva-secret-333", cost: 4))
        try await office.test { client in
            let token = try #require(try await Self.signIn(client, "eva", "eva-secret-333").json["token"] as? String)
            for path in ["/api/institution/offices", "/api/institution/report", "/api/institution/catalogue"] {
                let answer = try await Self.send(client, .get, path, token: token)
                #expect(answer.status == 404 && answer.json["reason"] as? String == "noInstitution", "\(path): \(answer.json)")
            }
            let added = try await Self.send(client, .post, "/api/staff", token: token, body: #"{"user": "nuevo", "name": "Nuevo Nombre"}"#)
            #expect(added.status == 422 && (added.json["error"] as? String)?.contains("contraseña de al menos 8") == true, "\(added.json)")
        }
    }
}
