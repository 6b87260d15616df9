import AtiendeCore
import AtiendeQueue
import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// What `GET /metrics` tells a monitoring system, kept through swift-metrics and written
/// in Prometheus' text format by swift-prometheus.
///
/// Each server has its own registry (no global bootstrap), so two servers in one test
/// process count apart. Ticket counters follow the event log as the event hub reads it,
/// so a ticket issued by another process on the same file counts too; they start at
/// zero when the server starts, which Prometheus reads as a counter reset.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let recorders = Mutex<[String: CoreMetrics.Recorder]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])

    /// The wait histogram's buckets: the minutes that matter against a 15-minute promise.
    static let waitBuckets: [Duration] = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90].map { .seconds($0 * 60) }
    /// Request latency buckets: a queue operation takes milliseconds.
    static let requestBuckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000].map { .milliseconds($0) }

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "atiende_wait_seconds": Self.waitBuckets,
            "atiende_http_request_duration_seconds": Self.requestBuckets,
        ]
        self.factory = factory
    }

    /// The counter names for the event kinds a monitor asks about.
    static func counterName(_ kind: TicketEvent.Kind) -> String? {
        switch kind {
        case .issued: "atiende_tickets_issued_total"
        case .called: "atiende_tickets_called_total"
        case .finished: "atiende_tickets_served_total"
        case .noShow: "atiende_tickets_no_show_total"
        case .cancelled: "atiende_tickets_cancelled_total"
        case .transferred: "atiende_tickets_transferred_total"
        case .recalled, .started, .requeued, .expired: nil
        }
    }

    static let ticketCounters: [TicketEvent.Kind] = [.issued, .called, .finished, .noShow, .cancelled, .transferred]

    /// Counts events read from the log: one per ticket counter, and each call's wait.
    func count(_ events: [LoggedEvent]) {
        for logged in events {
            let event = logged.event
            if let name = Self.counterName(event.kind) {
                // A transfer's service is its target; it is counted where it goes.
                counter(name, [("service", event.service.description)]).increment()
            }
            if event.kind == .called, let seconds = event.seconds {
                timer("atiende_wait_seconds", [("service", event.service.description)]).recordSeconds(max(0, seconds))
            }
        }
    }

    /// One answered request: by method, route (the pattern, never the address: a visit
    /// link's token stays out) and status.
    func request(method: String, route: String, status: Int, duration: Duration) {
        let (count, time) = requestMetrics.withLock { all in
            let key = RequestKey(method: method, route: route, status: status)
            if let found = all[key] { return found }
            let dimensions = [("method", method), ("route", route), ("status", String(status))]
            let made = (counter("atiende_http_requests_total", dimensions), timer("atiende_http_request_duration_seconds", dimensions))
            all[key] = made
            return made
        }
        count.increment()
        time.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A request's two metrics by what names them, found without building their names (it runs on every request).
    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private let requestMetrics = Mutex<[RequestKey: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])

    /// Sets the gauges from the queue as it is now and writes every metric.
    /// - Parameter freeBytes: the room left on the database's volume, when on a file.
    /// - Parameter connections: the open HTTP connections, streams and idle ones included.
    func render(snapshot: QueueSnapshot?, office: Office?, streams: Int, connections: Int, freeBytes: Int64? = nil) -> String {
        if let office {
            // Every service shows, at zero before its first ticket.
            for service in office.services {
                for kind in Self.ticketCounters {
                    if let name = Self.counterName(kind) { _ = counter(name, [("service", service.code.description)]) }
                }
            }
        }
        if let snapshot {
            for service in snapshot.services {
                let dimensions = [("service", service.code.description)]
                gauge("atiende_people_waiting", dimensions).record(service.waiting)
                gauge("atiende_longest_wait_seconds", dimensions).record(service.longestWaitSeconds)
            }
            gauge("atiende_desks_open", []).record(snapshot.desks.filter { $0.state != .closed }.count)
        }
        gauge("atiende_event_stream_clients", []).record(streams)
        gauge("atiende_open_connections", []).record(connections)
        if let freeBytes { gauge("atiende_database_volume_free_bytes", []).record(freeBytes) }
        return registry.emitToString()
    }

    private func counter(_ name: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        Self.cached(counters, name, dimensions) { CoreMetrics.Counter(label: name, dimensions: dimensions, factory: factory) }
    }

    private func gauge(_ name: String, _ dimensions: [(String, String)]) -> CoreMetrics.Recorder {
        Self.cached(recorders, name, dimensions) { CoreMetrics.Recorder(label: name, dimensions: dimensions, aggregate: false, factory: factory) }
    }

    private func timer(_ name: String, _ dimensions: [(String, String)]) -> CoreMetrics.Timer {
        Self.cached(timers, name, dimensions) { CoreMetrics.Timer(label: name, dimensions: dimensions, factory: factory) }
    }

    /// One metric per name and dimensions, made on first use.
    private static func cached<Metric>(
        _ store: borrowing Mutex<[String: Metric]>, _ name: String, _ dimensions: [(String, String)], make: () -> Metric
    ) -> Metric {
        store.withLock { all in
            let key = key(name, dimensions)
            if let found = all[key] { return found }
            let made = make()
            all[key] = made
            return made
        }
    }

    private static func key(_ name: String, _ dimensions: [(String, String)]) -> String {
        dimensions.reduce(name) { $0 + "\u{1}" + $1.0 + "=" + $1.1 }
    }
}
