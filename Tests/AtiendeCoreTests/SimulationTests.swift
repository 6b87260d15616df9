@testable import AtiendeCore
import Foundation
import Testing

@Suite struct SimulationTests {
    /// One queue, Poisson arrivals, exponential service, FIFO, a long horizon: the
    /// simulation must agree with the Erlang C formula.
    @Test(arguments: [(4, 40.0), (3, 30.0)])
    func fifoMatchesErlangC(desks: Int, arrivals: Double) {
        var setup = QueueSimulation.Setup()
        setup.desks = desks
        setup.arrivalsPerHour = arrivals
        setup.serviceMinutes = 5
        setup.hours = 2000
        setup.policy = .fifo
        setup.estimate = false
        setup.seed = 42
        let result = QueueSimulation(setup).run()
        let theory = ErlangC(arrivalsPerHour: arrivals, serviceMinutes: 5, servers: desks)
        let within = theory.withinShare(seconds: 900) * 100
        #expect(abs(result.all.withinTargetPercent - within) <= 2, "within target: simulated \(result.all.withinTargetPercent) %, Erlang C \(within) %")
        let relative = abs(result.all.averageSeconds - theory.meanWaitSeconds) / theory.meanWaitSeconds
        #expect(relative <= 0.05, "mean wait: simulated \(result.all.averageSeconds) s, Erlang C \(theory.meanWaitSeconds) s")
    }

    @Test func erlangCByHand() {
        // 4 desks, 40 an hour, 5 minutes: load 10/3 Erlangs.
        let theory = ErlangC(arrivalsPerHour: 40, serviceMinutes: 5, servers: 4)
        #expect(abs(theory.probabilityOfWaiting - 0.6577) < 0.001)
        #expect(abs(theory.meanWaitSeconds - 296.0) < 1)
        #expect(abs(theory.withinShare(seconds: 900) - 0.9110) < 0.001)
    }

    /// The head start on the same seeds: preferential visitors wait less, and the longest
    /// normal wait grows by a bounded amount.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func headStartAgainstFIFO(seed: UInt64) {
        var setup = QueueSimulation.Setup()
        setup.preferentialShare = 0.2
        setup.seed = seed
        setup.estimate = false
        let head = QueueSimulation(setup).run()
        setup.policy = .fifo
        let fifo = QueueSimulation(setup).run()
        #expect(head.preferential.averageSeconds < fifo.preferential.averageSeconds)
        #expect(head.normal.maxSeconds <= fifo.normal.maxSeconds + 15 * 60,
            "normal max \(head.normal.maxSeconds) s with head start, \(fifo.normal.maxSeconds) s FIFO")
        print("seed \(seed): preferential avg \(Int(head.preferential.averageSeconds)) s vs \(Int(fifo.preferential.averageSeconds)) s FIFO; normal max \(Int(head.normal.maxSeconds)) s vs \(Int(fifo.normal.maxSeconds)) s")
    }

    /// Over simulated days the estimate is unbiased: mean error within ±10 % of the mean wait.
    @Test func theEstimateIsUnbiased() {
        var errors = 0.0, waits = 0.0
        for seed in 1...20 as ClosedRange<UInt64> {
            var setup = QueueSimulation.Setup()
            setup.seed = seed
            let result = QueueSimulation(setup).run()
            errors += result.estimateMeanErrorSeconds
            waits += result.all.averageSeconds
        }
        print("mean error \(errors / 20) s over mean wait \(waits / 20) s")
        #expect(abs(errors) <= 0.10 * waits, "mean error \(errors / 20) s, mean wait \(waits / 20) s")
    }

    @Test func theSameSeedGivesTheSameDay() {
        var setup = QueueSimulation.Setup()
        setup.seed = 7
        setup.preferentialShare = 0.2
        #expect(QueueSimulation(setup).run() == QueueSimulation(setup).run())
        setup.seed = 8
        #expect(QueueSimulation(setup).run().served > 0)
    }

    @Test func findDesksGivesTheSmallestThatKeepsTheTarget() throws {
        var setup = QueueSimulation.Setup()
        setup.hours = 40
        let desks = try #require(QueueSimulation(setup).desksNeeded(forWithinTarget: 90))
        setup.desks = desks
        setup.estimate = false
        #expect(QueueSimulation(setup).run().all.withinTargetPercent >= 90)
        setup.desks = desks - 1
        #expect(QueueSimulation(setup).run().all.withinTargetPercent < 90)
    }

    /// Desk counts whose load is one or more only grow the line: they are not played.
    @Test func findDesksSkipsDeskCountsThatCannotKeepUp() {
        var setup = QueueSimulation.Setup()
        setup.arrivalsPerHour = 30
        setup.serviceMinutes = 5
        #expect(QueueSimulation.fewestStableDesks(setup) == 3, "2.5 desks' worth of visitors")
        setup.serviceMinutes = 6
        #expect(QueueSimulation.fewestStableDesks(setup) == 4, "exactly 3: a load of one does not keep up either")
        setup.hours = 2000
        #expect((QueueSimulation(setup).desksNeeded(forWithinTarget: 90, limit: 3)) == nil, "past the limit before any stable count")
    }

    /// An office that cannot keep up for 1,000 hours: the line grows to thousands, and a
    /// call and an estimate still cost what they cost with a short line (the benchmark
    /// measures it; here it only has to finish, with every visitor accounted for).
    @Test(.timeLimit(.minutes(1))) func anOverloadedOfficeIsSimulatedInLinearTime() {
        var setup = QueueSimulation.Setup()
        setup.desks = 2
        setup.arrivalsPerHour = 30
        setup.serviceMinutes = 5
        setup.hours = 1000
        setup.preferentialShare = 0.2
        let result = QueueSimulation(setup).run()
        #expect(result.served > 29_000)
        #expect(result.all.withinTargetPercent < 5, "the line only grows")
        #expect(result.utilization > 0.99)
    }
}

