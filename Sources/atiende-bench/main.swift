import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import GRDB
import TestSupport

// Benchmarks of the queue store, each against a baseline measured in the same run on
// the same machine and file settings. Run: swift run -c release atiende-bench [--quick]
//
// - baseline: raw SQLite, one INSERT per IMMEDIATE transaction (WAL, synchronous=FULL),
//   the least any durable ticket issue can cost;
// - issue: `SQLiteQueue.issue`, numbering + event + people ahead + estimate;
// - desk cycle: next + start + finish (three transactions);
// - snapshot: what a screen reads on every change, with a busy day's tickets;
// - report: a day recomputed from the event log.

let quick = CommandLine.arguments.contains("--quick")
let count = quick ? 300 : 2000

func temporaryPath(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Times `body` `times` times; returns per-run durations in milliseconds, sorted.
func sample(_ times: Int, _ body: () async throws -> Void) async throws -> [Double] {
    var out: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<times {
        let start = clock.now
        try await body()
        out.append(seconds(clock.now - start) * 1000)
    }
    return out.sorted()
}

func percentile(_ sorted: [Double], _ p: Double) -> Double { Statistics.percentile(sorted, p) ?? .nan }

func line(_ name: String, _ sorted: [Double]) -> String {
    let total = sorted.reduce(0, +)
    return String(format: "%-34@ %9.0f /s   p50 %7.3f ms   p99 %7.3f ms", name as NSString,
        Double(sorted.count) / (total / 1000), percentile(sorted, 50), percentile(sorted, 99))
}

func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

let demoConfig: String = {
    for candidate in ["Assets/office.json", "../Assets/office.json"] {
        if let text = try? String(contentsOfFile: candidate, encoding: .utf8) { return text }
    }
    return ""
}()
guard !demoConfig.isEmpty else {
    FileHandle.standardError.write(Data("atiende-bench: run it from the package folder (Assets/office.json not found)\n".utf8))
    exit(64)
}

// A fixed Monday, 09:00 in Bogotá, that moves one second per operation.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_442_400)
    func now() -> Date { lock.lock(); defer { lock.unlock() }; current += 1; return current }
}

say("atiende-bench: \(count) operations each\(quick ? " (quick)" : ""), \(ProcessInfo.processInfo.activeProcessorCount) cores")

// Baseline: raw SQLite inserts, one durable transaction each.
var configuration = Configuration()
configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = FULL") }
let raw = try DatabasePool(path: temporaryPath("raw.sqlite"), configuration: configuration)
try raw.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, day TEXT, service TEXT, seq INTEGER, at REAL)") }
let baseline = try await sample(count) {
    try await raw.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
            try db.execute(sql: "INSERT INTO t (day, service, seq, at) VALUES ('2026-11-23', 'A', 1, 0)")
            return .commit
        }
    }
}
say(line("baseline: raw SQLite insert", baseline))

let clock = SteppingClock()
let queue = try SQLiteQueue(path: temporaryPath("atiende.sqlite"), time: TimeSource { clock.now() }, create: true)
_ = try await queue.apply(config: demoConfig, file: "Assets/office.json")
let issues = try await sample(count) { _ = try await queue.issue(service: "A", preferential: false, firstName: nil) }
say(line("issue (queue growing to \(count))", issues))
say(String(format: "  issue / raw insert time ratio: %.2f (p50)", percentile(issues, 50) / percentile(baseline, 50)))

let snapshots = try await sample(quick ? 50 : 200) { _ = try await queue.snapshot() }
say(line("snapshot (\(count) waiting)", snapshots))

let cycles = try await sample(quick ? 100 : 500) {
    _ = try await queue.callNext(desk: "1")
    _ = try await queue.act(.start, desk: "1")
    _ = try await queue.act(.finish, desk: "1")
}
say(line("desk cycle: next+start+finish", cycles))
say(String(format: "  cycle / 3 raw inserts ratio: %.2f (p50)", percentile(cycles, 50) / (3 * percentile(baseline, 50))))

