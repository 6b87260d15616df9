import AtiendeCore
import Foundation
import Synchronization

/// Group commit for issuing: tickets asked for while the writer is busy are numbered and
/// stored together in the next transaction, and each caller gets its ticket only after
/// that transaction is durably committed. One commit (and one fsync) then serves many
/// kiosks at a busy moment, and a lone kiosk waits for nothing.
///
/// Each ticket is still all or nothing: a refusal (an unknown service) is found before
/// anything of it is written and is that caller's alone; a database failure rolls the
/// whole transaction back and every caller in it gets the error, none a number.
public final class IssueBatch: Sendable {
    public struct Request: Sendable {
        public var asked: IssueRequest
        public var reply: CheckedContinuation<TicketPlace, any Error>
    }

    /// At most this many tickets in one transaction.
    public static let limit = 256

    public init() {}

    private let state = Mutex<(waiting: [Request], writing: Bool)>(([], false))

    /// Stores one ticket, with whichever others are asked for meanwhile.
    public func issue(_ asked: IssueRequest, write: @escaping @Sendable ([Request]) async -> Void) async throws -> TicketPlace {
        try await withCheckedThrowingContinuation { reply in
            let start = state.withLock { state -> Bool in
                state.waiting.append(Request(asked: asked, reply: reply))
                defer { state.writing = true }
                return !state.writing
            }
            if start { Task { await self.drain(write) } }
        }
    }

    /// Writes batches until nobody waits.
    private func drain(_ write: @Sendable ([Request]) async -> Void) async {
        while true {
            let batch = state.withLock { state -> [Request] in
                let batch = Array(state.waiting.prefix(Self.limit))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            await write(batch)
        }
    }
}
