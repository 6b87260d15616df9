import AtiendeCore
import Foundation
import Testing

/// Per staff member: what they recorded, the walk to the desk, and idle time at desks.
@Suite struct StaffIndicatorsTests {
    let day = LocalDay("2026-11-23")!
    let t0 = Date(timeIntervalSince1970: 1_795_438_800)  // 08:00 in Bogotá

    func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    func event(_ kind: TicketEvent.Kind, _ sequence: Int, at minutes: Double, staff: StaffUser?, seconds: Double? = nil) -> TicketEvent {
        TicketEvent(
            number: TicketNumber(service: "A", sequence: sequence), day: day, kind: kind, at: at(minutes), desk: "1", service: "A",
            seconds: seconds, staff: staff)
    }

    @Test func servedWalkServiceAndIdleTimeAreEachTheirs() {
        let events = [
            event(.called, 1, at: 10, staff: "laura"),
            event(.started, 1, at: 11, staff: "laura"),  // a one-minute walk
            event(.finished, 1, at: 16, staff: "laura", seconds: 300),
            event(.called, 2, at: 20, staff: "laura"),
            event(.recalled, 2, at: 22, staff: "laura"),
            event(.noShow, 2, at: 24, staff: "laura"),
            event(.called, 3, at: 30, staff: "laura"),
            event(.started, 3, at: 33, staff: "laura"),  // three minutes, counted from the call
            event(.finished, 3, at: 43, staff: "laura", seconds: 600),
            event(.called, 4, at: 45, staff: nil),  // the shared token: no one
            event(.finished, 4, at: 50, staff: nil, seconds: 240),
        ]
        // At desk 1 from 08:00 to 09:00: busy 10–16, 20–24 and 30–43 (23 minutes).
        let presence = [DeskPresence(desk: "1", user: "laura", since: at(0), until: at(60))]
        let figures = StaffIndicators.compute(events: events, presence: presence, now: nil, names: ["laura": "Laura Gómez"])
        #expect(Array(figures.keys) == ["laura"])
        let laura = figures["laura"]
        #expect(laura?.name == "Laura Gómez")
        #expect(laura?.served == 2)
        #expect(laura?.noShows == 1)
        #expect(laura?.averageServiceSeconds == 450)
        #expect(laura?.medianServiceSeconds == 450)
        #expect(laura?.averageWalkSeconds == 120)
        #expect(laura?.atDeskSeconds == 3600)
        #expect(laura?.idleSeconds == Double(3600 - 23 * 60))
    }

    @Test func liveAVisitInHandIsBusyAndAnOpenSpanRunsUntilNow() {
        let events = [event(.called, 1, at: 10, staff: "ana"), event(.started, 1, at: 12, staff: "ana")]
        let presence = [DeskPresence(desk: "1", user: "ana", since: at(5), until: nil)]
        let ana = StaffIndicators.compute(events: events, presence: presence, now: at(20))["ana"]
        #expect(ana?.atDeskSeconds == 900.0)
        #expect(ana?.idleSeconds == 300.0)
        #expect(ana?.served == 0)
        #expect(ana?.averageServiceSeconds == nil)
    }
}
