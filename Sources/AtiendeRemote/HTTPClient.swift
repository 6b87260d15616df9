import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
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
    /// The request was not sent at all (the connection was already closed).
    case notSent
    /// No answer within the time allowed.
    case timedOut
}

/// A small HTTP/1.1 client on SwiftNIO for one server: keep-alive connections reused
/// one request at a time, a time limit on every request, and streaming bodies for the
/// event stream. (No TLS: the queue serves an office network, or sits behind a proxy.)
public final class HTTPClient: Sendable {
    public let host: String
    public let port: Int
    private let idle = Mutex<[Connection]>([])
    static let maxIdle = 8

    /// A connection and its handler, which only its event loop may touch.
    struct Connection: Sendable {
        var channel: any Channel
        var handler: NIOLoopBound<ExchangeHandler>

        func start(_ request: PendingRequest) -> EventLoopFuture<Exchange> {
            channel.eventLoop.submit { handler.value.start(request, on: channel) }
        }
    }

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    deinit {
        for connection in idle.withLock({ $0 }) { connection.channel.close(promise: nil) }
    }

    /// Sends one request and waits for the whole answer.
    ///
    /// A request that could not even be written on a reused connection (the server
    /// closed it while idle) is sent once more on a fresh one: nothing reached the
    /// server, so this cannot do anything twice.
    public func send(
        _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: Data? = nil,
        timeout: TimeAmount = .seconds(10)
    ) async throws -> HTTPAnswer {
        var retried = false
        while true {
            let (connection, reused) = try await checkout()
            let request = PendingRequest(
                head: head(method, path, headers, bodyLength: body?.count), body: body.map { ByteBuffer(bytes: $0) },
                stream: nil, timeout: timeout)
            do {
                let answer = try await connection.start(request).flatMap(\.answer).get()
                if answer.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" }) || !connection.channel.isActive {
                    connection.channel.close(promise: nil)
                } else {
                    checkin(connection)
                }
                return answer
            } catch HTTPClientError.notSent where reused && !retried {
                connection.channel.close(promise: nil)
                retried = true
            } catch {
                connection.channel.close(promise: nil)
                throw error
            }
        }
    }

    /// Sends a request whose answer is a stream (Server-Sent Events): returns once the
    /// head arrives; `onBody` gets each piece of the body; `ended` completes when the
    /// stream ends or breaks. The connection is never reused.
    /// - Parameter idleTimeout: close the stream if nothing arrives for this long.
    public func stream(
        _ path: String, headers: [(String, String)], idleTimeout: TimeAmount,
        onBody: @escaping @Sendable (ByteBuffer) -> Void
    ) async throws -> (status: Int, ended: EventLoopFuture<Void>, close: @Sendable () -> Void) {
        let connection = try await connect()
        let channel = connection.channel
        let request = PendingRequest(
            head: head(.GET, path, headers + [("Accept", "text/event-stream")], bodyLength: nil), body: nil,
            stream: onBody, timeout: idleTimeout)
        do {
            let exchange = try await connection.start(request).get()
            let head = try await exchange.answer.get()
            return (head.status, exchange.ended, { channel.close(promise: nil) })
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    private func head(_ method: HTTPMethod, _ path: String, _ extra: [(String, String)], bodyLength: Int?) -> HTTPRequestHead {
        var headers = HTTPHeaders([("Host", "\(host):\(port)"), ("User-Agent", "atiende")])
        headers.add(contentsOf: extra)
        if let bodyLength {
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(bodyLength))
        } else if method == .POST {
            headers.add(name: "Content-Length", value: "0")
        }
        return HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
    }

    private func checkout() async throws -> (Connection, reused: Bool) {
        while let connection = idle.withLock({ $0.popLast() }) {
            if connection.channel.isActive { return (connection, true) }
            connection.channel.close(promise: nil)
        }
        return (try await connect(), false)
    }

    private func checkin(_ connection: Connection) {
        let kept = idle.withLock { list -> Bool in
            guard list.count < Self.maxIdle else { return false }
            list.append(connection)
            return true
        }
        if !kept { connection.channel.close(promise: nil) }
    }

    private func connect() async throws -> Connection {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(3))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ExchangeHandler())
                    }
                }
                .connect(host: host, port: port).get()
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ExchangeHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return Connection(channel: channel, handler: handler)
        } catch {
            throw HTTPClientError.unreachable("\(error)")
        }
    }
}

