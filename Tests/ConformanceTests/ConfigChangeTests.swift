import AtiendeCore
import AtiendeQueue
import Foundation
import Testing
import TestSupport

/// A new office config on every store (`ConfigChange`): nobody waiting or at a desk is
/// stranded by it, and what it changes is said. Once only the file checked this.
@Suite struct ConfigChangeTests {
    static func without(service code: String, desk: String? = nil) throws -> String {
        try TestDatabase.demoConfig { office in
            office["services"] = (office["services"] as! [[String: Any]]).filter { $0["code"] as? String != code }
            office["desks"] = (office["desks"] as! [[String: Any]]).filter { $0["id"] as? String != desk }.map { d in
                var d = d
                d["services"] = (d["services"] as! [String]).filter { $0 != code }
                return d
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aChangeThatWouldStrandSomeoneIsRefusedWhole(_ kind: StoreKind) async throws {
        let store = try await StoreUnderTest(kind)
        defer { store.remove() }
        try await store.issue("D")
        try await store.issue("A")
        _ = try await store.queue.callNext(desk: "4")  // desk 4 serves D and A: it calls D-001
        #expect(await refusal { try await store.backing.applyConfig(try Self.without(service: "C"), by: nil, basedOn: nil) }
            == nil, "nobody waits for C")
        #expect(await refusal { try await store.backing.applyConfig(try Self.without(service: "B"), by: nil, basedOn: nil) } == nil)
        #expect(await refusal { try await store.backing.applyConfig(try Self.without(service: "A"), by: nil, basedOn: nil) }
            == "serviceHasOpenTickets")
        let madrid = try TestDatabase.demoConfig { $0["timeZone"] = "Europe/Madrid" }
        #expect(await refusal { try await store.backing.applyConfig(madrid, by: nil, basedOn: nil) } == "timeZoneWithOpenTickets")
        let noDesk4 = try TestDatabase.demoConfig { office in
            office["desks"] = (office["desks"] as! [[String: Any]]).filter { $0["id"] as? String != "4" }
        }
        #expect(await refusal { try await store.backing.applyConfig(noDesk4, by: nil, basedOn: nil) } == "deskHoldsTicket")
        // Refused whole: the office is as the last change left it, B gone, D and desk 4 there.
        let office = try await store.queue.office()
        #expect(office.services.map(\.code) == ["A", "C", "D"])
        #expect(office.desks.map(\.id) == ["1", "2", "3", "4"])
        // Once desk 4's visit is over, it may go, and says so.
        _ = try await store.queue.act(.start, desk: "4")
        _ = try await store.queue.act(.finish, desk: "4")
        let summary = try await store.backing.applyConfig(noDesk4, by: nil, basedOn: nil)
        #expect(summary.removedDesks == ["4"] && summary.addedServices == ["B"])
        #expect(await refusal { try await store.queue.callNext(desk: "4") } == "unknownDesk")
    }
}
