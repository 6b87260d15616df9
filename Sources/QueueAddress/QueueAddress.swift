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
public enum QueueAddress: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    /// `caFile`: the office's own certificate authority for an `https://` server.
    case server(ServerURL, token: String?, caFile: String? = nil)

    public static func from(
        db: String?, server: String?, token: String?, caFile: String? = nil,
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
        return .file(value(db, "ATIENDE_DB") ?? "atiende.sqlite")
    }

    /// Opens the queue. A file must exist (only `atiende init` creates one); a server is
    /// reached on the first operation.
    public func open(time: TimeSource) throws -> any QueueService {
        switch self {
        case .file(let path): try SQLiteQueue(path: path, time: time)
        case .server(let url, let token, let caFile): try RemoteQueue(url: url, token: token, caFile: caFile)
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .server(let url, _, _): url.description
        }
    }
}
