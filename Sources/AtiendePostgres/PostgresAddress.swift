import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Where an institution's PostgreSQL database is: `postgres://USER@HOST:PORT/DATABASE`, with
/// `?sslmode=require` (TLS, the server's certificate checked against the system's
/// authorities, or against the one `&sslrootcert=FILE` names), `prefer` or `disable` (the
/// default on loopback). The password never goes in
/// the address, which shows on command lines and in logs: it comes from
/// `ATIENDE_DB_PASSWORD`, or from the file `ATIENDE_DB_PASSWORD_FILE` names.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, CaseIterable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// The authority (a PEM file) the server's certificate is checked against, instead of
    /// the system's: an institution's own.
    public var rootCertificate: String?
    /// Never printed (`description` leaves it out).
    public var password: String?

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func names(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresAddressError) {
        guard Self.names(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw PostgresAddressError("'\(Self.hidingPassword(text))' is not a PostgreSQL address: write it like postgres://atiende@db.example.org:5432/atiende")
        }
        guard url.password == nil else {
            throw PostgresAddressError("the database password does not belong in the address (it would show on command lines and in logs): put it in ATIENDE_DB_PASSWORD, or in a file named by ATIENDE_DB_PASSWORD_FILE")
        }
        guard let user = url.user, !user.isEmpty else {
            throw PostgresAddressError("the address \(Self.hidingPassword(text)) names no user: write it like postgres://atiende@\(host)/atiende")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresAddressError("the address \(text) names no database: end it with its name, like postgres://\(user)@\(host)/atiende")
        }
        var tls = TLSMode.disable, root: String?
        for item in url.queryItems ?? [] {
            if item.name == "sslrootcert", let file = item.value, !file.isEmpty {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw PostgresAddressError("sslrootcert names \(file), which cannot be read: give the PEM file of the authority that signed the database server's certificate")
                }
                root = file
                continue
            }
            guard item.name == "sslmode", let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw PostgresAddressError(
                    "the address \(text) has '\(item.name)=\(item.value ?? "")': the settings taken are sslmode=disable, prefer or require, and sslrootcert=FILE")
            }
            tls = mode
        }
        self.rootCertificate = root
        self.host = host
        self.port = url.port ?? 5432
        self.user = user
        self.database = database
        self.tls = tls
        if let file = environment["ATIENDE_DB_PASSWORD_FILE"], !file.isEmpty {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw PostgresAddressError("ATIENDE_DB_PASSWORD_FILE names \(file), which cannot be read: check the path and that this user may read it")
            }
            password = text.trimmingCharacters(in: .newlines)
        } else {
            password = environment["ATIENDE_DB_PASSWORD"]
        }
    }

    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (tls == .disable ? "" : "?sslmode=\(tls.rawValue)")
            + (rootCertificate.map { (tls == .disable ? "?" : "&") + "sslrootcert=\($0)" } ?? "")
    }

    /// TLS as the address asks: the system's authorities, or the one it names.
    var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
        return configuration
    }

    /// The client's settings: TLS as the address asks.
    public var configuration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch self.tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration)
        case .require: .require(tlsConfiguration)
        }
        return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// Connects once, without the pool's retries, and closes again: a server that is not
    /// there, or refuses the user, is told at once and in one line (`PostgresFailure.line`).
    public func probe(timeout: TimeAmount = .seconds(10)) async throws {
        let tls: PostgresConnection.Configuration.TLS = switch self.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require: .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = timeout
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: Logger(label: "atiende.postgres.probe"))
        try await connection.close()
    }

    /// An address as typed, with anything between `:` and `@` after the scheme hidden.
    static func hidingPassword(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":…" + String(text[at...])
    }
}

/// An address that cannot be used, and what to write instead: one line.
public struct PostgresAddressError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
