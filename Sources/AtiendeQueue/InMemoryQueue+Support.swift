import AtiendeCore
import Foundation

// The queue in memory's calls for a supervisor, as the stores keep them.
extension InMemoryQueue: SupportLine {
    public func askSupport(desk: DeskID, ticket: TicketNumber?, by staff: StaffUser?) async throws -> SupportCall {
        let open = supportLog.last { $0.desk == desk && $0.isOpen }
        let call = try SupportRules.ask(desk: desk, holding: ticket, office: current, by: staff, at: time.now(), open: open,
                                        nextID: Int64(supportLog.count + 1))
        if open == nil {
            supportLog.append(call)
            notify()
        }
        return call
    }

    public func acknowledgeSupport(desk: DeskID, by staff: StaffUser?) async throws -> SupportCall? {
        guard let index = supportLog.lastIndex(where: { $0.desk == desk && $0.isOpen }) else { return nil }
        supportLog[index] = SupportRules.acknowledge(supportLog[index], by: staff, at: time.now())
        notify()
        return supportLog[index]
    }

    public func supportCalls() async throws -> [SupportCall] { SupportRules.shown(supportLog, at: time.now()) }
}
