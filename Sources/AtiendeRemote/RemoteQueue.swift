import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The queue on an Atiende server (`atiende serve`): the second implementation of the
/// queue interface, so the kiosk, the display and the command line run the same against
/// a server as on a local file.
///
/// Each operation is one HTTP request with the shapes of `QueueJSON`; `changes()`
/// follows the server's event stream. The server's answers become the same values and
/// the same errors a local store gives: refusals keep their message (`QueueRefused`),
/// and an unreachable or failing server is `QueueUnavailable`, which the screens show
/// as "no connection" while they retry.
public final class RemoteQueue: QueueService {
    public let url: ServerURL
    let client: HTTPClient
    let token: String?
    /// How long one request may take before the server counts as unreachable. Screens
    /// want to know soon; tests on a loaded machine give it longer.
    public let timeout: Duration
    /// The office and the config version it came from; every answer names the current
    /// version (`Atiende-Office`), so the office is fetched again only when it changed.
    private let office = Mutex<(version: String, office: Office)?>(nil)
    private let latestVersion = Mutex<String?>(nil)

    /// - Parameter token: sent as `Authorization: Bearer …` (a staff token for desk work,
    ///   a kiosk token for issuing); reads need none unless the office set read tokens.
    public init(url: ServerURL, token: String?, timeout: Duration = .seconds(10)) {
        self.timeout = timeout
        self.url = url
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        client = HTTPClient(host: url.host, port: url.port, secure: url.secure)
    }

    /// - Parameter caFile: for `https://`, a PEM file with the office's own certificate
    ///   authority, trusted besides the system's.
    public init(url: ServerURL, token: String?, caFile: String?, timeout: Duration = .seconds(10)) throws(ServerURLError) {
        self.timeout = timeout
        self.url = url
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        guard let caFile else {
            client = HTTPClient(host: url.host, port: url.port, secure: url.secure)
            return
        }
        guard url.secure else { throw ServerURLError(description: "--ca-file is for https:// servers; \(url) is plain http") }
        do {
            client = try HTTPClient(host: url.host, port: url.port, secure: true, caFile: caFile)
        } catch {
            throw ServerURLError(description: Self.describe(error, url))
        }
    }

    static func describe(_ error: HTTPClientError, _ url: ServerURL) -> String {
        switch error {
        case .untrusted(let detail) where detail.contains("--ca-file"): detail
        case .untrusted: "the queue server at \(url) presented a certificate this machine does not trust: pass --ca-file with the office's certificate authority (PEM)"
        case .timedOut: "the queue server at \(url) did not answer in time: check the network, or try again"
        case .unreachable: "cannot reach the queue server at \(url): check that `atiende serve` runs there and the network is up"
        }
    }

    public convenience init(url text: String, token: String?) throws(ServerURLError) {
        self.init(url: try ServerURL(parsing: text), token: token)
    }

    // MARK: QueueService

    public func office() async throws -> Office {
        let latest = latestVersion.withLock { $0 }
        if let cached = office.withLock({ $0 }), latest == nil || cached.version == latest { return cached.office }
        let answer = try await request(.GET, "/api/office")
        let version = answer.headers.first(name: "Atiende-Office") ?? ""
        let fetched = try OfficeConfig.parse(answer.bytes, file: "the office config of \(url)")
        office.withLock { $0 = (version, fetched) }
        return fetched
    }

    public func issue(service: ServiceCode, preferential: Bool, firstName: String?) async throws -> TicketPlace {
        let body = JSONText.object([
            ("service", .string(service)), ("preferential", .bool(preferential)), ("firstName", .string(firstName)),
        ])
        return try await decode(try await request(.POST, "/api/tickets", body: body), QueueJSON.readPlace)
    }

    public func callNext(desk: DeskID) async throws -> TicketChange? {
        try await decode(try await request(.POST, Self.path("desks", desk, "next")), QueueJSON.readChange)
    }

    public func call(_ number: TicketNumber, desk: DeskID) async throws -> TicketChange {
        let body = JSONText.object([("number", .string(number.description))])
        return try await change(try await request(.POST, Self.path("desks", desk, "call"), body: body))
    }

    public func act(_ action: DeskAction, desk: DeskID) async throws -> TicketChange {
        let (name, body): (String, JSONText?) = switch action {
        case .recall: ("recall", nil)
        case .start: ("start", nil)
        case .finish: ("finish", nil)
        case .noShow: ("no-show", nil)
        case .requeue: ("requeue", nil)
        case .transfer(let service): ("transfer", .object([("to", .string(service))]))
        }
        return try await change(try await request(.POST, Self.path("desks", desk, name), body: body))
    }

    public func cancel(_ number: TicketNumber) async throws -> TicketChange {
        try await change(try await request(.POST, Self.path("tickets", number.description, "cancel")))
    }

    public func setDesk(_ desk: DeskID, open: Bool) async throws -> DeskState {
        try await decode(try await request(.POST, Self.path("desks", desk, open ? "open" : "close")), QueueJSON.readDesk)
    }

