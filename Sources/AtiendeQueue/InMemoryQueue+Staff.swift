import AtiendeCore
import Foundation

// The queue in memory's staff accounts, sessions, who sits where, and office changes:
// as the SQLite store keeps them, for route tests without a file.
extension InMemoryQueue: StaffDirectory {
    public func staffAccounts() async throws -> [StaffAccount] {
        staff.values.map(\.account).sorted { $0.user < $1.user }
    }

    public func staffAccount(_ user: StaffUser) async throws -> (account: StaffAccount, passwordHash: String)? { staff[user] }

    public func addStaff(_ account: StaffAccount, passwordHash: String) async throws {
        let account = try account.checked(against: current)
        guard staff[account.user] == nil else { throw StaffError.userExists(account.user) }
        staff[account.user] = (account, passwordHash)
    }

    public func updateStaff(_ account: StaffAccount, passwordHash: String?) async throws {
        let account = try account.checked(against: current)
        guard let old = staff[account.user] else { throw StaffError.unknownUser(account.user) }
        staff[account.user] = (account, passwordHash ?? old.passwordHash)
        if !account.active || passwordHash != nil {
            for (hash, entry) in sessions where entry.session.user == account.user && entry.endedAt == nil { sessions[hash]?.endedAt = time.now() }
        }
    }

    public func openSession(_ session: StaffSession) async throws { sessions[session.tokenHash] = (session, nil) }

    public func session(_ tokenHash: String) async throws -> (session: StaffSession, account: StaffAccount)? {
        guard let entry = sessions[tokenHash], entry.endedAt == nil, entry.session.expiresAt > time.now(),
            let account = staff[entry.session.user]?.account, account.active
        else { return nil }
        return (entry.session, account)
    }

    public func endSession(_ tokenHash: String) async throws {
        if sessions[tokenHash]?.endedAt == nil { sessions[tokenHash]?.endedAt = time.now() }
    }

    public func attend(desk: DeskID, session: StaffSession) async throws {
        _ = try current.requireDesk(desk)
        if seats.contains(where: { $0.span.desk == desk && $0.tokenHash == session.tokenHash && $0.span.until == nil }) { return }
        let now = time.now()
        for i in seats.indices where seats[i].span.until == nil && (seats[i].span.desk == desk || seats[i].span.user == session.user) {
            seats[i].span.until = now
        }
        seats.append((DeskPresence(desk: desk, user: session.user, since: now, until: nil), session.tokenHash))
    }

    public func seated() async throws -> [DeskID: (account: StaffAccount, since: Date)] {
        var out: [DeskID: (account: StaffAccount, since: Date)] = [:]
        for entry in seats where entry.span.until == nil {
            if let (_, account) = try await session(entry.tokenHash) { out[entry.span.desk] = (account, entry.span.since) }
        }
        return out
    }

    /// The spans of `from`…`to`, each ended where it ended (`nil` while it goes on).
    func presence(from: LocalDay, to: LocalDay) -> [DeskPresence] {
        let now = time.now()
        return seats.compactMap { entry in
            guard (from...to).contains(current.calendar.day(of: entry.span.since)), let session = sessions[entry.tokenHash] else { return nil }
            var span = entry.span
            let ends = [span.until, session.endedAt, session.session.expiresAt].compactMap { $0 }
            let end = ends.min() ?? now
            span.until = end >= now ? nil : end
            return span
        }
    }
}

extension InMemoryQueue: OfficeAdministration {
    /// Replaces the office, if `ConfigChange.plan` says it strands nobody.
    public func applyConfig(_ json: String, by staff: StaffUser?, basedOn: Int64?) async throws -> SetupSummary {
        let office = try OfficeConfig.parse(Data(json.utf8), file: "office config")
        let inUse = Int64(versions.count + 1)
        if let basedOn, basedOn != inUse { throw StaleConfig(basedOn: basedOn, current: inUse) }
        var summary = try ConfigChange.plan(previous: current, next: office, desks: Array(open.keys), openTickets: try openTickets())
        summary.changed = json != configJSON
        guard summary.changed else { return summary }
        for desk in summary.addedDesks { open[desk] = true }
        for desk in summary.removedDesks { open[desk] = nil }
        current = office
        configJSON = json
        history.append((time.now(), office))
        versions.append(ConfigVersion(id: Int64(versions.count + 2), appliedAt: time.now(), appliedBy: staff))
        notify()
        return summary
    }

    public func config(version: Int64) async throws -> String? { version == Int64(versions.count + 1) ? configJSON : nil }

    public func configVersions(limit: Int) async throws -> [ConfigVersion] { Array(versions.reversed().prefix(limit)) }
}
