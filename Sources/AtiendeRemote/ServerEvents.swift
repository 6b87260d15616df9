import Foundation
import NIOCore
import OpenAPIRuntime
import Synchronization

/// One message of the server's event stream (`GET /api/events`).
public struct ServerEvent: Sendable, Equatable {
    /// The event's id in the log, when it has one.
    public var id: String?
    /// `called`, `issued`, … for ticket events; `hello`, `desk`, `office`, `reset` otherwise.
    public var name: String
    public var data: String

    public init(id: String?, name: String, data: String) {
        self.id = id
        self.name = name
        self.data = data
    }
}

/// What following the stream brings.
public enum StreamUpdate: Sendable, Equatable {
    /// The stream is (again) open: anything may have changed meanwhile.
    case connected
    case event(ServerEvent)
    /// The stream broke or could not be opened; it is being retried.
    case disconnected(String)
}

/// Decodes Server-Sent Events as their bytes arrive in pieces, with swift-openapi-runtime's
/// decoder (the WHATWG rules: any line ending, a blank line ends a message, `:` starts a
/// comment).
struct EventDecoder: Sendable {
    private let input: AsyncStream<ArraySlice<UInt8>>.Continuation
    /// The events, in order; ends when `finish()` is called.
    let events: AsyncThrowingStream<ServerEvent, any Error>
    private let task: Task<Void, Never>

    init() {
        let (chunks, input) = AsyncStream.makeStream(of: ArraySlice<UInt8>.self)
        let (events, output) = AsyncThrowingStream.makeStream(of: ServerEvent.self)
        self.input = input
        self.events = events
        task = Task {
            do {
                for try await event in chunks.asDecodedServerSentEvents() {
                    // As browsers do: a message with no data (only `retry:`, or a comment) is not an event.
                    guard let data = event.data else { continue }
                    output.yield(ServerEvent(id: event.id, name: event.event ?? "message", data: data))
                }
                output.finish()
            } catch {
                output.finish(throwing: error)
            }
        }
    }

    func feed(_ buffer: ByteBuffer) { input.yield(ArraySlice(buffer.readableBytesView)) }

    func finish() { input.finish() }

    func cancel() {
        input.finish()
        task.cancel()
    }
}

/// Follows the event stream until cancelled, reconnecting after a break with growing
/// pauses (a quarter second, doubling up to `maxBackoff`) and resuming after the last
/// event seen (`Last-Event-ID`), so nothing in between is missed.
struct EventFollower: Sendable {
    let client: HTTPClient
    let headers: [(String, String)]
    static let maxBackoff: Double = 4
    /// The server sends a comment every 15 s: this much silence means the link is dead.
    static let silence: TimeAmount = .seconds(40)

    func updates() -> AsyncStream<StreamUpdate> {
        AsyncStream(bufferingPolicy: .bufferingNewest(256)) { continuation in
            let task = Task {
                let lastID = Shared<String?>(nil)
                var pause = 0.25
                var wasConnected = true
                while !Task.isCancelled {
                    let decoder = EventDecoder()
                    let opened = Shared(false)
                    let resume = lastID.value.map { [("Last-Event-ID", $0)] } ?? []
                    let relay = Task {
                        for try await event in decoder.events {
                            if let id = event.id { lastID.value = id }
                            continuation.yield(.event(event))
                        }
                    }
                    do {
                        let (status, ended, close) = try await client.stream(
                            "/api/events", headers: headers + resume, idleTimeout: Self.silence
                        ) { buffer in
                            if !opened.exchange(true) { continuation.yield(.connected) }
                            decoder.feed(buffer)
                        }
                        guard status == 200 else {
                            close()
                            throw HTTPClientError.unreachable("the server answered \(status) to the event stream")
                        }
                        wasConnected = true
                        pause = 0.25
                        try await withTaskCancellationHandler { try await ended.get() } onCancel: { close() }
                        decoder.finish()
                        _ = await relay.result
                        continuation.yield(.disconnected("the server ended the event stream"))
                    } catch {
                        decoder.cancel()
                        _ = await relay.result
                        if wasConnected { continuation.yield(.disconnected("\(error)")) }
                        wasConnected = false
                    }
                    try? await Task.sleep(for: .seconds(pause))
                    pause = min(pause * 2, Self.maxBackoff)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// A value several tasks read and write.
final class Shared<Value: Sendable>: Sendable {
    private let lock: Mutex<Value>

    init(_ value: Value) { lock = Mutex(value) }

    var value: Value {
        get { lock.withLock { $0 } }
        set { lock.withLock { $0 = newValue } }
    }

    /// Sets a new value and returns the old one.
    func exchange(_ new: Value) -> Value {
        lock.withLock { old in
            defer { old = new }
            return old
        }
    }
}