    public func lookup(_ number: TicketNumber) async throws -> TicketPlace? {
        do {
            return try await decode(try await request(.GET, Self.path("tickets", number.description)), QueueJSON.readPlace)
        } catch let refused as QueueRefused where refused.status == 404 {
            return nil
        }
    }

    public func snapshot() async throws -> QueueSnapshot {
        try await decode(try await request(.GET, "/api/status"), QueueJSON.readStatus)
    }

    public func report(from: LocalDay, to: LocalDay) async throws -> RangeReport {
        try await decode(try await request(.GET, "/api/reports/\(from)?to=\(to)"), QueueJSON.readReport)
    }

    /// Yields when the stream opens, on every event, and when it breaks (so a screen
    /// reads again, and shows "no connection" if the server is gone).
    public func changes() -> AsyncStream<Void> {
        let updates = events()
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task {
                for await _ in updates { continuation.yield() }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The server's event stream as it comes, reconnecting by itself.
    public func events() -> AsyncStream<StreamUpdate> {
        EventFollower(client: client, headers: authorization).updates()
    }

    // MARK: Requests

    var authorization: [(String, String)] { token.map { [("Authorization", "Bearer \($0)")] } ?? [] }

    static func path(_ parts: String...) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "/api/" + parts.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }.joined(separator: "/")
    }

    /// Sends a request and turns what comes back into an answer or the right error.
    func request(_ method: HTTPMethod, _ path: String, body: JSONText? = nil) async throws -> HTTPAnswer {
        let answer: HTTPAnswer
        do {
            answer = try await client.send(
                method, path, headers: authorization, body: body.map { Data($0.rendered.utf8) }, timeout: TimeAmount(timeout))
        } catch {
            throw QueueUnavailable(error == .timedOut ? .busy : .failed, Self.describe(error, url))
        }
        if let version = answer.headers.first(name: "Atiende-Office") { latestVersion.withLock { $0 = version } }
        guard (200..<300).contains(answer.status) else { throw refusal(answer) }
        return answer
    }

    private func refusal(_ answer: HTTPAnswer) -> any Error {
        let parsed = (try? JSONFields(parsing: answer.bytes, what: "")).flatMap(QueueJSON.readError)
        let message = parsed?.message ?? "the server at \(url) answered \(answer.status)"
        if answer.status == 503, let reason = parsed?.reason, reason.hasPrefix("unavailable.") {
            let kind = QueueUnavailable.Reason(rawValue: String(reason.dropFirst("unavailable.".count))) ?? .failed
            return QueueUnavailable(kind, message)
        }
        if answer.status >= 500 { return QueueUnavailable(.failed, "the queue server at \(url) failed: \(message)") }
        if answer.status == 401 && token == nil { return QueueRefused(status: 401, message + " (pass --token or set ATIENDE_TOKEN)") }
        return QueueRefused(status: answer.status, message)
    }

    private func decode<T>(_ answer: HTTPAnswer, _ read: (JSONFields) throws(JSONShapeError) -> T) async throws -> T {
        do {
            return try read(try JSONFields(parsing: answer.bytes, what: "the answer"))
        } catch {
            throw QueueUnavailable(.failed, "the server at \(url) sent an answer this program does not understand (\(error)): is it an Atiende server of the same version?")
        }
    }

    private func change(_ answer: HTTPAnswer) async throws -> TicketChange {
        guard let change = try await decode(answer, QueueJSON.readChange) else {
            throw QueueUnavailable(.failed, "the server at \(url) answered a desk operation without a ticket")
        }
        return change
    }
}

/// A queue server's address: `http://HOST:PORT` (the port defaults to 8080), or
/// `https://HOST[:PORT]` behind a TLS proxy (the port defaults to 443).
public struct ServerURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var secure: Bool

    public init(parsing text: String) throws(ServerURLError) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        let example = "write it like http://192.168.1.20:8080 or https://atiende.example.org"
        secure = rest.lowercased().hasPrefix("https://")
        if secure { rest = rest.dropFirst(8) } else if rest.lowercased().hasPrefix("http://") { rest = rest.dropFirst(7) }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains("/") || rest.contains("://") {
            throw ServerURLError(description: "--server '\(text)' is not a server address: \(example)")
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let host = parts.first, !host.isEmpty,
            host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
        else { throw ServerURLError(description: "--server '\(text)' is not a server address: \(example)") }
        let port = parts.count == 2 ? Int(parts[1]) : (secure ? 443 : 8080)
        guard let port, (1...65_535).contains(port) else {
            throw ServerURLError(description: "--server '\(text)' has no valid port: \(example)")
        }
        self.host = String(host)
        self.port = port
    }

    public var description: String { "\(secure ? "https" : "http")://\(host):\(port)" }
}

/// A `--server` value that is not a server address.
public struct ServerURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}
