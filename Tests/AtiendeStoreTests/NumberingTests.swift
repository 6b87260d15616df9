import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

@Suite struct NumberingTests {
    @Test func numbersAreSequentialPerServiceStartingAt001() async throws {
        let db = try await TestDatabase()
        var numbers: [String] = []
        for service: ServiceCode in ["A", "A", "B", "A", "B"] { numbers.append(try await db.issue(service).number.description) }
        #expect(numbers == ["A-001", "A-002", "B-001", "A-003", "B-002"])
    }

    @Test func ticketsAskedForAtOnceAreGapFreeAndARefusalIsItsOwn() async throws {
        let db = try await TestDatabase()
        let letters: [ServiceCode] = ["A", "B", "C", "D"]
        let services: [ServiceCode] = (0..<300).map { i in i % 50 == 7 ? "Z" : letters[i % 4] }
        let outcomes = await withTaskGroup(of: (ServiceCode, String?).self) { group in
            for service in services {
                group.addTask {
                    do {
                        return (service, try await db.queue.issue(service: service, preferential: false, firstName: nil).ticket.number.description)
                    } catch {
                        return (service, nil)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0.0 == "Z" }.allSatisfy { $0.1 == nil }, "an unknown service is refused")
        for service in letters {
            let numbers = outcomes.filter { $0.0 == service }.compactMap(\.1).sorted()
            let count = services.count { $0 == service }
            #expect(numbers == (1...count).map { String(format: "\(service)-%03d", $0) }, "\(service): every other ticket stored, gap-free")
        }
        #expect(try await db.queue.snapshot().today.issued == services.count { $0 != "Z" })
    }

    /// Tickets numbered in one transaction each get the place and estimate a reading of
    /// that ticket alone gives: the line they are counted in grows ticket by ticket.
    @Test func ticketsIssuedTogetherEachGetTheirOwnPlaceAndEstimate() async throws {
        let db = try await TestDatabase()
        _ = try await db.queue.setDesk("1", open: true)
        let places = await withTaskGroup(of: TicketPlace?.self) { group in
            for _ in 0..<40 {
                group.addTask { try? await db.queue.issue(service: "A", preferential: false, firstName: nil) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }.compactMap { $0 }
        #expect(places.count == 40)
        for place in places {
            #expect(place.ahead == place.ticket.number.sequence - 1, "\(place.ticket.number)")
            let token = try #require(place.visitToken)
            let read = try #require(try await db.queue.visit(token))
            #expect(read.ahead == place.ahead && read.estimatedWaitMinutes == place.estimatedWaitMinutes, "\(place.ticket.number)")
        }
        #expect(places.contains { ($0.estimatedWaitMinutes ?? 0) > 0 }, "an open desk makes estimates")
    }

    @Test func aNewDayRestartsNumbersAndExpiresYesterdaysOpenTickets() async throws {
        let db = try await TestDatabase()
        try await db.issue("A")
        try await db.issue("A")
        db.clock.advance(minutes: 5)
        _ = try await db.queue.callNext(desk: "1")  // A-001 called, A-002 still waiting
        db.clock.advance(minutes: 24 * 60)  // Tuesday 08:05
        let first = try await db.issue("A")
        #expect(first.number.description == "A-001")
        #expect(first.day.description == "2026-11-24")

        let yesterday = try await db.queue.report(day: LocalDay(year: 2026, month: 11, day: 23))
        #expect(yesterday.office.issued == 2)
        #expect(yesterday.office.expired == 2)
        #expect(yesterday.office.served == 0)
        #expect(yesterday.office.measured == 2, "the expired uncalled ticket counts as not attended")
        #expect(yesterday.office.withinTargetPercent == 50)

        let desks = try await db.queue.snapshot().desks
        #expect(desks.first { $0.id == "1" }?.state == .idle, "the expired ticket no longer holds desk 1")
    }

    @Test func lateEveningBelongsToTheOfficeDayNotUTC() async throws {
        // 19:30 in Bogotá is already the next day in UTC.
        let db = try await TestDatabase(clock: TestClock(Date(timeIntervalSince1970: 1_795_480_200)))
        let ticket = try await db.issue("B")
        #expect(ticket.day.description == "2026-11-23")
    }

    @Test func unknownServiceIsRefusedWithTheList() async throws {
        let db = try await TestDatabase()
        await #expect(throws: QueueError.unknownService("Z", known: ["A", "B", "C", "D"])) {
            try await db.queue.issue(service: "Z", preferential: false, firstName: nil)
        }
    }

    @Test func firstNamesAreCheckedAndKeptForTheDesk() async throws {
        let db = try await TestDatabase()
        let issued = try await db.queue.issue(service: "A", preferential: false, firstName: "  Rosa ")
        #expect(issued.ticket.firstName == "Rosa")
        await #expect(throws: QueueError.self) {
            try await db.queue.issue(service: "A", preferential: false, firstName: "<script>")
        }
        #expect(try await db.queue.snapshot().today.issued == 1, "a refused ticket leaves nothing behind")
    }
}