// Reads independent of the day's volume: the snapshot (what `status`, the screens and
// the consoles read) with 100, 1,000 and 10,000 tickets issued today, 20 of them still
// waiting, against the 100 case.
var quietSnapshot = 0.0
for issued in quick ? [100, 1_000] : [100, 1_000, 10_000] {
    let busy = try SQLiteQueue(path: temporaryPath("busy-\(issued).sqlite"), time: .fixed(Date(timeIntervalSince1970: 1_795_442_400)), create: true)
    _ = try await busy.apply(config: demoConfig, file: "Assets/office.json")
    try await BusyDay.fill(path: busy.databasePath, issued: issued, waiting: 20)
    let reads = try await sample(quick ? 50 : 200) { _ = try await busy.snapshot() }
    if issued == 100 { quietSnapshot = percentile(reads, 50) }
    say(String(format: "snapshot, %6d tickets today, 20 waiting   p50 %7.3f ms   p99 %7.3f ms   (%.2f× the 100-ticket day)",
        issued, percentile(reads, 50), percentile(reads, 99), percentile(reads, 50) / quietSnapshot))
}

let day = try await queue.snapshot().day
let reports = try await sample(quick ? 5 : 20) { _ = try await queue.report(day: day) }
say(line("report (\(count) tickets, from events)", reports))

// Simulation: one 8-hour day of 400 visitors (50 an hour, 5 desks, 5-minute visits), with
// every arrival's wait estimated, against the same day without estimates (the bare event loop).
var daySetup = QueueSimulation.Setup()
daySetup.desks = 5
daySetup.arrivalsPerHour = 50
daySetup.preferentialShare = 0.2
var bareSetup = daySetup
bareSetup.estimate = false
var seedCounter: UInt64 = 0
let bareDays = try await sample(quick ? 20 : 100) { seedCounter += 1; bareSetup.seed = seedCounter; _ = QueueSimulation(bareSetup).run() }
seedCounter = 0
let days = try await sample(quick ? 20 : 100) { seedCounter += 1; daySetup.seed = seedCounter; _ = QueueSimulation(daySetup).run() }
say(String(format: "simulated day, no estimates (baseline)   p50 %7.2f ms   p99 %7.2f ms", percentile(bareDays, 50), percentile(bareDays, 99)))
say(String(format: "simulated day, 400 visitors, estimated   p50 %7.2f ms   p99 %7.2f ms   (%.1f× the bare loop)",
    percentile(days, 50), percentile(days, 99), percentile(days, 50) / max(percentile(bareDays, 50), 0.0001)))

// The simulator on an office that cannot keep up (2 desks for 2.5 desks' worth of
// visitors: the line grows all day) against a calm one (4 desks), per simulated visitor,
// with every arrival's wait estimated; then --find-desks against one calm run.
var calmSetup = QueueSimulation.Setup()
calmSetup.desks = 4
calmSetup.arrivalsPerHour = 30
calmSetup.serviceMinutes = 5
calmSetup.hours = quick ? 100 : 1000
var overloadedSetup = calmSetup
overloadedSetup.desks = 2
func perVisitor(_ setup: QueueSimulation.Setup) -> Double {
    let clock = ContinuousClock(), start = clock.now
    let result = QueueSimulation(setup).run()
    return seconds(clock.now - start) * 1e6 / Double(max(result.served, 1))
}
let calmCost = (0..<3).map { _ in perVisitor(calmSetup) }.min() ?? 0
let overloadedCost = (0..<3).map { _ in perVisitor(overloadedSetup) }.min() ?? 0
say(String(format: "simulator, calm office (4 desks, %.0f h)       %6.2f µs per visitor (baseline)", calmSetup.hours, calmCost))
say(String(format: "simulator, overloaded (2 desks, load 1.25)     %6.2f µs per visitor   (%.2f× the calm office)", overloadedCost, overloadedCost / calmCost))
var findSetup = calmSetup
findSetup.hours = quick ? 200 : 2000
let findClock = ContinuousClock()
var oneCalm = findSetup
oneCalm.estimate = false
var findStart = findClock.now
_ = QueueSimulation(oneCalm).run()
let calmRun = seconds(findClock.now - findStart)
findStart = findClock.now
let needed = QueueSimulation(findSetup).desksNeeded(forWithinTarget: 90, limit: 200)
let findRun = seconds(findClock.now - findStart)
let unstable = Int(findSetup.arrivalsPerHour * findSetup.serviceMinutes / 60)
say(String(format: "--find-desks 90 over %.0f h: %d desks in %.2f s = %.1f× one calm run (%.2f s); %d desk counts cannot keep up and are not played",
    findSetup.hours, needed ?? -1, findRun, findRun / calmRun, calmRun, unstable))

