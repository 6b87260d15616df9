import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import AtiendeServer
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

/// What a monitoring system reads: `/metrics` in Prometheus' text format, and the JSON log.
@Suite struct MonitoringTests {
    /// The metrics text, once the event hub has read the log up to `until`.
    static func metrics(_ server: RunningServer, until expected: String) async throws -> String {
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        var text = ""
        for _ in 0..<100 {
            let answer = try await client.send(.GET, "/metrics")
            #expect(answer.status == 200)
            text = String(decoding: answer.bytes, as: UTF8.self)
            if text.contains(expected) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return text
    }

    /// Counters by service, gauges of the queue now, the wait histogram, requests by
    /// route and status, and event-stream clients; never a ticket number or a name.
    @Test func metricsCountTicketsRequestsAndWaits() async throws {
        let clock = TestClock()
        let server = try await RunningServer.start(clock: clock)
        defer { server.database.remove() }
        let queue = try server.queue()
        _ = try await queue.issue(service: "A", preferential: false, firstName: "Rosa")
        _ = try await queue.issue(service: "A", preferential: false, firstName: nil)
        _ = try await queue.issue(service: "B", preferential: false, firstName: nil)
        clock.advance(minutes: 7)
        _ = try await queue.callNext(desk: "1")
        _ = try await queue.act(.noShow, desk: "1")
        _ = try? await queue.issue(service: "Z", preferential: false, firstName: nil)
        let events = queue.events()
        let streamed = Collected(events)
        defer { streamed.stop() }
        #expect(await streamed.wait { $0.contains(.connected) })

        let text = try await Self.metrics(server, until: #"atiende_tickets_no_show_total{service="A"} 1"#)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            #"atiende_tickets_issued_total{service="A"} 2"#, #"atiende_tickets_issued_total{service="B"} 1"#,
            #"atiende_tickets_issued_total{service="C"} 0"#, #"atiende_tickets_called_total{service="A"} 1"#,
            #"atiende_tickets_no_show_total{service="A"} 1"#, #"atiende_tickets_served_total{service="A"} 0"#,
            #"atiende_people_waiting{service="A"} 1.0"#, #"atiende_people_waiting{service="B"} 1.0"#,
            #"atiende_longest_wait_seconds{service="B"} 420.0"#,
            #"atiende_wait_seconds_bucket{service="A",le="300.0"} 0"#, #"atiende_wait_seconds_bucket{service="A",le="600.0"} 1"#,
            #"atiende_wait_seconds_count{service="A"} 1"#,
            #"atiende_http_requests_total{method="POST",route="/api/tickets",status="201"} 3"#,
            #"atiende_http_requests_total{method="POST",route="/api/tickets",status="422"} 1"#,
            #"atiende_http_requests_total{method="POST",route="/api/desks/{id}/next",status="200"} 1"#,
            "atiende_event_stream_clients 1.0", "# TYPE atiende_http_request_duration_seconds histogram",
        ] {
            #expect(lines.contains(expected), "\(expected) in\n\(text)")
        }
        #expect(!text.contains("A-001") && !text.contains("Rosa") && !text.contains("/desks/1/"))
        await server.stop()
    }

    /// Idle sockets are counted while open and no longer once closed (a storm of them is
    /// when the server gives memory back: measured in atiende-server-bench, streams).
    @Test func openConnectionsAreCountedAndLetGo() async throws {
        let server = try await RunningServer.start(clock: TestClock())
        defer { server.database.remove() }
        let sockets = (0..<40).compactMap { _ in RawHTTP.socketTo(port: server.port) }
        #expect(sockets.count == 40)
        let crowded = try await Self.metrics(server, until: "atiende_open_connections 41.0")
        #expect(crowded.contains("atiende_open_connections 41.0"), "the 40 idle sockets and this request")
        for fd in sockets { close(fd) }
        let quiet = try await Self.metrics(server, until: "atiende_open_connections 1.0")
        #expect(quiet.contains("atiende_open_connections 1.0"))
        await server.stop()
    }

    /// `--log-format json`'s handler: one object a line, numbers as numbers, metadata as fields.
    @Test func theJSONLogIsOneObjectALine() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "atiende-serve") { JSONLogHandler(label: $0, write: { line in lines.withLock { $0.append(line) } }) }
        logger.logLevel = .info
        logger[metadataKey: "hb.request.id"] = "7"
        logger.info("request", metadata: ["method": "POST", "route": "/api/tickets", "status": .stringConvertible(201), "ms": .stringConvertible(1.5)])
        logger.debug("not written")
        logger.warning("line \"two\"\nwith a newline")
        let written = lines.withLock { $0 }
        #expect(written.count == 2)
        #expect(written.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().allSatisfy { $0 != "\n" } })
        let first = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(first["status"] as? Int == 201 && first["ms"] as? Double == 1.5)
        #expect(first["route"] as? String == "/api/tickets" && first["level"] as? String == "info" && first["hb.request.id"] as? String == "7")
        #expect((first["time"] as? String)?.hasSuffix("Z") == true)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(written[1].utf8)) as? [String: Any])
        #expect(second["message"] as? String == "line \"two\"\nwith a newline")
    }
}
