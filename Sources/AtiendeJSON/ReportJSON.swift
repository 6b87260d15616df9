import AtiendeCore
import AtiendeQueue
import Foundation

extension QueueJSON {
    /// Indicators for a day or a span: `atiende report --json` and `GET /api/reports/{date}`.
    /// A span also lists each day that had tickets.
    public static func report(_ range: RangeReport) -> JSONText {
        var fields: [(String, JSONText)] = [("from", .string(range.from.description)), ("to", .string(range.to.description))]
        fields += reportFields(range.total)
        if range.from != range.to {
            fields.append(("days", .array(range.days.map { .object([("day", .string($0.day.description))] + reportFields($0.report)) })))
        }
        return .object(fields)
    }

    public static func readReport(_ json: JSONFields) throws(JSONShapeError) -> RangeReport {
        let from = try json.day("from"), to = try json.day("to")
        let total = try readReportFields(json)
        guard from != to else { return RangeReport(from: from, to: to, total: total, days: [.init(day: from, report: total)]) }
        var days: [RangeReport.Day] = []
        for day in try json.objects("days") { days.append(.init(day: try day.day("day"), report: try readReportFields(day))) }
        return RangeReport(from: from, to: to, total: total, days: days)
    }

    private static func reportFields(_ report: IndicatorReport) -> [(String, JSONText)] {
        [
            ("office", indicators(report.office)),
            ("services", .object(report.services.sorted { $0.key < $1.key }.map { ($0.key, indicators($0.value)) })),
            ("hours", .object(report.hours.sorted { $0.key < $1.key }.map { (hourKey($0.key), indicators($0.value)) })),
            ("desks", .object(report.desks.sorted { $0.key < $1.key }.map { desk in
                (desk.key, .object([("served", .int(desk.value.served)), ("averageServiceSeconds", .seconds(desk.value.averageServiceSeconds))]))
            })),
            ("waitHistogram", .array(report.waitHistogram.map(JSONText.int))),
        ]
    }

    private static func readReportFields(_ json: JSONFields) throws(JSONShapeError) -> IndicatorReport {
        var services: [ServiceCode: Indicators] = [:], hours: [Int: Indicators] = [:], desks: [DeskID: DeskIndicators] = [:]
        for (code, value) in try json.objectsByKey("services") { services[code] = try readIndicators(value) }
        for (key, value) in try json.objectsByKey("hours") {
            guard let hour = Int(key), (0..<24).contains(hour) else { throw JSONShapeError("hours.\(key) is not an hour 00 to 23") }
            hours[hour] = try readIndicators(value)
        }
        for (id, value) in try json.objectsByKey("desks") {
            desks[id] = DeskIndicators(served: try value.int("served"), averageServiceSeconds: try value.optionalDouble("averageServiceSeconds"))
        }
        return IndicatorReport(
            office: try readIndicators(try json.object("office")), services: services, hours: hours, desks: desks,
            waitHistogram: try json.ints("waitHistogram"))
    }

    private static func hourKey(_ hour: Int) -> String { hour < 10 ? "0\(hour)" : String(hour) }
}
