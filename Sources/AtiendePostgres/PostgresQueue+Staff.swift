import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

/// Staff accounts are the institution's (`staff`: a user name is one person everywhere, with
/// one password); what they do in an office is that office's (`staffOffice`: role, desks,
/// services). This office's directory sees the people with a role here.
extension PostgresQueue: StaffDirectory {
    /// An institution admin is an admin in every office, with every desk and service there.
    static let staffColumns = """
        s.userName, s.name, CASE WHEN s.institutionAdmin THEN 'admin' ELSE o.role END,
        CASE WHEN s.institutionAdmin THEN '{}'::text[] ELSE o.desks END, CASE WHEN s.institutionAdmin THEN '{}'::text[] ELSE o.services END,
        s.active, s.passwordHash
        """

    static func account(_ row: PostgresRow) throws -> (account: StaffAccount, passwordHash: String) {
        let (user, name, role, desks, services, active, hash) = try row.decode((String, String, String, [String], [String], Bool, String).self)
        guard let role = StaffRole(rawValue: role) else { throw PostgresFailure.damaged("staff account '\(user)'") }
        return (StaffAccount(
            user: user, name: name, role: role, desks: desks.map(DeskID.init(rawValue:)), services: services.map(ServiceCode.init(rawValue:)),
            active: active), hash)
    }

