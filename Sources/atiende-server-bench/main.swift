import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import AtiendeStore
import Foundation
import TestSupport

// The queue server under load, abuse and a power cut, against a real `atiende serve` on
// loopback, with the in-process store as the baseline measured in the same run.
//   swift build -c release --product atiende && swift run -c release atiende-server-bench [--quick] [--only load]
//
// - load: 50 clients issue tickets over keep-alive connections while 200 event-stream
//   clients stay connected: flat out, and paced at 1,000 a second; then the same 50
//   issuers on the store in-process;
// - events: a call made at one client, seen on another client's event stream;
// - fuzz: 10,000 random and malformed requests, then PRAGMA integrity_check;
// - kill: SIGKILL mid-load, restart, every acknowledged ticket there, numbering gap-free;
// - streams: resident memory while thousands of event streams come and go, and idle sockets;
// - status: status requests a second with 100 and with 10,000 tickets issued today;
// - wrk: the flat-out issue rate with Debian's wrk as the load generator, against the store;
//   then about 1,000 issues a second paced by wrk with the event streams open;
// - institution: the same office on PostgreSQL, through one server and two behind haproxy;
//   status among 50 offices and a million past tickets; a day of 20,000 tickets migrated.

let quick = CommandLine.arguments.contains("--quick")
/// `--only load` (or events, fuzz, kill, streams, status, wrk): run one part.
let only: String? = CommandLine.arguments.firstIndex(of: "--only").flatMap { index in
    CommandLine.arguments.indices.contains(index + 1) ? CommandLine.arguments[index + 1] : nil
}
func runs(_ part: String) -> Bool { only == nil || only == part }
let executable: String = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("atiende").path
    guard FileManager.default.isExecutableFile(atPath: beside) else {
        fail("no atiende beside this benchmark: build it first with `swift build -c release --product atiende`")
    }
    return beside
}()
guard !TestDatabase.demoConfig.isEmpty else { fail("Assets/office.json not found") }

/// A fresh database with the demo office and a server on it, clock at 09:00 on a Monday.
func startServer(_ name: String, prepare: (SQLiteQueue) async throws -> Void = { _ in }) async throws -> ServerProcess {
    let folder = scratch(name)
    let database = folder.appendingPathComponent("atiende.sqlite").path
    var environment = ProcessInfo.processInfo.environment
    environment["ATIENDE_NOW"] = "2026-11-23T09:00:00-05:00"
    let store = try SQLiteQueue(path: database, time: try TimeSource.fromEnvironment(environment), create: true)
    _ = try await store.apply(config: TestDatabase.demoConfig, file: "office.json")
    try await prepare(store)
    let server = ServerProcess(executable: executable, database: database, environment: environment, folder: folder)
    try await server.start()
    return server
}

/// Stops a server and removes its files.
func finish(_ server: ServerProcess) {
    server.stop()
    try? FileManager.default.removeItem(at: URL(fileURLWithPath: server.database).deletingLastPathComponent())
}

say("atiende-server-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores\(quick ? ", quick" : "")")
if runs("load") { try await LoadBench(quick: quick).run() }
if runs("events") { try await EventLatencyBench(quick: quick).run() }
if runs("fuzz") { try await FuzzBench(quick: quick).run() }
if runs("kill") { try await KillBench(quick: quick).run() }
if runs("streams") { try await StreamsBench(quick: quick).run() }
if runs("status") { try await StatusBench(quick: quick).run() }
if runs("wrk") { try await WrkBench(quick: quick).run() }
if runs("institution") { try await InstitutionBench(quick: quick).run() }
