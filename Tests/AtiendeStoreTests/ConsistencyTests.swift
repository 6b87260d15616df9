import AtiendeCore
import AtiendeQueue
@testable import AtiendeStore
import Foundation
import GRDB
import Testing
import TestSupport

@Suite struct ConsistencyTests {
    /// The store counts people ahead in SQL; it must agree with `CallRule.ahead`
    /// on every ticket of a mixed queue.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func storedAheadCountAgreesWithTheCallRule(seed: UInt64) async throws {
        let db = try await TestDatabase()
        var random = SeededRandom(state: seed)
        var tickets: [Ticket] = []
        for _ in 0..<40 {
            db.clock.advance(minutes: Double(Int.random(in: 0...3, using: &random)))
            let service = (["A", "B"] as [ServiceCode]).randomElement(using: &random)!
            tickets.append(try await db.issue(service, preferential: Int.random(in: 0..<4, using: &random) == 0))
        }
        let rule = try TestDatabase.demoOffice().callRule
        for ticket in tickets {
            let lookup = try #require(try await db.queue.lookup(ticket.number))
            #expect(lookup.ahead == rule.ahead(of: ticket, among: tickets), "\(ticket.number)")
        }
    }

    /// The waiting count per queue is kept by triggers; after a day of every kind of
    /// change (calls, requeues, transfers, cancels, a new day's expiry) it must equal a
    /// real count, and the people ahead of each new ticket must be the direct count.
    @Test(arguments: [4, 5] as [UInt64])
    func theKeptWaitingCountsAreTrue(seed: UInt64) async throws {
        let db = try await TestDatabase()
        var random = SeededRandom(state: seed)
        for step in 0..<200 {
            db.clock.advance(minutes: 0.5)
            if step == 150 { db.clock.advance(minutes: 24 * 60) }  // a new day: yesterday's open tickets expire
            if step % 2 == 0 {
                let issued = try await db.queue.issue(
                    service: ["A", "B", "C", "D"].randomElement(using: &random)!, preferential: step % 7 == 0, firstName: nil)
                #expect(issued.ahead == (try await db.queue.lookup(issued.ticket.number))?.ahead, "\(issued.ticket.number)")
            }
            let desk = (["1", "2", "3", "4"] as [DeskID]).randomElement(using: &random)!
            switch Int.random(in: 0..<6, using: &random) {
            case 0: _ = try? await db.queue.cancel(TicketNumber(service: "A", sequence: Int.random(in: 1...20, using: &random)))
            case 1: _ = try? await db.queue.act(.transfer(to: (["B", "C"] as [ServiceCode]).randomElement(using: &random)!), desk: desk)
            default:
                let action: DeskAction = [.start, .finish, .noShow, .requeue].randomElement(using: &random)!
                if (try? await db.queue.act(action, desk: desk)) == nil { _ = try? await db.queue.callNext(desk: desk) }
            }
        }
        let file = try DatabaseQueue(path: db.path)
        let (kept, counted) = try await file.read { db in
            (try Row.fetchAll(db, sql: "SELECT day, queueService, waiting FROM waitingCount WHERE waiting > 0 ORDER BY 1, 2").map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int)" },
             try Row.fetchAll(db, sql: "SELECT day, queueService, COUNT(*) FROM ticket WHERE state = 'waiting' GROUP BY 1, 2 ORDER BY 1, 2").map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int)" })
        }
        #expect(kept == counted)
        #expect(!counted.isEmpty)
    }

    /// The report replays the event log; for today it must agree with the live snapshot.
    @Test func theReportReplayedFromEventsMatchesTheLiveFigures() async throws {
        let db = try await TestDatabase()
        var random = SeededRandom(state: 7)
        for step in 0..<120 {
            db.clock.advance(minutes: 1)
            if step % 2 == 0 { try await db.issue(["A", "B", "C", "D"].randomElement(using: &random)!, preferential: step % 10 == 0) }
            let desk = (["1", "2", "3", "4"] as [DeskID]).randomElement(using: &random)!
            let action: DeskAction = [.start, .finish, .noShow, .requeue, .transfer(to: "C")].randomElement(using: &random)!
            if (try? await db.queue.act(action, desk: desk)) == nil { _ = try? await db.queue.callNext(desk: desk) }
        }
        let snapshot = try await db.queue.snapshot()
        let report = try await db.queue.report(day: snapshot.day)
        #expect(report.office == snapshot.today)
        #expect(report.office.issued == 60)
        #expect(report.office.served > 0)
    }

    /// Today's figures come from running tallies (`DayTally`), not from reading the day:
    /// after a random day of every kind of change, at odd seconds, with outcomes, cancels,
    /// transfers and yesterday's expiry, they must match the report replayed from the
    /// events (medians and the 90th percentile to the second), and the kept tallies must
    /// equal a recount from the tickets.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func theRunningTalliesAgreeWithAFullRecount(seed: UInt64) async throws {
        let db = try await TestDatabase()
        var random = SeededRandom(state: seed)
        for step in 0..<260 {
            db.clock.advance(minutes: Double(Int.random(in: 7...95, using: &random)) / 60)
            if step == 40 { db.clock.advance(minutes: 24 * 60) }  // a new day: yesterday's open tickets expire
            if step % 2 == 0 {
                _ = try await db.queue.issue(
                    service: ["A", "B", "C", "D"].randomElement(using: &random)!, preferential: step % 7 == 0, firstName: nil)
            }
            let desk = (["1", "2", "3", "4"] as [DeskID]).randomElement(using: &random)!
            switch Int.random(in: 0..<8, using: &random) {
            case 0: _ = try? await db.queue.cancel(TicketNumber(service: "A", sequence: Int.random(in: 1...40, using: &random)))
            case 1: _ = try? await db.queue.act(.transfer(to: (["B", "C"] as [ServiceCode]).randomElement(using: &random)!), desk: desk)
            case 2: _ = try? await db.queue.act(.finishAs(VisitOutcome(code: "resolved")), desk: desk)
            default:
                let action: DeskAction = [.start, .finish, .noShow, .requeue, .recall].randomElement(using: &random)!
                if (try? await db.queue.act(action, desk: desk)) == nil { _ = try? await db.queue.callNext(desk: desk) }
            }
        }
        let live = try await db.queue.snapshot().today
        let replayed = try await db.queue.report(day: try await db.queue.snapshot().day).office
        #expect(live.issued == replayed.issued && live.waiting == replayed.waiting && live.served == replayed.served)
        #expect(live.noShows == replayed.noShows && live.cancelled == replayed.cancelled && live.expired == replayed.expired)
        #expect(live.measured == replayed.measured && live.withinTarget == replayed.withinTarget)
        #expect(live.outcomes == replayed.outcomes)
        #expect(abs((live.averageWaitSeconds ?? -1) - (replayed.averageWaitSeconds ?? -1)) < 1e-6)
        #expect(abs((live.averageServiceSeconds ?? -1) - (replayed.averageServiceSeconds ?? -1)) < 1e-6)
        #expect(abs((live.medianWaitSeconds ?? -9) - (replayed.medianWaitSeconds ?? -9)) < 1, "to the second")
        #expect(abs((live.p90WaitSeconds ?? -9) - (replayed.p90WaitSeconds ?? -9)) < 1, "to the second")
        #expect(live.served > 0 && live.measured > 20, "a day with something to count")

        let file = try DatabaseQueue(path: db.path)
        let tables: @Sendable (Database) throws -> [String] = { db in
            try Row.fetchAll(db, sql: "SELECT day, key, round(value, 6) FROM dayTally WHERE value <> 0 ORDER BY 1, 2").map { "\($0[0] as String) \($0[1] as String) \($0[2] as Double)" }
                + Row.fetchAll(db, sql: "SELECT day, kind, second, people FROM dayWait WHERE people <> 0 ORDER BY 1, 2, 3").map { "\($0[0] as String) \($0[1] as Int) \($0[2] as Int) \($0[3] as Int)" }
        }
        let kept = try await file.read(tables)
        let recounted = try await file.write { db -> [String] in
            try DayTallyRows.recount(db)
            return try tables(db)
        }
        #expect(kept == recounted)
        #expect(kept.count > 20)
    }

    @Test func changesFromAnotherConnectionAreNoticed() async throws {
        let db = try await TestDatabase()
        let watcher = try db.reopen()
        var changes = watcher.changes().makeAsyncIterator()
        _ = await changes.next()  // the first reading
        let other = try db.reopen()
        _ = try await other.issue(service: "A", preferential: false, firstName: nil)
        // The stream yields for the other connection's commit (how fast is measured by
        // scripts/measure-display.sh, not here).
        _ = await changes.next()
        #expect(try await watcher.snapshot().today.issued == 1)
    }
}

