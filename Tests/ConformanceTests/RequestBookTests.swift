import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import Foundation
import Testing
import TestSupport

/// Requests from every channel, the same on every store that keeps them (the queue in
/// memory, the office's file, the institution's database).
@Suite struct RequestBookTests {
    static var kinds: [StoreKind] { StoreKind.allCases }

    static func book(_ store: StoreUnderTest) throws -> any RequestBook {
        try #require(store.queue as? any RequestBook, "\(store.kind) keeps requests")
    }

    @Test(arguments: kinds)
    func requestsAreNumberedInTheirOwnSeriesAndKeptWithEveryTry(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let book = try Self.book(store)
        let phone = RequestDraft(channel: .phone, service: "B", summary: "Queja por demora", name: "Ana Pérez", phone: "601 555 0123")
        let (first, link) = try await book.register(phone, by: "eva")
        #expect(first.number.description == "S-2026-000001")
        #expect(link.count == 22 && first.link == link, "an unguessable link")
        let lost = RequestDraft(channel: .lostCall, service: "A", summary: "Llamada perdida", phone: "3001234567")
        let second = try await book.register(lost, by: nil).request
        #expect(second.number.description == "S-2026-000002" && second.assignee == nil)
        #expect(await refusal { try await book.register(RequestDraft(channel: .email, service: "A", summary: "x"), by: nil) } == "invalidRequest")
        #expect(try await book.register(RequestDraft(channel: .inPerson, service: "C", summary: "Pide copia"), by: "eva").request.number.sequence == 3,
                "a refusal takes no number")

        store.clock.advance(minutes: 60)
        _ = try await book.recordContact(second.number, result: .noAnswer, note: nil, next: store.clock.source.now().addingTimeInterval(1800), by: "eva")
        store.clock.advance(minutes: 60)
        let reached = try await book.recordContact(second.number, result: .reached, note: "Se le explicó el trámite", next: nil, by: "eva")
        #expect(reached.firstContactAt == store.clock.source.now() && reached.assignee == "eva", "by whoever reached them (the signed-in admin remotely)")

