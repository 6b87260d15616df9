import AtiendeCore
import Foundation

extension QueueJSON {
    /// One office now, as the institution's page shows it.
    public static func officeNow(_ now: OfficeNow) -> Schemas.OfficeNow {
        .init(
            office: now.office, name: now.name, targetMinutes: now.targetMinutes, waiting: now.waiting, longestWaitSeconds: now.longestWaitSeconds,
            pastTarget: now.pastTarget, desksOpen: now.desksOpen, desks: now.desks, issuedToday: now.issuedToday,
            projectedWithinTargetPercent: now.projectedPercent.map { ($0 * 10).rounded() / 10 }, thresholdPercent: now.thresholdPercent,
            needsAttention: now.needsAttention)
    }

    /// The offices side by side: `GET /api/institution/report` and `atiende report --institution --json`.
    public static func institutionReport(_ comparison: OfficeComparison) -> Schemas.InstitutionReport {
        .init(
            from: comparison.from.description, to: comparison.to.description,
            offices: comparison.offices.map { row in
                .init(
                    office: row.office, name: row.name, rank: row.rank, targetMinutes: row.targetMinutes, indicators: indicators(row.indicators),
                    people: row.people.map { .init(user: $0.user, name: $0.name, served: $0.served, noShows: $0.noShows, averageServiceSeconds: seconds($0.averageServiceSeconds)) })
            },
            institution: indicators(comparison.institution))
    }
}
