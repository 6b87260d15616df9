import GRDB

/// The database schema, as named migrations. A shipped migration is never edited:
/// changes go in a new one, so every office's file upgrades the same way.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 office, desks, tickets and events") { db in
            // Every config ever applied, newest last: history keeps the names of retired services.
            try db.execute(sql: """
                CREATE TABLE officeConfig (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    json TEXT NOT NULL,
                    appliedAt REAL NOT NULL
                );
                CREATE TABLE desk (
                    id TEXT PRIMARY KEY,
                    isOpen BOOLEAN NOT NULL
                );
                CREATE TABLE ticket (
                    id INTEGER PRIMARY KEY,
                    day TEXT NOT NULL,
                    service TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    preferential BOOLEAN NOT NULL,
                    firstName TEXT,
                    issuedAt REAL NOT NULL,
                    dueAt REAL NOT NULL,
                    queueService TEXT NOT NULL,
                    state TEXT NOT NULL,
                    desk TEXT,
                    waitingSince REAL NOT NULL,
                    firstCalledAt REAL,
                    calledAt REAL,
                    startedAt REAL,
                    endedAt REAL,
                    UNIQUE (day, service, seq)
                );
                CREATE INDEX ticketOpen ON ticket (state, queueService)
                    WHERE state IN ('waiting', 'called', 'serving');
                -- Each service's queue in call-rule order (CallRule.precedes), so a desk reads
                -- only the head of each queue it serves.
                CREATE INDEX ticketWaiting ON ticket (queueService, day, dueAt, issuedAt, seq, service)
                    WHERE state = 'waiting';
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    ticketId INTEGER NOT NULL REFERENCES ticket(id),
                    day TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at REAL NOT NULL,
                    desk TEXT,
                    service TEXT NOT NULL,
                    seconds REAL
                );
                CREATE INDEX eventDay ON event (day, kind);
                CREATE INDEX eventTicket ON event (ticketId);
                CREATE INDEX eventFinished ON event (service, id) WHERE kind = 'finished';
                """)
        }
        migrator.registerMigration("v2 open tickets by day") { db in
            // Every write first closes earlier days' open tickets; without this index that
            // check read every open ticket, so issuing slowed down as the queue grew.
            try db.execute(sql: """
                CREATE INDEX ticketOpenDay ON ticket (day) WHERE state IN ('waiting', 'called', 'serving');
                """)
        }
        migrator.registerMigration("v3 waiting count per queue") { db in
            // How many wait in each queue, kept by triggers in the same transaction as every
            // ticket change, so it cannot drift from the tickets whoever writes them. A new
            // ticket's people ahead are then a lookup, not a count of the whole queue.
            try db.execute(sql: """
                CREATE TABLE waitingCount (
                    day TEXT NOT NULL,
                    queueService TEXT NOT NULL,
                    waiting INTEGER NOT NULL,
                    PRIMARY KEY (day, queueService)
                ) WITHOUT ROWID;
                INSERT INTO waitingCount (day, queueService, waiting)
                    SELECT day, queueService, COUNT(*) FROM ticket WHERE state = 'waiting' GROUP BY day, queueService;
                CREATE TRIGGER waitingCountInsert AFTER INSERT ON ticket WHEN NEW.state = 'waiting' BEGIN
                    INSERT INTO waitingCount (day, queueService, waiting) VALUES (NEW.day, NEW.queueService, 1)
                        ON CONFLICT (day, queueService) DO UPDATE SET waiting = waiting + 1;
                END;
                CREATE TRIGGER waitingCountLeave AFTER UPDATE OF state, queueService ON ticket
                    WHEN OLD.state = 'waiting' AND (NEW.state <> 'waiting' OR NEW.queueService <> OLD.queueService) BEGIN
                    UPDATE waitingCount SET waiting = waiting - 1 WHERE day = OLD.day AND queueService = OLD.queueService;
                END;
                CREATE TRIGGER waitingCountJoin AFTER UPDATE OF state, queueService ON ticket
                    WHEN NEW.state = 'waiting' AND (OLD.state <> 'waiting' OR NEW.queueService <> OLD.queueService) BEGIN
                    INSERT INTO waitingCount (day, queueService, waiting) VALUES (NEW.day, NEW.queueService, 1)
                        ON CONFLICT (day, queueService) DO UPDATE SET waiting = waiting + 1;
                END;
                CREATE TRIGGER waitingCountDelete AFTER DELETE ON ticket WHEN OLD.state = 'waiting' BEGIN
                    UPDATE waitingCount SET waiting = waiting - 1 WHERE day = OLD.day AND queueService = OLD.queueService;
                END;
                """)
        }
        migrator.registerMigration("v4 visit outcomes") { db in
            // How a visit ended, on its finish event (OutcomeKind); the note is for staff only.
            try db.execute(sql: """
                ALTER TABLE event ADD COLUMN outcome TEXT;
                ALTER TABLE event ADD COLUMN outcomeCase TEXT;
                ALTER TABLE event ADD COLUMN outcomeReferredTo TEXT;
                ALTER TABLE event ADD COLUMN outcomeNote TEXT;
                """)
        }
        migrator.registerMigration("v5 visit links") { db in
            // A ticket's visit link (VisitToken): the secret a visitor's phone follows it by.
            try db.execute(sql: """
                CREATE TABLE visit (
                    token TEXT PRIMARY KEY,
                    ticketId INTEGER NOT NULL UNIQUE REFERENCES ticket(id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v6 visitors' feedback") { db in
            // One answer per visit: the five key drivers, 1 to 5, and a comment (KeyDriver).
            try db.execute(sql: """
                CREATE TABLE feedback (
                    ticketId INTEGER PRIMARY KEY REFERENCES ticket(id),
                    at REAL NOT NULL,
                    answer INTEGER NOT NULL,
                    time INTEGER NOT NULL,
                    professionalism INTEGER NOT NULL,
                    information INTEGER NOT NULL,
                    attitude INTEGER NOT NULL,
                    comment TEXT
                );
                """)
        }
        migrator.registerMigration("v7 running day tallies") { db in
            // Today's indicators without reading today's tickets (DayTally, DayTallyRows).
            try db.execute(sql: """
                CREATE TABLE dayTally (
                    day TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY (day, key)
                ) WITHOUT ROWID;
                CREATE TABLE dayWait (
                    day TEXT NOT NULL,
                    kind INTEGER NOT NULL,
                    second INTEGER NOT NULL,
                    people INTEGER NOT NULL,
                    PRIMARY KEY (day, kind, second)
                ) WITHOUT ROWID;
                CREATE INDEX ticketIssued ON ticket (day, issuedAt) WHERE preferential;
                """)
            try DayTallyRows.recount(db)
        }
        migrator.registerMigration("v8 idempotency keys, the health check, what is kept for privacy") { db in
            // A kiosk's Idempotency-Key per ticket, for the day: a retry gets the same ticket.
            try db.execute(sql: """
                CREATE TABLE issueKey (
                    day TEXT NOT NULL,
                    key TEXT NOT NULL,
                    ticketId INTEGER NOT NULL REFERENCES ticket(id),
                    PRIMARY KEY (day, key)
                ) WITHOUT ROWID;
                CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), at REAL NOT NULL);
                -- What visitors and staff wrote, while it is kept (PrivacySettings).
                CREATE INDEX ticketNamed ON ticket (day) WHERE firstName IS NOT NULL;
                CREATE INDEX eventNoted ON event (day) WHERE outcomeNote IS NOT NULL;
                CREATE INDEX feedbackCommented ON feedback (ticketId) WHERE comment IS NOT NULL;
                """)
        }
        migrator.registerMigration("v9 device reports") { db in
            // What each kiosk last said about its printer (DeviceReport), for staff screens.
            try db.execute(sql: """
                CREATE TABLE device (
                    name TEXT PRIMARY KEY,
                    printer TEXT NOT NULL,
                    detail TEXT,
                    since REAL NOT NULL,
                    seenAt REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10 staff accounts, sessions, who sat where and who did what") { db in
            // People who sign in as themselves (StaffAccount): a bcrypt hash, never the
            // password; desks and services as JSON arrays (empty: all). A session is kept
            // by its token's SHA-256 only. Every event names who caused it, when known.
            try db.execute(sql: """
                CREATE TABLE staff (
                    user TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    desks TEXT NOT NULL,
                    services TEXT NOT NULL,
                    active BOOLEAN NOT NULL,
                    passwordHash TEXT NOT NULL,
                    createdAt REAL NOT NULL,
                    changedAt REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE staffSession (
                    tokenHash TEXT PRIMARY KEY,
                    user TEXT NOT NULL REFERENCES staff(user),
                    startedAt REAL NOT NULL,
                    expiresAt REAL NOT NULL,
                    endedAt REAL
                ) WITHOUT ROWID;
                CREATE INDEX staffSessionUser ON staffSession (user) WHERE endedAt IS NULL;
                -- Who sat at which desk and when (DeskPresence): an open row ends when
                -- someone else sits there, they sit elsewhere, or their session ends.
                CREATE TABLE deskPresence (
                    id INTEGER PRIMARY KEY,
                    day TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    user TEXT NOT NULL,
                    tokenHash TEXT NOT NULL,
                    since REAL NOT NULL,
                    until REAL
                );
                CREATE INDEX deskPresenceDay ON deskPresence (day);
                CREATE INDEX deskPresenceOpen ON deskPresence (desk) WHERE until IS NULL;
                ALTER TABLE event ADD COLUMN staff TEXT;
                ALTER TABLE officeConfig ADD COLUMN appliedBy TEXT;
                """)
        }
        migrator.registerMigration("v11 configs applied from the file") { db in
            // Which versions came from the config file (`atiende init`), so the server's unit
            // applies the file again only when the file itself changed (`init --if-changed`)
            // and keeps what /admin changed meanwhile. Versions applied by no one before this
            // came from the file.
            try db.execute(sql: """
                ALTER TABLE officeConfig ADD COLUMN fromFile BOOLEAN NOT NULL DEFAULT 0;
                UPDATE officeConfig SET fromFile = 1 WHERE appliedBy IS NULL;
                """)
        }
        migrator.registerMigration("v12 numbers given out before a restore") { db in
            // A number is proof: after a restore, the last number of each service that the
            // replaced file had given out that day, so none is given out twice (Restore).
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS numberFloor (
                    day TEXT NOT NULL,
                    service TEXT NOT NULL,
                    lastSeq INTEGER NOT NULL,
                    PRIMARY KEY (day, service)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v13 requests from every channel") { db in
            // A request (ServiceRequest): its number of the year, what it is about, the person
            // and how to reach them, who handles it, its deadline for first contact and its
            // unguessable link; each try to reach the person beside it.
            try db.execute(sql: """
                CREATE TABLE request (
                    id INTEGER PRIMARY KEY,
                    year INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    channel TEXT NOT NULL,
                    service TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    name TEXT,
                    phone TEXT,
                    email TEXT,
                    assignee TEXT,
                    receivedAt REAL NOT NULL,
                    receivedBy TEXT,
                    deadline REAL NOT NULL,
                    firstContactAt REAL,
                    ticket TEXT,
                    link TEXT NOT NULL UNIQUE,
                    UNIQUE (year, seq)
                );
                CREATE INDEX requestOpen ON request (deadline) WHERE firstContactAt IS NULL;
                CREATE TABLE requestAttempt (
                    id INTEGER PRIMARY KEY,
                    requestId INTEGER NOT NULL REFERENCES request(id),
                    at REAL NOT NULL,
                    byUser TEXT,
                    result TEXT NOT NULL,
                    note TEXT,
                    next REAL
                );
                CREATE INDEX requestAttemptOf ON requestAttempt (requestId);
                """)
        }
        migrator.registerMigration("v14 requests by the day received") { db in
            // The requests' report reads the span it covers, not the years before it.
            try db.execute(sql: "CREATE INDEX requestReceived ON request (receivedAt)")
        }
        migrator.registerMigration("v15 calls for a supervisor") { db in
            // A desk's call for help (SupportCall) and the supervisor's answer, both kept.
            try db.execute(sql: """
                CREATE TABLE supportCall (
                    id INTEGER PRIMARY KEY,
                    desk TEXT NOT NULL,
                    ticket TEXT,
                    askedAt REAL NOT NULL,
                    askedBy TEXT,
                    acknowledgedAt REAL,
                    acknowledgedBy TEXT
                );
                CREATE INDEX supportCallRecent ON supportCall (acknowledgedAt);
                """)
        }
        return migrator
    }
}
