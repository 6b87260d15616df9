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
    /// The kiosk's name on the staff's screens.
    let name: String
    /// The printer's state as last seen, and as last told to the queue (and when).
    private let printerState = Mutex<(seen: Printer.State?, told: Printer.State?, toldAt: ContinuousClock.Instant?)>((nil, nil, nil))

    init(open: @escaping @Sendable () throws -> any QueueService, printer: Printer?, name: String, linkBase: String?,
         wake: @escaping @Sendable () -> Void) {
        self.open = open
        self.printer = printer
        self.name = name
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
                let printed = printer.flatMap { printer in office.map { office in
                    printer.print(.ticket(place, office: office, language: language,
                        link: KioskModel.visitLink(place, office: office, linkBase: linkBase)))
                } }
                if let printed { await saw(printed) }
                return .issued(place, printFailed: printer != nil && printed?.printer != .ok)
            } catch is QueueUnavailable {
                drop()
            } catch {
                drop()
                return .issueFailed
            }
        }
        return .issueFailed
    }

    // MARK: The printer, for the staff's screens

    /// How often the printer is looked at while no ticket prints, and how often its state
    /// is told again though unchanged (so a restarted server hears of it).
    static let printerCheckEvery: Duration = .seconds(60)
    static let printerTellEvery: Duration = .seconds(300)

    /// Looks at the printer now and then for as long as the kiosk runs; the first look is
    /// at once, and says on stderr what is wrong.
    func watchPrinter() {
        guard let printer else { return }
        Task.detached { [self] in
            let first = printer.check()
            if first.printer != .ok {
                FileHandle.standardError.write(Data("atiende-kiosk: printer \(first.detail ?? printer.path): tickets will show on screen only; the desks' screens say so\n".utf8))
            }
            await saw(first)
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.printerCheckEvery)
                await saw(printer.check())
            }
        }
    }

    /// Tells the queue the printer's state when it changed, or when it was last told long ago.
    private func saw(_ state: Printer.State) async {
        let due = printerState.withLock { known -> Bool in
            known.seen = state
            let same = known.told.map { $0.printer == state.printer && $0.detail == state.detail } ?? false
            return !same || known.toldAt.map { ContinuousClock.now - $0 >= Self.printerTellEvery } ?? true
        }
        guard due else { return }
        do {
            try await connection().report(DeviceReport(device: name, printer: state.printer, detail: state.detail, since: Date()))
            printerState.withLock { $0.told = state; $0.toldAt = .now }
        } catch is QueueUnavailable {
            drop()  // told at the next look
        } catch {
            FileHandle.standardError.write(Data("atiende-kiosk: the printer's state was refused: \(error)\n".utf8))
            printerState.withLock { $0.told = state; $0.toldAt = .now }
        }
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
