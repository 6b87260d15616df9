import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import HTTPTypes
import NIOCore
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import Synchronization

/// The queue on an Atiende server (`atiende serve`): the second implementation of the
/// queue interface, so the kiosk, the display and the command line run the same against
/// a server as on a local file.
///
/// Each operation is one call of the client generated from openapi.json; `changes()`
/// follows the server's event stream. The server's answers become the same values and
/// the same errors a local store gives: refusals keep their message (`QueueRefused`),
/// and an unreachable or failing server is `QueueUnavailable`, which the screens show
/// as "no connection" while they retry.
public final class RemoteQueue: QueueService {
    public let url: ServerURL
    let http: HTTPClient
    let token: String?
    /// The API's operations, generated from openapi.json, over AsyncHTTPClient.
    let api: Client
    /// How long one request may take before the server counts as unreachable. Screens
    /// want to know soon; tests on a loaded machine give it longer.
    public let timeout: Duration
    /// The office and the config version it came from; every answer names the current
    /// version (`Atiende-Office`), so the office is fetched again only when it changed.
    private let office = Mutex<(version: String, office: Office)?>(nil)
    private let latestVersion = Shared<String?>(nil)

    /// - Parameter token: sent as `Authorization: Bearer …` (a staff token for desk work,
    ///   a kiosk token for issuing); reads need none unless the office set read tokens.
    public convenience init(url: ServerURL, token: String?, timeout: Duration = .seconds(10)) {
        self.init(url: url, token: token, http: HTTPClient(host: url.host, port: url.port, secure: url.secure, prefix: url.prefix), timeout: timeout)
    }

    /// - Parameter caFile: for `https://`, a PEM file with the office's own certificate
    ///   authority, trusted besides the system's.
    public convenience init(url: ServerURL, token: String?, caFile: String?, timeout: Duration = .seconds(10)) throws(ServerURLError) {
        guard let caFile else {
            self.init(url: url, token: token, timeout: timeout)
            return
        }
        guard url.secure else { throw ServerURLError(description: "--ca-file is for https:// servers; \(url) is plain http") }
        let http: HTTPClient
        do {
            http = try HTTPClient(host: url.host, port: url.port, secure: true, caFile: caFile, prefix: url.prefix)
        } catch {
            throw ServerURLError(description: Self.describe(error, url))
        }
        self.init(url: url, token: token, http: http, timeout: timeout)
    }

