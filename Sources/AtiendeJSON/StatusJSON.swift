import AtiendeCore
import AtiendeQueue
import Foundation

extension QueueJSON {
    /// The queue now: `atiende status --json` and `GET /api/status`. Names and labels are
    /// in `language`; no visitor's name appears.
    public static func status(_ snapshot: QueueSnapshot, office: Office, language: Language) -> JSONText {
        let zone = office.timeZone
        return .object([
            ("services", .array(snapshot.services.map { s in
                .object([
                    ("code", .string(s.code)), ("name", .string(office.service(s.code)?.name[language] ?? s.code)),
                    ("waiting", .int(s.waiting)), ("longestWaitSeconds", .int(s.longestWaitSeconds)),
                    ("estimatedWaitMinutes", .int(s.estimatedWaitMinutes)),
                    ("pastAlert", .int(s.pastAlert)), ("pastTarget", .int(s.pastTarget)), ("openDesks", .int(s.openDesks)),
                ])
            })),
            ("desks", .array(snapshot.desks.map { d in
                .object([
                    ("id", .string(d.id)), ("label", .string(office.desk(d.id)?.label[language] ?? d.id)),
                    ("state", .string(d.state.rawValue)), ("ticket", .string(d.ticket?.description)),
                    ("calledAt", .string(d.calledAt.map { Timestamp.format($0, timeZone: zone) })),
                ])
            })),
            ("today", indicators(snapshot.today)),
            ("alerts", .array(snapshot.alerts.map { a in
                .object([("number", .string(a.number.description)), ("service", .string(a.service)),
                    ("waitingSeconds", .int(a.waitingSeconds)), ("pastTarget", .bool(a.pastTarget))])
            })),
            ("day", .string(snapshot.day.description)),
            ("recentCalls", .array(snapshot.recentCalls.map { c in
                .object([("number", .string(c.number.description)), ("desk", .string(c.desk)), ("recall", .bool(c.recall)),
                    ("at", .string(Timestamp.format(c.at, timeZone: zone)))])
            })),
            ("takenAt", .string(Timestamp.format(snapshot.takenAt, timeZone: zone))),
        ])
    }

    public static func readStatus(_ json: JSONFields) throws(JSONShapeError) -> QueueSnapshot {
        var services: [QueueSnapshot.ServiceStatus] = []
        for s in try json.objects("services") {
            services.append(.init(
                code: try s.string("code"), waiting: try s.int("waiting"), longestWaitSeconds: try s.int("longestWaitSeconds"),
                estimatedWaitMinutes: try s.optionalInt("estimatedWaitMinutes"), pastAlert: try s.int("pastAlert"),
                pastTarget: try s.int("pastTarget"), openDesks: try s.int("openDesks")))
        }
        var desks: [QueueSnapshot.DeskStatus] = []
        for d in try json.objects("desks") {
            desks.append(.init(id: try d.string("id"), state: try d.choice("state", DeskState.Activity.self),
                ticket: try d.optionalTicketNumber("ticket"), calledAt: try d.optionalDate("calledAt")))
        }
        var alerts: [QueueSnapshot.Alert] = []
        for a in try json.objects("alerts") {
            alerts.append(.init(number: try a.ticketNumber("number"), service: try a.string("service"),
                waitingSeconds: try a.int("waitingSeconds"), pastTarget: try a.bool("pastTarget")))
        }
        var calls: [QueueSnapshot.Call] = []
        for c in try json.objects("recentCalls") {
            calls.append(.init(number: try c.ticketNumber("number"), desk: try c.string("desk"), at: try c.date("at"), recall: try c.bool("recall")))
        }
        return QueueSnapshot(
            takenAt: try json.date("takenAt"), day: try json.day("day"), services: services, desks: desks,
            recentCalls: calls, today: try readIndicators(try json.object("today")), alerts: alerts)
    }

    /// One set of indicators, as `status` shows today's and `report` each scope's.
    public static func indicators(_ i: Indicators) -> JSONText {
        .object([
            ("issued", .int(i.issued)), ("served", .int(i.served)), ("noShows", .int(i.noShows)),
            ("cancelled", .int(i.cancelled)), ("expired", .int(i.expired)), ("waiting", .int(i.waiting)),
            ("measured", .int(i.measured)), ("withinTarget", .int(i.withinTarget)),
            ("withinTargetPercent", .decimal(i.withinTargetPercent)),
            ("averageWaitSeconds", .seconds(i.averageWaitSeconds)), ("medianWaitSeconds", .seconds(i.medianWaitSeconds)),
            ("p90WaitSeconds", .seconds(i.p90WaitSeconds)), ("averageServiceSeconds", .seconds(i.averageServiceSeconds)),
        ])
    }

    public static func readIndicators(_ json: JSONFields) throws(JSONShapeError) -> Indicators {
        var i = Indicators()
        i.issued = try json.int("issued")
        i.served = try json.int("served")
        i.noShows = try json.int("noShows")
        i.cancelled = try json.int("cancelled")
        i.expired = try json.int("expired")
        i.waiting = try json.int("waiting")
        i.measured = try json.int("measured")
        i.withinTarget = try json.int("withinTarget")
        i.averageWaitSeconds = try json.optionalDouble("averageWaitSeconds")
        i.medianWaitSeconds = try json.optionalDouble("medianWaitSeconds")
        i.p90WaitSeconds = try json.optionalDouble("p90WaitSeconds")
        i.averageServiceSeconds = try json.optionalDouble("averageServiceSeconds")
        return i
    }
}
