import Foundation

extension QueueJSON {
    /// An error answer of the API: `{"error": "<what to do>", "reason": "<kind>"}`. The
    /// message is the same one line the command line prints; `reason` is for programs:
    /// the queue's refusal (`deskBusy`, `ticketNotFound`, … see `QueueError.code`),
    /// `unavailable.<why>` for a 503, or `badRequest`, `unauthorized`, `forbidden`, `notFound`.
    public static func error(_ message: String, reason: String) -> JSONText {
        .object([("error", .string(message.split(whereSeparator: \.isNewline).joined(separator: " "))), ("reason", .string(reason))])
    }

    public static func readError(_ json: JSONFields) -> (message: String, reason: String)? {
        guard let message = try? json.string("error") else { return nil }
        return (message, (try? json.optionalString("reason")) ?? "refused")
    }
}
