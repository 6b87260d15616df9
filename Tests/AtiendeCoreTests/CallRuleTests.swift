import AtiendeCore
import Foundation
import Testing

@Suite struct CallRuleTests {
    let rule = Fixtures.office.callRule
    let desk1 = Fixtures.office.desks[0]  // A, B
    let desk2 = Fixtures.office.desks[1]  // B, C

    @Test func earliestIssuedIsCalledFirst() {
        let tickets = [Fixtures.ticket("A", 2, minute: 3), Fixtures.ticket("A", 1, minute: 1)]
        #expect(rule.next(for: desk1, among: tickets)?.number.description == "A-001")
    }

    @Test func preferentialGoesAheadOfShorterWaits() {
        // Normal ticket issued 9 minutes earlier: less than the 10-minute head start.
        let tickets = [Fixtures.ticket("A", 1, minute: 0), Fixtures.ticket("A", 2, minute: 9, preferential: true)]
        #expect(rule.next(for: desk1, among: tickets)?.number.description == "A-002")
    }

    @Test func preferentialDoesNotPassSomeoneWhoWaitedLongerThanTheHeadStart() {
        let tickets = [Fixtures.ticket("A", 1, minute: 0), Fixtures.ticket("A", 2, minute: 11, preferential: true)]
        #expect(rule.next(for: desk1, among: tickets)?.number.description == "A-001")
    }

    @Test func equalDueTimesGoToTheEarlierIssueTime() {
        // Due at minute 0 for both: the normal one issued at 0, the preferential at 10.
        let tickets = [Fixtures.ticket("A", 2, minute: 10, preferential: true), Fixtures.ticket("A", 1, minute: 0)]
        #expect(rule.next(for: desk1, among: tickets)?.number.description == "A-001")
    }

    @Test func fullTiesGoToTheLowerNumber() {
        let tickets = [Fixtures.ticket("B", 2, minute: 0), Fixtures.ticket("A", 2, minute: 0), Fixtures.ticket("B", 1, minute: 0)]
        #expect(rule.next(for: desk1, among: tickets)?.number.description == "B-001")
    }

    @Test func aDeskCallsAcrossAllItsServices() {
        let tickets = [Fixtures.ticket("C", 1, minute: 0), Fixtures.ticket("B", 1, minute: 2), Fixtures.ticket("A", 1, minute: 1)]
        #expect(rule.next(for: desk1, among: tickets)?.number.description == "A-001", "desk 1 does not serve C")
        #expect(rule.next(for: desk2, among: tickets)?.number.description == "C-001")
    }

    @Test func nobodyWaitingForTheDeskGivesNil() {
        #expect(rule.next(for: Fixtures.office.desks[2], among: [Fixtures.ticket("A", 1, minute: 0)]) == nil)
    }

    @Test func onlyWaitingTicketsAreCalled() throws {
        var called = Fixtures.ticket("A", 1, minute: 0)
        try called.apply(.call(desk: "1"), at: Fixtures.at(minutes: 1))
        #expect(rule.next(for: desk1, among: [called, Fixtures.ticket("A", 2, minute: 5)])?.number.description == "A-002")
    }

    @Test func aTransferredTicketKeepsItsPlaceByOriginalIssueTime() throws {
        var moved = Fixtures.ticket("A", 1, minute: 0)
        try moved.apply(.call(desk: "1"), at: Fixtures.at(minutes: 1))
        try moved.apply(.start, at: Fixtures.at(minutes: 2))
        try moved.apply(.transfer(to: "C"), at: Fixtures.at(minutes: 20))
        let tickets = [Fixtures.ticket("C", 1, minute: 5), moved]
        #expect(rule.next(for: desk2, among: tickets)?.number.description == "A-001")
        #expect(rule.ahead(of: tickets[0], among: tickets) == 1)
    }

    @Test func aheadCountsOnlyTheSameQueue() {
        let tickets = [
            Fixtures.ticket("A", 1, minute: 0), Fixtures.ticket("B", 1, minute: 0),
            Fixtures.ticket("A", 2, minute: 1), Fixtures.ticket("A", 3, minute: 2, preferential: true),
        ]
        #expect(rule.ahead(of: tickets[2], among: tickets) == 2, "A-001 and the preferential A-003")
        #expect(rule.ahead(of: tickets[3], among: tickets) == 0)
    }
}
