import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// A desk's call for a supervisor and the answer, the same on every store (and through a server).
@Suite struct SupportLineTests {
    @Test(arguments: StoreKind.allCases)
    func aDeskAsksOnceAndASupervisorAnswers(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let line = try #require(store.queue as? any SupportLine, "\(kind) keeps calls for help")
        // Desk 1 serves A-001 when it asks (through a server, the server reads what the desk holds).
        _ = try await store.queue.issue(service: "A", preferential: false, firstName: nil)
        _ = try await store.queue.callNext(desk: "1")
        let asked = try await line.askSupport(desk: "1", ticket: TicketNumber(parsing: "A-001"), by: "eva")
        #expect(asked.desk == "1" && asked.ticket?.description == "A-001" && asked.isOpen && asked.askedAt == store.clock.source.now())
        store.clock.advance(minutes: 1)
        let again = try await line.askSupport(desk: "1", ticket: nil, by: "eva")
        #expect(again == asked, "asking twice is not two alerts")
        _ = try await line.askSupport(desk: "2", ticket: nil, by: "eva")
        #expect(try await line.supportCalls().map(\.desk) == ["1", "2"], "oldest first")

        store.clock.advance(minutes: 2)
        let answered = try #require(try await line.acknowledgeSupport(desk: "1", by: "eva"))
        #expect(answered.id == asked.id && answered.acknowledgedAt == store.clock.source.now() && answered.acknowledgedBy == "eva")
        #expect(try await line.acknowledgeSupport(desk: "1", by: "eva") == nil, "nothing left to answer")
        let shown = try await line.supportCalls()
        #expect(shown.map(\.isOpen) == [false, true], "the answer stays in sight a while")
        store.clock.advance(minutes: 16)
        #expect(try await line.supportCalls().map(\.desk) == ["2"], "then only what is still open")
        let next = try await line.askSupport(desk: "1", ticket: nil, by: "eva")
        #expect(next.id != asked.id && next.isOpen, "a new call after the answer")
        #expect(await refusal { try await line.askSupport(desk: "9", ticket: nil, by: "eva") } == "unknownDesk")
    }
}
