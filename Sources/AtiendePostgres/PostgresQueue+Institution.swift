import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

/// What an office of the institution reaches beyond itself: the institution's admins, the
/// accounts it shares between offices, every office now, the report side by side and the
/// catalogue of services (docs/postgres.md, "The institution together").
extension PostgresQueue: InstitutionOffice {
    public func isInstitutionAdmin(_ user: StaffUser) async throws -> Bool {
        try await transaction { [self] connection in
            for try await admin in try await connection.query(
                "SELECT institutionAdmin FROM staff WHERE userName = \(user) AND active", logger: logger
            ).decode(Bool.self) { return admin }
            return false
        }
    }

    /// The person across the institution: whether they run it, and the offices other than
    /// this one where they have a role (the row locked, so two admins take turns).
    private func person(_ user: StaffUser, _ connection: PostgresConnection) async throws -> (institutionAdmin: Bool, elsewhere: Int)? {
        for try await (admin, elsewhere) in try await connection.query(
            """
            SELECT s.institutionAdmin, (SELECT count(*) FROM staffOffice o WHERE o.userName = s.userName AND o.office <> \(officeID.rawValue))
            FROM staff s WHERE s.userName = \(user) FOR UPDATE
            """, logger: logger
        ).decode((Bool, Int).self) { return (admin, elsewhere) }
        return nil
    }