// The estimate's bias: over seeded days of 4 desks, 40 visitors an hour and 5-minute visits
// (exponential lengths, 20 % preferential), each visitor's estimate against the wait they
// had, as the office learns visit lengths (the office's rule) and, for comparison, as it
// learned them before (the median of the same recent visits, without a floor).
let estimators: [(String, @Sendable ([Double]) -> Double)] = [
    ("median, no floor (before)", { Statistics.median(Array($0.suffix(WaitEstimate.recentWindow))) ?? WaitEstimate.defaultServiceSeconds }),
    ("the office's rule (mean, floor, 1 h cap)", WaitEstimate.typicalServiceSeconds),
]
for distribution in [ServiceDistribution.exponential, .lognormal] {
    for (name, estimator) in estimators {
        var error = 0.0, absolute = 0.0, wait = 0.0
        let days = quick ? 10 : 50
        for seed in 1...days {
            var setup = QueueSimulation.Setup()
            setup.preferentialShare = 0.2
            setup.distribution = distribution
            setup.seed = UInt64(seed)
            setup.typicalService = estimator
            let result = QueueSimulation(setup).run()
            error += result.estimateMeanErrorSeconds
            absolute += result.estimateMeanAbsoluteErrorSeconds
            wait += result.all.averageSeconds
        }
        say(String(format: "estimate bias, %@ visits, %@: mean error %+.0f s, mean absolute error %.0f s, mean wait %.0f s (%d days)",
            distribution.rawValue, name, error / Double(days), absolute / Double(days), wait / Double(days), days))
    }
}

// The promise: calibration over seeded simulated days (the projection made every third
// arrival for everyone waiting, each chance checked against the wait that followed),
// without and with 20 % preferential visitors (who may cut in after a projection).
for (share, learned) in [(0.0, false), (0.2, false), (0.2, true)] {
    let days = quick ? 20 : 200
    let table = QueueSimulation.CalibrationBin.merged((1...days).map { seed in
        QueueSimulation(.calibrationDay(preferentialShare: share, seed: UInt64(seed), learned: learned)).run().calibration
    })
    say(String(format: "promise calibration, %d days, %.0f %% preferential, %@: projected → observed (count)", days, share * 100,
        learned ? "visit length learned as the office does" : "true visit length"))
    say("  " + table.filter { $0.count > 0 }.map { bin in
        String(format: "%d–%d: %.0f → %.0f (%d)", bin.from, bin.from + 10, bin.projectedPercent, bin.observedPercent, bin.count)
    }.joined(separator: "   "))
}
// Its cost for a screen refresh: everyone waiting projected 200 times plus each closed
// desk tried, against the estimate for one newcomer over the same line.
for waitingCount in [12, 100, 300] {
    let desks = (1...4).map { Desk(id: "\($0)", label: LocalizedText(es: "V\($0)", en: "D\($0)"), services: ["A"]) }
    let line = (1...waitingCount).map { Ticket(number: TicketNumber(service: "A", sequence: $0), day: LocalDay(year: 2026, month: 11, day: 23),
        issuedAt: Date(timeIntervalSince1970: 1_795_442_400 + Double($0) * 20)) }
    let now = Date(timeIntervalSince1970: 1_795_442_400 + Double(waitingCount) * 20)
    let forecast = WaitForecast(rule: CallRule(headStartMinutes: 10), serviceSeconds: { _ in 300 })
    let open = desks.prefix(2).map { WaitForecast.OpenDesk(desk: $0, serving: "A") }
    let newcomer = Ticket(number: TicketNumber(service: "A", sequence: 99_999), day: LocalDay(year: 2026, month: 11, day: 23), issuedAt: now)
    let estimates = try await sample(50) { _ = forecast.seconds(until: newcomer, waiting: line, desks: open, now: now) }
    let projections = try await sample(50) {
        _ = PromiseProjection.make(waiting: line, desks: open, forecast: forecast, target: 900, now: now, closedDesks: Array(desks.suffix(2)), allServices: ["A"])
    }
    say(String(format: "promise projection, %3d waiting, 2 of 4 desks open   p50 %7.3f ms   (estimate for one newcomer %6.3f ms)",
        waitingCount, percentile(projections, 50), percentile(estimates, 50)))
}

