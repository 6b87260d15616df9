import AtiendeJSON
@testable import AtiendeRemote
import Foundation
import NIOCore
import Testing

/// Times in the JSON contract (written by hand for speed), and the event stream.
@Suite struct ParserTests {
    let bogota = TimeZone(identifier: "America/Bogota")!

    @Test(arguments: [
        (1_795_442_400.0, "2026-11-23T09:00:00-05:00"),
        (1_795_442_400.25, "2026-11-23T09:00:00.250-05:00"),
        (1_795_442_399.9996, "2026-11-23T09:00:00-05:00"),
        (0.0, "1969-12-31T19:00:00-05:00"),
        (951_800_400.0, "2000-02-29T00:00:00-05:00"),
    ])
    func timesAreWrittenWithTheOfficeOffset(seconds: Double, text: String) {
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds), timeZone: bogota) == text)
    }

    @Test func timesReadBackToTheMillisecondInAnyZone() {
        var random = SystemRandomNumberGenerator()
        for zone in ["America/Bogota", "UTC", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"] {
            let timeZone = TimeZone(identifier: zone)!
            for _ in 0..<500 {
                let millis = Double(Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &random))
                let date = Date(timeIntervalSince1970: millis / 1000)
                let text = Timestamp.format(date, timeZone: timeZone)
                #expect(Timestamp.parse(text) == date, "\(text) in \(zone)")
            }
        }
    }

    @Test(arguments: ["", "2026-11-23", "2026-11-23T09:00:00", "2026-13-01T00:00:00Z", "2026-11-23T09:00:00+5", "2026-11-23 09:00:00Z", "2026-11-23T09:00:00.Z", "tomorrow"])
    func notATimeIsNil(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    /// The event stream is decoded by swift-openapi-runtime's decoder, however its bytes
    /// are cut on the way.
    @Test func eventsArriveInAnyPieces() async throws {
        let text = "retry: 1000\r\n\r\n: keep-alive\n\nid: 7\nevent: called\ndata: {\"a\":1}\n\nevent: note\ndata: one\ndata: two\r\rdata: bare\n\n"
        let expected = [
            ServerEvent(id: "7", name: "called", data: "{\"a\":1}"),
            ServerEvent(id: nil, name: "note", data: "one\ntwo"),
            ServerEvent(id: nil, name: "message", data: "bare"),
        ]
        let bytes = Array(text.utf8)
        for cut in 1..<bytes.count {
            let decoder = EventDecoder()
            decoder.feed(ByteBuffer(bytes: bytes[..<cut]))
            decoder.feed(ByteBuffer(bytes: bytes[cut...]))
            decoder.finish()
            var events: [ServerEvent] = []
            for try await event in decoder.events { events.append(event) }
            #expect(events == expected, "cut at \(cut)")
        }
    }
}
