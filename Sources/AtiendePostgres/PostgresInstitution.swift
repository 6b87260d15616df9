import AtiendeCore
import AtiendeQueue
import Foundation
import Logging
import PostgresNIO

/// The institution as a whole: every office of the database at once (docs/postgres.md).
public struct PostgresInstitution: Sendable {
    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "atiende.postgres")) {
        self.client = client
        self.logger = logger
    }

    /// The offices side by side over `from`…`to`, from their day tallies: three reads
    /// whatever the number of tickets (`OfficeComparison`).
    public func comparison(from: LocalDay, to: LocalDay) async throws -> OfficeComparison {
        try await client.withConnection { connection in
            var offices: [(String, Office)] = []
            for try await (id, json) in try await connection.query(
                "SELECT DISTINCT ON (office) office, json FROM officeConfig ORDER BY office, version DESC", logger: logger
            ).decode((String, String).self) {
                if let office = try? OfficeConfig.parse(Data(json.utf8), file: "the config of office \(id)") { offices.append((id, office)) }
            }
            var tallies: [String: DayTally] = [:]
            for try await (office, key, value) in try await connection.query(
                """
                SELECT office, key, SUM(value) FROM dayTally WHERE day BETWEEN \(from.description) AND \(to.description)
                GROUP BY office, key
                """, logger: logger
            ).decode((String, String, Double).self) { tallies[office, default: DayTally()].restore(key: key, value: value) }
            for try await (office, kind, second, people) in try await connection.query(
                """
                SELECT office, kind, second, SUM(people)::bigint FROM dayWait WHERE day BETWEEN \(from.description) AND \(to.description)
                GROUP BY office, kind, second HAVING SUM(people) <> 0
                """, logger: logger
            ).decode((String, Int, Int, Int).self) { tallies[office, default: DayTally()].restore(kind: kind, second: second, people: people) }
            // The visitors' answers, and each person's finishes and no-shows (an index on the
            // events that name someone): one pass each over the span's rows.
            var extras: [String: OfficeComparison.Extras] = [:]
            for try await (office, answered, a, t, p, i, att) in try await connection.query(
                """
                SELECT t.office, count(*)::bigint, SUM(f.answer)::bigint, SUM(f.time)::bigint, SUM(f.professionalism)::bigint,
                    SUM(f.information)::bigint, SUM(f.attitude)::bigint
                FROM feedback f JOIN ticket t ON t.id = f.ticketId
                WHERE t.day BETWEEN \(from.description) AND \(to.description) GROUP BY t.office
                """, logger: logger
            ).decode((String, Int, Int?, Int?, Int?, Int?, Int?).self) {
                var summary = FeedbackSummary()
                summary.answered = answered
                for (driver, sum) in zip([KeyDriver.answer, .time, .professionalism, .information, .attitude], [a, t, p, i, att]) {
                    if let sum { summary.sums[driver] = sum }
                }
                extras[office, default: .init()].drivers = summary
            }
            for try await (office, user, name, served, noShows, seconds) in try await connection.query(
                """
                SELECT e.office, e.staff, s.name, count(*) FILTER (WHERE e.kind = 'finished'), count(*) FILTER (WHERE e.kind = 'noShow'),
                    COALESCE(SUM(e.seconds) FILTER (WHERE e.kind = 'finished'), 0)
                FROM event e LEFT JOIN staff s ON s.userName = e.staff
                WHERE e.day BETWEEN \(from.description) AND \(to.description) AND e.staff IS NOT NULL AND e.kind IN ('finished', 'noShow')
                GROUP BY e.office, e.staff, s.name
                """, logger: logger
            ).decode((String, String, String?, Int, Int, Double).self) {
                extras[office, default: .init()].people.append(
                    OfficeComparison.Person(user: user, name: name, served: served, noShows: noShows, serviceSeconds: seconds))
            }
            return OfficeComparison.make(from: from, to: to, offices: offices.map { id, office in
                (office: id, name: office.name[office.defaultLanguage], target: office.targetWait, tally: tallies[id] ?? DayTally())
            }, extras: extras)
        }
    }
}
