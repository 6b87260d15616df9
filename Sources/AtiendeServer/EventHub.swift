import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation
import NIOCore
import OpenAPIRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Follows the event log and the desks, and hands every change to each connected
/// event stream as Server-Sent Events text, formatted once for all of them.
///
/// It wakes whenever the store says something was committed (`EventLog.commits()`: the
/// queue in memory at each write, the file when any process writes it, through inotify),
/// reads the events after
/// the last one it sent, and broadcasts them with their log ids, so a client that
/// reconnects with `Last-Event-ID` gets exactly what it missed. Changes that leave no
/// event (a desk opened or closed, a new office config, a desk's call for a supervisor) go
/// out as `desk`, `office` and `support`.
actor EventHub {
    /// One SSE message, formatted once for every stream; `id` is its log id, if any.
    struct Message: Sendable {
        var id: Int64?
        var text: ByteBuffer
    }

    /// Messages sent together, also as one buffer: a stream writes once per batch.
    struct Batch: Sendable {
        var messages: [Message]
        var joined: ByteBuffer

        init(_ messages: [Message]) {
            self.messages = messages
            var joined = ByteBuffer()
            for message in messages { joined.writeImmutableBuffer(message.text) }
            self.joined = joined
        }

        /// What a client that has seen everything up to `seen` still needs.
        func after(_ seen: Int64) -> ByteBuffer {
            if messages.allSatisfy({ ($0.id ?? .max) > seen }) { return joined }
            var kept = ByteBuffer()
            for message in messages where (message.id ?? .max) > seen { kept.writeImmutableBuffer(message.text) }
            return kept
        }
    }

    typealias Stream = AsyncStream<Batch>

    private let queue: any ServedQueue
    private let offices: OfficeCache
    private let metrics: ServerMetrics
    private var subscribers: [Int: Stream.Continuation] = [:]
    private var nextSubscriber = 0
    /// The id of the last event sent to subscribers.
    private var lastID: Int64?
    private var setup: SetupVersion?
    private nonisolated let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>

    /// How many batches a slow client may fall behind before it is dropped (it then
    /// reconnects and catches up from the log).
    static let backlogLimit = 512
    static let batchSize = 500
    static let heartbeat: Duration = .seconds(15)
    /// Under load, reads of the log are at least this far apart, so each stream gets a
    /// few writes a second with many events rather than one write per event.
    static let pacing: Duration = .milliseconds(50)
    /// Load is a read of the log that found more than this many events: only then is the
    /// next read paced. In a quiet office every change goes out at once (a call that
    /// followed a ticket by less than `pacing` used to wait for it). At 8, the load bench
    /// (50 issuers, 200 streams) cost the server about 60 µs more per ticket than pacing
    /// always; at 2, the same as pacing always, and a lone call still goes out at once.
    static let paceAbove = 2
    private var lastDrain = ContinuousClock.now - .seconds(1)
    /// How many events the last read of the log found.
    private var lastDrainRead = 0
    /// The most streams open at once since memory was last handed back.
    private var peakSinceTrim = 0
    /// After this many streams have left, the allocator is asked to return free memory to
    /// the system: glibc keeps freed blocks for reuse, so a crowd of streams that came and
    /// went would otherwise stay in the server's resident memory for good.
    static let trimAfter = 200

    init(queue: any ServedQueue, offices: OfficeCache, metrics: ServerMetrics) {
        self.queue = queue
        self.offices = offices
        self.metrics = metrics
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Registers a stream. Every event after `upTo` will be sent to it; the caller sends
    /// what it wants from before that itself (a replay) before reading the stream.
    func subscribe() async -> (id: Int, upTo: Int64, stream: Stream) {
        await begin()
        let (stream, continuation) = Stream.makeStream(bufferingPolicy: .bufferingOldest(Self.backlogLimit))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        peakSinceTrim = max(peakSinceTrim, subscribers.count)
        return (id, lastID ?? 0, stream)
    }

    var subscriberCount: Int { subscribers.count }

    func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// Ends every stream (the server is shutting down).
    func finishAll() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    /// Where the log ends now: everything written after this is counted and sent. Called
    /// before the server takes its first request, so no write of its own falls between.
    func begin() async {
        if lastID == nil { lastID = try? await queue.lastEventID() }
    }

    /// Runs until cancelled: the log tail, the change watcher and the heartbeat.
    func run() async {
        await begin()
        let watcher = Task { [queue, wake] in
            for await _ in queue.commits() { wake.yield() }
        }
        let beat = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.heartbeat)
                await self?.broadcast([Message(id: nil, text: await EventText.encode(EventText.keepAlive))])
                await self?.giveBackMemoryIfStreamsLeft()
            }
        }
        defer {
            watcher.cancel()
            beat.cancel()
        }
        for await _ in wakes {
            let due = lastDrain + Self.pacing
            if lastDrainRead > Self.paceAbove, due > .now { try? await Task.sleep(until: due) }
            lastDrain = .now
            await drain()
        }
    }

    func giveBackMemoryIfStreamsLeft() {
        guard peakSinceTrim - subscribers.count >= Self.trimAfter else { return }
        peakSinceTrim = subscribers.count
        if subscribers.isEmpty { subscribers = [:] }
        MemoryGiveBack.now()
    }

    private func drain() async {
        lastDrainRead = 0
        do {
            if lastID == nil { lastID = try await queue.lastEventID() }
            let zone = try await offices.office().office.timeZone
            while true {
                let batch = try await queue.events(after: lastID ?? 0, limit: Self.batchSize)
                guard let last = batch.last else { break }
                metrics.count(batch)
                lastDrainRead += batch.count
                // Nobody listening: nothing to write (a client that comes later replays from the log).
                if !subscribers.isEmpty { broadcast(Self.messages(batch, timeZone: zone)) }
                lastID = last.id
                if batch.count < Self.batchSize { break }
            }
            let version = try await queue.setupVersion()
            if version.configID != setup?.configID { try await offices.refresh() }
            if let previous = setup, previous != version {
                if previous.configID != version.configID {
                    let data = QueueJSON.render(["configId": version.configID])
                    broadcast([Message(id: nil, text: await EventText.encode(ServerSentEvent(event: "office", data: data)))])
                }
                if previous.openDesks != version.openDesks {
                    let data = QueueJSON.render(["open": version.openDesks])
                    broadcast([Message(id: nil, text: await EventText.encode(ServerSentEvent(event: "desk", data: data)))])
                }
                if previous.support != version.support {
                    // A desk asked for a supervisor, or one answered: staff screens read /api/support again.
                    broadcast([Message(id: nil, text: await EventText.encode(ServerSentEvent(event: "support", data: "{}")))])
                }
                if previous.devices != version.devices {
                    // A kiosk's printer changed state: staff screens read /api/status again.
                    broadcast([Message(id: nil, text: await EventText.encode(ServerSentEvent(event: "device", data: "{}")))])
                }
            }
            setup = version
        } catch {
            // The file may be locked or replaced for a moment. Try again shortly whether or
            // not anything else changes: a quiet office may not write for minutes, and a
            // call already made would wait that long to reach the wall.
            offices.forget()
            Task { [wake] in
                try? await Task.sleep(for: Self.retryAfter)
                wake.yield()
            }
        }
    }

    /// How soon a read of the log that failed is tried again.
    static let retryAfter: Duration = .milliseconds(250)

    private func broadcast(_ messages: [Message]) {
        let batch = Batch(messages)
        for (id, continuation) in subscribers {
            if case .dropped = continuation.yield(batch) {
                continuation.finish()
                subscribers.removeValue(forKey: id)
            }
        }
    }

    /// Events as SSE messages: `id`, `event` (the kind) and `data` (the event's JSON).
    static func messages(_ events: [LoggedEvent], timeZone: TimeZone) -> [Message] {
        var messages: [Message] = []
        messages.reserveCapacity(events.count)
        for logged in events {
            let json = QueueJSON.render(QueueJSON.event(id: logged.id, logged.event, timeZone: timeZone, details: false))
            messages.append(Message(id: logged.id, text: EventText.ticketEvent(id: logged.id, kind: logged.event.kind.rawValue, json: json)))
        }
        return messages
    }
}
