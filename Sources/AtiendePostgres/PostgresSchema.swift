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
        // 4: everything else an office keeps, as the SQLite store keeps it. Each office's
        // events get their own gap-free sequence (`seq`, from `office.lastEvent`, taken with
        // the office's row locked at the end of the writing transaction), so an event
        // stream counts one office's events in commit order, whatever the other offices do.
        // Staff accounts belong to the institution (a user name is one person everywhere)
        // with a role, desks and services in each office they work in; sessions too.
        """
        ALTER TABLE office ADD COLUMN lastEvent bigint NOT NULL DEFAULT 0;
        ALTER TABLE event ADD COLUMN seq bigint;
        UPDATE event SET seq = numbered.n FROM (SELECT id, row_number() OVER (PARTITION BY office ORDER BY id) AS n FROM event) AS numbered
            WHERE event.id = numbered.id;
        UPDATE office SET lastEvent = (SELECT COALESCE(MAX(seq), 0) FROM event WHERE event.office = office.id);
        ALTER TABLE event ALTER COLUMN seq SET NOT NULL;
        CREATE UNIQUE INDEX eventSeq ON event (office, seq);
        CREATE INDEX eventDay ON event (office, day);
        CREATE INDEX eventFinished ON event (office, service, seq) WHERE kind = 'finished';
        CREATE INDEX eventTicket ON event (ticketId);
        ALTER TABLE event ADD COLUMN outcome text;
        ALTER TABLE event ADD COLUMN outcomeCase text;
        ALTER TABLE event ADD COLUMN outcomeReferredTo text;
        ALTER TABLE event ADD COLUMN outcomeNote text;
        ALTER TABLE officeConfig ADD COLUMN fromFile boolean NOT NULL DEFAULT false;
        ALTER TABLE officeConfig ADD COLUMN version integer;
        UPDATE officeConfig SET version = numbered.n
            FROM (SELECT id, row_number() OVER (PARTITION BY office ORDER BY id) AS n FROM officeConfig) AS numbered
            WHERE officeConfig.id = numbered.id;
        ALTER TABLE officeConfig ALTER COLUMN version SET NOT NULL;
        CREATE UNIQUE INDEX officeConfigVersion ON officeConfig (office, version);
        CREATE INDEX ticketWaiting ON ticket (office, queueService, day, dueAt, issuedAt, seq, service) WHERE state = 'waiting';
        CREATE INDEX ticketOpenDay ON ticket (office, day) WHERE state IN ('waiting', 'called', 'serving');
        CREATE INDEX ticketDay ON ticket (office, day);
        CREATE INDEX ticketIssued ON ticket (office, day, issuedAt) WHERE preferential;
        CREATE INDEX ticketNamed ON ticket (day) WHERE firstName IS NOT NULL;
        CREATE INDEX eventNoted ON event (day) WHERE outcomeNote IS NOT NULL;
        CREATE INDEX visitTicket ON visit (ticketId);
        CREATE TABLE feedback (
            ticketId bigint PRIMARY KEY REFERENCES ticket (id),
            at timestamptz NOT NULL,
            answer integer, time integer, professionalism integer, information integer, attitude integer,
            comment text
        );
        CREATE INDEX feedbackCommented ON feedback (ticketId) WHERE comment IS NOT NULL;
        CREATE TABLE dayTally (
            office text NOT NULL REFERENCES office (id),
            day text NOT NULL,
            key text NOT NULL,
            value double precision NOT NULL,
            PRIMARY KEY (office, day, key)
        );
        CREATE TABLE dayWait (
            office text NOT NULL REFERENCES office (id),
            day text NOT NULL,
            kind integer NOT NULL,
            second integer NOT NULL,
            people integer NOT NULL,
            PRIMARY KEY (office, day, kind, second)
        );
        CREATE TABLE device (
            office text NOT NULL REFERENCES office (id),
            name text NOT NULL,
            printer text NOT NULL,
            detail text,
            since timestamptz NOT NULL,
            seenAt timestamptz NOT NULL,
            PRIMARY KEY (office, name)
        );
        CREATE TABLE staff (
            userName text PRIMARY KEY,
            name text NOT NULL,
            active boolean NOT NULL,
            passwordHash text NOT NULL,
            createdAt timestamptz NOT NULL,
            changedAt timestamptz NOT NULL
        );
        CREATE TABLE staffOffice (
            userName text NOT NULL REFERENCES staff (userName),
            office text NOT NULL REFERENCES office (id),
            role text NOT NULL,
            desks text[] NOT NULL,
            services text[] NOT NULL,
            PRIMARY KEY (office, userName)
        );
        CREATE TABLE staffSession (
            tokenHash text PRIMARY KEY,
            userName text NOT NULL REFERENCES staff (userName),
            startedAt timestamptz NOT NULL,
            expiresAt timestamptz NOT NULL,
            endedAt timestamptz
        );
        CREATE INDEX staffSessionUser ON staffSession (userName) WHERE endedAt IS NULL;
        CREATE TABLE deskPresence (
            id bigserial PRIMARY KEY,
            office text NOT NULL REFERENCES office (id),
            day text NOT NULL,
            desk text NOT NULL,
            userName text NOT NULL,
            tokenHash text NOT NULL,
            since timestamptz NOT NULL,
            until timestamptz
        );
        CREATE INDEX deskPresenceDay ON deskPresence (office, day);
        CREATE INDEX deskPresenceOpen ON deskPresence (office, desk) WHERE until IS NULL
        """,
        // 5: failed sign-ins of the last minutes, by user and by address, counted by every
        // server together.
        """
        CREATE TABLE signInFailure (
            key text NOT NULL,
            at timestamptz NOT NULL
        );
        CREATE INDEX signInFailureKey ON signInFailure (key, at);
        CREATE INDEX signInFailureAt ON signInFailure (at)
        """,
        // 6: the institution together: its admins (an admin in every office), its catalogue
        // of services (every version kept, as offices' configs are), and what its report
        // reads per person without a pass over every event.
        """
        ALTER TABLE staff ADD COLUMN institutionAdmin boolean NOT NULL DEFAULT false;
        CREATE TABLE catalogue (
            version bigserial PRIMARY KEY,
            json text NOT NULL,
            appliedAt timestamptz NOT NULL,
            appliedBy text
        );
        CREATE INDEX eventByStaff ON event (day, office, staff) WHERE staff IS NOT NULL AND kind IN ('finished', 'noShow')
        """,
        // 7: requests from every channel, as the SQLite store keeps them, per office; the last
        // number of an office's year is a row a registration locks (gap-free from any server).
        """
        CREATE TABLE requestNumbering (
            office text NOT NULL REFERENCES office (id),
            year integer NOT NULL,
            last integer NOT NULL,
            PRIMARY KEY (office, year)
        );
        CREATE TABLE request (
            id bigserial PRIMARY KEY,
            office text NOT NULL REFERENCES office (id),
            year integer NOT NULL,
            seq integer NOT NULL,
            channel text NOT NULL,
            service text NOT NULL,
            summary text NOT NULL,
            name text,
            phone text,
            email text,
            assignee text,
            receivedAt timestamptz NOT NULL,
            receivedBy text,
            deadline timestamptz NOT NULL,
            firstContactAt timestamptz,
            ticket text,
            link text NOT NULL UNIQUE,
            UNIQUE (office, year, seq)
        );
        CREATE INDEX requestOpen ON request (office, deadline) WHERE firstContactAt IS NULL;
        CREATE TABLE requestAttempt (
            id bigserial PRIMARY KEY,
            requestId bigint NOT NULL REFERENCES request (id),
            at timestamptz NOT NULL,
            byUser text,
            result text NOT NULL,
            note text,
            next timestamptz
        );
        CREATE INDEX requestAttemptOf ON requestAttempt (requestId)
        """,
        // 8: the requests' report reads the span it covers, not the years before it.
        """
        CREATE INDEX requestReceived ON request (office, receivedAt)
        """,
        // 9: the desks' calls for a supervisor, and the answers, both kept.
        """
        CREATE TABLE supportCall (
            id bigserial PRIMARY KEY,
            office text NOT NULL REFERENCES office (id),
            desk text NOT NULL,
            ticket text,
            askedAt timestamptz NOT NULL,
            askedBy text,
            acknowledgedAt timestamptz,
            acknowledgedBy text
        );
        CREATE INDEX supportCallRecent ON supportCall (office, acknowledgedAt)
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
