import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import QueueAddress
import Foundation
import Testing
import TestSupport

/// A step's value, or the message of its refusal.
enum Outcome<T: Equatable>: Equatable { case value(T), refused(String) }

/// The remote queue is the same queue: every operation through a server gives what the
/// local store gives, values and refusals alike.
@Suite struct RemoteQueueTests {
    /// Runs one step on both queues and checks they agree, refusals included.
    func same<T: Equatable & Sendable>(
        _ local: any QueueService, _ remote: any QueueService, _ what: Comment,
        _ step: (any QueueService) async throws -> T
    ) async throws {
        let a: Outcome<T>, b: Outcome<T>
        // The server words refusals in the office's language (Spanish here), as `atiende` does.
        do { a = .value(Self.withoutToken(try await step(local))) } catch { a = .refused((error as? QueueError)?.description(in: .es) ?? "\(error)") }
        do { b = .value(Self.withoutToken(try await step(remote))) } catch { b = .refused("\(error)") }
        #expect(a == b, what)
    }

    /// A new ticket's visit link is random: each side has one of the right shape, and the
    /// rest must agree.
    static func withoutToken<T>(_ value: T) -> T {
        guard var place = value as? TicketPlace, let token = place.visitToken else { return value }
        #expect(VisitToken.isWellFormed(token))
        place.visitToken = nil
        return place as? T ?? value
    }

    @Test func everyOperationAnswersAsTheLocalStore() async throws {
        let localClock = TestClock(), remoteClock = TestClock()
        let local = try await TestDatabase(clock: localClock).queue
        let server = try await RunningServer.start(clock: remoteClock)
        defer { Task { await server.stop() } }
        let remote = try server.queue()
        func advance(_ minutes: Double) { localClock.advance(minutes: minutes); remoteClock.advance(minutes: minutes) }

        try await same(local, remote, "issue") { try await $0.issue(service: "A", preferential: false, firstName: nil) }
        advance(1)
        try await same(local, remote, "issue with a name") { try await $0.issue(service: "B", preferential: true, firstName: "Rosa") }
        try await same(local, remote, "issue C") { try await $0.issue(service: "c", preferential: false, firstName: nil) }
        try await same(local, remote, "unknown service") { try await $0.issue(service: "Z", preferential: false, firstName: nil) }
        try await same(local, remote, "bad name") { try await $0.issue(service: "A", preferential: false, firstName: "R2-D2!") }
        advance(3)
        try await same(local, remote, "next") { try await $0.callNext(desk: "1") }
        try await same(local, remote, "busy desk") { try await $0.callNext(desk: "1") }
        try await same(local, remote, "lookup of a called ticket") { try await $0.lookup(TicketNumber(service: "B", sequence: 1)) }
        try await same(local, remote, "lookup of a waiting ticket") { try await $0.lookup(TicketNumber(service: "A", sequence: 1)) }
        try await same(local, remote, "lookup of nothing") { try await $0.lookup(TicketNumber(service: "A", sequence: 99)) }
        try await same(local, remote, "recall") { try await $0.act(.recall, desk: "1") }
        advance(0.5)
        try await same(local, remote, "start") { try await $0.act(.start, desk: "1") }
        advance(4.25)
        try await same(local, remote, "transfer") { try await $0.act(.transfer(to: "C"), desk: "1") }
        try await same(local, remote, "idle desk") { try await $0.act(.finish, desk: "1") }
        try await same(local, remote, "call by number") { try await $0.call(TicketNumber(service: "C", sequence: 1), desk: "3") }
        try await same(local, remote, "no-show") { try await $0.act(.noShow, desk: "3") }
        try await same(local, remote, "next at 2") { try await $0.callNext(desk: "2") }
        try await same(local, remote, "requeue") { try await $0.act(.requeue, desk: "2") }
        try await same(local, remote, "cancel") { try await $0.cancel(TicketNumber(service: "A", sequence: 1)) }
        try await same(local, remote, "close a free desk") { try await $0.setDesk("4", open: false) }
        try await same(local, remote, "unknown desk") { try await $0.setDesk("9", open: false) }
        try await same(local, remote, "call at a closed desk") { try await $0.callNext(desk: "4") }
        try await same(local, remote, "open it again") { try await $0.setDesk("4", open: true) }
        advance(20)
        try await same(local, remote, "snapshot") { try await $0.snapshot() }
        try await same(local, remote, "report") { try await $0.report(day: LocalDay(year: 2026, month: 11, day: 23)) }
        try await same(local, remote, "report over days") {
            try await $0.report(from: LocalDay(year: 2026, month: 11, day: 20), to: LocalDay(year: 2026, month: 11, day: 23))
        }
        var office = try await local.office()
        office.access = nil
        #expect(try await remote.office() == office, "the office, without its tokens")
    }

