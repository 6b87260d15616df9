import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// A visit that crosses midnight, on every store (docs/domain.md, "A visit that crosses
/// midnight"). Found by an outside probe: a visit started at 23:57 and transferred at
/// 00:06 was told it kept its place, then expired, and nobody could call it; meanwhile
/// the status showed its desk free.
@Suite struct MidnightTests {
    /// 23:57 on Monday 2026-11-23 in Bogotá: the clock starts at 08:00.
    static func lateMonday(_ kind: StoreKind) async throws -> StoreUnderTest {
        let store = try await StoreUnderTest(kind)
        store.clock.advance(minutes: 15 * 60 + 57)
        return store
    }

    @Test(arguments: StoreKind.allCases)
    func aVisitTransferredAfterMidnightIsCalledInItsNewQueue(_ kind: StoreKind) async throws {
        let store = try await Self.lateMonday(kind)
        defer { store.remove() }
        let visitor = try await store.issue("A")
        _ = try await store.queue.callNext(desk: "1")
        _ = try await store.queue.act(.start, desk: "1")
        store.clock.advance(minutes: 8)  // 00:05 on Tuesday
        #expect(try await store.issue("C").number.description == "C-001", "Tuesday's first ticket")
        store.clock.advance(minutes: 1)
        let moved = try await store.queue.act(.transfer(to: "D"), desk: "1")
        #expect(moved.ticket.state == .waiting)
        store.clock.advance(minutes: 1)
        _ = try await store.issue("C")  // another write of the new day: nothing expires it
        let snapshot = try await store.queue.snapshot()
        #expect(snapshot.services.first { $0.code == "D" }?.waiting == 1, "the wall counts it")
        // Desk 3 serves B, C and D: the person who has waited since 23:57 comes first.
        let called = try #require(try await store.queue.callNext(desk: "3"))
        #expect(called.ticket.number == visitor.number)
        _ = try await store.queue.act(.start, desk: "3")
        #expect(try await store.queue.act(.finish, desk: "3").ticket.state == .done)
        let monday = try await store.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(monday.office.expired == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aDeskServingAcrossMidnightIsBusyEverywhere(_ kind: StoreKind) async throws {
        let store = try await Self.lateMonday(kind)
        defer { store.remove() }
        let visitor = try await store.issue("A")
        let leftWaiting = try await store.issue("A")
        _ = try await store.queue.callNext(desk: "1")
        _ = try await store.queue.act(.start, desk: "1")
        store.clock.advance(minutes: 9)  // 00:06 on Tuesday
        try await store.issue("B")
        let desk = try #require(try await store.queue.snapshot().desks.first { $0.id == "1" })
        #expect(desk.state == .serving)
        #expect(desk.ticket == visitor.number)
        #expect(await refusal { try await store.queue.callNext(desk: "1") as Any } == "deskBusy")
        let monday = try await store.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(monday.office.expired == 1, "Monday's waiting \(leftWaiting.number) expired")
        let finished = try await store.queue.act(.finish, desk: "1")
        #expect(finished.ticket.number == visitor.number && finished.ticket.state == .done)
    }

    @Test(arguments: StoreKind.allCases)
    func aCallRequeuedAfterMidnightWaitsAndACallLeftOverExpires(_ kind: StoreKind) async throws {
        let store = try await Self.lateMonday(kind)
        defer { store.remove() }
        let visitor = try await store.issue("A")
        let neverCame = try await store.issue("B")
        _ = try await store.queue.callNext(desk: "1")
        _ = try await store.queue.act(.start, desk: "1")
        _ = try await store.queue.callNext(desk: "3")  // B-001 called at 23:57; nobody comes
        store.clock.advance(minutes: 10)
        try await store.issue("C")
        let monday = try await store.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(monday.office.expired == 1, "\(neverCame.number), called and never started, expired")
        #expect(try await store.queue.snapshot().desks.first { $0.id == "3" }?.state == .idle)
        // The visit at desk 1 is sent back to the line and called again.
        _ = try await store.queue.act(.transfer(to: "B"), desk: "1")
        let again = try #require(try await store.queue.callNext(desk: "2"))
        #expect(again.ticket.number == visitor.number)
        _ = try await store.queue.act(.requeue, desk: "2")
        try await store.issue("C")
        #expect(try await store.queue.snapshot().services.first { $0.code == "B" }?.waiting == 1, "it waits again")
    }
}
