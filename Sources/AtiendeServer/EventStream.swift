import AtiendeCore
import AtiendeQueue
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime
import AtiendeJSON
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
    let queue: any ServedQueue
    let offices: OfficeCache

    static let replayLimit = 5000

    /// Too much was missed to replay: the client should read everything again.
    static let reset = ServerSentEvent(event: "reset", data: "{}")

    /// Routed by hand beside the generated API (openapi.json documents it as
    /// `streamEvents`): a stream the generated layer would buffer.
    static func add(to router: Router<AtiendeRequestContext>, server: QueueServer) {
        router.group("api", context: Reading.self).get("events") { request, _ in
            let after = try lastEventID(request)
            return await EventStream(hub: server.hub, queue: server.queue, offices: server.offices).response(request, lastEventID: after)
        }
    }

    static let lastEventIDHeader = HTTPField.Name("Last-Event-ID")!

    /// Where a reconnecting client left off: `Last-Event-ID` (browsers send it) or
    /// `?after=`. An event id is a whole number from 0 up, as the stream sent it; anything
    /// else is refused rather than guessed at, and an empty header means "from now".
    static func lastEventID(_ request: Request) throws(APIError) -> Int64? {
        let header = try request.headers[lastEventIDHeader].flatMap { $0.isEmpty ? nil : $0 }.map { text throws(APIError) in
            try eventID(text, name: "Last-Event-ID")
        }
        let query = try request.uri.queryParameters["after"].map { text throws(APIError) in try eventID(String(text), name: "after") }
        return header ?? query
    }

    /// Each one given is checked, even when the other wins.
    static func eventID(_ text: String, name: String) throws(APIError) -> Int64 {
        guard text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let id = Int64(text)
        else {
            throw APIError(.badRequest, "\(name) '\(text.prefix(24))' is not an event id: send a whole number from 0 to \(Int64.max), as the stream sent it", reason: "badRequest")
        }
        return id
    }

    /// - Parameter lastEventID: the client's last event id, already checked to be 0 or more.
    func response(_ request: Request, lastEventID: Int64?) async -> Response {
        let (subscriber, upTo, stream) = await hub.subscribe()
        let hub = hub, queue = queue, offices = offices
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { Task { await hub.unsubscribe(subscriber) } }
            // A client that hangs up ends its stream at once, not at the next write that
            // fails (a heartbeat may be 15 s away), so its buffers are given back.
            try await request.body.consumeWithCancellationOnInboundClose { _ in
                try await Self.stream(lastEventID: lastEventID, upTo: upTo, stream: stream, queue: queue, offices: offices, writer: &writer)
            }
            try await writer.finish(nil)
        })
    }

    private static func stream(
        lastEventID: Int64?, upTo: Int64, stream: EventHub.Stream, queue: any ServedQueue, offices: OfficeCache,
        writer: inout any ResponseBodyWriter
    ) async throws {
        try await writer.write(await EventText.encode(ServerSentEvent(retry: 1000)))
        var seen = upTo
        if let after = lastEventID, after < upTo {
            try await replay(after: after, upTo: upTo, queue: queue, offices: offices, writer: &writer)
        } else if let after = lastEventID, after > upTo {
            // The client may have seen events the hub has not sent yet (written by another
            // program, noticed on the next poll): those are skipped. An id past the end of
            // the log (another database, or a made-up number) means start over.
            if after <= (try await queue.lastEventID()) {
                seen = after
            } else {
                try await writer.write(await EventText.encode(Self.reset))
            }
        }
        let hello = ServerSentEvent(id: String(seen), event: "hello", data: QueueJSON.render(["lastEventId": seen]))
        try await writer.write(await EventText.encode(hello))
        for await batch in stream.cancelOnGracefulShutdown() {
            try Task.checkCancellation()
            let text = batch.after(seen)
            if text.readableBytes > 0 { try await writer.write(text) }
        }
    }

    private static func replay(
        after: Int64, upTo: Int64, queue: any ServedQueue, offices: OfficeCache, writer: inout any ResponseBodyWriter
    ) async throws {
        guard upTo - after <= Int64(replayLimit) else {
            try await writer.write(await EventText.encode(Self.reset))
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
