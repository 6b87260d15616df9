import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// A screen that applies the events it is told of (`FollowedSnapshot`) shows what a full
/// read would show: the line, the desks and the recent calls, on every store, with the
/// events each store's `changes()` carries.
@Suite struct ScreenFollowingTests {
    @Test(arguments: StoreKind.allCases)
    func aScreenThatAppliesTheEventsShowsWhatAFreshReadShows(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let office = try await store.queue.office()
        var changes = store.queue.changes().makeAsyncIterator()
        #expect(await changes.next() == .unknown, "a screen reads everything first")
        var screen = FollowedSnapshot()
        screen.read(try await store.queue.snapshot())
        let queue = store.queue
        let steps: [(String, () async throws -> Void)] = [
            ("issue A", { _ = try await store.issue("A") }),
            ("issue A, preferential", { _ = try await store.issue("A", preferential: true) }),
            ("issue B", { store.clock.advance(minutes: 14); _ = try await store.issue("B") }),
            ("call at desk 1", { store.clock.advance(minutes: 2); _ = try await queue.callNext(desk: "1") }),
            ("recall", { _ = try await queue.act(.recall, desk: "1") }),
            ("start", { _ = try await queue.act(.start, desk: "1") }),
            ("finish", { _ = try await queue.act(.finish, desk: "1") }),
            ("call at desk 2", { _ = try await queue.callNext(desk: "2") }),
            ("no-show", { _ = try await queue.act(.noShow, desk: "2") }),
            ("call B at desk 3", { _ = try await queue.callNext(desk: "3") }),
        ]
        for (name, step) in steps {
            try await step()
            let fresh = try await queue.snapshot()
            // Until the screen has every event the fresh read includes, each one by itself.
            while screen.snapshot?.eventID != fresh.eventID {
                let change = try #require(await changes.next())
                #expect(screen.apply(change, office: office) != .needsRead, "\(kind), \(name): \(change)")
            }
            let shown = try #require(screen.snapshot)
            #expect(shown.desks == fresh.desks, "\(kind), after \(name)")
            #expect(shown.recentCalls == fresh.recentCalls, "\(kind), after \(name)")
            for (a, b) in zip(shown.services, fresh.services) {
                #expect(a.waitingSince == b.waitingSince && a.waiting == b.waiting, "\(kind), after \(name): \(a.code)")
                // The screen's figures count from its own read; the fresh read's from now.
                let moved = Int(fresh.takenAt.timeIntervalSince(shown.takenAt))
                #expect(b.waiting == 0 ? a.longestWaitSeconds == 0 : a.longestWaitSeconds + moved == b.longestWaitSeconds, "\(kind), after \(name): \(a.code)")
            }
        }
        #expect(screen.appliedSinceRead == 10, "every event applied without a read")
    }

    @Test func eventsAlreadyReadAreSkippedAndAGapAsksForARead() throws {
        let office = try OfficeConfig.parse(Data(TestDatabase.demoConfig.utf8), file: "demo")
        let at = Date(timeIntervalSince1970: 1_795_442_400)
        var snapshot = QueueSnapshot.make(
            office: office, now: at, tickets: [], desks: office.desks.map { DeskState(id: $0.id, isOpen: true) }, finishes: [], recentCalls: [], serviceTimes: [:])
        snapshot.eventID = 4
        var screen = FollowedSnapshot()
        screen.read(snapshot)
        func issued(_ id: Int64, _ sequence: Int) -> LoggedEvent {
            LoggedEvent(id: id, event: TicketEvent(number: TicketNumber(service: "A", sequence: sequence), day: snapshot.day, kind: .issued, at: at, service: "A"))
        }
        #expect(screen.apply(.events([issued(4, 1)]), office: office) == .unchanged, "the read had it")
        #expect(screen.apply(.events([issued(4, 1), issued(5, 2)]), office: office) == .applied)
        #expect(screen.snapshot?.services.first?.waiting == 1)
        #expect(screen.apply(.events([issued(7, 4)]), office: office) == .needsRead, "event 6 was missed")
        #expect(screen.apply(.events([issued(6, 3)]), office: nil) == .needsRead, "no office to apply it with")
        #expect(screen.apply(.unknown, office: office) == .needsRead)
    }
}
