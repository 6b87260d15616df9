import Foundation

/// A kiosk's `Idempotency-Key`: one per touch, kept for its day only (see docs/domain.md).
/// The same request under the same key the same day gets the ticket it first issued; a
/// different one (another service, attention or first name) is refused.
public enum IssueKey {
    /// The longest key taken, in code points as JSON Schema counts them: a UUID is 36.
    /// Keys of 60 KB were accepted and kept forever.
    public static let maxLength = 200

    /// The key as kept: `nil` for none or a blank one; a key too long, or with anything but
    /// visible ASCII other than ',' and '%' (what a header field carries as it is: a comma
    /// splits a header's values, a '%' is decoded), is refused.
    public static func checked(_ key: String?) throws(QueueError) -> String? {
        guard let key = key?.trimmingCharacters(in: .whitespaces), !key.isEmpty else { return nil }
        guard key.unicodeScalars.count <= maxLength,
            key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "," && $0 != "%" }) else {
            throw .invalidIdempotencyKey(maxLength)
        }
        return key
    }

    /// Whether `known`, issued today under `key`, answers this request again; throws when
    /// the request asks for something else. `firstName` is the cleaned name asked for, and
    /// `keepsNames` whether the office keeps names at all (else none was stored).
    public static func answer(
        _ key: String, known: Ticket, service: ServiceCode, preferential: Bool, firstName: String?, keepsNames: Bool
    ) throws(QueueError) {
        guard known.number.service == service, known.preferential == preferential, !keepsNames || known.firstName == firstName else {
            throw .idempotencyKeyReused(key, ticket: known.number)
        }
    }
}
