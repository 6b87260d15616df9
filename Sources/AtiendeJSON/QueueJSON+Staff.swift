import AtiendeCore
import Foundation

extension QueueJSON {
    /// An account as its owner and the office's pages see it: never its password.
    public static func staffAccount(_ account: StaffAccount) -> Schemas.StaffAccount {
        .init(
            user: account.user, name: account.name, role: role(account.role), desks: account.desks.map(\.rawValue), services: account.services.map(\.rawValue),
            active: account.active)
    }

    /// A session; `token` only in the answer to the sign-in itself.
    public static func session(_ session: StaffSession, account: StaffAccount, token: String?, timeZone: TimeZone) -> Schemas.Session {
        .init(token: token, expiresAt: OfficeTime(session.expiresAt, timeZone: timeZone), role: role(account.role), staff: staffAccount(account))
    }

    public static func role(_ role: StaffRole) -> Schemas.StaffRole { Schemas.StaffRole(role) }
}