@Suite struct RangeReportTests {
    @Test func aSpanOfDaysAddsUpItsDays() async throws {
        let db = try await TestDatabase()
        for day in 0..<3 {
            for _ in 0..<(day + 2) { try await db.issue("A") }
            db.clock.advance(minutes: 3)
            _ = try await db.queue.callNext(desk: "1")
            _ = try await db.queue.act(.start, desk: "1")
            db.clock.advance(minutes: 5)
            _ = try await db.queue.act(.finish, desk: "1")
            db.clock.advance(minutes: 24 * 60 - 8)
        }
        let first = LocalDay(year: 2026, month: 11, day: 23), last = LocalDay(year: 2026, month: 11, day: 25)
        let range = try await db.queue.report(from: first, to: last)
        #expect(range.days.map(\.day.description) == ["2026-11-23", "2026-11-24", "2026-11-25"])
        #expect(range.days.map(\.report.office.issued) == [2, 3, 4])
        #expect(range.total.office.issued == 9)
        #expect(range.total.office.served == 3)
        #expect(range.total.office.expired == 3, "the first two days' leftovers expired; the last day's are still waiting")
        #expect(range.total.waitHistogram[3] == 3, "three first waits of 3 minutes")
        let single = try await db.queue.report(day: first)
        #expect(single == range.days[0].report)
    }
}