    /// A new person with a role here, or (without a password) a person of another office
    /// given a role here too; a user name is one person across the institution.
    public func addStaff(_ account: StaffAccount, passwordHash: String?, byInstitution: Bool) async throws {
        try await write(queue: false) { [self] writing in
            let account = try account.checked(against: writing.office)
            let connection = writing.connection
            if let person = try await person(account.user, connection) {
                guard passwordHash == nil else { throw StaffError.userExists(account.user) }
                for try await _ in try await connection.query(
                    "SELECT 1 FROM staffOffice WHERE userName = \(account.user) AND office = \(officeID.rawValue)", logger: logger
                ) { throw StaffError.userExists(account.user) }
                if person.institutionAdmin { throw StaffError.institutionsOwn(account.user) }
            } else {
                guard let passwordHash else { throw StaffError.passwordMissing(account.user) }
                try await connection.query(
                    """
                    INSERT INTO staff (userName, name, active, passwordHash, createdAt, changedAt)
                    VALUES (\(account.user), \(account.name), \(account.active), \(passwordHash), \(writing.now), \(writing.now))
                    """, logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO staffOffice (userName, office, role, desks, services)
                VALUES (\(account.user), \(officeID.rawValue), \(account.role.rawValue), \(account.desks.map(\.rawValue)), \(account.services.map(\.rawValue)))
                """, logger: logger)
        }
    }

    public func updateStaff(_ account: StaffAccount, passwordHash: String?, byInstitution: Bool) async throws {
        try await write(queue: false) { [self] writing in
            let account = try account.checked(against: writing.office)
            let connection = writing.connection
            guard let before = try await self.account(account.user, connection), let person = try await person(account.user, connection) else {
                throw StaffError.unknownUser(account.user)
            }
            let sharesPerson = passwordHash != nil || before.account.name != account.name || before.account.active != account.active
            try StaffAccount.checkOfficeAdminMay(
                change: account.user, sharesPerson: sharesPerson || person.institutionAdmin, elsewhere: person.elsewhere,
                institutionAdmin: person.institutionAdmin, byInstitution: byInstitution)
            try await connection.query(
                """
                UPDATE staff SET name = \(account.name), active = \(account.active), passwordHash = COALESCE(\(passwordHash), passwordHash),
                    changedAt = \(writing.now)
                WHERE userName = \(account.user)
                """, logger: logger)
            try await connection.query(
                """
                UPDATE staffOffice SET role = \(account.role.rawValue), desks = \(account.desks.map(\.rawValue)), services = \(account.services.map(\.rawValue))
                WHERE userName = \(account.user) AND office = \(officeID.rawValue)
                """, logger: logger)
            if !account.active || passwordHash != nil {
                try await connection.query(
                    "UPDATE staffSession SET endedAt = \(writing.now) WHERE userName = \(account.user) AND endedAt IS NULL", logger: logger)
            }
        }
    }

    /// Makes `user` an institution admin (or no longer one): the command line's, never an office's.
    public func setInstitutionAdmin(_ user: StaffUser, _ admin: Bool) async throws {
        try await transaction { [self] connection in
            var found = false
            for try await _ in try await connection.query(
                "UPDATE staff SET institutionAdmin = \(admin) WHERE userName = \(user) RETURNING 1", logger: logger) { found = true }
            if !found { throw StaffError.unknownUser(user) }
        }
    }

    public func officesNow() async throws -> [OfficeNow] {
        let ids = try await transaction { [self] connection in
            var ids: [String] = []
            for try await id in try await connection.query("SELECT id FROM office ORDER BY id", logger: logger).decode(String.self) { ids.append(id) }
            return ids
        }
        return try await withThrowingTaskGroup(of: OfficeNow?.self) { group in
            for id in ids {
                guard let office = OfficeID(id) else { continue }
                group.addTask { [self] in
                    let queue = office == officeID ? self : PostgresQueue(client: client, office: office, time: time, logger: logger, probe: probe)
                    guard let config = try? await queue.office() else { return nil }
                    return OfficeNow(office: id, config: config, snapshot: try await queue.snapshot())
                }
            }
            var all: [OfficeNow] = []
            for try await now in group { if let now { all.append(now) } }
            return all.sorted { $0.office < $1.office }
        }
    }

    public func comparison(from: LocalDay, to: LocalDay) async throws -> OfficeComparison {
        try await PostgresInstitution(client: client, logger: logger).comparison(from: from, to: to)
    }

    public func catalogue() async throws -> (version: Int64, json: String) {
        try await transaction { [self] connection in try await Self.catalogue(connection, logger: logger) }
    }

    static func catalogue(_ connection: PostgresConnection, logger: Logger) async throws -> (version: Int64, json: String) {
        for try await row in try await connection.query("SELECT version, json FROM catalogue ORDER BY version DESC LIMIT 1", logger: logger)
            .decode((Int64, String).self) { return row }
        return (0, #"{"services": []}"#)
    }

    public func setCatalogue(_ json: String, by staff: StaffUser?) async throws -> (version: Int64, offices: [String]) {
        let next = try ServiceCatalogue.parse(Data(json.utf8), file: "the catalogue")
        let (version, offices) = try await transaction { [self] connection in
            // One change of the catalogue at a time, institution-wide.
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey + 1))", logger: logger)
            var using: [(office: String, codes: Set<ServiceCode>)] = []
            for try await (office, config) in try await connection.query(
                "SELECT DISTINCT ON (office) office, json FROM officeConfig ORDER BY office, version DESC", logger: logger
            ).decode((String, String).self) {
                let codes = ServiceCatalogue.offered(in: Data(config.utf8))
                if !codes.isEmpty { using.append((office, codes)) }
            }
            try next.checkCovers(using)
            var version: Int64 = 0
            for try await id in try await connection.query(
                "INSERT INTO catalogue (json, appliedAt, appliedBy) VALUES (\(json), \(time.now()), \(staff)) RETURNING version", logger: logger
            ).decode(Int64.self) { version = id }
            return (version, using.map(\.office))
        }
        // Each office that offers from it takes it in as a new version of its config, checked
        // as any change is (nobody stranded).
        var changed: [String] = []
        for id in offices {
            guard let office = OfficeID(id) else { continue }
            let queue = office == officeID ? self : PostgresQueue(client: client, office: office, time: time, logger: logger, probe: probe)
            // A version that came from the office's file stays one (its `init --if-changed` keeps it).
            let (json, fromFile) = try await queue.transaction { connection in
                for try await row in try await connection.query(
                    "SELECT json, fromFile FROM officeConfig WHERE office = \(id) ORDER BY version DESC LIMIT 1", logger: queue.logger
                ).decode((String, Bool).self) { return row }
                throw StaffError.invalid("office \(id) has no config")
            }
            if try await queue.apply(config: json, file: "the config of office \(id)", by: staff, fromFile: fromFile).changed { changed.append(id) }
        }
        return (version, changed)
    }
}
