import AtiendeCore
import Foundation

// The queue in memory's requests from every channel, as the stores keep them.
extension InMemoryQueue: RequestBook {
    public func register(_ draft: RequestDraft, by staff: StaffUser?) async throws -> (request: ServiceRequest, link: String) {
        try registerNow(draft, by: staff)
    }

    /// Numbers, decides and keeps a request (a visit's finish opens one too).
    func registerNow(_ draft: RequestDraft, by staff: StaffUser?) throws -> (request: ServiceRequest, link: String) {
        let now = time.now(), year = current.calendar.day(of: now).year
        let last = requests.filter { $0.request.number.year == year }.map(\.request.number.sequence).max() ?? 0
        var request = try RequestRules.register(draft, office: current, at: now, by: staff, lastSequence: last)
        let link = VisitToken.make()
        request.link = link
        requests.append((request, link))
        return (request, link)
    }

    public func request(_ number: RequestNumber) async throws -> ServiceRequest? {
        requests.first { $0.request.number == number }?.request
    }

    public func request(link: String) async throws -> ServiceRequest? {
        requests.first { $0.link == link }?.request
    }

    public func requestReport(from: LocalDay, to: LocalDay) async throws -> RequestReport {
        RequestReport.make(requests.map(\.request), from: from, to: to, calendar: current.calendar, now: time.now())
    }

    public func openRequests() async throws -> [ServiceRequest] {
        requests.map(\.request).filter { $0.firstContactAt == nil }.sorted { ($0.deadline, $0.number) < ($1.deadline, $1.number) }
    }

    public func recordContact(_ number: RequestNumber, result: ContactResult, note: String?, next: Date?, by staff: StaffUser?) async throws -> ServiceRequest {
        guard let index = requests.firstIndex(where: { $0.request.number == number }) else { throw RequestError.unknownRequest(number.description) }
        let after = try RequestRules.contact(requests[index].request, result: result, note: note, next: next, at: time.now(), by: staff)
        requests[index].request = after
        return after
    }
}
