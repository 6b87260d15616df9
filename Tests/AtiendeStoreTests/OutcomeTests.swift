import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

/// How a visit ended: recorded with its finish, checked against the office's list, and
/// counted in the reports.
@Suite struct OutcomeTests {
    /// A desk at `1` serving A-001.
    static func serving(_ db: TestDatabase) async throws {
        try await db.issue("A")
        _ = try await db.queue.callNext(desk: "1")
        _ = try await db.queue.act(.start, desk: "1")
    }

    @Test func theOutcomeIsStoredWithTheFinishAndCounted() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        try await Self.serving(db)
        let outcome = VisitOutcome(code: "caseOpened", caseNumber: " Q-2026-0412 ", note: "volver el lunes")
        let finish = try await db.queue.act(.finishAs(outcome), desk: "1")
        #expect(finish.event.outcome == VisitOutcome(code: "caseOpened", caseNumber: "Q-2026-0412", note: "volver el lunes"))
        let logged = try await db.queue.events(after: 0, limit: 10)
        #expect(logged.last?.event.outcome?.caseNumber == "Q-2026-0412", "stored as part of the event")
        let today = try await db.queue.snapshot().day
        let report = try await db.queue.report(from: today, to: today)
        #expect(report.total.office.outcomes == ["caseOpened": 1])
        #expect(report.total.office.resolvedPercent == 0)
        #expect(report.total.desks["1"]?.outcomes == ["caseOpened": 1])
        #expect(report.total.services["A"]?.outcomes == ["caseOpened": 1])
    }

    @Test(arguments: [
        (VisitOutcome(code: "lost"), "unknown outcome 'lost': use one of resolved, caseOpened, referred, followUp"),
        (VisitOutcome(code: "caseOpened"), "the outcome caseOpened needs the case number: add it (--case on the command line)"),
        (VisitOutcome(code: "referred", referredTo: "  "), "the outcome referred needs the institution the visitor was sent to: add it (--referred-to on the command line)"),
        (VisitOutcome(code: "resolved", note: String(repeating: "x", count: 501)), "the note is too long: keep it to 500 characters"),
        (VisitOutcome(code: "resolved", caseNumber: "Q\u{0}1"), "the case number has a control character: remove it"),
    ])
    func aBadOutcomeIsRefusedAndTheVisitGoesOn(outcome: VisitOutcome, message: String) async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        try await Self.serving(db)
        await #expect {
            try await db.queue.act(.finishAs(outcome), desk: "1")
        } throws: { error in
            (error as? QueueError)?.description == message
        }
        #expect(try await db.queue.snapshot().desks.first?.state == .serving, "nothing changed")
        _ = try await db.queue.act(.finishAs(VisitOutcome(code: "resolved")), desk: "1")
    }

    @Test func anOfficeMayRenameAddAndRequireOutcomes() async throws {
        let config = try TestDatabase.demoConfig { office in
            office["outcomes"] = [
                ["code": "resolved", "name": ["es": "Solucionado", "en": "Solved"]],
                ["code": "appointment", "name": "Cita agendada"],
                ["code": "referred", "name": "Remitido", "needs": "referredTo"],
            ]
            office["outcomeRequired"] = true
        }
        let db = try await TestDatabase(config: config)
        defer { db.remove() }
        let office = try await db.queue.office()
        #expect(office.outcomes.map(\.code) == ["resolved", "appointment", "referred"])
        #expect(office.outcomes[0].name[.en] == "Solved")
        try await Self.serving(db)
        await #expect(throws: QueueError.outcomeMissing(known: ["resolved", "appointment", "referred"])) {
            try await db.queue.act(.finish, desk: "1")
        }
        let finish = try await db.queue.act(.finishAs(VisitOutcome(code: "appointment")), desk: "1")
        #expect(finish.event.outcome?.code == "appointment")
    }

    @Test(arguments: [
        (#"[{"code": "ok"}]"#, "office.json: outcomes[0].name: is missing"),
        (#"[{"code": "bad code", "name": "x"}]"#, "office.json: outcomes[0].code: 'bad code' is not an outcome code; use letters and digits, e.g. resolved"),
        (#"[{"code": "a", "name": "x"}, {"code": "a", "name": "y"}]"#, "office.json: outcomes[1].code: duplicate outcome 'a'"),
        (#"[{"code": "a", "name": "x", "needs": "phone"}]"#, "office.json: outcomes[0].needs: 'phone' is not a detail; use caseNumber or referredTo"),
    ])
    func aBadOutcomeListIsAClearConfigError(list: String, message: String) throws {
        var object = try JSONSerialization.jsonObject(with: Data(TestDatabase.demoConfig.utf8)) as? [String: Any] ?? [:]
        object["outcomes"] = try JSONSerialization.jsonObject(with: Data(list.utf8))
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ConfigError.self) { try OfficeConfig.parse(data, file: "office.json") }
        do {
            _ = try OfficeConfig.parse(data, file: "office.json")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func servedVisitsCountInTheHourTheyArrived() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        try await db.issue("A")  // 08:00
        db.clock.advance(minutes: 50)
        _ = try await db.queue.callNext(desk: "1")
        _ = try await db.queue.act(.start, desk: "1")
        db.clock.advance(minutes: 20)  // finished at 09:10
        _ = try await db.queue.act(.finish, desk: "1")
        let today = try await db.queue.snapshot().day
        let hours = try await db.queue.report(from: today, to: today).total.hours
        #expect(hours[8]?.issued == 1)
        #expect(hours[8]?.served == 1, "counted where the visitor arrived")
        #expect(hours[9] == nil)
    }
}
