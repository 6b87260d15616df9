import Foundation
import Logging
import PostgresNIO

/// The institution's database schema, applied in steps as the SQLite store's is: each step
/// once, in order, in a transaction with its row in `schemaVersion`, so a second run adds
/// nothing and two servers starting together do not apply a step twice (an advisory lock).
public enum PostgresSchema {
    /// The steps, oldest first; a new one goes at the end, never edits an old one.
    static let steps: [String] = [
        // 1: the offices of the institution, by their short id (OfficeID's rule).
        """
        CREATE TABLE office (
            id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{0,31}$'),
            createdAt timestamptz NOT NULL DEFAULT now()
        )
        """,
    ]

    public static var version: Int { steps.count }

    /// Applies the steps the database lacks; returns how many it applied.
    @discardableResult
    public static func migrate(_ client: PostgresClient, logger: Logger) async throws -> Int {
        try await client.withTransaction(logger: logger) { connection in
            // Held to the end of the transaction: another server migrating waits here.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schemaVersion (version integer PRIMARY KEY, appliedAt timestamptz NOT NULL DEFAULT now())",
                logger: logger)
            var current = 0
            for try await (version) in try await connection.query("SELECT COALESCE(MAX(version), 0) FROM schemaVersion", logger: logger).decode(Int.self) {
                current = version
            }
            for (index, step) in steps.enumerated() where index + 1 > current {
                try await connection.query(PostgresQuery(unsafeSQL: step), logger: logger)
                try await connection.query("INSERT INTO schemaVersion (version) VALUES (\(index + 1))", logger: logger)
            }
            return max(0, steps.count - current)
        }
    }

    /// The advisory lock migrations hold ("atiende" in ASCII).
    static let lockKey: Int64 = 0x61_7469_656E_6465
}
