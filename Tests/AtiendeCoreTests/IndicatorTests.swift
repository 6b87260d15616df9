import AtiendeCore
import Foundation
import Testing

/// Indicators against values worked out by hand (target 15 min). Times in minutes after 09:00.
///
/// | ticket | life                                        | wait | measured       |
/// |--------|---------------------------------------------|------|----------------|
/// | A-001  | issued 0, called 5 at desk 1, served 6–16   | 5    | within         |
/// | A-002  | issued 1, called 21 at desk 2, served 21–25 | 20   | outside        |
/// | B-001  | issued 2, called 10, no-show 13             | 8    | within         |
/// | B-002  | issued 3, cancelled 4 uncalled              | –    | not measured   |
/// | B-003  | issued 4, cancelled 30 uncalled             | –    | outside        |
/// | A-003  | issued 65, still waiting at 85              | –    | outside (live) |
/// | C-001  | issued 70, expired uncalled                 | –    | outside        |
@Suite struct IndicatorTests {
    static func day() throws -> (tickets: [Ticket], finishes: [TicketEvent]) {
        var finishes: [TicketEvent] = []
        func life(_ t: Ticket, _ steps: [(TicketAction, Double)]) throws -> Ticket {
            var t = t
            for (action, minute) in steps {
                let event = try t.apply(action, at: Fixtures.at(minutes: minute))
                if event.kind == .finished { finishes.append(event) }
            }
            return t
        }
        let tickets = [
            try life(Fixtures.ticket("A", 1, minute: 0), [(.call(desk: "1"), 5), (.start, 6), (.finish, 16)]),
            try life(Fixtures.ticket("A", 2, minute: 1), [(.call(desk: "2"), 21), (.start, 21), (.finish, 25)]),
            try life(Fixtures.ticket("B", 1, minute: 2), [(.call(desk: "1"), 10), (.noShow, 13)]),
            try life(Fixtures.ticket("B", 2, minute: 3), [(.cancel, 4)]),
            try life(Fixtures.ticket("B", 3, minute: 4), [(.cancel, 30)]),
            Fixtures.ticket("A", 3, minute: 65),
            try life(Fixtures.ticket("C", 1, minute: 70), [(.expire, 80)]),
        ]
        return (tickets, finishes)
    }

    static func report() throws -> IndicatorReport {
        let (tickets, finishes) = try day()
        return IndicatorReport.compute(
            tickets: tickets, finishes: finishes, target: 15 * 60,
            calendar: Fixtures.office.calendar, now: Fixtures.at(minutes: 85))
    }

    @Test func officeFiguresMatchHandComputedValues() throws {
        let office = try Self.report().office
        #expect(office.issued == 7)
        #expect(office.served == 2)
        #expect(office.noShows == 1)
        #expect(office.cancelled == 2)
        #expect(office.expired == 1)
        #expect(office.waiting == 1)
        #expect(office.measured == 6)
        #expect(office.withinTarget == 2)
        #expect(office.withinTargetPercent == 33.3)
        #expect(office.averageWaitSeconds == 660)
        #expect(office.medianWaitSeconds == 480)
        #expect(office.p90WaitSeconds == 1200)
        #expect(office.averageServiceSeconds == 420)
    }

    @Test func perServiceFigures() throws {
        let a = try #require(try Self.report().services["A"])
        #expect(a.issued == 3)
        #expect(a.served == 2)
        #expect(a.withinTargetPercent == 33.3)
        #expect(a.averageWaitSeconds == 750)
        let b = try #require(try Self.report().services["B"])
        #expect(b.issued == 3)
        #expect(b.measured == 2)
        #expect(b.withinTargetPercent == 50)
    }

    @Test func perHourAndPerDeskFigures() throws {
        let report = try Self.report()
        #expect(report.hours[9]?.issued == 5)
        #expect(report.hours[10]?.issued == 2)
        #expect(report.hours[9]?.served == 2)
        #expect(report.desks["1"] == DeskIndicators(served: 1, averageServiceSeconds: 600))
        #expect(report.desks["2"] == DeskIndicators(served: 1, averageServiceSeconds: 240))
    }

