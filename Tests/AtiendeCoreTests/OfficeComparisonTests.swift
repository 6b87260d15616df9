import AtiendeCore
import Foundation
import Testing

@Suite struct OfficeComparisonTests {
    static func tally(waits: [Int], issued: Int) -> DayTally {
        var tally = DayTally()
        tally.issued = issued
        for wait in waits {
            tally.firstWaits[wait, default: 0] += 1
            tally.waitSeconds += Double(wait)
        }
        return tally
    }

    /// Each office is measured against its own target; the institution's share is of every
    /// visit measured, and its median of every wait.
    @Test func officesAreRankedByTheShareWithinTheirOwnTarget() throws {
        let day = try #require(LocalDay("2026-11-23"))
        let comparison = OfficeComparison.make(from: day, to: day, offices: [
            ("sur", "Sur", 15 * 60, Self.tally(waits: [600, 1200], issued: 2)),       // half within 15 min
            ("norte", "Norte", 30 * 60, Self.tally(waits: [600, 1200], issued: 2)),   // all within 30 min
            ("este", "Este", 15 * 60, Self.tally(waits: [], issued: 1)),              // nothing measured: last
        ])
        #expect(comparison.offices.map(\.office) == ["norte", "sur", "este"])
        #expect(comparison.offices.map(\.rank) == [1, 2, 3])
        #expect(comparison.institution.issued == 5)
        #expect(comparison.institution.measured == 4 && comparison.institution.withinTarget == 3)
        #expect(comparison.institution.medianWaitSeconds == 900)
    }
}
