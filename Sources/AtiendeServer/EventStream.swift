import AtiendeCore
import AtiendeStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /api/events`: a Server-Sent Events stream with one message per change.
///
/// A client that sends `Last-Event-ID` (browsers do on reconnect; so does the remote
/// queue) first gets every event it missed from the log, then the live stream; a
/// `hello` message carries the current id so a client knows where it stands even
/// before anything happens. Past `replayLimit` missed events it gets `reset` instead
/// and should reload everything.
struct EventStream {
    let hub: EventHub
    let queue: SQLiteQueue
    let offices: OfficeCache

    static let replayLimit = 5000

    func response(lastEventID: Int64?) async -> Response {
        let (subscriber, upTo, stream) = await hub.subscribe()
        let hub = hub, queue = queue, offices = offices
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            do {
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                if let after = lastEventID, after < upTo {
                    try await Self.replay(after: after, upTo: upTo, queue: queue, offices: offices, writer: &writer)
                }
                // The client may have seen events the hub has not sent yet (written by
                // another program, noticed on the next poll): those are skipped.
                let seen = max(lastEventID ?? upTo, upTo)
                try await writer.write(ByteBuffer(string: "id: \(seen)\nevent: hello\ndata: {\"lastEventId\":\(seen)}\n\n"))
                for await batch in stream.cancelOnGracefulShutdown() {
                    let text = batch.after(seen)
                    if text.readableBytes > 0 { try await writer.write(text) }
                }
                await hub.unsubscribe(subscriber)
                try await writer.finish(nil)
            } catch {
                await hub.unsubscribe(subscriber)
                throw error
            }
        })
    }

    private static func replay(
        after: Int64, upTo: Int64, queue: SQLiteQueue, offices: OfficeCache, writer: inout any ResponseBodyWriter
    ) async throws {
        guard upTo - after <= Int64(replayLimit) else {
            try await writer.write(ByteBuffer(string: "event: reset\ndata: {}\n\n"))
            return
        }
        let zone = try await offices.office().office.timeZone
        var cursor = after
        while cursor < upTo {
            let batch = try await queue.events(after: cursor, limit: EventHub.batchSize).filter { $0.id <= upTo }
            guard let last = batch.last else { break }
            try await writer.write(EventHub.Batch(EventHub.messages(batch, timeZone: zone)).joined)
            cursor = last.id
        }
    }
}
