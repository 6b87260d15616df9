import AtiendeCore
import Foundation

/// A small office for core tests: three services, desks whose services overlap.
enum Fixtures {
    static let bogota = TimeZone(identifier: "America/Bogota")!

    static let office = Office(
        name: LocalizedText(es: "Oficina de prueba", en: "Test office"),
        timeZone: bogota, targetWaitMinutes: 15, priorityHeadStartMinutes: 10,
        hours: OpeningHours(days: [.mon, .tue, .wed, .thu, .fri], open: TimeOfDay(minutes: 8 * 60), close: TimeOfDay(minutes: 17 * 60)),
        services: [
            Service(code: "A", name: LocalizedText(es: "Orientación", en: "Guidance"), description: LocalizedText(es: "a", en: "a")),
            Service(code: "B", name: LocalizedText(es: "Quejas", en: "Complaints"), description: LocalizedText(es: "b", en: "b")),
            Service(code: "C", name: LocalizedText(es: "Seguimiento", en: "Follow-up"), description: LocalizedText(es: "c", en: "c")),
        ],
        desks: [
            Desk(id: "1", label: LocalizedText(es: "Ventanilla 1", en: "Desk 1"), services: ["A", "B"]),
            Desk(id: "2", label: LocalizedText(es: "Ventanilla 2", en: "Desk 2"), services: ["B", "C"]),
            Desk(id: "3", label: LocalizedText(es: "Ventanilla 3", en: "Desk 3"), services: ["C"]),
        ])

    /// 2026-11-23 09:00 in Bogotá, a Monday: the fixed clock of the core tests.
    static let nine = Date(timeIntervalSince1970: 1_795_442_400)
    static let day = LocalDay(year: 2026, month: 11, day: 23)

    static func at(minutes: Double) -> Date { nine.addingTimeInterval(minutes * 60) }

    static func ticket(_ service: ServiceCode, _ sequence: Int, minute: Double, preferential: Bool = false) -> Ticket {
        Ticket(number: TicketNumber(service: service, sequence: sequence), day: day, preferential: preferential, issuedAt: at(minutes: minute))
    }
}
