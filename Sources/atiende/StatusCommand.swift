import ArgumentParser
import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import Foundation

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the queue now: who waits for what, the desks, and today's figures.",
        discussion: """
            Per service: people waiting, the longest current wait against the target \
            (marked when past the alert threshold and past the target) and the estimated wait \
            for someone arriving now. Then each desk's state and ticket, and today's \
            indicators: issued, served, no-shows, the share of visitors called within the \
            target and the average wait.
            """
    )
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let queue = try await common.openQueue()
        let office = try await queue.office()
        let snapshot = try await queue.snapshot()
        let lang = common.language(for: office)
        if common.json {
            QueueJSON.print(QueueJSON.status(snapshot, office: office, language: lang))
            return
        }
        say("\(office.name[lang])   \(Format.localTime(snapshot.takenAt, office, withDate: true))")
        say("")
        let words = StaffText(language: lang)
        say(words.statusColumns)
        for service in snapshot.services {
            let name = office.service(service.code)?.name[lang] ?? service.code.rawValue
            let longest = Double(service.longestWaitSeconds)
            // The same rule as the wall display's and the desk console's colours.
            let mark = words.mark(office.waitLevel(seconds: service.longestWaitSeconds))
            let estimate = words.shortEstimate(service.estimatedWaitMinutes, waiting: service.waiting)
            say("\(service.code)  " + Format.column(name, 34) + String(format: lang == .es ? "%9d  " : "%7d  ", service.waiting)
                + Format.column(service.waiting == 0 ? "–" : Format.duration(longest) + " " + mark, 22) + estimate)
        }
        if !snapshot.alerts.isEmpty {
            say("")
            say(words.waitingPast(alert: office.alertAtMinutes, target: office.targetWaitMinutes)
                + snapshot.alerts.map { "\($0.pastTarget ? "!" : "")\($0.number) \($0.waitingSeconds / 60) min" }.joined(separator: ", "))
        }
        let troubled = snapshot.devices.filter(\.isProblem)
        if !troubled.isEmpty { say("") }
        for device in troubled {
            say(words.device(device.device, device.printer, since: Format.localTime(device.since, office, withDate: false), detail: device.detail))
        }
        // The 24-hour promise of requests, past for some.
        if snapshot.requestsOverdue > 0 {
            say("")
            say(words.requestsOverdue(snapshot.requestsOverdue))
        }
        // A disk nearly full, seen coming (on the machine that holds the file).
        if let free = (queue as? any StorageReporting)?.freeBytes(), DiskSpace.isLow(freeBytes: free) {
            say("")
            say(words.diskLow(megabytes: free / 1_048_576))
        }
        if let promise = snapshot.promise {
            say("")
            let waiting = snapshot.services.reduce(0) { $0 + $1.waiting }
            say(words.promise(Format.percent(promise.projectedWithinTargetPercent, lang), waiting: waiting, target: office.targetWaitMinutes,
                below: promise.belowThreshold ? promise.thresholdPercent : nil))
            if let advice = promise.advice(office, lang) { say("  " + advice) }
        }
        say("")
        for desk in snapshot.desks {
            let label = office.desk(desk.id)?.label[lang] ?? desk.id.rawValue
            say("   " + Format.column(label, 16) + Format.column(words.deskState(desk.state), 9) + (desk.ticket?.description ?? ""))
        }
        let today = snapshot.today
        say("")
        say(words.today(issued: today.issued, served: today.served, noShows: today.noShows, within: Format.percent(today.withinTargetPercent, lang),
            target: office.targetWaitMinutes, average: Format.duration(today.averageWaitSeconds)))
    }
}
