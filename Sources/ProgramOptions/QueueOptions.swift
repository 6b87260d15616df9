import ArgumentParser
import AtiendeCore
import AtiendeRemote
import QueueAddress

/// `--db`, `--server`, `--token` and `--lang`, the options every Atiende program takes,
/// declared once (`@OptionGroup var queue: QueueOptions`).
public struct QueueOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The queue database file, or an institution's PostgreSQL database (postgres://USER@HOST:PORT/DB, password in $ATIENDE_DB_PASSWORD or the file $ATIENDE_DB_PASSWORD_FILE). Default: $ATIENDE_DB, else atiende.sqlite in the current folder.",
        valueName: "path"))
    public var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "The office, by its id, in an institution's database (with --db postgres://…). Default: $ATIENDE_OFFICE.",
        valueName: "id"))
    public var office: String?

    @Option(name: .long, help: ArgumentHelp(
        "Use the queue of an Atiende server (`atiende serve`) instead of a file, e.g. http://192.168.1.20:8080, or https://… behind a TLS proxy. Default: $ATIENDE_SERVER.",
        valueName: "url"))
    public var server: String?

    @Option(name: .long, help: ArgumentHelp(
        "The server token: staff for desk work, kiosk for issuing, read for screens where the office requires one. Default: $ATIENDE_TOKEN.",
        valueName: "token"))
    public var token: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp(
        "For an https:// server: a PEM file with the office's own certificate authority, trusted besides the system's. Default: $ATIENDE_CA_FILE.",
        valueName: "pem"))
    public var caFile: String?

    @Option(name: .long, help: ArgumentHelp("Language: es or en. Default: the office's first language (Spanish on the screens).", valueName: "lang"))
    public var lang: Language?

    public init() {}

    /// Where the queue is: a server, or a file.
    public func address() throws(ServerURLError) -> QueueAddress {
        try QueueAddress.from(db: db, server: server, token: token, caFile: caFile, office: office)
    }
}


