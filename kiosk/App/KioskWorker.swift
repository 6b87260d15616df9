import AtiendeCore
import AtiendeQueue
import Foundation
import KioskModel
import Synchronization

/// Does the kiosk's queue work off the screen's thread (issue, look up, print) and hands
/// the answers back to the loop, waking it.
final class KioskWorker: Sendable {
    enum Answer: Sendable {
        case issued(TicketPlace, printFailed: Bool)
        case issueFailed
        case looked(TicketNumber, TicketPlace?)
    }

    private let open: @Sendable () throws -> any QueueService
    private let printer: Printer?
    private let linkBase: String?
    private let wake: @Sendable () -> Void
    private let queue = Mutex<(any QueueService)?>(nil)
    private let answers = Mutex<[Answer]>([])

    init(open: @escaping @Sendable () throws -> any QueueService, printer: Printer?, linkBase: String?, wake: @escaping @Sendable () -> Void) {
        self.open = open
        self.printer = printer
        self.linkBase = linkBase
        self.wake = wake
    }

    func perform(_ effect: KioskModel.Effect, office: Office?, language: Language) {
        Task.detached { [self] in
            let answer: Answer
            switch effect {
            case .issue(let service, let preferential):
                answer = await issue(service, preferential: preferential, office: office, language: language)
            case .lookup(let number):
                answer = .looked(number, try? await connection().lookup(number))
            case .leave:
                return  // the loop ends itself
            }
            answers.withLock { $0.append(answer) }
            wake()
        }
    }

    /// Waits before each retry of a ticket whose answer was lost: 0.5 + 1 + 2 + 4 s, long
    /// enough for a server to restart, short enough for a visitor to wait.
    static let retryDelays: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]

    /// Issues with one idempotency key for this touch, trying again with the same key
    /// while the queue cannot be reached: a ticket stored before the connection dropped
    /// comes back as the same ticket, never a second one. A refusal is not retried.
    private func issue(_ service: ServiceCode, preferential: Bool, office: Office?, language: Language) async -> Answer {
        let key = UUID().uuidString
        for delay in [Duration.zero] + Self.retryDelays {
            if delay > .zero { try? await Task.sleep(for: delay) }
            do {
                let place = try await connection().issue(service: service, preferential: preferential, firstName: nil, key: key)
                let printed = printer.map { printer in office.map { office in
                    printer.print(.ticket(place, office: office, language: language,
                        link: KioskModel.visitLink(place, office: office, linkBase: linkBase)))
                } ?? false }
                return .issued(place, printFailed: printed == false)
            } catch is QueueUnavailable {
                drop()
            } catch {
                drop()
                return .issueFailed
            }
        }
        return .issueFailed
    }

    func drain() -> [Answer] { answers.withLock { a in defer { a.removeAll() }; return a } }

    /// One queue connection, opened on first use and again after a failure.
    private func connection() throws -> any QueueService {
        if let existing = queue.withLock({ $0 }) { return existing }
        let fresh = try open()
        queue.withLock { $0 = fresh }
        return fresh
    }

    private func drop() { queue.withLock { $0 = nil } }
}
