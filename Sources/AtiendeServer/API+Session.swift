import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

/// Staff who sign in as themselves: `POST`, `GET` and `DELETE /api/session`.
extension API {
    /// Checks the password against its bcrypt hash; five failures a minute for a user
    /// or from an address are refused with 429, and each failure is answered only after
    /// a pause. An unknown user costs the same time as a wrong password.
    func signIn(_ input: Operations.SignIn.Input) async throws -> Operations.SignIn.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        let caller = try caller
        let user = body.user.trimmingCharacters(in: .whitespaces).lowercased()
        let now = queue.time.now()
        try await server.signIns.check(user: user, address: caller.address, now: now)
        let found = try await queue.staffAccount(user)
        let matches = try await Passwords.verify(body.password, hash: found?.passwordHash ?? Passwords.decoy)
        guard matches, let account = found?.account, account.active else {
            try await server.signIns.fail(user: user, address: caller.address, now: now)
            try await Task.sleep(for: server.failurePause)
            throw APIError(
                .unauthorized, "wrong user name or password: check both, or ask an admin to reset the password", reason: "signInFailed")
        }
        try await server.signIns.succeed(user: user)
        let token = SessionToken.make()
        let hours = caller.office.access?.sessionHours ?? AccessTokens.defaultSessionHours
        let session = StaffSession(
            tokenHash: SessionToken.digest(token[...]), user: account.user, startedAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(hours) * 3600))
        try await queue.openSession(session)
        return .ok(.init(body: .json(QueueJSON.session(session, account: account, token: token, timeZone: caller.office.timeZone))))
    }

    func getSession(_ input: Operations.GetSession.Input) async throws -> Operations.GetSession.Output {
        let caller = try caller
        guard let session = caller.session, let account = caller.staff else {
            // The shared staff token: a clerk at any desk, with no name.
            return .ok(.init(body: .json(.init(role: .clerk))))
        }
        return .ok(.init(body: .json(QueueJSON.session(session, account: account, token: nil, timeZone: caller.office.timeZone))))
    }

    func signOut(_ input: Operations.SignOut.Input) async throws -> Operations.SignOut.Output {
        if let session = try caller.session { try await queue.endSession(session.tokenHash) }
        return .noContent(.init())
    }
}

extension API {
    /// The desk console says its person sits at this desk; the shared token names no one.
    func attendDesk(_ input: Operations.AttendDesk.Input) async throws -> Operations.AttendDesk.Output {
        let caller = try caller
        try caller.checkMayWork(desk: DeskID(typed: input.path.id))
        _ = try caller.office.requireDesk(DeskID(typed: input.path.id))
        if let session = caller.session {
            try await queue.attend(desk: DeskID(typed: input.path.id), session: session)
        }
        return .noContent(.init())
    }
}