    @Test func namesAreShownToStaffOnly() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let issued = try await server.queue(token: RunningServer.kiosk).issue(service: "A", preferential: false, firstName: "Rosa")
        #expect(issued.ticket.firstName == "Rosa", "the kiosk that issued it gets it back")
        let number = issued.ticket.number
        #expect(try await server.queue(token: RunningServer.kiosk).lookup(number)?.ticket.firstName == nil)
        #expect(try await server.queue(token: nil).lookup(number)?.ticket.firstName == nil)
        #expect(try await server.queue(token: RunningServer.staff).lookup(number)?.ticket.firstName == "Rosa")
        let status = try await server.send(.GET, "/api/status")
        #expect(!String(describing: status.json).contains("Rosa"), "the wall's status never carries a name")
    }

    @Test func anUnreachableServerIsUnavailableNotRefused() async throws {
        let remote = try RemoteQueue(url: "http://127.0.0.1:1", token: nil)
        await #expect(throws: QueueUnavailable.self) { try await remote.snapshot() }
        await #expect(throws: QueueUnavailable.self) { try await remote.issue(service: "A", preferential: false, firstName: nil) }
    }

    @Test(arguments: [
        ("https://x:0", "has no valid port"), ("ftp://x", "is not a server address"), ("x:0", "has no valid port"),
        ("", "is not a server address"), ("http://a b:80", "is not a server address"),
    ])
    func badServerAddressesSayHowToWriteOne(text: String, problem: String) {
        #expect((try? ServerURL(parsing: "https://atiende.example.org"))?.description == "https://atiende.example.org:443")
        #expect(throws: ServerURLError.self) { try ServerURL(parsing: text) }
        do { _ = try ServerURL(parsing: text) } catch { #expect(error.description.contains(problem)) }
    }

    @Test func optionsBeatTheEnvironmentAndTwoOptionsConflict() throws {
        let environment = ["ATIENDE_SERVER": "http://10.0.0.5:8080", "ATIENDE_TOKEN": "env-token-123456", "ATIENDE_DB": "env.sqlite"]
        let url = try ServerURL(parsing: "http://10.0.0.5:8080")
        #expect(try QueueAddress.from(db: nil, server: nil, token: nil, environment: environment) == .server(url, token: "env-token-123456", caFile: nil))
        #expect(try QueueAddress.from(db: "mine.sqlite", server: nil, token: nil, environment: environment) == .file("mine.sqlite"))
        #expect(try QueueAddress.from(db: nil, server: "10.0.0.6", token: "t-123456789012", environment: environment)
            == .server(try ServerURL(parsing: "10.0.0.6"), token: "t-123456789012", caFile: nil))
        #expect(try QueueAddress.from(db: nil, server: nil, token: nil, environment: [:]) == .file("atiende.sqlite"))
        #expect(throws: ServerURLError.self) { try QueueAddress.from(db: "a.sqlite", server: "10.0.0.6", token: nil, environment: [:]) }
    }

    @Test func serverAddressesDefaultToPort8080() throws {
        #expect(try ServerURL(parsing: "192.168.1.20") == ServerURL(parsing: "http://192.168.1.20:8080/"))
        #expect(try ServerURL(parsing: "localhost:9000").port == 9000)
    }
}
