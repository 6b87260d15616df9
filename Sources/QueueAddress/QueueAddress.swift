import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation

/// Where the queue is, as every program's options name it: a server (`--server URL`,
/// else `$ATIENDE_SERVER`, with `--token`, else `$ATIENDE_TOKEN`, and for HTTPS with an
/// office's own certificate authority `--ca-file`, else `$ATIENDE_CA_FILE`) or a database file
/// (`--db PATH`, else `$ATIENDE_DB`, else `atiende.sqlite` in the current folder). An
/// option beats an environment variable; `--db` and `--server` together are refused.
/// Either way the program gets the same queue interface.
///
/// A `--db` that is a PostgreSQL address (`postgres://USER@HOST:PORT/DATABASE`) names an
/// institution's database, and `--office ID` (else `$ATIENDE_OFFICE`) the office in it: the
/// `atiende` command opens those itself (docs/postgres.md); the kiosk and the display reach
/// such an office through its server.
public enum QueueAddress: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    /// `caFile`: the office's own certificate authority for an `https://` server.
    case server(ServerURL, token: String?, caFile: String? = nil)
    /// An office in an institution's PostgreSQL database: the address as given (it never
    /// holds a password) and the office's id as given.
    case database(String, office: String)

    /// Whether `text` is a PostgreSQL address rather than a file's path.
    public static func isDatabaseAddress(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public static func from(
        db: String?, server: String?, token: String?, caFile: String? = nil, office: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServerURLError) -> QueueAddress {
        func given(_ option: String?) -> String? { option.flatMap { $0.isEmpty ? nil : $0 } }
        func value(_ option: String?, _ variable: String) -> String? { given(option) ?? given(environment[variable]) }
        // An option given on the command line beats the environment's default of the other kind.
        if given(db) != nil && given(server) != nil {
            throw ServerURLError(description: "give either --db (a file on this machine) or --server (a queue server), not both")
        }
        if given(db) == nil, let server = value(server, "ATIENDE_SERVER") {
            return .server(try ServerURL(parsing: server), token: value(token, "ATIENDE_TOKEN"), caFile: value(caFile, "ATIENDE_CA_FILE"))
        }
        let path = value(db, "ATIENDE_DB") ?? "atiende.sqlite"
        guard isDatabaseAddress(path) else { return .file(path) }
        guard let office = value(office, "ATIENDE_OFFICE") else {
            throw ServerURLError(description: "an institution's database holds many offices: name this one with --office ID (or $ATIENDE_OFFICE)")
        }
        return .database(path, office: office)
    }

    /// Opens the queue. A file must exist (only `atiende init` creates one); a server is
    /// reached on the first operation.
    public func open(time: TimeSource) throws -> any QueueService {
        switch self {
        case .file(let path): try SQLiteQueue(path: path, time: time)
        case .server(let url, let token, let caFile): try RemoteQueue(url: url, token: token, caFile: caFile)
        case .database:
            throw QueueUnavailable(.failed, "this program reaches an office in the institution's database through its server: start `atiende serve --db … --office …` and use --server URL")
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .server(let url, _, _): url.description
        case .database(let url, let office): "office \(office) in \(url)"
        }
    }
}
