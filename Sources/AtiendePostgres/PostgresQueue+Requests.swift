import AtiendeCore
import AtiendeQueue
import Foundation
import PostgresNIO

/// Requests from every channel in the institution's database, per office, as the SQLite store
/// keeps them; the office's last number of the year is a row a registration locks, so two
/// servers never give one number twice nor skip one.
extension PostgresQueue: RequestBook {
    public func register(_ draft: RequestDraft, by staff: StaffUser?) async throws -> (request: ServiceRequest, link: String) {
        try await write(queue: false) { [self] writing in try await register(draft, writing, by: staff) }
    }

    /// Numbers, decides and stores a request inside a write (a visit's finish opens one too).
    func register(_ draft: RequestDraft, _ writing: Writing, by staff: StaffUser?) async throws -> (request: ServiceRequest, link: String) {
        let connection = writing.connection, id = officeID.rawValue
        let year = writing.office.calendar.day(of: writing.now).year
        var last = 0
        for try await value in try await connection.query(
            """
            INSERT INTO requestNumbering (office, year, last) VALUES (\(id), \(year), 0)
            ON CONFLICT (office, year) DO UPDATE SET last = requestNumbering.last RETURNING last
            """, logger: logger
        ).decode(Int.self) { last = value }
        var request = try RequestRules.register(draft, office: writing.office, at: writing.now, by: staff, lastSequence: last)
        let link = VisitToken.make()
        request.link = link
        try await connection.query(
            """
            INSERT INTO request (office, year, seq, channel, service, summary, name, phone, email, assignee, receivedAt, receivedBy, deadline, ticket, link)
            VALUES (\(id), \(request.number.year), \(request.number.sequence), \(request.channel.rawValue), \(request.service.rawValue),
                    \(request.summary), \(request.name), \(request.phone), \(request.email), \(request.assignee), \(request.receivedAt),
                    \(request.receivedBy), \(request.deadline), \(request.ticket?.description), \(link))
            """, logger: logger)
        try await connection.query(
            "UPDATE requestNumbering SET last = \(request.number.sequence) WHERE office = \(id) AND year = \(year)", logger: logger)
        return (request, link)
    }

    public func request(_ number: RequestNumber) async throws -> ServiceRequest? {
        try await transaction { [self] connection in
            try await requests(connection, "year = \(number.year) AND seq = \(number.sequence)").first?.request
        }
    }

    public func request(link: String) async throws -> ServiceRequest? {
        try await transaction { [self] connection in
            var number: RequestNumber?
            for try await (year, seq) in try await connection.query(
                "SELECT year, seq FROM request WHERE office = \(officeID.rawValue) AND link = \(link)", logger: logger
            ).decode((Int, Int).self) { number = RequestNumber(year: year, sequence: seq) }
            guard let number else { return nil }
            return try await requests(connection, "year = \(number.year) AND seq = \(number.sequence)").first?.request
        }
    }

    public func requestReport(from: LocalDay, to: LocalDay) async throws -> RequestReport {
        let office = try await office(), calendar = office.calendar
        let (start, end) = (calendar.start(of: from).timeIntervalSince1970, calendar.start(of: calendar.day(to, adding: 1)).timeIntervalSince1970)
        let received = try await transaction { [self] connection in
            try await requests(connection, "receivedAt >= to_timestamp(\(start)) AND receivedAt < to_timestamp(\(end))").map(\.request)
        }
        return RequestReport.make(received, from: from, to: to, calendar: calendar, now: time.now())
    }

    public func openRequests() async throws -> [ServiceRequest] {
        try await transaction { [self] connection in
            try await requests(connection, "firstContactAt IS NULL", order: "deadline, year, seq").map(\.request)
        }
    }

    public func recordContact(_ number: RequestNumber, result: ContactResult, note: String?, next: Date?, by staff: StaffUser?) async throws -> ServiceRequest {
        try await write(queue: false) { [self] writing in
            let connection = writing.connection
            guard let (id, before) = try await requests(connection, "year = \(number.year) AND seq = \(number.sequence)", lock: true).first else {
                throw RequestError.unknownRequest(number.description)
            }
            let after = try RequestRules.contact(before, result: result, note: note, next: next, at: writing.now, by: staff)
            guard let attempt = after.attempts.last else { return after }
            try await connection.query(
                """
                INSERT INTO requestAttempt (requestId, at, byUser, result, note, next)
                VALUES (\(id), \(attempt.at), \(attempt.by), \(attempt.result.rawValue), \(attempt.note), \(attempt.next))
                """, logger: logger)
            try await connection.query(
                "UPDATE request SET assignee = \(after.assignee), firstContactAt = \(after.firstContactAt) WHERE id = \(id)", logger: logger)
            return after
        }
    }

    /// This office's requests that `condition` picks (numbers only: it is never a person's
    /// text), each with its tries in the order they were made.
    private func requests(
        _ connection: PostgresConnection, _ condition: String, order: String = "year, seq", lock: Bool = false
    ) async throws -> [(id: Int64, request: ServiceRequest)] {
        var found: [(id: Int64, request: ServiceRequest)] = []
        for try await row in try await connection.query(
            """
            SELECT id, year, seq, channel, service, summary, name, phone, email, assignee, receivedAt, receivedBy, deadline, ticket, link
            FROM request WHERE office = \(officeID.rawValue) AND \(unescaped: condition) ORDER BY \(unescaped: order)\(unescaped: lock ? " FOR UPDATE" : "")
            """, logger: logger)
        {
            let (id, year, seq, channel, service, summary, name, phone, email, assignee, receivedAt, receivedBy, deadline, ticket, link) =
                try row.decode((Int64, Int, Int, String, String, String, String?, String?, String?, String?, Date, String?, Date, String?, String).self)
            guard let channel = RequestChannel(rawValue: channel) else { throw PostgresFailure.damaged("request") }
            found.append((id, ServiceRequest(
                number: RequestNumber(year: year, sequence: seq), channel: channel, service: ServiceCode(rawValue: service), summary: summary,
                name: name, phone: phone, email: email, assignee: assignee, receivedAt: receivedAt, receivedBy: receivedBy, deadline: deadline,
                ticket: ticket.flatMap(TicketNumber.init(parsing:)), link: link)))
        }
        guard !found.isEmpty else { return [] }
        var attempts: [Int64: [ContactAttempt]] = [:]
        for try await (requestID, at, by, result, note, next) in try await connection.query(
            "SELECT requestId, at, byUser, result, note, next FROM requestAttempt WHERE requestId = ANY(\(found.map(\.id))) ORDER BY id", logger: logger
        ).decode((Int64, Date, String?, String, String?, Date?).self) {
            guard let result = ContactResult(rawValue: result) else { throw PostgresFailure.damaged("request") }
            attempts[requestID, default: []].append(ContactAttempt(at: at, by: by, result: result, note: note, next: next))
        }
        return found.map { id, request in
            var request = request
            request.attempts = attempts[id] ?? []
            return (id, request)
        }
    }
}
