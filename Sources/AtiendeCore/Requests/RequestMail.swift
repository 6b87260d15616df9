import Foundation

/// A message the office sends, decided here and sent by whoever has the mail server.
public struct OutgoingMail: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// To the person: their request was received, with its number and the promise.
        case confirmation
        /// To the official a lost call is assigned to: call back at once.
        case lostCall
    }

    public var kind: Kind
    public var to: [String]
    public var subject: String
    public var body: String

    public init(kind: Kind, to: [String], subject: String, body: String) {
        self.kind = kind
        self.to = to
        self.subject = subject
        self.body = body
    }
}

extension RequestRules {
    /// What a new request sends (docs/domain.md, "Requests and the 24-hour promise"): the
    /// person who gave an email gets the confirmation at once, in the office's language; a
    /// lost call assigned to someone whose address the office's mail section names is
    /// emailed to them. Nothing without a mail server.
    /// - Parameters:
    ///   - link: the person's page, as an address.
    ///   - console: the requests page, as an address, for the official's notice.
    public static func mails(onRegistering request: ServiceRequest, office: Office, link: String?, console: String?) -> [OutgoingMail] {
        guard let mail = office.mail else { return [] }
        let words = RequestWords(office: office)
        var out: [OutgoingMail] = []
        if let email = request.email {
            let (subject, body) = words.confirmation(request, link: link)
            out.append(OutgoingMail(kind: .confirmation, to: [email], subject: subject, body: body))
        }
        if request.channel == .lostCall, let assignee = request.assignee, let address = mail.staff[assignee] {
            let (subject, body) = words.lostCallNotice(request, consoleLink: console)
            out.append(OutgoingMail(kind: .lostCall, to: [address], subject: subject, body: body))
        }
        return out
    }
}
