import AtiendePostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the test command started (scripts/postgres.sh), with a database of
/// its own for each test, dropped after it.
public enum TestPostgres {
    public static let url = ProcessInfo.processInfo.environment["ATIENDE_TEST_POSTGRES"]
    public static var available: Bool { url != nil }
    /// Says only what went wrong (a client starting is not news).
    public static let logger: Logger = {
        var logger = Logger(label: "atiende.tests.postgres")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body` with a client of a fresh, empty database.
    public static func withDatabase(_ body: (PostgresClient, PostgresAddress) async throws -> Void) async throws {
        let (address, name) = try await create()
        do {
            try await withClient(address) { client in try await body(client, address) }
        } catch {
            try? await drop(name)
            throw error
        }
        try await drop(name)
    }

    public static func withClient(_ address: PostgresAddress, _ body: (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(configuration: configuration(address), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }

    /// A test's client keeps few connections: many tests run at once on one server.
    static func configuration(_ address: PostgresAddress) -> PostgresClient.Configuration {
        var configuration = address.configuration
        configuration.options.maximumConnections = 6
        configuration.options.minimumConnections = 0
        return configuration
    }

    /// A new empty database on the test server: its address and name.
    static func create() async throws -> (PostgresAddress, String) {
        guard let url else { throw PostgresAddressError("ATIENDE_TEST_POSTGRES is not set: run the tests with scripts/test.sh") }
        let server = try PostgresAddress(parsing: url, environment: [:])
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await withClient(server) { admin in try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger) }
        var address = server
        address.database = name
        return (address, name)
    }

    static func drop(_ name: String) async throws {
        guard let url else { return }
        let server = try PostgresAddress(parsing: url, environment: [:])
        try await withClient(server) { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }
}

/// A fresh database with the schema, and a running client, for a test that cannot hold a
/// closure open (the conformance suite's stores); `remove()` drops it.
public final class TestPostgresDatabase: Sendable {
    public let client: PostgresClient
    public let address: PostgresAddress
    private let name: String
    private let running: Task<Void, Never>

    public init() async throws {
        (address, name) = try await TestPostgres.create()
        let client = PostgresClient(configuration: TestPostgres.configuration(address), backgroundLogger: TestPostgres.logger)
        self.client = client
        running = Task { await client.run() }
        try await PostgresSchema.migrate(client, logger: TestPostgres.logger)
    }

    /// Stops the client and drops the database (the test server itself goes at the end of the run).
    public func remove() {
        running.cancel()
        let name = name
        Task { try? await TestPostgres.drop(name) }
    }
}
