import AtiendeCore
import AtiendePostgres
import AtiendeQueue
import AtiendeServer
import Foundation
import Logging
import PostgresNIO

/// An office in an institution's PostgreSQL database (`--db postgres://… --office ID`),
/// opened for one command or one server (docs/postgres.md).
enum Institution {
    /// How long a command waits for the database to answer at all before saying it cannot.
    static let reachTimeout: Duration = .seconds(10)

    /// The office's queue, with a running connection pool. With `migrate` (init and serve),
    /// the schema is brought up to date first. A database that cannot be reached, or refuses
    /// the user, stops with one line and exit status 69.
    static func open(_ url: String, office text: String, time: TimeSource, migrate: Bool = false) async throws -> PostgresQueue {
        let address: PostgresAddress
        do { address = try PostgresAddress(parsing: url) } catch { throw CommandFailure(message: error.description, code: 64) }
        guard let office = OfficeID(text) else {
            throw CommandFailure(message: "'\(text)' is not an office id: 1 to 32 lowercase letters, digits or hyphens, starting with a letter (like bogota-centro)", code: 64)
        }
        let logger = {
            var logger = Logger(label: "atiende.postgres")
            logger.logLevel = .critical
            return logger
        }()
        do { try await address.probe() } catch {
            throw CommandFailure(message: "cannot use the database \(address): \(PostgresFailure.line(error))", code: 69)
        }
        let client = PostgresClient(configuration: address.configuration, backgroundLogger: logger)
        Task { await client.run() }
        do {
            try await reaching(address) {
                if migrate { try await PostgresSchema.migrate(client, logger: logger) } else {
                    try await client.query("SELECT 1", logger: logger)
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(message: "cannot use the database \(address): \(PostgresFailure.line(error))", code: 69)
        }
        // A request that waits for a connection asks the database itself whether it is away.
        return PostgresQueue(client: client, office: office, time: time, logger: logger, probe: { try await address.probe(timeout: .seconds(2)) })
    }

    /// Runs `body`, or says the database cannot be reached once `reachTimeout` has passed
    /// without an answer (the pool keeps trying to connect meanwhile).
    private static func reaching(_ address: PostgresAddress, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: reachTimeout)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else {
                throw CommandFailure(
                    message: "cannot reach the database at \(address.host):\(address.port) within \(reachTimeout.components.seconds) s: check that PostgreSQL runs there and accepts this machine, then try again",
                    code: 69)
            }
        }
    }
}

/// The other offices of the database an institution's server serves under `/o/{office}/`.
struct InstitutionOffices: OfficeDirectory {
    let home: PostgresQueue

    func queue(for office: OfficeID) async throws -> (any ServedQueue)? {
        office == home.officeID ? home : try await home.sibling(office)
    }
}
