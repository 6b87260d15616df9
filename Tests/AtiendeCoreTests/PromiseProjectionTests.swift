@testable import AtiendeCore
import Foundation
import Testing

/// The promise projected for the people waiting now: a case to check by hand, the
/// advice, and calibration against simulated days.
@Suite struct PromiseProjectionTests {
    static let fiveMinutes = WaitForecast(rule: CallRule(headStartMinutes: 10), serviceSeconds: { _ in 300 })
    static func desk(_ id: String) -> Desk { Desk(id: DeskID(rawValue: id), label: LocalizedText(es: "Ventanilla \(id)", en: "Desk \(id)"), services: ["A"]) }

    static func line(_ count: Int) -> [Ticket] { (1...count).map { Fixtures.ticket("A", $0, minute: 0) } }

    /// One desk, 5-minute visits, 12 people who just arrived: the k-th is called in time
    /// when at least k−1 visits end within 15 minutes, P(Poisson(3) ≥ k−1); summed over
    /// the twelve that is 4.0, a third. Two desks: P(Poisson(6) ≥ k−2), 7.9 of 12.
    @Test func aCaseToCheckByHand() {
        let one = PromiseProjection.project(
            waiting: Self.line(12), desks: [.init(desk: Self.desk("1"), serving: nil)], forecast: Self.fiveMinutes, target: 900, now: Fixtures.nine)
        let two = PromiseProjection.project(
            waiting: Self.line(12), desks: ["1", "2"].map { .init(desk: Self.desk($0), serving: nil) }, forecast: Self.fiveMinutes,
            target: 900, now: Fixtures.nine)
        #expect((28...38).contains(one.percent ?? 0), "about a third: \(one.percent ?? -1)")
        #expect((61...71).contains(two.percent ?? 0), "about two thirds: \(two.percent ?? -1)")
        #expect(one.people.map(\.chance) == one.people.map(\.chance).sorted(by: >), "later in the line, less likely")
        #expect(one.people.first?.chance == 1, "the first is called at once by the free desk")
    }

    @Test func someoneAlreadyPastTheTargetHasNoChanceAndAFirstCallIsNotJudgedAgain() {
        let late = Fixtures.ticket("A", 1, minute: -20)
        var back = Fixtures.ticket("A", 2, minute: -5)
        try? back.apply(.call(desk: "1"), at: Fixtures.at(minutes: -4))
        try? back.apply(.requeue, at: Fixtures.at(minutes: -3))
        let projection = PromiseProjection.project(
            waiting: [late, back, Fixtures.ticket("A", 3, minute: 0)], desks: [.init(desk: Self.desk("1"), serving: "A")],
            forecast: Self.fiveMinutes, target: 900, now: Fixtures.nine)
        #expect(projection.people.map(\.number.description) == ["A-001", "A-003"])
        #expect(projection.people.first?.chance == 0)
        #expect(PromiseProjection.project(waiting: [], desks: [], forecast: Self.fiveMinutes, target: 900, now: Fixtures.nine).percent == nil)
    }

    @Test func theAdviceNamesTheClosedDeskThatHelpsMost() throws {
        let office = Office(
            name: LocalizedText(es: "Oficina", en: "Office"), timeZone: Fixtures.bogota, hours: Fixtures.office.hours,
            services: [Service(code: "A", name: LocalizedText(es: "A", en: "A"), description: LocalizedText(es: "a", en: "a")),
                       Service(code: "B", name: LocalizedText(es: "B", en: "B"), description: LocalizedText(es: "b", en: "b"))],
            desks: [Self.desk("1"), Self.desk("2"), Desk(id: "3", label: LocalizedText(es: "Ventanilla 3", en: "Desk 3"), services: ["B"])])
        let projection = PromiseProjection.make(
            waiting: Self.line(12), desks: [.init(desk: office.desks[0], serving: nil)], forecast: Self.fiveMinutes, target: 900,
            now: Fixtures.nine, closedDesks: [office.desks[2], office.desks[1]], allServices: ["A", "B"])
        let advice = try #require(projection.oneMoreDesk)
        #expect(advice.desk == "2", "desk 3 serves only B, where nobody waits")
        #expect(advice.percent > (projection.percent ?? 100) + 20)
        let promise = QueueSnapshot.Promise(
            projectedWithinTargetPercent: projection.percent ?? 0, services: projection.services, withOneMoreDeskPercent: advice.percent,
            openDesk: advice.desk, thresholdPercent: 90)
        let line = try #require(promise.advice(office, .es))
        #expect(line.hasPrefix("Abrir Ventanilla 2: 3") && line.hasSuffix(" % a tiempo"), "\(line)")
        #expect(promise.advice(office, .en)?.hasPrefix("Open Desk 2: 3") == true)
        // Every desk open: one more desk serving everything.
        let allOpen = PromiseProjection.make(
            waiting: Self.line(12), desks: [.init(desk: office.desks[0], serving: nil)], forecast: Self.fiveMinutes, target: 900,
            now: Fixtures.nine, closedDesks: [], allServices: ["A", "B"])
        #expect(allOpen.oneMoreDesk?.desk == nil && (allOpen.oneMoreDesk?.percent ?? 0) > 55)
        var holding = promise
        holding.projectedWithinTargetPercent = 95
        #expect(holding.advice(office, .es) == nil, "no advice while the promise holds")
    }

    /// Among people projected at p %, about p % are called in time: seeded simulated days,
    /// the projection made every few arrivals for everyone waiting, each chance checked
    /// against the wait the person then had; with preferential visitors too, who may be
    /// called before people already waiting (the projection draws them at the last hour's rate).
    @Test(arguments: [0.0, 0.2]) func projectedChancesComeTrueInSimulatedDays(preferentialShare: Double) {
        let bins = QueueSimulation.CalibrationBin.merged((1...10).map { seed in
            QueueSimulation(.calibrationDay(preferentialShare: preferentialShare, seed: UInt64(seed))).run().calibration
        })
        let judged = bins.filter { $0.count >= 40 }
        #expect(judged.count >= 6, "enough bins to judge: \(bins.map(\.count))")
        for bin in judged {
            #expect(abs(bin.observedPercent - bin.projectedPercent) <= 10, "bin \(bin.from)–\(bin.from + 10): projected \(bin.projectedPercent), observed \(bin.observedPercent) (\(bin.count))")
        }
    }
}
