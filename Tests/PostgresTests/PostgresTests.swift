import AtiendeCore
import AtiendePostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// The server the test command started (scripts/postgres.sh), with a database of its own
/// for each test, dropped after it.
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["ATIENDE_TEST_POSTGRES"]
    static var available: Bool { url != nil }
    static let logger = Logger(label: "atiende.tests.postgres")

    /// Runs `body` with a client of a fresh, empty database.
    static func withDatabase(_ body: (PostgresClient, PostgresAddress) async throws -> Void) async throws {
        let server = try PostgresAddress(parsing: try #require(url), environment: [:])
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await withClient(server) { admin in try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger) }
        var address = server
        address.database = name
        do {
            try await withClient(address) { client in try await body(client, address) }
        } catch {
            try? await withClient(server) { admin in try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(name)"), logger: logger) }
            throw error
        }
        try await withClient(server) { admin in try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(name)"), logger: logger) }
    }

    static func withClient(_ address: PostgresAddress, _ body: (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(configuration: address.configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}

@Suite struct PostgresAddressTests {
    @Test func anAddressNamesTheServerTheUserAndTheDatabase() throws {
        let address = try PostgresAddress(parsing: "postgres://atiende@db.example.org:6432/atiende?sslmode=require", environment: [:])
        #expect(address.host == "db.example.org" && address.port == 6432 && address.user == "atiende" && address.database == "atiende")
        #expect(address.tls == .require)
        #expect(address.password == nil)
        #expect(try PostgresAddress(parsing: "postgresql://a@h/d", environment: [:]).port == 5432)
    }

    @Test func thePasswordComesFromTheEnvironmentOrAFileAndIsNeverPrinted() throws {
        let inEnvironment = try PostgresAddress(parsing: "postgres://atiende@h/atiende", environment: ["ATIENDE_DB_PASSWORD": "s3cret"])
        #expect(inEnvironment.password == "s3cret")
        #expect(!inEnvironment.description.contains("s3cret"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try "fromfile\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try PostgresAddress(parsing: "postgres://atiende@h/atiende", environment: ["ATIENDE_DB_PASSWORD_FILE": file.path]).password == "fromfile")
    }

    @Test(arguments: [
        ("postgres://atiende:s3cret@h/atiende", "the database password does not belong in the address"),
        ("postgres://h/atiende", "names no user"),
        ("postgres://atiende@h", "names no database"),
        ("postgres://atiende@h/atiende?ssl=true", "sslmode=disable, prefer or require"),
        ("mysql://atiende@h/atiende", "is not a PostgreSQL address"),
    ])
    func aWrongAddressSaysWhatToWrite(_ text: String, _ problem: String) {
        #expect(throws: PostgresAddressError.self) { try PostgresAddress(parsing: text, environment: [:]) }
        do {
            _ = try PostgresAddress(parsing: text, environment: [:])
        } catch {
            #expect(error.description.contains(problem), "\(error.description)")
            #expect(!error.description.contains("s3cret"), "never the password")
            #expect(!error.description.contains("\n"))
        }
    }
}

@Suite(.enabled(if: TestPostgres.available, "the test command starts PostgreSQL (scripts/postgres.sh) and sets ATIENDE_TEST_POSTGRES"))
struct PostgresSchemaTests {
    @Test func theSchemaIsAppliedOnceAndASecondRunAddsNothing() async throws {
        try await TestPostgres.withDatabase { client, _ in
            #expect(try await PostgresSchema.migrate(client, logger: TestPostgres.logger) == PostgresSchema.version)
            #expect(try await PostgresSchema.migrate(client, logger: TestPostgres.logger) == 0)
            var versions: [Int] = []
            for try await version in try await client.query("SELECT version FROM schemaVersion ORDER BY version", logger: TestPostgres.logger).decode(Int.self) {
                versions.append(version)
            }
            #expect(versions == Array(1...PostgresSchema.version))
        }
    }

    @Test func anOfficeIdKeepsTheRuleInTheDatabaseToo() async throws {
        try await TestPostgres.withDatabase { client, _ in
            try await PostgresSchema.migrate(client, logger: TestPostgres.logger)
            // Through a String: `OfficeID("…")` with a literal is the literal's own initializer (SE-0213).
            func typed(_ text: String) -> OfficeID? { OfficeID(text) }
            let good = try #require(typed(" Bogota-Centro "))
            #expect(good.rawValue == "bogota-centro")
            try await client.query("INSERT INTO office (id) VALUES (\(good.rawValue))", logger: TestPostgres.logger)
            await #expect(throws: PSQLError.self) {
                try await client.query("INSERT INTO office (id) VALUES ('Bad Id')", logger: TestPostgres.logger)
            }
            #expect(typed("9-lives") == nil && typed("") == nil && typed("bogotá") == nil && typed(String(repeating: "a", count: 33)) == nil)
        }
    }
}
