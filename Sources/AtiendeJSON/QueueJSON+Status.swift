import AtiendeCore
import AtiendeQueue
import Foundation

// MARK: - The queue now

extension QueueJSON {
    /// The queue now: `atiende status --json` and `GET /api/status`. Names and labels are
    /// in `language`; no visitor's name appears.
    public static func status(_ snapshot: QueueSnapshot, office: Office, language: Language) -> Schemas.Status {
        let zone = office.timeZone
        return .init(
            services: snapshot.services.map { s in
                .init(
                    code: s.code, name: office.service(s.code)?.name[language] ?? s.code.rawValue, waiting: s.waiting,
                    longestWaitSeconds: s.longestWaitSeconds, estimatedWaitMinutes: s.estimatedWaitMinutes,
                    pastAlert: s.pastAlert, pastTarget: s.pastTarget, openDesks: s.openDesks,
                    projectedWithinTargetPercent: snapshot.promise?.services[s.code].map(tenth),
                    waitingSince: s.waitingSince.map { OfficeTime($0, timeZone: zone) })
            },
            desks: snapshot.desks.map { d in
                .init(
                    id: d.id, label: office.desk(d.id)?.label[language] ?? d.id.rawValue, state: activity(d.state),
                    ticket: d.ticket?.description, calledAt: d.calledAt.map { OfficeTime($0, timeZone: zone) })
            },
            today: indicators(snapshot.today),
            alerts: snapshot.alerts.map { a in
                .init(number: a.number.description, service: a.service, waitingSeconds: a.waitingSeconds, pastTarget: a.pastTarget)
            },
            day: snapshot.day.description,
            recentCalls: snapshot.recentCalls.map { c in
                .init(number: c.number.description, desk: c.desk, recall: c.recall, at: OfficeTime(c.at, timeZone: zone))
            },
            takenAt: OfficeTime(snapshot.takenAt, timeZone: zone),
            promise: snapshot.promise.map { p in
                .init(
                    projectedWithinTargetPercent: tenth(p.projectedWithinTargetPercent), withOneMoreDeskPercent: p.withOneMoreDeskPercent.map(tenth),
                    openDesk: p.openDesk, thresholdPercent: p.thresholdPercent, belowThreshold: p.belowThreshold,
                    advice: p.advice(office, language))
            },
            devices: snapshot.devices.isEmpty ? nil : snapshot.devices.map { d in
                .init(device: d.device, printer: .init(d.printer), detail: d.detail, since: OfficeTime(d.since, timeZone: zone))
            },
            lastEventId: snapshot.eventID.map(Int.init), requestsOverdue: snapshot.requestsOverdue == 0 ? nil : snapshot.requestsOverdue)
    }

    /// A share to one decimal, as every percentage is written.
    static func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    public static func readStatus(_ json: Schemas.Status) throws(JSONShapeError) -> QueueSnapshot {
        var desks: [QueueSnapshot.DeskStatus] = []
        for d in json.desks {
            desks.append(.init(
                id: d.id, state: try choice(d.state.rawValue, "state", DeskState.Activity.self),
                ticket: try d.ticket.map { text throws(JSONShapeError) in try number(text) }, calledAt: d.calledAt?.date))
        }
        var alerts: [QueueSnapshot.Alert] = []
        for a in json.alerts {
            alerts.append(.init(number: try number(a.number), service: a.service, waitingSeconds: a.waitingSeconds, pastTarget: a.pastTarget))
        }
        var calls: [QueueSnapshot.Call] = []
        for c in json.recentCalls { calls.append(.init(number: try number(c.number), desk: c.desk, at: c.at.date, recall: c.recall)) }
        var devices: [DeviceReport] = []
        for d in json.devices ?? [] {
            devices.append(.init(device: d.device, printer: try choice(d.printer.rawValue, "printer", DeviceReport.Printer.self), detail: d.detail, since: d.since.date))
        }
        var snapshot = QueueSnapshot(
            takenAt: json.takenAt.date, day: try day(json.day),
            services: json.services.map { s in
                .init(code: s.code, waiting: s.waiting, longestWaitSeconds: s.longestWaitSeconds, estimatedWaitMinutes: s.estimatedWaitMinutes,
                    pastAlert: s.pastAlert, pastTarget: s.pastTarget, openDesks: s.openDesks, waitingSince: (s.waitingSince ?? []).map(\.date))
            },
            desks: desks, recentCalls: calls, today: readIndicators(json.today), alerts: alerts,
            promise: json.promise.map { p in
                QueueSnapshot.Promise(
                    projectedWithinTargetPercent: p.projectedWithinTargetPercent,
                    services: Dictionary(uniqueKeysWithValues: json.services.compactMap { s in s.projectedWithinTargetPercent.map { (s.code, $0) } }),
                    withOneMoreDeskPercent: p.withOneMoreDeskPercent, openDesk: p.openDesk, thresholdPercent: p.thresholdPercent)
            })
        snapshot.devices = devices
        snapshot.requestsOverdue = json.requestsOverdue ?? 0
        snapshot.eventID = json.lastEventId.map(Int64.init)
        return snapshot
    }