/// One request on its way.
struct PendingRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    /// Set for a streamed answer: it gets the body's pieces as they come.
    var stream: (@Sendable (ByteBuffer) -> Void)?
    /// The whole answer's time limit, or for a stream the longest silence.
    var timeout: TimeAmount
}

/// The answer to come: for a stream, `answer` completes with the head alone and
/// `ended` when the body ends.
struct Exchange: Sendable {
    var answer: EventLoopFuture<HTTPAnswer>
    var ended: EventLoopFuture<Void>
}

/// Writes one request at a time and completes its promises with the answer. It alone
/// creates and completes them, always on the channel's event loop, so each completes
/// exactly once.
final class ExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private struct Current {
        var request: PendingRequest
        var answer: EventLoopPromise<HTTPAnswer>
        var ended: EventLoopPromise<Void>
        var head: HTTPResponseHead?
        var body = ByteBuffer()
        var sent = false
    }

    private var current: Current?
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) {
        fail(.unreachable("the connection was closed"))
        self.context = nil
    }

    func start(_ request: PendingRequest, on channel: any Channel) -> Exchange {
        let loop = channel.eventLoop
        let answer = loop.makePromise(of: HTTPAnswer.self), ended = loop.makePromise(of: Void.self)
        guard current == nil, channel.isActive, let context else {
            answer.fail(HTTPClientError.notSent)
            ended.fail(HTTPClientError.notSent)
            return Exchange(answer: answer.futureResult, ended: ended.futureResult)
        }
        current = Current(request: request, answer: answer, ended: ended)
        armTimer()
        let written = loop.makePromise(of: Void.self)
        let bound = NIOLoopBound(self, eventLoop: loop)
        written.futureResult.whenComplete { result in
            switch result {
            case .success: bound.value.current?.sent = true
            case .failure: bound.value.fail(.notSent)
            }
        }
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let buffer = request.body { context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        if request.stream == nil { ended.succeed(()) }
        return Exchange(answer: answer.futureResult, ended: ended.futureResult)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var exchange = current else { return }
        switch unwrapInboundIn(data) {
        case .head(let received):
            exchange.head = received
            current = exchange
            if exchange.request.stream != nil {
                exchange.answer.succeed(HTTPAnswer(status: Int(received.status.code), headers: received.headers, body: ByteBuffer()))
                armTimer()
            }
        case .body(var part):
            if let stream = exchange.request.stream {
                armTimer()
                stream(part)
            } else {
                exchange.body.writeBuffer(&part)
                current = exchange
            }
        case .end:
            timer?.cancel()
            current = nil
            if exchange.request.stream != nil {
                exchange.ended.succeed(())
                context.close(promise: nil)
            } else if let head = exchange.head {
                exchange.answer.succeed(HTTPAnswer(status: Int(head.status.code), headers: head.headers, body: exchange.body))
            } else {
                exchange.answer.fail(HTTPClientError.unreachable("an answer without a head"))
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.unreachable("the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.unreachable("\(error)"))
        context.close(promise: nil)
    }

    /// Fails what is pending: a request that never left is `notSent`, so it may be retried.
    private func fail(_ error: HTTPClientError) {
        timer?.cancel()
        guard let exchange = current else { return }
        current = nil
        let reason: HTTPClientError = exchange.sent || error == .timedOut ? error : .notSent
        if exchange.head == nil || exchange.request.stream == nil { exchange.answer.fail(reason) }
        if exchange.request.stream != nil { exchange.ended.fail(reason) }
        context?.close(promise: nil)
    }

    private func armTimer() {
        timer?.cancel()
        guard let timeout = current?.request.timeout, let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) { bound.value.fail(.timedOut) }
    }
}
