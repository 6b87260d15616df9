import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

/// What happens to people in the office when the day or the office's setup changes
/// under them: nobody being served is lost, and a change that would move the day under
/// open tickets is refused.
@Suite struct DayChangeTests {
    /// Once, the first write after midnight expired the ticket being served: `finish`
    /// answered 409 and the report showed the visitor as not served.
    @Test func aVisitorBeingServedAtMidnightFinishesAndCountsForTheirDay() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        db.clock.advance(minutes: 15 * 60 + 45)  // 23:45 on Monday
        let served = try await db.issue("A")
        let called = try await db.issue("A")
        let waiting = try await db.issue("B")
        _ = try await db.queue.callNext(desk: "1")
        _ = try await db.queue.act(.start, desk: "1")  // served's visit begins
        _ = try await db.queue.callNext(desk: "2")  // called, but nobody came before midnight
        db.clock.advance(minutes: 20)  // 00:05 on Tuesday
        let tuesday = try await db.issue("C")  // the first write of the new day
        #expect(tuesday.number.description == "C-001")

        let finished = try await db.queue.act(.finish, desk: "1")
        #expect(finished.ticket.number == served.number)
        #expect(finished.ticket.state == .done)
        let monday = try await db.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(monday.office.served == 1, "the visit counts for the day it was issued")
        #expect(monday.office.expired == 2, "\(called.number) and \(waiting.number), never started, expired")
        let desks = try await db.queue.snapshot().desks
        #expect(desks.first { $0.id == "1" }?.state == .idle)
        #expect(desks.first { $0.id == "2" }?.state == .idle, "the expired call no longer holds desk 2")
    }

    /// Once, a new time zone expired every open ticket and numbering restarted at 001
    /// the same day.
    @Test func theTimeZoneCannotChangeWhileTicketsAreOpen() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        try await db.issue("A")
        _ = try await db.queue.callNext(desk: "1")
        _ = try await db.queue.act(.start, desk: "1")
        try await db.issue("A")
        let madrid = try TestDatabase.demoConfig { $0["timeZone"] = "Europe/Madrid" }
        do {
            _ = try await db.queue.apply(config: madrid, file: "office.json")
            Issue.record("the change was accepted")
        } catch let refused as SetupRefused {
            #expect(refused.description == "cannot change the time zone while 2 ticket(s) are open: change it once the day's last visitor is served or the open tickets are cancelled, before the next day's first ticket")
        }
        #expect(try await db.queue.office().timeZone.identifier == "America/Bogota", "nothing changed")
        #expect(try await db.issue("A").number.description == "A-003", "numbering goes on")

        _ = try await db.queue.act(.finish, desk: "1")
        for number in ["A-002", "A-003"] { _ = try await db.queue.cancel(TicketNumber(parsing: number)!) }
        _ = try await db.queue.apply(config: madrid, file: "office.json")
        #expect(try await db.queue.office().timeZone.identifier == "Europe/Madrid", "with nothing open it may change")
    }

    /// The advice "set "active": false" was itself refused; now it stops new tickets
    /// while the people already waiting are served.
    @Test func anInactiveServiceTakesNoTicketsButServesThoseWaiting() async throws {
        let db = try await TestDatabase()
        defer { db.remove() }
        try await db.issue("D")
        try await db.issue("D")
        let paused = try TestDatabase.demoConfig { office in
            var services = office["services"] as? [[String: Any]] ?? []
            for i in services.indices where services[i]["code"] as? String == "D" { services[i]["active"] = false }
            office["services"] = services
        }
        let summary = try await db.queue.apply(config: paused, file: "office.json")
        #expect(summary.pausedServices == ["D"])
        #expect(summary.removedServices.isEmpty)
        await #expect(throws: QueueError.serviceInactive("D")) {
            try await db.queue.issue(service: "D", preferential: false, firstName: nil)
        }
        #expect(try await db.queue.snapshot().services.first { $0.code == "D" }?.waiting == 2, "still on the screens")
        let deskForD = try await db.queue.office().desks.first { $0.serves("D") }!.id
        #expect(try await db.queue.callNext(desk: deskForD)?.ticket.number.description == "D-001")

        let withoutD = try TestDatabase.demoConfig { office in
            office["services"] = (office["services"] as? [[String: Any]] ?? []).filter { $0["code"] as? String != "D" }
            office["desks"] = (office["desks"] as? [[String: Any]] ?? []).map { desk in
                var desk = desk
                desk["services"] = (desk["services"] as? [String] ?? []).filter { $0 != "D" }
                return desk
            }
        }
        do {
            _ = try await db.queue.apply(config: withoutD, file: "office.json")
            Issue.record("removing a service with open tickets was accepted")
        } catch let refused as SetupRefused {
            #expect(refused.description.hasPrefix("service D still has 2 open ticket(s): serve, transfer or cancel them, or keep D in the config with \"active\": false"))
        }
    }
}