    /// A device report as sent to the server.
    public static func device(_ report: DeviceReport) -> Schemas.DeviceReport {
        .init(device: report.device, printer: .init(report.printer), detail: report.detail)
    }

    /// A device report as received; the server sets its time.
    public static func readDevice(_ json: Schemas.DeviceReport) -> DeviceReport {
        DeviceReport(device: json.device, printer: DeviceReport.Printer(json.printer), detail: json.detail, since: Date())
    }

    /// One set of indicators, as `status` shows today's and `report` each scope's. The
    /// share within the target is written for people and scripts; it is derived, so it is
    /// not read back.
    public static func indicators(_ i: Indicators) -> Schemas.Indicators {
        .init(
            issued: i.issued, served: i.served, noShows: i.noShows, cancelled: i.cancelled, expired: i.expired,
            waiting: i.waiting, measured: i.measured, withinTarget: i.withinTarget,
            withinTargetPercent: i.withinTargetPercent.map { ($0 * 10).rounded() / 10 },
            averageWaitSeconds: seconds(i.averageWaitSeconds), medianWaitSeconds: seconds(i.medianWaitSeconds),
            p90WaitSeconds: seconds(i.p90WaitSeconds), averageServiceSeconds: seconds(i.averageServiceSeconds),
            outcomes: .init(additionalProperties: i.outcomes), resolvedPercent: i.resolvedPercent,
            answered: i.feedback.answered, answeredPercent: i.answeredPercent, drivers: drivers(i.feedback))
    }

    static func drivers(_ summary: FeedbackSummary) -> Schemas.Indicators.DriversPayload {
        .init(additionalProperties: Dictionary(uniqueKeysWithValues: summary.averages.map { ($0.key.rawValue, $0.value) }))
    }

    /// Averages back to sums, for a summary read from JSON (to one decimal, as written).
    static func readSummary(answered: Int, drivers: [String: Double]) -> FeedbackSummary {
        var summary = FeedbackSummary()
        summary.answered = answered
        for (key, average) in drivers {
            if let driver = KeyDriver(rawValue: key) { summary.sums[driver] = Int((average * Double(answered)).rounded()) }
        }
        return summary
    }

    public static func readIndicators(_ json: Schemas.Indicators) -> Indicators {
        var i = Indicators()
        i.issued = json.issued
        i.served = json.served
        i.noShows = json.noShows
        i.cancelled = json.cancelled
        i.expired = json.expired
        i.waiting = json.waiting
        i.measured = json.measured
        i.withinTarget = json.withinTarget
        i.averageWaitSeconds = json.averageWaitSeconds
        i.medianWaitSeconds = json.medianWaitSeconds
        i.p90WaitSeconds = json.p90WaitSeconds
        i.averageServiceSeconds = json.averageServiceSeconds
        i.outcomes = json.outcomes.additionalProperties
        i.feedback = readSummary(answered: json.answered, drivers: json.drivers.additionalProperties)
        return i
    }
}
