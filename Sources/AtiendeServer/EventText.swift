import NIOCore
import OpenAPIRuntime

/// Server-Sent Events as bytes, by swift-openapi-runtime's encoder (the client decodes
/// them with its decoder): each message is encoded once and the same bytes go to every
/// stream.
enum EventText {
    static func encode(_ event: ServerSentEvent) async -> ByteBuffer {
        await encode([event])
    }

    static func encode(_ events: [ServerSentEvent]) async -> ByteBuffer {
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
