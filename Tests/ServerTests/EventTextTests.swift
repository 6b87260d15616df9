import AtiendeServer
import NIOCore
import OpenAPIRuntime
import Testing

/// Ticket events are written directly for speed; they must be the very bytes
/// swift-openapi-runtime's encoder writes, which the clients' decoder reads.
@Suite struct EventTextTests {
    @Test(arguments: [
        (Int64(1), "issued", #"{"at":"2026-11-23T09:00:00-05:00","day":"2026-11-23","kind":"issued","number":"A-001","service":"A"}"#),
        (Int64(9_223_372_036_854_775_807), "called", #"{"desk":"1","kind":"called","number":"B-120","seconds":12.5}"#),
        (Int64(0), "finished", #"{"outcome":{"code":"resolved"},"text":"ñandú \u00e9 \\n"}"#),
    ])
    func ticketEventsAreTheRuntimesBytes(id: Int64, kind: String, json: String) async {
        let direct = EventText.ticketEvent(id: id, kind: kind, json: json)
        let runtime = await EventText.encode(ServerSentEvent(id: String(id), event: kind, data: json))
        #expect(direct == runtime)
    }
}
