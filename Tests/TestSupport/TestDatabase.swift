import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Synchronization

/// A clock the test moves by hand.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at 2026-11-23 08:00 in Bogotá, a Monday morning.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_438_800)) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }
    public var source: TimeSource { TimeSource { [self] in self.now } }

    public func advance(minutes: Double) { current.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
}

/// A fresh database in its own temporary folder, set up with the demo office.
public struct TestDatabase: Sendable {
    public let folder: URL
    public let clock: TestClock
    public let queue: SQLiteQueue

    public var path: String { folder.appendingPathComponent("atiende.sqlite").path }

    public static let demoConfig: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/office.json")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    public init(clock: TestClock = TestClock(), config: String = TestDatabase.demoConfig) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.clock = clock
        queue = try SQLiteQueue(path: folder.appendingPathComponent("atiende.sqlite").path, time: clock.source, create: true)
        _ = try await queue.apply(config: config, file: "office.json")
    }

    /// The demo config with a change made to its JSON object.
    public static func demoConfig(_ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(demoConfig.utf8)) as? [String: Any] ?? [:]
        change(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    public static func demoOffice() throws -> Office {
        try OfficeConfig.parse(Data(demoConfig.utf8), file: "office.json")
    }

    /// Deletes the folder with the database and its logs.
    public func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A second, independent connection to the same file, as another process would have.
    public func reopen(busyTimeout: TimeInterval = 5) throws -> SQLiteQueue {
        try SQLiteQueue(path: path, time: clock.source, busyTimeout: busyTimeout)
    }

    @discardableResult
    public func issue(_ service: ServiceCode, preferential: Bool = false) async throws -> Ticket {
        try await queue.issue(service: service, preferential: preferential, firstName: nil).ticket
    }
}

/// A small deterministic random source (SplitMix64) so generated cases repeat.
public struct SeededRandom: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