        let kept = try #require(try await book.request(second.number))
        #expect(kept == reached, "read back as it was decided")
        #expect(kept.attempts.map(\.result) == [.noAnswer, .reached] && kept.attempts.first?.next != nil)
        #expect(try await book.openRequests().map(\.number.sequence) == [1, 3], "the person of S-2026-000002 was reached")
        #expect(try await book.request(RequestNumber(year: 2026, sequence: 99)) == nil)
        #expect(await refusal { try await book.recordContact(RequestNumber(year: 2026, sequence: 99), result: .reached, note: nil, next: nil, by: nil) }
                == "unknownRequest")
    }

    /// The person's page finds the request by its link, and by nothing else: not its number,
    /// not a made-up token.
    @Test(arguments: kinds)
    func aRequestIsFoundByItsLinkAndNotByItsNumber(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let book = try Self.book(store)
        let (request, link) = try await book.register(
            RequestDraft(channel: .email, service: "B", summary: "Queja", name: "Ana", email: "ana@example.org", assignee: "eva"), by: "eva")
        let found = try #require(try await book.request(link: link))
        #expect(found.number == request.number && found.deadline == request.deadline && found.service == "B" && found.link == link)
        #expect(found.promise(at: store.clock.source.now()) == .pending)
        #expect(try await book.request(link: request.number.description) == nil, "the number alone never opens it")
        #expect(try await book.request(link: String(repeating: "A", count: 22)) == nil)
        store.clock.advance(minutes: 30)
        _ = try await book.recordContact(request.number, result: .reached, note: nil, next: nil, by: "eva")
        #expect(try await book.request(link: link)?.firstContactAt == store.clock.source.now(), "the page follows the call back")
    }

    /// The report reads the days it covers and counts the same on every store (and through a server).
    @Test(arguments: kinds)
    func theReportCountsTheDaysItCovers(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let book = try Self.book(store)
        let day = try await store.queue.snapshot().day
        let first = try await book.register(RequestDraft(channel: .phone, service: "A", summary: "Consulta", phone: "601 555 0123"), by: "eva").request
        _ = try await book.register(RequestDraft(channel: .lostCall, service: "B", summary: "Llamada", phone: "601 555 0124"), by: nil)
        store.clock.advance(minutes: 90)
        _ = try await book.recordContact(first.number, result: .reached, note: nil, next: nil, by: "eva")
        let report = try await book.requestReport(from: day, to: day)
        #expect(report.office.received == 2 && report.office.contactedInTime == 1 && report.office.open == 1)
        #expect(report.office.medianHoursToContact == 1.5 && report.byChannel[.lostCall]?.received == 1 && report.byOfficial["eva"]?.received == 1)
        let yesterday = store.clock.source.now().addingTimeInterval(-86_400)
        let before = try await book.requestReport(from: try await store.queue.office().calendar.day(of: yesterday), to: try await store.queue.office().calendar.day(of: yesterday))
        #expect(before.office.received == 0)
    }

    @Test(arguments: kinds)
    func numbersStayGapFreeWhenSixDesksRegisterAtOnce(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let book = try Self.book(store)
        // Six desks at once (no more than the test's connections to the database: a request
        // waits for a row, never for a connection), five requests each.
        let numbers = try await withThrowingTaskGroup(of: [Int].self) { group in
            for desk in 0..<6 {
                group.addTask {
                    var mine: [Int] = []
                    for i in 0..<5 {
                        let draft = RequestDraft(channel: .phone, service: "A", summary: "Consulta \(desk)-\(i)", phone: "601 555 01\(10 + desk * 5 + i)")
                        mine.append(try await book.register(draft, by: nil).request.number.sequence)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(numbers.sorted() == Array(1...30))
    }
}

extension RequestBookTests {
    /// The person's name, phone and email, and the notes of the calls, stay while the person
    /// has not been reached, and then as long as the office keeps first names and notes (a
    /// day by default): on every store, as read back through its interface.
    @Test(arguments: kinds)
    func aReachedPersonsDataGoesWithTheOfficesPrivacyDays(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let book = try Self.book(store)
        let draft = RequestDraft(channel: .phone, service: "B", summary: "Queja por demora", name: "Ana Pérez", phone: "601 555 0123", email: "ana@ejemplo.org")
        let reached = try await book.register(draft, by: "eva").request
        let waiting = try await book.register(draft, by: "eva").request
        _ = try await book.recordContact(reached.number, result: .reached, note: "Se le explicó el trámite", next: nil, by: "eva")
        store.clock.advance(minutes: 24 * 60)
        try await store.issue("A")  // the day's first write
        let forgotten = try #require(try await book.request(reached.number))
        #expect(forgotten.name == nil && forgotten.phone == nil && forgotten.email == nil && forgotten.attempts.first?.note == nil)
        #expect(forgotten.summary == "Queja por demora" && forgotten.attempts.first?.result == .reached, "what was asked and done stays")
        let kept = try #require(try await book.request(waiting.number))
        #expect(kept.name == "Ana Pérez" && kept.phone == "601 555 0123", "still to be reached: kept")
    }
}

extension RequestBookTests {
    /// A visit finished as "case filed" or "the office will contact you" opens a request
    /// linked to it, whose number the desk is told; one resolved on the spot opens none.
    @Test(arguments: kinds)
    func aVisitThatLeavesSomethingToDoOpensARequest(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let book = try Self.book(store)
        for outcome in [VisitOutcome(code: "resolved"), VisitOutcome(code: "followUp", note: "Llamarla cuando llegue el expediente")] {
            try await store.issue("B")
            _ = try await store.queue.callNext(desk: "3")
            _ = try await store.queue.act(.start, desk: "3")
            let finished = try await store.queue.act(.finishAs(outcome), desk: "3")
            if outcome.code == "resolved" {
                #expect(finished.request == nil)
                continue
            }
            let number = try #require(finished.request, "the desk is told the request's number")
            let request = try #require(try await book.request(number))
            #expect(request.ticket == finished.ticket.number && request.channel == .inPerson && request.service == "B")
            #expect(request.summary == "Llamarla cuando llegue el expediente (B-002)")
        }
    }
}

extension RequestBookTests {
    /// The status counts the requests past their deadline whose person was not reached: a
    /// number only, which any reader of the status may see.
    @Test(arguments: kinds)
    func theStatusCountsTheRequestsOverdue(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        let book = try Self.book(store)
        let draft = RequestDraft(channel: .phone, service: "A", summary: "Consulta", phone: "601 555 0123")
        let first = try await book.register(draft, by: "eva").request
        _ = try await book.register(draft, by: "eva")
        #expect(try await store.queue.snapshot().requestsOverdue == 0)
        store.clock.advance(minutes: 25 * 60)
        #expect(try await store.queue.snapshot().requestsOverdue == 2)
        _ = try await book.recordContact(first.number, result: .reached, note: nil, next: nil, by: "eva")
        #expect(try await store.queue.snapshot().requestsOverdue == 1, "reached late: no longer overdue, the promise missed")
    }
}
