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
        // 2: each office's configs (every version kept), its tickets and their events, the
        // last number given per office, service and day (the row an issue locks), visit
        // links and idempotency keys. Times are timestamptz, days the office's local date as
        // text (YYYY-MM-DD), as the SQLite store keeps them.
        """
        CREATE TABLE officeConfig (
            id bigserial PRIMARY KEY,
            office text NOT NULL REFERENCES office (id),
            json text NOT NULL,
            appliedAt timestamptz NOT NULL,
            appliedBy text
        );
        CREATE INDEX officeConfigLatest ON officeConfig (office, id DESC);
        CREATE TABLE numbering (
            office text NOT NULL REFERENCES office (id),
            day text NOT NULL,
            service text NOT NULL,
            last integer NOT NULL,
            PRIMARY KEY (office, day, service)
        );
        CREATE TABLE ticket (
            id bigserial PRIMARY KEY,
            office text NOT NULL REFERENCES office (id),
            day text NOT NULL,
            service text NOT NULL,
            seq integer NOT NULL,
            preferential boolean NOT NULL,
            firstName text,
            issuedAt timestamptz NOT NULL,
            queueService text NOT NULL,
            state text NOT NULL,
            desk text,
            waitingSince timestamptz NOT NULL,
            firstCalledAt timestamptz,
            calledAt timestamptz,
            startedAt timestamptz,
            endedAt timestamptz,
            dueAt timestamptz NOT NULL,
            UNIQUE (office, day, service, seq)
        );
        CREATE INDEX ticketOpen ON ticket (office, queueService, dueAt) WHERE state IN ('waiting', 'called', 'serving');
        CREATE TABLE event (
            id bigserial PRIMARY KEY,
            office text NOT NULL REFERENCES office (id),
            ticketId bigint NOT NULL REFERENCES ticket (id),
            day text NOT NULL,
            kind text NOT NULL,
            at timestamptz NOT NULL,
            desk text,
            service text NOT NULL,
            seconds double precision,
            staff text
        );
        CREATE INDEX eventOfOffice ON event (office, id);
        CREATE TABLE visit (
            token text PRIMARY KEY,
            ticketId bigint NOT NULL REFERENCES ticket (id)
        );
        CREATE TABLE issueKey (
            office text NOT NULL REFERENCES office (id),
            day text NOT NULL,
            key text NOT NULL,
            ticketId bigint NOT NULL REFERENCES ticket (id),
            PRIMARY KEY (office, day, key)
        )
        """,
        // 3: the office's desks, open or closed; a desk's row is what a call locks, so two
        // servers never act for one desk at once.
        """
        CREATE TABLE desk (
            office text NOT NULL REFERENCES office (id),
            id text NOT NULL,
            isOpen boolean NOT NULL,
            PRIMARY KEY (office, id)
        );
        CREATE INDEX ticketAtDesk ON ticket (office, desk) WHERE state IN ('called', 'serving')
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
                // One statement a query: the extended protocol takes no more.
                for statement in step.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schemaVersion (version) VALUES (\(index + 1))", logger: logger)
            }
            return max(0, steps.count - current)
        }
    }

    /// The advisory lock migrations hold ("atiende" in ASCII).
    static let lockKey: Int64 = 0x61_7469_656E_6465
}
