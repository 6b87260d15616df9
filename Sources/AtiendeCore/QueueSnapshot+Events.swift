import Foundation

// A screen that hears of an event applies it to the snapshot it holds when the event
// alone says how (docs/domain.md, "What the screens are told"), so a call reaches the
// wall without reading the queue again.

extension QueueSnapshot {
    /// How many recent calls a snapshot carries: the wall shows the current call and the
    /// six before it. Every store reads this many.
    public static let recentCallCount = 7

    /// The snapshot after `event`, when the event says what changes on the screens: a
    /// ticket issued, called or recalled, a visit started, finished or missed. The line
    /// (who waits, since when, the longest wait, those past the alert and the target),
    /// the desks and the recent calls are exact, as of the event's time. The estimates,
    /// the promise, today's indicators and which tickets are listed as alerts stay as
    /// they were until the next full read. `nil` when only a full read
    /// can say: another kind of event, another day, a service or desk the snapshot does
    /// not list, a wait it cannot find.
    public func applying(_ event: TicketEvent, office: Office) -> QueueSnapshot? {
        guard event.day == day, let s = services.firstIndex(where: { $0.code == event.service }),
            services.allSatisfy({ $0.waitingSince.count == $0.waiting })
        else { return nil }
        var next = self
        switch event.kind {
        case .issued:
            next.services[s].waitingSince.append(event.at)
        case .called:
            guard let desk = event.desk, next.setDesk(desk, .called, event), let seconds = event.seconds,
                next.services[s].removeWait(began: event.at.addingTimeInterval(-seconds)) != nil
            else { return nil }
            next.recentCalls.insert(Call(number: event.number, desk: desk, at: event.at, recall: false), at: 0)
            next.alerts.removeAll { $0.number == event.number }
        case .recalled:
            guard let desk = event.desk, next.setDesk(desk, .called, event) else { return nil }
            next.recentCalls.insert(Call(number: event.number, desk: desk, at: event.at, recall: true), at: 0)
        case .started:
            guard let desk = event.desk, next.setDesk(desk, .serving, event) else { return nil }
        case .finished, .noShow:
            guard let desk = event.desk, next.setDesk(desk, .idle, event) else { return nil }
        case .transferred, .requeued, .cancelled, .expired:
            return nil
        }
        next.recentCalls = Array(next.recentCalls.prefix(Self.recentCallCount))
        // The snapshot is now as of the event: its waits count from then.
        next.takenAt = max(takenAt, event.at)
        let moved = Int(next.takenAt.timeIntervalSince(takenAt))
        for i in next.services.indices {
            next.services[i].recount(at: next.takenAt, alertAfter: TimeInterval(office.alertAtMinutes * 60), target: office.targetWait)
        }
        for i in next.alerts.indices { next.alerts[i].waitingSeconds += moved }
        return next
    }

    /// The desk's state after one of its events; false for a desk the snapshot does not list.
    private mutating func setDesk(_ id: DeskID, _ state: DeskState.Activity, _ event: TicketEvent) -> Bool {
        guard let d = desks.firstIndex(where: { $0.id == id }) else { return false }
        switch state {
        case .idle, .closed: desks[d] = DeskStatus(id: id, state: desks[d].state == .closed ? .closed : .idle)
        case .called: desks[d] = DeskStatus(id: id, state: .called, ticket: event.number, calledAt: event.at)
        case .serving: desks[d] = DeskStatus(id: id, state: .serving, ticket: event.number, calledAt: desks[d].calledAt)
        }
        return true
    }
}

extension QueueSnapshot.ServiceStatus {
    /// Takes out the wait that began at `began` (the nearest, within 10 ms: times travel
    /// to the millisecond); `nil` when no waiting ticket's did.
    mutating func removeWait(began: Date) -> Date? {
        guard let i = waitingSince.indices.min(by: { abs(waitingSince[$0].timeIntervalSince(began)) < abs(waitingSince[$1].timeIntervalSince(began)) }),
            abs(waitingSince[i].timeIntervalSince(began)) < 0.01
        else { return nil }
        return waitingSince.remove(at: i)
    }

    /// The figures of the line from the waits, as of `now` (the snapshot's time).
    mutating func recount(at now: Date, alertAfter: TimeInterval, target: TimeInterval) {
        waitingSince.sort()
        waiting = waitingSince.count
        let waits = waitingSince.map { now.timeIntervalSince($0) }
        longestWaitSeconds = max(0, Int(waits.max() ?? 0))
        pastAlert = waits.count { $0 > alertAfter }
        pastTarget = waits.count { $0 > target }
    }
}