    public func staffAccounts() async throws -> [StaffAccount] {
        try await transaction { [self] connection in
            var accounts: [StaffAccount] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.staffColumns) FROM staff s LEFT JOIN staffOffice o ON o.userName = s.userName AND o.office = \(officeID.rawValue)
                WHERE o.userName IS NOT NULL OR s.institutionAdmin ORDER BY s.userName
                """, logger: logger) { accounts.append(try Self.account(row).account) }
            return accounts
        }
    }

    public func staffAccount(_ user: StaffUser) async throws -> (account: StaffAccount, passwordHash: String)? {
        try await transaction { [self] connection in try await account(user, connection) }
    }

    func account(_ user: StaffUser, _ connection: PostgresConnection) async throws -> (account: StaffAccount, passwordHash: String)? {
        for try await row in try await connection.query(
            """
            SELECT \(unescaped: Self.staffColumns) FROM staff s LEFT JOIN staffOffice o ON o.userName = s.userName AND o.office = \(officeID.rawValue)
            WHERE (o.userName IS NOT NULL OR s.institutionAdmin) AND s.userName = \(user)
            """, logger: logger) { return try Self.account(row) }
        return nil
    }

    public func addStaff(_ account: StaffAccount, passwordHash: String) async throws {
        try await addStaff(account, passwordHash: passwordHash, byInstitution: true)
    }

    public func updateStaff(_ account: StaffAccount, passwordHash: String?) async throws {
        try await updateStaff(account, passwordHash: passwordHash, byInstitution: true)
    }

    public func openSession(_ session: StaffSession) async throws {
        // Sessions stay after they end: the time their people sat at desks is read through them.
        try await transaction { [self] connection in
            try await connection.query(
                """
                INSERT INTO staffSession (tokenHash, userName, startedAt, expiresAt)
                VALUES (\(session.tokenHash), \(session.user), \(session.startedAt), \(session.expiresAt))
                """, logger: logger)
        }
    }

    /// The session and its account in this office, while it runs.
    public func session(_ tokenHash: String) async throws -> (session: StaffSession, account: StaffAccount)? {
        let now = time.now()
        return try await transaction { [self] connection in
            for try await row in try await connection.query(
                """
                SELECT ss.startedAt, ss.expiresAt, \(unescaped: Self.staffColumns)
                FROM staffSession ss JOIN staff s ON s.userName = ss.userName
                LEFT JOIN staffOffice o ON o.userName = s.userName AND o.office = \(officeID.rawValue)
                WHERE ss.tokenHash = \(tokenHash) AND (o.userName IS NOT NULL OR s.institutionAdmin) AND ss.endedAt IS NULL
                  AND ss.expiresAt > \(now) AND s.active
                """, logger: logger) {
                let (startedAt, expiresAt, user, name, role, desks, services, active, _) =
                    try row.decode((Date, Date, String, String, String, [String], [String], Bool, String).self)
                guard let role = StaffRole(rawValue: role) else { throw PostgresFailure.damaged("staff account '\(user)'") }
                let account = StaffAccount(
                    user: user, name: name, role: role, desks: desks.map(DeskID.init(rawValue:)),
                    services: services.map(ServiceCode.init(rawValue:)), active: active)
                return (StaffSession(tokenHash: tokenHash, user: user, startedAt: startedAt, expiresAt: expiresAt), account)
            }
            return nil
        }
    }

    public func endSession(_ tokenHash: String) async throws {
        let now = time.now()
        try await transaction { [self] connection in
            try await connection.query(
                "UPDATE staffSession SET endedAt = \(now) WHERE tokenHash = \(tokenHash) AND endedAt IS NULL", logger: logger)
        }
    }

    /// Who sat at which desk (`deskPresence`). A row's end is its `until`, or else when its
    /// session ended or expires: signing out needs no second write.
    public func attend(desk: DeskID, session: StaffSession) async throws {
        try await write { [self] writing in
            _ = try writing.office.requireDesk(desk)
            let connection = writing.connection, id = officeID.rawValue
            // The desk's row locked: two sign-ins at one desk take turns.
            _ = try await deskState(desk, office: writing.office, lock: true, connection)
            for try await _ in try await connection.query(
                "SELECT 1 FROM deskPresence WHERE office = \(id) AND desk = \(desk.rawValue) AND tokenHash = \(session.tokenHash) AND until IS NULL",
                logger: logger) { return }
            try await connection.query(
                """
                UPDATE deskPresence SET until = \(writing.now)
                WHERE office = \(id) AND until IS NULL AND (desk = \(desk.rawValue) OR userName = \(session.user))
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO deskPresence (office, day, desk, userName, tokenHash, since)
                VALUES (\(id), \(writing.today.description), \(desk.rawValue), \(session.user), \(session.tokenHash), \(writing.now))
                """, logger: logger)
        }
    }

    public func seated() async throws -> [DeskID: (account: StaffAccount, since: Date)] {
        let now = time.now()
        return try await transaction { [self] connection in
            var out: [DeskID: (account: StaffAccount, since: Date)] = [:]
            for try await row in try await connection.query(
                """
                SELECT p.desk, p.since, \(unescaped: Self.staffColumns) FROM deskPresence p
                JOIN staffSession ss ON ss.tokenHash = p.tokenHash JOIN staff s ON s.userName = p.userName
                LEFT JOIN staffOffice o ON o.userName = s.userName AND o.office = p.office
                WHERE p.office = \(officeID.rawValue) AND (o.userName IS NOT NULL OR s.institutionAdmin) AND p.until IS NULL AND ss.endedAt IS NULL AND ss.expiresAt > \(now) AND s.active
                """, logger: logger) {
                let (desk, since, user, name, role, desks, services, active, _) =
                    try row.decode((String, Date, String, String, String, [String], [String], Bool, String).self)
                guard let role = StaffRole(rawValue: role) else { throw PostgresFailure.damaged("staff account '\(user)'") }
                out[DeskID(rawValue: desk)] = (StaffAccount(
                    user: user, name: name, role: role, desks: desks.map(DeskID.init(rawValue:)),
                    services: services.map(ServiceCode.init(rawValue:)), active: active), since)
            }
            return out
        }
    }

    /// The spans of `from`…`to`, each ended where it ended (`nil` while it goes on).
    func presence(from: LocalDay, to: LocalDay, now: Date, _ connection: PostgresConnection) async throws -> [DeskPresence] {
        var spans: [DeskPresence] = []
        for try await (desk, user, since, ended) in try await connection.query(
            """
            SELECT p.desk, p.userName, p.since, LEAST(COALESCE(p.until, 'infinity'), COALESCE(ss.endedAt, 'infinity'), ss.expiresAt)
            FROM deskPresence p JOIN staffSession ss ON ss.tokenHash = p.tokenHash
            WHERE p.office = \(officeID.rawValue) AND p.day BETWEEN \(from.description) AND \(to.description) ORDER BY p.id
            """, logger: logger
        ).decode((String, String, Date, Date).self) {
            spans.append(DeskPresence(desk: DeskID(rawValue: desk), user: user, since: since, until: ended > now ? nil : ended))
        }
        return spans
    }
}

extension PostgresQueue: OfficeAdministration {
    public func applyConfig(_ json: String, by staff: StaffUser?, basedOn: Int64?) async throws -> SetupSummary {
        try await apply(config: json, file: "office config", by: staff, basedOn: basedOn)
    }

    /// Checks and applies a config to this office (making the office on its first config), as
    /// the SQLite store does: `ConfigChange.plan` decides whether it strands anyone and what
    /// it changes; every version is kept. The office's row is locked first, so two changes
    /// at once take turns and `basedOn` is checked against what is really in use.
    @discardableResult
    public func apply(config json: String, file: String, by staff: StaffUser? = nil, basedOn: Int64? = nil, fromFile: Bool = false) async throws -> SetupSummary {
        let now = time.now()
        return try await transaction { [self] connection in
            let id = officeID.rawValue
            // The services it takes from the institution's catalogue, filled in as they are now.
            let catalogue = try ServiceCatalogue.parse(Data(try await Self.catalogue(connection, logger: logger).json.utf8), file: "the catalogue")
            let json = try catalogue.expand(Data(json.utf8), file: file).map { String(decoding: $0, as: UTF8.self) } ?? json
            let next = try OfficeConfig.parse(Data(json.utf8), file: file)
            try await connection.query("INSERT INTO office (id) VALUES (\(id)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query("SELECT 1 FROM office WHERE id = \(id) FOR UPDATE", logger: logger)
            var current: (version: Int64, json: String)?
            for try await (version, text) in try await connection.query(
                "SELECT version, json FROM officeConfig WHERE office = \(id) ORDER BY version DESC LIMIT 1", logger: logger
            ).decode((Int64, String).self) { current = (version, text) }
            if let basedOn, basedOn != (current?.version ?? 0) { throw StaleConfig(basedOn: basedOn, current: current?.version ?? 0) }
            let previous = try current.map { try OfficeConfig.parse(Data($0.json.utf8), file: "the config of office \(officeID) in the database") }
            var summary: SetupSummary
            if let previous {
                let writing = Writing(queue: self, connection: connection, office: previous, now: now)
                try await writing.expireEarlierDays()
                let open = try await tickets(
                    "SELECT \(unescaped: StoredTicket.columns) FROM ticket WHERE office = \(id) AND state IN ('waiting', 'called', 'serving')",
                    connection)
                var desks: [DeskID] = []
                for try await desk in try await connection.query("SELECT id FROM desk WHERE office = \(id)", logger: logger).decode(String.self) {
                    desks.append(DeskID(rawValue: desk))
                }
                summary = try ConfigChange.plan(previous: previous, next: next, desks: desks, openTickets: open.map(\.ticket))
                writing.setupChanged = true
                try await writing.finish()
            } else {
                summary = try ConfigChange.plan(previous: nil, next: next, desks: [], openTickets: [])
                try await connection.query("SELECT pg_notify(\(Self.channel), \("\(id) setup"))", logger: logger)
            }
            for desk in summary.removedDesks {
                try await connection.query("DELETE FROM desk WHERE office = \(id) AND id = \(desk.rawValue)", logger: logger)
            }
            for desk in summary.addedDesks {
                try await connection.query("INSERT INTO desk (office, id, isOpen) VALUES (\(id), \(desk.rawValue), true)", logger: logger)
            }
            summary.changed = current?.json != json
            if summary.changed {
                try await connection.query(
                    """
                    INSERT INTO officeConfig (office, version, json, appliedAt, appliedBy, fromFile)
                    VALUES (\(id), \((current?.version ?? 0) + 1), \(json), \(now), \(staff), \(fromFile))
                    """, logger: logger)
            } else if fromFile {
                try await connection.query(
                    "UPDATE officeConfig SET fromFile = true WHERE office = \(id) AND version = \(current?.version ?? 0)", logger: logger)
            }
            return summary
        }
    }

    /// Applies the office's config file only when it differs from the last version that came
    /// from the file (filled in from the catalogue in use), as the SQLite store does: what an
    /// admin changed in /admin survives a restart, and an edit of the file still wins.
    public func applyIfChanged(config json: String, file: String) async throws -> FileApplication {
        let (fromFile, current, catalogue) = try await transaction { [self] connection in
            var fromFile: (json: String, version: ConfigVersion)?, current: (version: ConfigVersion, fromFile: Bool)?
            for try await (version, text, appliedAt, appliedBy) in try await connection.query(
                "SELECT version, json, appliedAt, appliedBy FROM officeConfig WHERE office = \(officeID.rawValue) AND fromFile ORDER BY version DESC LIMIT 1",
                logger: logger
            ).decode((Int64, String, Date, String?).self) { fromFile = (text, ConfigVersion(id: version, appliedAt: appliedAt, appliedBy: appliedBy)) }
            for try await (version, appliedAt, appliedBy, wasFile) in try await connection.query(
                "SELECT version, appliedAt, appliedBy, fromFile FROM officeConfig WHERE office = \(officeID.rawValue) ORDER BY version DESC LIMIT 1",
                logger: logger
            ).decode((Int64, Date, String?, Bool).self) { current = (ConfigVersion(id: version, appliedAt: appliedAt, appliedBy: appliedBy), wasFile) }
            return (fromFile, current, try await Self.catalogue(connection, logger: logger).json)
        }
        let expanded = try ServiceCatalogue.parse(Data(catalogue.utf8), file: "the catalogue").expand(Data(json.utf8), file: file)
            .map { String(decoding: $0, as: UTF8.self) } ?? json
        if let fromFile, let current, fromFile.json == expanded { return .kept(file: fromFile.version, current: current.version) }
        let summary = try await apply(config: json, file: file, fromFile: true)
        return .applied(summary, replaced: current.flatMap { $0.fromFile ? nil : $0.version })
    }

    public func configVersions(limit: Int) async throws -> [ConfigVersion] {
        try await transaction { [self] connection in
            var versions: [ConfigVersion] = []
            for try await (version, appliedAt, appliedBy) in try await connection.query(
                "SELECT version, appliedAt, appliedBy FROM officeConfig WHERE office = \(officeID.rawValue) ORDER BY version DESC LIMIT \(limit)",
                logger: logger
            ).decode((Int64, Date, String?).self) { versions.append(ConfigVersion(id: version, appliedAt: appliedAt, appliedBy: appliedBy)) }
            return versions
        }
    }

    public func config(version: Int64) async throws -> String? {
        try await transaction { [self] connection in
            for try await json in try await connection.query(
                "SELECT json FROM officeConfig WHERE office = \(officeID.rawValue) AND version = \(version)", logger: logger
            ).decode(String.self) { return json }
            return nil
        }
    }
}

extension PostgresQueue: SignInLedger {
    public func failedSignIns(_ keys: [String], since: Date) async throws -> [String: [Date]] {
        try await transaction { [self] connection in
            var found: [String: [Date]] = [:]
            for try await (key, at) in try await connection.query(
                "SELECT key, at FROM signInFailure WHERE key = ANY(\(keys)) AND at > \(since) ORDER BY at", logger: logger
            ).decode((String, Date).self) { found[key, default: []].append(at) }
            return found
        }
    }

    /// Also forgets what is an hour old: the table holds minutes, however many guesses come.
    public func recordFailedSignIn(_ keys: [String], at: Date) async throws {
        try await transaction { [self] connection in
            try await connection.query(
                "INSERT INTO signInFailure (key, at) SELECT k, \(at) FROM unnest(\(keys)::text[]) AS k", logger: logger)
            try await connection.query("DELETE FROM signInFailure WHERE at < \(at.addingTimeInterval(-3600))", logger: logger)
        }
    }

    public func forgetFailedSignIns(_ key: String) async throws {
        try await transaction { [self] connection in
            try await connection.query("DELETE FROM signInFailure WHERE key = \(key)", logger: logger)
        }
    }
}
