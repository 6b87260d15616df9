import AtiendeCore
import Foundation
import Testing

@Suite struct DeskRulesTests {
    let rules = DeskRules(office: Fixtures.office)

    @Test func finishingAtADeskThatServesNobodyIsAnError() {
        let idle = DeskState(id: "2", isOpen: true)
        #expect(throws: QueueError.deskIdle("2", action: "finish")) {
            try rules.act(.finish, on: idle, at: Fixtures.nine)
        }
        #expect(QueueError.deskIdle("2", action: "finish").description
            == "desk 2 has no ticket to finish: call one with `atiende next --desk 2` first")
    }

    @Test func aClosedDeskCallsNobody() {
        #expect(throws: QueueError.deskClosed("1")) {
            try rules.callNext(DeskState(id: "1", isOpen: false), waiting: [Fixtures.ticket("A", 1, minute: 0)], at: Fixtures.nine)
        }
    }

    @Test func aBusyDeskMustFinishFirst() throws {
        var current = Fixtures.ticket("A", 1, minute: 0)
        try current.apply(.call(desk: "1"), at: Fixtures.nine)
        let busy = DeskState(id: "1", isOpen: true, current: current)
        #expect(throws: QueueError.deskBusy("1", ticket: current.number, state: .called)) {
            try rules.callNext(busy, waiting: [Fixtures.ticket("A", 2, minute: 0)], at: Fixtures.nine)
        }
        #expect(throws: QueueError.deskNotEmpty("1", ticket: current.number, state: .called)) {
            try rules.checkCanClose(busy)
        }
    }

    @Test func callingByNumberNeedsADeskThatServesTheService() {
        #expect(throws: QueueError.deskDoesNotServe("3", service: "A")) {
            try rules.call(Fixtures.ticket("A", 1, minute: 0), from: DeskState(id: "3", isOpen: true), at: Fixtures.nine)
        }
    }

    @Test func callingByNumberSkipsTheQueue() throws {
        let (ticket, event) = try rules.call(Fixtures.ticket("A", 9, minute: 5), from: DeskState(id: "1", isOpen: true), at: Fixtures.at(minutes: 6))
        #expect(ticket.state == .called)
        #expect(event.desk == "1")
    }

    @Test func transferNeedsAnotherKnownService() throws {
        var t = Fixtures.ticket("A", 1, minute: 0)
        try t.apply(.call(desk: "1"), at: Fixtures.nine)
        try t.apply(.start, at: Fixtures.nine)
        let serving = DeskState(id: "1", isOpen: true, current: t)
        #expect(throws: QueueError.unknownService("Z", known: ["A", "B", "C"])) { try rules.act(.transfer(to: "Z"), on: serving, at: Fixtures.nine) }
        #expect(throws: QueueError.transferToSameService(t.number, "A")) { try rules.act(.transfer(to: "A"), on: serving, at: Fixtures.nine) }
        let (moved, _) = try rules.act(.transfer(to: "C"), on: serving, at: Fixtures.nine)
        #expect(moved.queueService == "C")
    }

    @Test func unknownDeskListsTheDesks() {
        #expect(throws: QueueError.unknownDesk("9", known: ["1", "2", "3"])) {
            try rules.callNext(DeskState(id: "9", isOpen: true), waiting: [], at: Fixtures.nine)
        }
    }
}
