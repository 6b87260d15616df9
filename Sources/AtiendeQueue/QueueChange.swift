import AtiendeCore

/// What changed in the queue, as far as whoever tells knows (`QueueService.changes()`).
public enum QueueChange: Sendable, Equatable {
    /// Anything may have changed (the start, a reconnection, a change of desks, devices
    /// or config, a restored file): read everything again.
    case unknown
    /// These ticket events were logged, oldest first, and nothing else changed.
    case events([LoggedEvent])
}

/// The snapshot a screen holds, kept current by the changes it hears of: events it can
/// apply change it at once (`QueueSnapshot.applying`), anything else asks for a full read.
public struct FollowedSnapshot: Sendable {
    public private(set) var snapshot: QueueSnapshot?
    /// Events applied since the last full read, whose other figures a read will bring.
    public private(set) var appliedSinceRead = 0

    public init() {}

    /// What a change means for the screen.
    public enum Outcome: Sendable, Equatable {
        /// Nothing it shows changed (events the snapshot already had).
        case unchanged
        /// The snapshot changed; a full read later brings the figures the events leave as they were.
        case applied
        /// Only a full read can say what the screen must show.
        case needsRead
    }

    /// A full read: the snapshot as the store gave it.
    public mutating func read(_ snapshot: QueueSnapshot) {
        self.snapshot = snapshot
        appliedSinceRead = 0
    }

    public mutating func apply(_ change: QueueChange, office: Office?) -> Outcome {
        guard case .events(let events) = change, let office, var current = snapshot, let through = current.eventID else { return .needsRead }
        var outcome = Outcome.unchanged
        var last = through
        for logged in events where logged.id > last {
            // A gap means events were missed: only a read knows what they did.
            guard logged.id == last + 1, var next = current.applying(logged.event, office: office) else { return .needsRead }
            next.eventID = logged.id
            current = next
            last = logged.id
            outcome = .applied
            appliedSinceRead += 1
        }
        snapshot = current
        return outcome
    }
}
