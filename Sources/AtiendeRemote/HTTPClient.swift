import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// An answer from the server: status, headers and the whole body.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: ByteBuffer

    public var bytes: Data { Data(body.readableBytesView) }
}

/// Why a request got no answer.
public enum HTTPClientError: Error, Sendable, Equatable {
    /// Nobody listens there, or the connection broke before an answer came.
    case unreachable(String)
    /// No answer within the time allowed.
    case timedOut
    /// The server's certificate is not trusted (HTTPS), or the TLS handshake failed.
    case untrusted(String)
}

/// The requests of one program to one queue server, over AsyncHTTPClient: keep-alive
/// connections it pools itself, HTTP or HTTPS (trusting the system's certificates, and an
/// office's own certificate authority with `caFile`), a time limit on every request, and
/// streaming bodies for the event stream.
public final class HTTPClient: Sendable {
    public let host: String
    public let port: Int
    public let secure: Bool
    /// Put before every path: `/o/{office}` for one office of an institution's server.
    public let prefix: String
    let client: AsyncHTTPClient.HTTPClient

    private init(host: String, port: Int, secure: Bool, prefix: String, client: AsyncHTTPClient.HTTPClient) {
        self.host = host
        self.port = port
        self.secure = secure
        self.prefix = prefix
        self.client = client
    }

    /// - Parameter caFile: a PEM file with the certificate authority that signed the
    ///   server's certificate, trusted besides the system's.
    public convenience init(host: String, port: Int, secure: Bool, caFile: String?, prefix: String = "") throws(HTTPClientError) {
        self.init(host: host, port: port, secure: secure, prefix: prefix, client: try Self.client(caFile: secure ? caFile : nil))
    }

    /// HTTP, or HTTPS trusting the system's certificates.
    public convenience init(host: String, port: Int, secure: Bool = false, prefix: String = "") {
        self.init(host: host, port: port, secure: secure, prefix: prefix, client: Self.plain)
    }

    /// Sends one request and waits for the whole answer (at most 16 MB).
    public func send(
        _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: Data? = nil,
        timeout: TimeAmount = .seconds(10)
    ) async throws(HTTPClientError) -> HTTPAnswer {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(contentsOf: headers)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        } else if method == .POST {
            request.body = .bytes(ByteBuffer())
        }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
            return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: bytes)
        } catch {
            throw Self.explain(error)
        }
    }

    /// Sends a request whose answer is a stream (Server-Sent Events): returns once the
    /// head arrives; `onBody` gets each piece of the body; `ended` completes when the
    /// stream ends or breaks, or after `idleTimeout` with nothing received.
    public func stream(
        _ path: String, headers: [(String, String)], idleTimeout: TimeAmount,
        onBody: @escaping @Sendable (ByteBuffer) -> Void
    ) async throws(HTTPClientError) -> (status: Int, ended: EventLoopFuture<Void>, close: @Sendable () -> Void) {
        var request = HTTPClientRequest(url: base + path)
        request.headers.add(contentsOf: headers + [("Accept", "text/event-stream")])
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(10))
        } catch {
            throw Self.explain(error)
        }
        let ended = client.eventLoopGroup.next().makePromise(of: Void.self)
        let lastHeard = LastHeard()
        let body = response.body
        let reader = Task {
            do {
                for try await buffer in body {
                    lastHeard.now()
                    onBody(buffer)
                }
                ended.succeed(())
            } catch {
                ended.fail(Self.explain(error))
            }
        }
        // Silence this long means the link is dead: the server sends a comment every 15 s.
        let silence = Duration.nanoseconds(idleTimeout.nanoseconds)
        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: silence / 4)
                if lastHeard.silence > silence {
                    reader.cancel()
                    return
                }
            }
        }
        ended.futureResult.whenComplete { _ in watchdog.cancel() }
        return (Int(response.status.code), ended.futureResult, { reader.cancel() })
    }

    /// When a stream last brought anything.
    private final class LastHeard: Sendable {
        private let time = Mutex(ContinuousClock.now)
        func now() { time.withLock { $0 = .now } }
        var silence: Duration { ContinuousClock.now - time.withLock { $0 } }
    }

    private var base: String { "\(secure ? "https" : "http")://\(host):\(port)" + prefix }

    // MARK: Clients

    /// One AsyncHTTPClient per office authority, kept for the life of the program.
    private static let clients = Mutex<[String: AsyncHTTPClient.HTTPClient]>([:])

    /// The client for HTTP, and HTTPS with the system's certificates.
    private static let plain = make(TLSConfiguration.makeClientConfiguration())

    private static func client(caFile: String?) throws(HTTPClientError) -> AsyncHTTPClient.HTTPClient {
        guard let caFile else { return plain }
        if let existing = clients.withLock({ $0[caFile] }) { return existing }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(caFile)
        } catch {
            throw .untrusted("cannot read the certificate authority in \(caFile): give a PEM file (--ca-file)")
        }
        guard !certificates.isEmpty else { throw .untrusted("\(caFile) holds no certificate: give a PEM file (--ca-file)") }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(certificates)]
        let client = make(tls)
        return clients.withLock { existing in
            if let other = existing[caFile] {
                try? client.syncShutdown()
                return other
            }
            existing[caFile] = client
            return client
        }
    }

    /// A server that is down answers at once: a connection that cannot be made is not
    /// tried again until the request's time runs out (the screens show "no connection"
    /// and retry by themselves).
    private static func make(_ tls: TLSConfiguration) -> AsyncHTTPClient.HTTPClient {
        var configuration = AsyncHTTPClient.HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.idleTimeout = .seconds(20)
        configuration.connectionPool.retryConnectionEstablishment = false
        // A program talks to one server: let it keep as many connections as it uses (the
        // server benchmark holds 250 at once).
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        configuration.timeout.connect = .seconds(5)
        return AsyncHTTPClient.HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static func explain(_ error: any Error) -> HTTPClientError {
        if let error = error as? HTTPClientError { return error }
        if let error = error as? AsyncHTTPClient.HTTPClientError, error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .timedOut
        }
        if error is NIOSSLError || error is BoringSSLError || "\(error)".contains("certificate") {
            return .untrusted("\(error)")
        }
        return .unreachable("\(error)")
    }
}