@Suite struct WaitForecastTests {
    let rule = CallRule(headStartMinutes: 10)
    let desk = Desk(id: "1", label: LocalizedText(es: "1", en: "1"), services: ["A"])
    let t0 = Date(timeIntervalSince1970: 1_795_442_400)

    func ticket(_ n: Int, minute: Double, preferential: Bool = false) -> Ticket {
        Ticket(number: TicketNumber(service: "A", sequence: n), day: LocalDay(year: 2026, month: 11, day: 23),
            preferential: preferential, issuedAt: t0.addingTimeInterval(minute * 60))
    }

    @Test func playsTheRuleForwardOverBusyAndFreeDesks() {
        let forecast = WaitForecast(rule: rule, serviceSeconds: { _ in 300 })
        let waiting = [ticket(1, minute: 0), ticket(2, minute: 1)]
        let new = ticket(3, minute: 2)
        // One desk, busy: 300 (current) + 300 + 300 before the new ticket.
        let busy = [WaitForecast.OpenDesk(desk: desk, serving: "A")]
        #expect(forecast.seconds(until: new, waiting: waiting, desks: busy, now: t0) == 900)
        // Two free desks: the two ahead start now; one of the two frees after 300 ÷ 2 on average.
        let two = [WaitForecast.OpenDesk(desk: desk, serving: nil), WaitForecast.OpenDesk(desk: Desk(id: "2", label: desk.label, services: ["A"]), serving: nil)]
        #expect(forecast.seconds(until: new, waiting: waiting, desks: two, now: t0) == 150)
        // A preferential arrival goes ahead of both.
        #expect(forecast.seconds(until: ticket(4, minute: 2, preferential: true), waiting: waiting, desks: busy, now: t0) == 300)
        // No desk serves B.
        let other = Ticket(number: TicketNumber(service: "B", sequence: 1), day: new.day, issuedAt: t0)
        #expect(forecast.seconds(until: other, waiting: waiting, desks: busy, now: t0) == nil)
    }
}
