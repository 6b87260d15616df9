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

    /// The fields of a set of indicators, in the order they are written: one list for
    /// writing and reading, so the two cannot drift apart.
    private static var counts: [(String, WritableKeyPath<Indicators, Int>)] {
        [("issued", \.issued), ("served", \.served), ("noShows", \.noShows), ("cancelled", \.cancelled),
         ("expired", \.expired), ("waiting", \.waiting), ("measured", \.measured), ("withinTarget", \.withinTarget)]
    }
    private static var durations: [(String, WritableKeyPath<Indicators, Double?>)] {
        [("averageWaitSeconds", \.averageWaitSeconds), ("medianWaitSeconds", \.medianWaitSeconds),
         ("p90WaitSeconds", \.p90WaitSeconds), ("averageServiceSeconds", \.averageServiceSeconds)]
    }

    /// One set of indicators, as `status` shows today's and `report` each scope's. The
    /// share within the target is written for people and scripts; it is derived, so it is
    /// not read back.
    public static func indicators(_ i: Indicators) -> JSONText {
        .object(counts.map { ($0.0, .int(i[keyPath: $0.1])) }
            + [("withinTargetPercent", .decimal(i.withinTargetPercent))]
            + durations.map { ($0.0, .seconds(i[keyPath: $0.1])) })
    }

    public static func readIndicators(_ json: JSONFields) throws(JSONShapeError) -> Indicators {
        var i = Indicators()
        for (key, path) in counts { i[keyPath: path] = try json.int(key) }
        for (key, path) in durations { i[keyPath: path] = try json.optionalDouble(key) }
        return i
    }
}
