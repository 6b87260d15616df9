import AtiendeCore
import Foundation

/// A busy moment for render tests and benchmarks: every service with people waiting
/// (the first with 99), waits in every colour, the current call and six before it.
public enum DisplaySamples {
    public static func busy(office: Office, at now: Date, call: Int = 23) -> QueueSnapshot {
        let waits = [95, 640, 1_200, 3_725, 300]
        let services = office.services.enumerated().map { i, service in
            QueueSnapshot.ServiceStatus(
                code: service.code, waiting: i == 0 ? 99 : 3 + i * 4, longestWaitSeconds: waits[i % waits.count],
                estimatedWaitMinutes: i == 3 ? nil : 4 + i * 7,
                pastAlert: waits[i % waits.count] > 720 ? 2 + i : 0, pastTarget: waits[i % waits.count] > 900 ? 1 + i : 0)
        }
        let calls = (0..<7).map { k in
            let service = office.services[k % office.services.count].code
            let desk = office.desks[k % office.desks.count].id
            return QueueSnapshot.Call(number: TicketNumber(service: service, sequence: max(1, call - k * 3)), desk: desk,
                at: now.addingTimeInterval(Double(-30 - k * 90)), recall: false)
        }
        var today = Indicators()
        today.issued = 140
        today.served = 96
        today.measured = 110
        today.withinTarget = 94
        today.averageWaitSeconds = 402
        return QueueSnapshot(
            takenAt: now, day: office.calendar.day(of: now), services: services,
            desks: office.desks.map { QueueSnapshot.DeskStatus(id: $0.id, state: .serving) },
            recentCalls: calls, today: today)
    }
}