    @Test func aClosedDayDoesNotCountLiveWaits() throws {
        let (tickets, finishes) = try Self.day()
        let closed = IndicatorReport.compute(tickets: tickets, finishes: finishes, target: 15 * 60, calendar: Fixtures.office.calendar)
        #expect(closed.office.measured == 5)
    }

    @Test func noTicketsMeansNoPercentages() {
        let empty = IndicatorReport.compute(tickets: [], finishes: [], target: 900, calendar: Fixtures.office.calendar)
        #expect(empty.office.withinTargetPercent == nil)
        #expect(empty.office.averageWaitSeconds == nil)
    }

    @Test func statistics() {
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.percentile(Array(1...10).map(Double.init), 90) == 9)
        #expect(Statistics.percentile([7], 90) == 7)
        #expect(Statistics.mean([]) == nil)
    }
}

@Suite struct WaitEstimateTests {
    @Test func peopleAheadTimesTheMeanVisitOverOpenDesks() {
        // 6 ahead × 4 min mean ÷ 2 desks = 12 min.
        #expect(WaitEstimate.minutes(ahead: 6, recentServiceSeconds: [120, 180, 420], openDesks: 2) == 12)
    }

    /// Visits finished in 0:00 do not make a wait vanish, and a visit left open over lunch
    /// does not make one endless: each visit counts up to an hour, the typical one at least a minute.
    @Test func theTypicalVisitHasAFloorAndEachVisitACap() {
        #expect(WaitEstimate.typicalServiceSeconds([0, 0, 0, 5]) == 60)
        #expect(WaitEstimate.typicalServiceSeconds([300, 300, 3 * 3600]) == (300 + 300 + 3600) / 3)
        #expect(WaitEstimate.minutes(ahead: 6, recentServiceSeconds: [0, 0, 1], openDesks: 2) == 3)
    }

    @Test func noHistoryUsesTheDefaultServiceTime() {
        #expect(WaitEstimate.minutes(ahead: 3, recentServiceSeconds: [], openDesks: 1) == 15)
    }

    @Test func nobodyAheadMeansNoWait() {
        #expect(WaitEstimate.minutes(ahead: 0, recentServiceSeconds: [300], openDesks: 1) == 0)
    }

    @Test func noOpenDeskMeansNoEstimate() {
        #expect(WaitEstimate.minutes(ahead: 2, recentServiceSeconds: [300], openDesks: 0) == nil)
    }
}

/// One wording for every screen and for paper: never "next" with people ahead.
@Suite struct WaitWordingTests {
    @Test func nextOnlyWithNobodyAheadAndUnderAMinuteOtherwise() {
        #expect(WaitWording(ahead: 0, minutes: 0) == .next)
        #expect(WaitWording(ahead: 3, minutes: 0) == .underAMinute)
        #expect(WaitWording(ahead: 0, minutes: 4) == .minutes(4))
        #expect(WaitWording(ahead: 6, minutes: nil) == .noEstimate)
    }
}

/// One rule colours every wait against the target, wherever it is shown.
@Suite struct WaitLevelTests {
    @Test func greenUnderTwoThirdsAmberUpToTheTargetRedPastIt() {
        let target: TimeInterval = 15 * 60
        #expect(WaitLevel(seconds: 599, target: target) == .green)
        #expect(WaitLevel(seconds: 600, target: target) == .amber)
        #expect(WaitLevel(seconds: 900, target: target) == .amber)
        #expect(WaitLevel(seconds: 901, target: target) == .red)
        #expect(WaitLevel.Thresholds(target: target) == .init(target: 900))
        let thresholds = WaitLevel.Thresholds(target: target)
        #expect((thresholds.amberFromSeconds, thresholds.redAfterSeconds) == (600, 900))
        let odd = WaitLevel.Thresholds(target: 7 * 60)
        #expect(WaitLevel(seconds: odd.amberFromSeconds - 1, target: 7 * 60) == .green)
        #expect(WaitLevel(seconds: odd.amberFromSeconds, target: 7 * 60) == .amber, "the thresholds the console gets agree with the rule")
    }
}
