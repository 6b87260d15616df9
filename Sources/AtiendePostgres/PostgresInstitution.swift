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
            return OfficeComparison.make(from: from, to: to, offices: offices.map { id, office in
                (office: id, name: office.name[office.defaultLanguage], target: office.targetWait, tally: tallies[id] ?? DayTally())
            })
        }
    }
}