    private init(url: ServerURL, token: String?, http: HTTPClient, timeout: Duration) {
        self.url = url
        self.http = http
        self.timeout = timeout
        let token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.token = token
        let transport = AsyncHTTPClientTransport(configuration: .init(client: http.client, timeout: TimeAmount(timeout)))
        api = Client(
            serverURL: URL(string: url.description)!, configuration: .init(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
            transport: transport, middlewares: [Answers(url: url, token: token, latestVersion: latestVersion)])
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
        let latest = latestVersion.value
        if let cached = office.withLock({ $0 }), latest == nil || cached.version == latest { return cached.office }
        let object = try await call { try await api.getOffice().ok.body.json }
        let version = latestVersion.value ?? ""
        let fetched = try OfficeConfig.parse(try JSONEncoder().encode(object), file: "the office config of \(url)")
        office.withLock { $0 = (version, fetched) }
        return fetched
    }

    public func issue(service: ServiceCode, preferential: Bool, firstName: String?, key: String?) async throws -> TicketPlace {
        let body = Operations.IssueTicket.Input.Body.JsonPayload(service: service.rawValue, preferential: preferential, firstName: firstName)
        return try read(try await call {
            try await api.issueTicket(headers: .init(idempotencyKey: key), body: .json(body)).created.body.json
        }, QueueJSON.readPlace)
    }

    // The server knows who is signed in by the token sent: `staff` is not sent.
    public func callNext(desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange? {
        try read(try await call { try await api.callNext(path: .init(id: desk.rawValue)).ok.body.json }, QueueJSON.readNext)
    }

    public func call(_ number: TicketNumber, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        try read(try await call {
            try await api.callTicket(path: .init(id: desk.rawValue), body: .json(.init(number: number.description))).ok.body.json
        }, QueueJSON.readChange)
    }

    public func act(_ action: DeskAction, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        let change = try await call { () async throws -> Schemas.TicketChange in
            switch action {
            case .recall: try await api.recall(path: .init(id: desk.rawValue)).ok.body.json
            case .start: try await api.startVisit(path: .init(id: desk.rawValue)).ok.body.json
            case .finish: try await api.finishVisit(path: .init(id: desk.rawValue)).ok.body.json
            case .finishAs(let o):
                try await api.finishVisit(
                    path: .init(id: desk.rawValue),
                    body: .json(.init(outcome: o.code, caseNumber: o.caseNumber, referredTo: o.referredTo, note: o.note))).ok.body.json
            case .noShow: try await api.markNoShow(path: .init(id: desk.rawValue)).ok.body.json
            case .requeue: try await api.requeue(path: .init(id: desk.rawValue)).ok.body.json
            case .transfer(let service): try await api.transfer(path: .init(id: desk.rawValue), body: .json(.init(to: service.rawValue))).ok.body.json
            }
        }
        return try read(change, QueueJSON.readChange)
    }

    public func cancel(_ number: TicketNumber, by staff: StaffAccount?) async throws -> TicketChange {
        try read(try await call { try await api.cancelTicket(path: .init(number: number.description)).ok.body.json }, QueueJSON.readChange)
    }

    public func move(_ number: TicketNumber, to service: ServiceCode, by staff: StaffAccount?) async throws -> TicketChange {
        try read(try await call {
            try await api.moveTicket(path: .init(number: number.description), body: .json(.init(to: service.rawValue))).ok.body.json
        }, QueueJSON.readChange)
    }

    public func setDesk(_ desk: DeskID, open: Bool) async throws -> DeskState {
        let state = try await call {
            open ? try await api.openDesk(path: .init(id: desk.rawValue)).ok.body.json : try await api.closeDesk(path: .init(id: desk.rawValue)).ok.body.json
        }
        return try read(state, QueueJSON.readDesk)
    }

    public func lookup(_ number: TicketNumber) async throws -> TicketPlace? {
        do {
            return try read(try await call { try await api.lookUpTicket(path: .init(number: number.description)).ok.body.json }, QueueJSON.readPlace)
        } catch let refused as QueueRefused where refused.status == 404 {
            return nil
        }
    }

    /// A visitor's own ticket by its link; the answer has no name, so the place's ticket
    /// carries none.
    public func visit(_ token: String) async throws -> TicketPlace? {
        guard VisitToken.isWellFormed(token) else { return nil }
        let visit: Schemas.Visit
        do {
            visit = try await call { try await api.getVisit(path: .init(token: token)).ok.body.json }
        } catch let refused as QueueRefused where refused.status == 404 {
            return nil
        }
        return try read(visit) { (v: Schemas.Visit) throws(JSONShapeError) -> TicketPlace in
            guard let number = TicketNumber(parsing: v.number) else { throw JSONShapeError("the visit's number '\(v.number)' is not one") }
            let state = TicketState(v.state)
            // Only what the visitor's page shows comes back: the times it does not send stay unknown.
            let ticket = Ticket(
                restoring: number, day: LocalDay(year: 1970, month: 1, day: 1), preferential: false, firstName: nil,
                issuedAt: Date(timeIntervalSince1970: 0), queueService: v.service, state: state, desk: v.desk,
                waitingSince: Date(timeIntervalSince1970: 0), firstCalledAt: nil, calledAt: v.calledAt?.date, startedAt: nil, endedAt: nil)
            return TicketPlace(ticket: ticket, ahead: v.ahead, estimatedWaitMinutes: v.estimatedWaitMinutes)
        }
    }

    public func giveFeedback(_ token: String, _ feedback: Feedback) async throws {
        guard VisitToken.isWellFormed(token) else { throw QueueError.visitNotFound }
        _ = try await call { try await api.giveFeedback(path: .init(token: token), body: .json(QueueJSON.feedback(feedback))).ok.body.json }
    }

    public func report(_ device: DeviceReport) async throws {
        _ = try await call { try await api.reportDevice(body: .json(QueueJSON.device(device))).noContent }
    }

    public func rateLastVisit(desk: DeskID, _ feedback: Feedback) async throws -> TicketNumber {
        let answer = try await call { try await api.rateLastVisit(path: .init(id: desk.rawValue), body: .json(QueueJSON.feedback(feedback))).ok.body.json }
        guard let number = TicketNumber(parsing: answer.number) else {
            throw QueueUnavailable(.failed, "the server at \(url) answered a rating without a ticket number")
        }
        return number
    }

    public func snapshot() async throws -> QueueSnapshot {
        try read(try await call { try await api.getStatus().ok.body.json }, QueueJSON.readStatus)
    }

    public func report(from: LocalDay, to: LocalDay) async throws -> RangeReport {
        try read(try await call {
            try await api.getReport(path: .init(date: from.description), query: .init(to: to.description)).ok.body.json
        }, QueueJSON.readReport)
    }

    /// Each ticket event as the stream brings it; `.unknown` when the stream opens or
    /// breaks (so a screen reads again, and shows "no connection" if the server is gone)
    /// and for every other message (desks, devices, the config, a reset).
    public func changes() -> AsyncStream<QueueChange> {
        let updates = events()
        return AsyncStream { continuation in
            let task = Task {
                for await update in updates {
                    if let change = Self.change(update) { continuation.yield(change) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// What one message of the stream says changed.
    static func change(_ update: StreamUpdate) -> QueueChange? {
        guard case .event(let message) = update else { return .unknown }
        // `connected` already asked for a full read.
        if message.name == "hello" { return nil }
        guard TicketEvent.Kind(rawValue: message.name) != nil, let id = message.id.flatMap(Int64.init),
            let json = try? JSONDecoder().decode(Schemas.Event.self, from: Data(message.data.utf8)),
            let event = try? QueueJSON.readEvent(json).event
        else { return .unknown }
        return .events([LoggedEvent(id: id, event: event)])
    }

    /// The server's event stream as it comes, reconnecting by itself. Routed beside the
    /// generated API: AsyncHTTPClient streams it and swift-openapi-runtime decodes it.
    public func events() -> AsyncStream<StreamUpdate> {
        EventFollower(client: http, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? []).updates()
    }

    // MARK: Requests

    /// Runs one generated operation and turns what went wrong into the errors a local
    /// store gives: the server's refusals (`Answers` read them), or an unreachable or
    /// failing server.
    func call<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as ClientError {
            switch error.underlyingError {
            case let refused as QueueRefused: throw refused
            case let unavailable as QueueUnavailable: throw unavailable
            case is DecodingError, is JSONShapeError:
                throw QueueUnavailable(.failed, "the server at \(url) sent an answer this program does not understand (\(error.underlyingError)): is it an Atiende server of the same version?")
            default:
                let cause = HTTPClient.explain(error.underlyingError)
                if case .unreachable = cause, error.response != nil {
                    // An answer came, but not one the document lists for this operation.
                    throw QueueUnavailable(.failed, "the server at \(url) answered \(error.response?.status.code ?? 0) unexpectedly: is it an Atiende server of the same version?")
                }
                throw QueueUnavailable(cause == .timedOut ? .busy : .failed, Self.describe(cause, url))
            }
        } catch let error as QueueRefused {
            throw error
        } catch let error as QueueUnavailable {
            throw error
        } catch {
            // `.ok` on an answer of another status: `Answers` has turned every refusal into
            // an error already, so this is a status the program does not expect.
            throw QueueUnavailable(.failed, "the server at \(url) sent an answer this program does not expect (\(error))")
        }
    }

    func read<Wire, Value>(_ wire: Wire, _ convert: (Wire) throws(JSONShapeError) -> Value) throws -> Value {
        do {
            return try convert(wire)
        } catch {
            throw QueueUnavailable(.failed, "the server at \(url) sent an answer this program does not understand (\(error)): is it an Atiende server of the same version?")
        }
    }
}

/// What every request to the server carries and every answer means, in one place: the
/// token goes out; the config version comes back (`Atiende-Office`); and an answer that
/// is not a success becomes the error a local store would throw, with the server's
/// one-line message.
struct Answers: ClientMiddleware {
    let url: ServerURL
    let token: String?
    let latestVersion: Shared<String?>
    static let officeHeader = HTTPField.Name("Atiende-Office")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if let token { request.headerFields[.authorization] = "Bearer \(token)" }
        let (response, body) = try await next(request, body, baseURL)
        if let version = response.headerFields[Self.officeHeader] { latestVersion.value = version }
        guard response.status.kind != .successful else { return (response, body) }
        var bytes = Data()
        if let body { bytes = try await Data(collecting: body, upTo: 65_536) }
        throw refusal(status: Int(response.status.code), error: try? JSONDecoder().decode(Schemas._Error.self, from: bytes))
    }

    private func refusal(status: Int, error: Schemas._Error?) -> any Error {
        let message = error?.error ?? "the server at \(url) answered \(status)"
        if status == 503, let reason = error?.reason, reason.hasPrefix("unavailable.") {
            let kind = QueueUnavailable.Reason(rawValue: String(reason.dropFirst("unavailable.".count))) ?? .failed
            return QueueUnavailable(kind, message)
        }
        if status >= 500 { return QueueUnavailable(.failed, "the queue server at \(url) failed: \(message)") }
        if status == 401 && token == nil { return QueueRefused(status: 401, message + " (pass --token or set ATIENDE_TOKEN)", reason: error?.reason) }
        return QueueRefused(status: status, message, reason: error?.reason)
    }
}

/// A queue server's address: `http://HOST:PORT` (the port defaults to 8080), or
/// `https://HOST[:PORT]` behind a TLS proxy (the port defaults to 443).
public struct ServerURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var secure: Bool
    /// The office, for a server of an institution's many offices (`http://host:8080/o/norte`):
    /// every address this client asks for goes under `/o/{office}`.
    public var office: String?

    public init(parsing text: String) throws(ServerURLError) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        let example = "write it like http://192.168.1.20:8080, https://atiende.example.org, or http://HOST:8080/o/OFFICE for one office of an institution's server"
        secure = rest.lowercased().hasPrefix("https://")
        if secure { rest = rest.dropFirst(8) } else if rest.lowercased().hasPrefix("http://") { rest = rest.dropFirst(7) }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[slash...].split(separator: "/")
            guard path.count == 2, path[0] == "o", let first = path[1].first, first.isLetter, path[1].count <= 32,
                path[1].allSatisfy({ ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" })
            else { throw ServerURLError(description: "--server '\(text)' is not a server address: \(example)") }
            office = String(path[1])
            rest = rest[..<slash]
        }
        if rest.contains("://") {
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

    /// Where every path of this office begins on the server: "" or `/o/{office}`.
    public var prefix: String { office.map { "/o/" + $0 } ?? "" }

    public var description: String { "\(secure ? "https" : "http")://\(host):\(port)" + prefix }
}

/// A `--server` value that is not a server address.
public struct ServerURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}
