import AtiendeCore
import Foundation

/// The queue in memory: the core's rules (numbering, the life of a ticket, the call rule,
/// the estimate, the indicators) with nothing stored, so the server's routes can be tested
/// in process without a file or a socket. It behaves as the SQLite store does; a test runs
/// the same steps on both and compares. Nothing is kept when it goes away.
public actor InMemoryQueue: QueueService, EventLog {
    public nonisolated let time: TimeSource
    var configJSON: String
    var current: Office
    var versions: [ConfigVersion] = []
    /// Every office applied, with when (the first from the start of time): reports' names.
    var history: [(appliedAt: Date, office: Office)] = []
    /// Every day's tickets, in the order they were issued.
    private var tickets: [Ticket] = []
    /// Visit links: token → the ticket's day and number.
    private var visits: [String: (LocalDay, TicketNumber)] = [:]
    /// Idempotency keys of today's tickets.
    private var keys: [String: (LocalDay, TicketNumber)] = [:]
    /// Visitors' answers, by token, in the order given.
    private var answers: [(token: String, feedback: Feedback)] = []
    /// The day up to which what is past its time was forgotten (`beginWrite`).
    private var forgottenUpTo: LocalDay?
    private var log: [LoggedEvent] = []
    /// How many of the next reads fail (`failReads`).
    private var unreadableReads = 0
    var open: [DeskID: Bool]
    private var devices: [String: (report: DeviceReport, seenAt: Date)] = [:]
    var staff: [StaffUser: (account: StaffAccount, passwordHash: String)] = [:]
    var sessions: [String: (session: StaffSession, endedAt: Date?)] = [:]
    var seats: [(span: DeskPresence, tokenHash: String)] = []
    /// Requests from every channel, in the order registered, with their links.
    var requests: [(request: ServiceRequest, link: String)] = []
    /// The desks' calls for a supervisor, in the order they were made.
    var supportLog: [SupportCall] = []
    private var watchers: [Int: AsyncStream<QueueChange>.Continuation] = [:]
    private var nextWatcher = 0

    /// - Parameter config: the office config (JSON), checked as `atiende init` checks it.
    public init(config: String, time: TimeSource) throws(ConfigError) {
        current = try OfficeConfig.parse(Data(config.utf8), file: "office config")
        configJSON = config
        self.time = time
        open = Dictionary(uniqueKeysWithValues: current.desks.map { ($0.id, true) })
        history = [(.distantPast, current)]
    }

    // MARK: Operations

    public func office() async throws -> Office { current }

    public func issue(service code: ServiceCode, preferential: Bool, firstName: String?, key: String?) async throws -> TicketPlace {
        let asked = try IssueRequest(service: code, preferential: preferential, firstName: firstName, key: key)
        let now = time.now()
        try beginWrite(now)
        // Keys are for their day: at the day's first ticket, the earlier days' go.
        let day = current.calendar.day(of: now)
        if let any = keys.first, any.value.0 != day { keys = keys.filter { $0.value.0 == day } }
        let known = asked.key.flatMap { keys[$0] }.flatMap { known in tickets.first { $0.day == known.0 && $0.number == known.1 } }
        let decision = try current.issue(asked, at: now, known: known) { service in
            tickets.filter { $0.day == day && $0.number.service == service }.map(\.number.sequence).max() ?? 0
        }
        switch decision {
        case .again(let ticket):
            var answer = place(of: ticket, now: now)
            answer.visitToken = visits.first { $0.value.0 == day && $0.value.1 == ticket.number }?.key
            return answer
        case .new(let ticket, let event):
            tickets.append(ticket)
            record(event)
            let token = VisitToken.make()
            visits[token] = (day, ticket.number)
            if let key = asked.key { keys[key] = (day, ticket.number) }
            var answer = place(of: ticket, now: now)
            answer.visitToken = token
            return answer
        }
    }

    public func callNext(desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange? {
        let now = time.now()
        try beginWrite(now)
        let state = try deskState(desk)
        let desks = try current.requireDesk(desk).services
        let served = staff?.calls(from: desks) ?? desks
        let waiting = tickets.filter { $0.state == .waiting && served.contains($0.queueService) }
        guard case (let ticket, var event)? = try DeskRules(office: current).callNext(state, waiting: waiting, at: now) else { return nil }
        event.staff = staff?.user
        return save(ticket, event)
    }

    public func call(_ number: TicketNumber, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        let now = time.now()
        try beginWrite(now)
        let state = try deskState(desk)
        let (ticket, called) = try DeskRules(office: current).call(try todays(number, now), from: state, at: now)
        var event = called
        event.staff = staff?.user
        return save(ticket, event)
    }

    public func act(_ action: DeskAction, desk: DeskID, by staff: StaffAccount?) async throws -> TicketChange {
        let now = time.now()
        try beginWrite(now)
        var (ticket, event) = try DeskRules(office: current).act(
            action.ticketAction, on: try deskState(desk), at: now, outcome: current.privacy.kept(action.outcome))
        event.staff = staff?.user
        var change = save(ticket, event)
        if let draft = RequestRules.fromVisit(ticket, outcome: current.privacy.kept(action.outcome), office: current) {
            change.request = try registerNow(draft, by: staff?.user).request.number
        }
        return change
    }

    public func cancel(_ number: TicketNumber, by staff: StaffAccount?) async throws -> TicketChange {
        let now = time.now()
        try beginWrite(now)
        var ticket = try todays(number, now)
        var event = try ticket.apply(.cancel, at: now)
        event.staff = staff?.user
        return save(ticket, event)
    }

    public func move(_ number: TicketNumber, to code: ServiceCode, by staff: StaffAccount?) async throws -> TicketChange {
        let now = time.now()
        try beginWrite(now)
        let (ticket, event) = try DeskRules(office: current).move(try todays(number, now), to: code, at: now, by: staff?.user)
        return save(ticket, event)
    }

    public func setDesk(_ id: DeskID, open isOpen: Bool) async throws -> DeskState {
        try beginWrite(time.now())
        var state = try deskState(id)
        if !isOpen { try DeskRules(office: current).checkCanClose(state) }
        open[state.id] = isOpen
        state.isOpen = isOpen
        notify()
        return state
    }

    public func report(_ device: DeviceReport) async throws {
        let now = time.now()
        var report = try device.checked()
        report.since = now
        let stored = report.following(devices[report.device]?.report)
        let changed = stored != devices[report.device]?.report
        devices[report.device] = (stored, now)
        if changed { notify() }
    }

    // MARK: Reading

    public func visit(_ token: String) async throws -> TicketPlace? {
        guard let (day, number) = visits[token], let ticket = tickets.first(where: { $0.day == day && $0.number == number }) else { return nil }
        var answer = ticket.state == .waiting ? place(of: ticket, now: time.now()) : TicketPlace(ticket: ticket, ahead: 0, estimatedWaitMinutes: nil)
        answer.feedbackGiven = answers.contains { $0.token == token }
        return answer
    }

    public func giveFeedback(_ token: String, _ feedback: Feedback) async throws {
        try beginWrite(time.now())
        guard let place = try await visit(token) else { throw QueueError.visitNotFound }
        try FeedbackRule.check(place.ticket, alreadyGiven: place.feedbackGiven)
        answers.append((token, current.privacy.kept(feedback)))
    }

    public func rateLastVisit(desk: DeskID, _ feedback: Feedback) async throws -> TicketNumber {
        _ = try current.requireDesk(desk)
        let day = today(time.now())
        guard let last = log.last(where: { $0.event.kind == .finished && $0.event.desk == desk && $0.event.day == day })?.event,
            let token = visits.first(where: { $0.value.0 == last.day && $0.value.1 == last.number })?.key
        else { throw QueueError.noVisitToRate(desk) }
        try await giveFeedback(token, feedback)
        return last.number
    }

    public func lookup(_ number: TicketNumber) async throws -> TicketPlace? {
        let now = time.now()
        guard let ticket = tickets.first(where: { $0.day == today(now) && $0.number == number }) else { return nil }
        guard ticket.state == .waiting else { return TicketPlace(ticket: ticket, ahead: 0, estimatedWaitMinutes: nil) }
        return place(of: ticket, now: now)
    }

    public func snapshot() async throws -> QueueSnapshot {
        try failIfAsked()
        let now = time.now()
        let day = today(now)
        let began = current.calendar.start(of: day)
        // The day's tickets, and the visits carried over midnight (docs/domain.md).
        let todays = tickets.filter { $0.day == day || ($0.day < day && $0.outlivesDayChange(dayBegan: began)) }
        let events = log.map(\.event).filter { $0.day == day }
        // Newest first, as the wall display lists them.
        let calls = events.filter { $0.kind == .called || $0.kind == .recalled }.suffix(QueueSnapshot.recentCallCount).reversed()
            .map { QueueSnapshot.Call(number: $0.number, desk: $0.desk ?? "", at: $0.at, recall: $0.kind == .recalled) }
        var snapshot = QueueSnapshot.make(
            office: current, now: now, tickets: todays, desks: current.desks.map { deskState(of: $0.id) },
            finishes: events.filter { $0.kind == .finished }, recentCalls: Array(calls), serviceTimes: serviceTimes())
        snapshot.devices = DeviceReport.ordered(devices.values.filter { now.timeIntervalSince($0.seenAt) < DeviceReport.shownFor }.map(\.report))
        snapshot.requestsOverdue = requests.count { $0.request.promise(at: now) == .overdue }
        snapshot.eventID = Int64(log.count)
        return snapshot
    }

    public func report(from: LocalDay, to: LocalDay) async throws -> RangeReport {
        let now = time.now()
        let today = current.calendar.day(of: now)
        let spans = presence(from: from, to: to)
        let compute = { (tickets: [Ticket], events: [TicketEvent], live: Date?, days: ClosedRange<LocalDay>) in
            var report = IndicatorReport.compute(
                tickets: tickets, finishes: events.filter { $0.kind == .finished }, target: self.current.targetWait,
                calendar: self.current.calendar, now: live,
                feedback: self.answers.compactMap { answer in
                    self.visits[answer.token].map { (day: $0.0, number: $0.1, feedback: answer.feedback) }
                })
            report.names = ReportNames.inForce(self.history, until: self.current.calendar.end(of: days.upperBound))
            report.staff = StaffIndicators.compute(
                events: events, presence: spans.filter { days.contains(self.current.calendar.day(of: $0.since)) }, now: live,
                names: self.staff.mapValues(\.account.name))
            return report
        }
        let inSpan = tickets.filter { (from...to).contains($0.day) }
        let events = log.map(\.event).filter { (from...to).contains($0.day) }
        let total = compute(inSpan, events, (from...to).contains(today) ? now : nil, from...to)
        guard from < to else { return RangeReport(from: from, to: to, total: total, days: [.init(day: from, report: total)]) }
        let days = Set(inSpan.map(\.day)).sorted().map { day in
            RangeReport.Day(day: day, report: compute(
                inSpan.filter { $0.day == day }, events.filter { $0.day == day }, day == today ? now : nil, day...day))
        }
        return RangeReport(from: from, to: to, total: total, days: days)
    }

    /// Each event as it is logged; `.unknown` at the start and for every other change.
    public nonisolated func changes() -> AsyncStream<QueueChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: QueueChange.self)
        Task { await self.watch(continuation) }
        return stream
    }

    // MARK: EventLog

    public nonisolated func commits() -> AsyncStream<Void> {
        let changes = changes()
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task {
                for await _ in changes { continuation.yield() }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func events(after id: Int64, limit: Int) async throws -> [LoggedEvent] {
        try failIfAsked()
        return Array(log.drop { $0.id <= id }.prefix(limit))
    }

    /// The next `count` reads of the log or of a snapshot fail as a locked file does, for
    /// tests of what a reader does when the queue cannot be read for a moment.
    public func failReads(_ count: Int) { unreadableReads = count }

    private func failIfAsked() throws(QueueUnavailable) {
        guard unreadableReads > 0 else { return }
        unreadableReads -= 1
        throw QueueUnavailable(.busy, "the queue cannot be read for a moment (a test asked for it)")
    }

    public func lastEventID() async throws -> Int64 { log.last?.id ?? 0 }

    public func setupVersion() async throws -> SetupVersion {
        SetupVersion(
            configID: Int64(versions.count + 1), openDesks: open, devices: Self.version(of: devices.values.map(\.report)),
            support: supportLog.filter(\.isOpen).map { String($0.id) }.joined(separator: ","))
    }

    /// A text that changes when a device's state does.
    static func version(of reports: [DeviceReport]) -> String {
        reports.sorted { $0.device < $1.device }.map { "\($0.device)=\($0.printer.rawValue):\($0.detail ?? "")" }.joined(separator: "\n")
    }

    public func versionedOffice() async throws -> (version: Int64, office: Office) { (Int64(versions.count + 1), current) }

    public func storedConfig() async throws -> (id: Int64, json: String) { (Int64(versions.count + 1), configJSON) }

    public func waitingTickets(limit: Int) async throws -> [Ticket] {
        let day = today(time.now())
        return Array(tickets.filter { $0.state == .waiting && $0.day == day }.sorted { $0.issuedAt < $1.issuedAt }.prefix(limit))
    }

    public func deskLine(_ id: DeskID) async throws -> (desk: DeskState, waiting: [Ticket]) {
        let desk = try current.requireDesk(id)
        let day = today(time.now())
        let waiting = tickets.filter { $0.state == .waiting && $0.day == day && desk.services.contains($0.queueService) }
        return (deskState(of: desk.id), waiting.sorted(by: current.callRule.precedes))
    }

    public func tidy() async -> String? { nil }

    // MARK: Pieces

    private func today(_ now: Date) -> LocalDay { current.calendar.day(of: now) }

    private func todays(_ number: TicketNumber, _ now: Date) throws(QueueError) -> Ticket {
        guard let ticket = tickets.first(where: { $0.day == today(now) && $0.number == number }) else {
            throw .ticketNotFound(number.description)
        }
        return ticket
    }

    private func deskState(_ id: DeskID) throws(QueueError) -> DeskState {
        deskState(of: try current.requireDesk(id).id)
    }

    /// A desk's current ticket may be from before midnight (a visit under way).
    private func deskState(of id: DeskID) -> DeskState {
        DeskState(id: id, isOpen: open[id] ?? false, current: tickets.first { ($0.state == .called || $0.state == .serving) && $0.desk == id })
    }

    /// As the store does on every write: earlier days' tickets nobody started expire.
    /// Every ticket waiting, called or being served, once the day's expiries are done.
    func openTickets() throws -> [Ticket] {
        try beginWrite(time.now())
        return tickets.filter(\.state.isOpen)
    }

    /// What every write does first, as the file does: the new day's expiries, and what the
    /// privacy settings say is past its time forgotten (once a day).
    private func beginWrite(_ now: Date) throws {
        try expireEarlierDays(now)
        let day = today(now)
        guard forgottenUpTo != day else { return }
        forgottenUpTo = day
        let horizon = current.privacy.horizon(now: now, calendar: current.calendar)
        for index in requests.indices { requests[index].request = requests[index].request.kept(horizon, calendar: current.calendar) }
        for index in tickets.indices where tickets[index].firstName != nil && tickets[index].day < horizon.firstNames {
            tickets[index] = tickets[index].forgettingFirstName
        }
        for index in log.indices where log[index].event.outcome?.note != nil && log[index].event.day < horizon.notes {
            log[index].event.outcome?.note = nil
        }
        for index in answers.indices where answers[index].feedback.comment != nil {
            if let (day, _) = visits[answers[index].token], day < horizon.comments { answers[index].feedback.comment = nil }
        }
    }

    private func expireEarlierDays(_ now: Date) throws {
        for (index, ticket, event) in Ticket.expiring(tickets, at: now, calendar: current.calendar) {
            tickets[index] = ticket
            record(event)
        }
    }

    private func save(_ ticket: Ticket, _ event: TicketEvent) -> TicketChange {
        if let index = tickets.firstIndex(where: { $0.day == ticket.day && $0.number == ticket.number }) { tickets[index] = ticket }
        record(event)
        return TicketChange(ticket: ticket, event: event)
    }

    private func record(_ event: TicketEvent) {
        let logged = LoggedEvent(id: Int64(log.count + 1), event: event)
        log.append(logged)
        notify(.events([logged]))
    }

    /// The people ahead and the estimate, as the store answers them.
    private func place(of ticket: Ticket, now: Date) -> TicketPlace {
        let queue = tickets.filter { $0.state == .waiting && $0.day == ticket.day && $0.queueService == ticket.queueService }
        let ahead = current.callRule.ahead(of: ticket, among: queue)
        let waiting = tickets.filter { $0.state == .waiting && $0.day == ticket.day }
        let estimate = WaitForecast(office: current, recentServiceSeconds: serviceTimes())
            .minutes(until: ticket, waiting: waiting, desks: current.desks.map { deskState(of: $0.id) }, office: current, now: now)
        return TicketPlace(ticket: ticket, ahead: ahead, estimatedWaitMinutes: estimate)
    }

    /// Recent service times per service, oldest first.
    private func serviceTimes() -> [ServiceCode: [Double]] {
        var times: [ServiceCode: [Double]] = [:]
        for logged in log where logged.event.kind == .finished {
            times[logged.event.service, default: []].append(logged.event.seconds ?? 0)
        }
        return times.mapValues { Array($0.suffix(WaitEstimate.recentWindow)) }
    }

    private func watch(_ continuation: AsyncStream<QueueChange>.Continuation) {
        let id = nextWatcher
        nextWatcher += 1
        watchers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unwatch(id) } }
        continuation.yield(.unknown)
    }

    private func unwatch(_ id: Int) { watchers.removeValue(forKey: id) }

    func notify(_ change: QueueChange = .unknown) {
        for continuation in watchers.values { continuation.yield(change) }
    }
}
