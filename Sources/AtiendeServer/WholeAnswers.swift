import Hummingbird
import NIOCore

/// Sends an answer whose length is known, and small, in one write to the socket.
///
/// The generated API hands its JSON over as a body to be streamed, which Hummingbird
/// writes in three steps (head, body, end), each a write of its own to the connection.
/// That JSON is already whole in memory: gathered here into one buffer, the answer goes
/// out in one write. Streams (the event stream has no length) are left as they are.
struct WholeAnswers<Context: RequestContext>: RouterMiddleware {
    /// Larger bodies are streamed as they come.
    static var limit: Int { 1 << 20 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard let length = response.body.contentLength, length > 0, length <= Self.limit else { return response }
        let gathered = Gathered(capacity: length)
        try await response.body.write(gathered)
        response.body = ResponseBody(byteBuffer: gathered.buffer)
        return response
    }

    /// A body writer that keeps what it is given.
    private final class Gathered: ResponseBodyWriter {
        var buffer: ByteBuffer

        init(capacity: Int) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }

        func write(_ part: ByteBuffer) async throws { buffer.writeImmutableBuffer(part) }

        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
