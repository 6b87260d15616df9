import Foundation

/// One office of an institution as its page of offices shows it now (docs/domain.md, "One
/// institution, many offices"): how many wait, the longest wait against the office's own
/// target, the desks open, and the promise's projection, from the office's snapshot.
public struct OfficeNow: Sendable, Equatable {
    public var office: String
    public var name: String
    public var targetMinutes: Int
    public var waiting: Int
    public var longestWaitSeconds: Int
    /// Waiting past the office's target now.
    public var pastTarget: Int
    public var desksOpen: Int
    public var desks: Int
    public var issuedToday: Int
    /// The share of today's visitors the promise's projection expects within the target;
    /// `nil` when nothing is measured or projected yet.
    public var projectedPercent: Double?
    public var thresholdPercent: Int
    /// Below the threshold, or someone waiting past the target: what needs looking at.
    public var needsAttention: Bool { pastTarget > 0 || (projectedPercent.map { $0 < Double(thresholdPercent) } ?? false) }

    public init(office: String, config: Office, snapshot: QueueSnapshot) {
        self.office = office
        name = config.name[config.defaultLanguage]
        targetMinutes = config.targetWaitMinutes
        waiting = snapshot.services.reduce(0) { $0 + $1.waiting }
        longestWaitSeconds = snapshot.services.map(\.longestWaitSeconds).max() ?? 0
        pastTarget = snapshot.services.reduce(0) { $0 + $1.pastTarget }
        desksOpen = snapshot.desks.count { $0.state != .closed }
        desks = snapshot.desks.count
        issuedToday = snapshot.today.issued
        projectedPercent = snapshot.promise?.projectedWithinTargetPercent
        thresholdPercent = snapshot.promise?.thresholdPercent ?? config.promiseThresholdPercent
    }
}