// Reports: a 30-day history of 100,000 tickets (each issued, called, started, finished),
// written straight into the store's tables, then reported from the event log, against
// reading the same rows raw (the least a report has to do).
let history = try SQLiteQueue(path: temporaryPath("history.sqlite"), time: TimeSource { clock.now() }, create: true)
_ = try await history.apply(config: demoConfig, file: "Assets/office.json")
let perDay = quick ? 400 : 3334
let historyPool = try DatabasePool(path: history.databasePath)
try historyPool.write { db in
    var ticketID: Int64 = 0
    var random = SeededRandom(seed: 9)
    for d in 0..<30 {
        let day = LocalDay(year: 2026, month: 11, day: 1 + (d % 30))
        let open = 1_793_538_000.0 + Double(d) * 86_400  // 2026-11-01 08:00 in Bogotá, then each day
        let codes = ["A", "B", "C", "D"]
        var seq = [0, 0, 0, 0]
        for k in 0..<perDay {
            let s = k % 4
            seq[s] += 1
            ticketID += 1
            let issued = open + Double(k) * 32_400 / Double(perDay)
            let called = issued + random.unit() * 1_500, started = called + 30, finished = started + 120 + random.unit() * 480
            try db.execute(
                sql: """
                    INSERT INTO ticket (id, day, service, seq, preferential, issuedAt, dueAt, queueService, state, desk,
                        waitingSince, firstCalledAt, calledAt, startedAt, endedAt)
                    VALUES (?, ?, ?, ?, 0, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [ticketID, day.description, codes[s], seq[s], issued, issued, codes[s], "\(1 + k % 4)", issued, called, called, started, finished])
            for (kind, at, seconds) in [("issued", issued, nil), ("called", called, called - issued), ("started", started, nil), ("finished", finished, finished - started)] as [(String, Double, Double?)] {
                try db.execute(
                    sql: "INSERT INTO event (ticketId, day, kind, at, desk, service, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [ticketID, day.description, kind, at, kind == "issued" ? nil : "\(1 + k % 4)", codes[s], seconds])
            }
        }
    }
}
let rawRead = try await sample(3) {
    // Every row and column the report reads, stepped through without any work on them.
    _ = try await historyPool.read { db in
        var n = 0
        for table in ["ticket", "event"] {
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table)")
            while let row = try rows.next() { n += row.count }
        }
        return n
    }
}
let monthReports = try await sample(quick ? 2 : 5) {
    _ = try await history.report(from: LocalDay(year: 2026, month: 11, day: 1), to: LocalDay(year: 2026, month: 11, day: 30))
}
say(String(format: "30-day report, %d tickets, %d events: p50 %.0f ms (raw read of the rows: %.0f ms, %.1f×)",
    perDay * 30, perDay * 120, percentile(monthReports, 50), percentile(rawRead, 50), percentile(monthReports, 50) / max(percentile(rawRead, 50), 0.001)))

// The write-ahead log under a server's load (WALBench.swift).
try await WALBench(quick: quick, config: demoConfig).run()
