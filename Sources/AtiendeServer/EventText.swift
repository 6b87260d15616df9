import NIOCore
import OpenAPIRuntime

/// Server-Sent Events as bytes, by swift-openapi-runtime's encoder (the client decodes
/// them with its decoder): each message is encoded once and the same bytes go to every
/// stream.
///
/// Ticket events, thousands a second under load, are written in the same bytes directly
/// (`ticketEvent`): the runtime's encoder strips line breaks from every field with
/// Foundation string replacement, which cost a twentieth of the server's time, and these
/// fields have none by construction (an id, a kind, one line of JSON). A test holds the
/// two to the same bytes.
public enum EventText {
    /// `id: <id>\nevent: <kind>\ndata: <json>\n\n`, as the runtime writes it.
    public static func ticketEvent(id: Int64, kind: String, json: String) -> ByteBuffer {
        precondition(!json.utf8.contains(10) && !json.utf8.contains(13), "event data is one line of JSON")
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.utf8.count + kind.utf8.count + 40)
        buffer.writeString("id: ")
        buffer.writeString(String(id))
        buffer.writeString("\nevent: ")
        buffer.writeString(kind)
        buffer.writeString("\ndata: ")
        buffer.writeString(json)
        buffer.writeString("\n\n")
        return buffer
    }

    public static func encode(_ event: ServerSentEvent) async -> ByteBuffer {
        await encode([event])
    }

    public static func encode(_ events: [ServerSentEvent]) async -> ByteBuffer {
        var buffer = ByteBuffer()
        do {
            for try await bytes in Events(list: events).asEncodedServerSentEvents() { buffer.writeBytes(bytes) }
        } catch {
            // A list in memory has nothing to fail.
        }
        return buffer
    }

    /// A blank line: keeps an idle connection (and the proxies on its way) awake, and no
    /// client takes it for an event.
    static let keepAlive = ServerSentEvent()

    /// A list of events as the async sequence the encoder reads.
    private struct Events: AsyncSequence, Sendable {
        let list: [ServerSentEvent]

        struct AsyncIterator: AsyncIteratorProtocol {
            var rest: IndexingIterator<[ServerSentEvent]>
            mutating func next() async -> ServerSentEvent? { rest.next() }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: list.makeIterator()) }
    }
}
