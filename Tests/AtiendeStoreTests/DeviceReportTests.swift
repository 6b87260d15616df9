import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

/// A kiosk's printer as the staff's screens see it: stored, kept since it began, shown
/// with the snapshot, and heard of by every event stream when it changes.
@Suite struct DeviceReportTests {
    static func report(_ printer: DeviceReport.Printer, _ detail: String? = nil, device: String = "entrada") -> DeviceReport {
        DeviceReport(device: device, printer: printer, detail: detail, since: .distantPast)
    }

    @Test func aReportShowsWithTheSnapshotAndKeepsWhenItBegan() async throws {
        let clock = TestClock()
        let db = try await TestDatabase(clock: clock)
        defer { db.remove() }
        let store = db.queue
        #expect(try await store.snapshot().devices.isEmpty)
        let before = try await store.setupVersion()

        try await store.report(Self.report(.missing, "/dev/usb/lp0: not found"))
        let began = clock.now
        let missing = try await store.setupVersion()
        #expect(missing != before, "a new problem reaches the event streams")
        clock.advance(minutes: 5)
        try await store.report(Self.report(.missing, "/dev/usb/lp0: not found"))
        #expect(try await store.setupVersion() == missing, "the same state again is not news")
        try await store.report(Self.report(.ok, device: "sala 2"))
        let shown = try await store.snapshot().devices
        #expect(shown.map(\.device) == ["entrada", "sala 2"], "problems first")
        #expect(shown.first == DeviceReport(device: "entrada", printer: .missing, detail: "/dev/usb/lp0: not found", since: began))

        clock.advance(minutes: 5)
        try await store.report(Self.report(.ok))
        #expect(try await store.snapshot().devices.first { $0.device == "entrada" } == DeviceReport(device: "entrada", printer: .ok, since: clock.now))
        #expect(try await store.setupVersion() != missing)
        // A kiosk not heard from in 12 hours is no longer shown.
        clock.advance(minutes: 13 * 60)
        #expect(try await store.snapshot().devices.isEmpty)
    }

    @Test func aReportThatCannotBeShownIsRefusedWithWhatToFix() async throws {
        let db = try await TestDatabase(clock: TestClock())
        defer { db.remove() }
        for bad in [Self.report(.ok, device: ""), Self.report(.ok, device: String(repeating: "x", count: 41)),
                    Self.report(.ok, device: "a\u{7}b"), Self.report(.failing, String(repeating: "y", count: 201)),
                    Self.report(.failing, "two\nlines")] {
            await #expect(throws: QueueError.self) { try await db.queue.report(bad) }
        }
        #expect(try await db.queue.snapshot().devices.isEmpty, "nothing half-stored")
        try await db.queue.report(Self.report(.failing, "  paper out  ", device: " entrada "))
        #expect(try await db.queue.snapshot().devices.first.map { [$0.device, $0.detail] } == ["entrada", "paper out"])
    }
}
