import AtiendeCore
import Foundation

/// Latencies in milliseconds and what they add up to.
struct Sample {
    var millis: [Double]
    var seconds: Double

    var count: Int { millis.count }
    var rate: Double { Double(count) / seconds }

    func percentile(_ p: Double) -> Double { Statistics.percentile(millis, p) ?? .nan }

    var line: String {
        String(format: "%7.0f /s   p50 %6.2f ms   p99 %6.2f ms   max %6.1f ms   (%d in %.1f s)",
            rate, percentile(50), percentile(99), percentile(100), count, seconds)
    }
}

func elapsed(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

func fail(_ text: String) -> Never {
    FileHandle.standardError.write(Data("atiende-server-bench: \(text)\n".utf8))
    exit(1)
}

/// Runs `clients` loops at once, each calling `body` `each` times; returns every call's
/// latency. Paced, each client starts its calls at random moments `perSecond` times a
/// second on average (exponential gaps, as independent visitors arrive), whatever the
/// previous call's latency: the offered load does not slow down when the server does.
func load(clients: Int, each: Int, perSecond: Double? = nil, _ body: @escaping @Sendable (Int) async throws -> Void) async -> (Sample, failures: Int) {
    let start = ContinuousClock.now
    let results = await withTaskGroup(of: ([Double], Int).self) { group in
        for client in 0..<clients {
            group.addTask {
                var millis: [Double] = []
                millis.reserveCapacity(each)
                var failures = 0
                var due = start
                for i in 0..<Int.max {
                    if let perSecond {
                        // Paced: arrivals for as long as the run lasts (each / perSecond seconds).
                        due = due + .seconds(-log(Double.random(in: Double.ulpOfOne..<1)) / perSecond)
                        guard due < start + .seconds(Double(each) / perSecond) else { break }
                        if due > .now { try? await Task.sleep(until: due) }
                    } else if i == each {
                        break
                    }
                    let t = ContinuousClock.now
                    do { try await body(client) } catch { failures += 1; continue }
                    millis.append(elapsed(since: t) * 1000)
                }
                return (millis, failures)
            }
        }
        var all: [Double] = [], failures = 0
        for await (millis, failed) in group { all += millis; failures += failed }
        return (all, failures)
    }
    // Paced or not, the rate is of the time it really took: a server that falls behind an
    // offered rate finishes late, and its rate shows it.
    return (Sample(millis: results.0, seconds: elapsed(since: start)), results.1)
}

/// A fresh folder for one run's files.
func scratch(_ name: String) -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-server-bench-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// The processor time (user and system) a process has used so far, in seconds, from
/// /proc; `nil` where there is no /proc. Work per request counted this way does not
/// depend on what else the machine is doing, as a rate does.
func cpuSeconds(pid: pid_t) -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")") else { return nil }
    // After the command's name: state, ppid, ... utime is the 14th field, stime the 15th.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Processor microseconds per item between two readings of `cpuSeconds`.
func micros(_ now: Double?, since before: Double?, per count: Int) -> Double? {
    guard let now, let before, count > 0 else { return nil }
    return (now - before) / Double(count) * 1e6
}

/// The whole machine's busy processor seconds so far (every core, from /proc/stat): a check
/// on the per-process figures, which cannot add up to more than it.
func machineBusySeconds() -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let line = stat.split(separator: "\n").first,
        line.hasPrefix("cpu ")
    else { return nil }
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard ticks.count >= 8 else { return nil }
    return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
