import ArgumentParser
import AtiendeCore
import AtiendeJSON
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play an office day on the real call rule to see how many desks keep the 15-minute promise.",
        discussion: """
            A discrete-event simulation with a seeded random source and a simulated clock: \
            visitors arrive at random (Poisson), desks call them by the office's call rule \
            (or plain first come, first served) and serve them for a random time around the \
            mean. Every visitor also gets the wait estimate the kiosk would show, so the \
            estimate's error is measured. No database is touched.

            Prints the share called within the target, the average, 90th-percentile and \
            longest wait (overall, preferential, normal), visitors served, desk utilisation, \
            and the estimate's mean and mean absolute error. --find-desks 90 prints the \
            fewest desks that keep at least 90 % within the target.

            Example: atiende simulate --desks 4 --arrivals-per-hour 40 --service-minutes 5 --hours 8
            """
    )

    @Option(help: "Desks open all day.") var desks = 4
    @Option(name: .customLong("arrivals-per-hour"), help: "Average visitors arriving per hour.") var arrivalsPerHour = 40.0
    @Option(name: .customLong("service-minutes"), help: "Average minutes a visit takes at the desk.") var serviceMinutes = 5.0
    @Option(help: "Hours the doors are open (visitors already inside are all served).") var hours = 8.0
    @Option(name: .customLong("preferential-share"), help: "Share of visitors with preferential attention, 0 to 1.") var preferentialShare = 0.0
    @Option(name: .customLong("service-distribution"), help: ArgumentHelp("How visit lengths vary.", valueName: ServiceDistribution.valueName))
    var serviceDistribution = ServiceDistribution.exponential
    @Option(help: ArgumentHelp("Who is called next: headstart (the office's rule) or fifo.", valueName: QueueSimulation.Policy.valueName))
    var policy = QueueSimulation.Policy.headstart
    @Option(help: "Random seed: the same seed gives the same day.") var seed: UInt64 = 1
    @Option(name: .customLong("target-minutes"), help: "The wait target.") var targetMinutes = 15
    @Option(name: .customLong("find-desks"), help: ArgumentHelp("Find the fewest desks that keep this % within the target.", valueName: "percent")) var findDesks: Double?
    @Flag(help: "Print JSON for scripts.") var json = false

    func validate() throws {
        guard desks >= 1 && desks <= 200 else { throw ValidationError("--desks must be 1 to 200, got \(desks)") }
        guard arrivalsPerHour > 0 && arrivalsPerHour <= 10_000 else { throw ValidationError("--arrivals-per-hour must be above 0 and at most 10000") }
        guard serviceMinutes > 0 && serviceMinutes <= 600 else { throw ValidationError("--service-minutes must be above 0 and at most 600") }
        guard hours > 0 && hours <= 100_000 else { throw ValidationError("--hours must be above 0") }
        guard (0...1).contains(preferentialShare) else { throw ValidationError("--preferential-share must be between 0 and 1, e.g. 0.2") }
        if let findDesks, !(1...100).contains(findDesks) { throw ValidationError("--find-desks must be a percentage, 1 to 100") }
    }

    var setup: QueueSimulation.Setup {
        var s = QueueSimulation.Setup()
        s.desks = desks
        s.arrivalsPerHour = arrivalsPerHour
        s.serviceMinutes = serviceMinutes
        s.hours = hours
        s.preferentialShare = preferentialShare
        s.distribution = serviceDistribution
        s.policy = policy
        s.seed = seed
        s.targetMinutes = targetMinutes
        return s
    }

    func run() throws {
        if let findDesks {
            let needed = QueueSimulation(setup).desksNeeded(forWithinTarget: findDesks, limit: 200)
            if json {
                JSONText.object([("desks", .int(needed)), ("withinTargetPercent", .decimal(findDesks))]).print()
            } else {
                say(needed.map { "\($0) desks keep at least \(Format.percent(findDesks)) of visitors within \(targetMinutes) min." }
                    ?? "Even 200 desks do not keep \(Format.percent(findDesks)) within \(targetMinutes) min: check the figures.")
            }
            return
        }
        let bar = ProgressBar(enabled: !json && hours * arrivalsPerHour > 20_000)
        let progress: ((Double) -> Void)? = bar.enabled ? { bar.show($0) } : nil
        let result = QueueSimulation(setup).run(progress: progress)
        bar.finish()
        if json {
            JSONText.object([
                ("withinTargetPercent", .decimal(result.all.withinTargetPercent)),
                ("averageWaitSeconds", .seconds(result.all.averageSeconds)),
                ("p90WaitSeconds", .seconds(result.all.p90Seconds)),
                ("maxWaitSeconds", .seconds(result.all.maxSeconds)),
                ("served", .int(result.served)),
                ("utilization", .double((result.utilization * 1000).rounded() / 1000)),
                ("estimateMeanErrorSeconds", .seconds(result.estimateMeanErrorSeconds)),
                ("estimateMeanAbsoluteErrorSeconds", .seconds(result.estimateMeanAbsoluteErrorSeconds)),
                ("preferential", groupJSON(result.preferential)),
                ("normal", groupJSON(result.normal)),
            ]).print()
            return
        }
        say("\(desks) desks, \(Int(arrivalsPerHour)) arrivals an hour, \(serviceMinutes) min visits (\(serviceDistribution.rawValue)), \(hours) h, policy \(policy.rawValue), seed \(seed)")
        say("")
        say(Format.column("", 14) + "Visitors  Within \(targetMinutes) min  Average  P90     Longest")
        for (name, group) in [("All", result.all), ("Preferential", result.preferential), ("Normal", result.normal)] where group.count > 0 {
            say(Format.column(name, 14) + Format.right("\(group.count)", 8) + Format.right(Format.percent(group.withinTargetPercent), 15)
                + Format.right(Format.duration(group.averageSeconds), 9) + Format.right(Format.duration(group.p90Seconds), 8)
                + Format.right(Format.duration(group.maxSeconds), 9))
        }
        say("")
        say("Served \(result.served); desks busy \(Format.percent(result.utilization * 100)) of the time.")
        say("Wait estimate: mean error \(Int(result.estimateMeanErrorSeconds.rounded())) s, mean absolute error \(Int(result.estimateMeanAbsoluteErrorSeconds.rounded())) s.")
    }

    private func groupJSON(_ w: QueueSimulation.Waits) -> JSONText {
        .object([
            ("count", .int(w.count)), ("withinTargetPercent", .decimal(w.withinTargetPercent)),
            ("averageWaitSeconds", .seconds(w.averageSeconds)), ("p90WaitSeconds", .seconds(w.p90Seconds)),
            ("maxWaitSeconds", .seconds(w.maxSeconds)),
        ])
    }
}

/// A one-line progress bar on stderr for long simulations (only on a terminal).
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled && isatty(2) == 1 }

    func show(_ fraction: Double) {
        let width = 40, filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\rsimulating \(bar) \(Int(fraction * 100)) %".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
