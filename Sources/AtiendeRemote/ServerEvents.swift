import Foundation
import NIOCore
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

/// Reads Server-Sent Events text as it arrives in pieces (the WHATWG rules: lines end
/// in LF, CRLF or CR; a blank line ends a message; `:` starts a comment).
struct EventParser {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var name = ""
    private var data: [String] = []
    private var id: String?

    mutating func feed(_ buffer: ByteBuffer) -> [ServerEvent] {
        var out: [ServerEvent] = []
        for byte in buffer.readableBytesView {
            if byte == 10 && lastWasCR { lastWasCR = false; continue }
            lastWasCR = byte == 13
            if byte == 10 || byte == 13 {
                if let event = take(String(decoding: line, as: UTF8.self)) { out.append(event) }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
        }
        return out
    }

    private mutating func take(_ text: String) -> ServerEvent? {
        if text.isEmpty {
            defer { name = ""; data = []; id = nil }
            guard !data.isEmpty || !name.isEmpty else { return nil }
            return ServerEvent(id: id, name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n"))
        }
        if text.hasPrefix(":") { return nil }
        let field: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            let rest = text[text.index(after: colon)...]
            value = rest.hasPrefix(" ") ? rest.dropFirst() : rest
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "event": name = String(value)
        case "data": data.append(String(value))
        case "id": id = String(value)
        default: break
        }
        return nil
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
                let state = Mutex<(parser: EventParser, lastID: String?, open: Bool)>((EventParser(), nil, false))
                var pause = 0.25
                var wasConnected = true
                while !Task.isCancelled {
                    state.withLock { $0.parser = EventParser(); $0.open = false }
                    let resume = state.withLock { $0.lastID }.map { [("Last-Event-ID", $0)] } ?? []
                    do {
                        let (status, ended, close) = try await client.stream(
                            "/api/events", headers: headers + resume, idleTimeout: Self.silence
                        ) { buffer in
                            let (events, first) = state.withLock { s -> ([ServerEvent], Bool) in
                                let events = s.parser.feed(buffer)
                                if let id = events.last(where: { $0.id != nil })?.id { s.lastID = id }
                                defer { s.open = true }
                                return (events, !s.open)
                            }
                            if first { continuation.yield(.connected) }
                            for event in events { continuation.yield(.event(event)) }
                        }
                        guard status == 200 else {
                            close()
                            throw HTTPClientError.unreachable("the server answered \(status) to the event stream")
                        }
                        wasConnected = true
                        pause = 0.25
                        try await withTaskCancellationHandler { try await ended.get() } onCancel: { close() }
                        continuation.yield(.disconnected("the server ended the event stream"))
                    } catch {
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
