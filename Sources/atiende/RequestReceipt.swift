import AtiendeCore
import Foundation
import KioskModel

/// A request's acknowledgement of receipt (the seminario, p. 38: a written note gets a copy
/// with an acknowledgement of receipt), in the words the core gives (`RequestWords.receipt`):
/// as text, as a printable A4 page, and as the ticket printer's content.
struct RequestReceipt {
    let office: Office
    let request: ServiceRequest
    let receivedBy: String?
    /// The person's page, as an address (a path when the office has no public address).
    let link: String?

    var words: RequestWords { RequestWords(office: office) }
    var lines: [String] { words.receipt(request, receivedBy: receivedBy, link: link) }

    /// An A4 page: the office, the number large, what was received and the promise, and
    /// a line to sign.
    var page: String {
        let all = lines, es = words.language == .es
        let title = all[0] + " · " + request.number.description
        let body = """
            <p class="sub">\(ReportPage.escape(all[1]))</p><h1>\(ReportPage.escape(all[0]))</h1>
            <p style="font-size:2.4rem;font-weight:700;margin:.6rem 0">\(ReportPage.escape(request.number.description))</p>
            \(all[3...].map { "<p>\(ReportPage.escape($0))</p>" }.joined())
            <p style="margin-top:4rem">______________________________<br>\(es ? "Firma y sello de quien recibe" : "Signature and stamp of the receiver")</p>
            """
        return ReportPage.frame(title: ReportPage.escape(title), language: words.language, body: body)
    }

    /// What the kiosk's printer prints for a ticket, filled with the receipt: the number in
    /// double size, the promise, and the link as a QR code.
    var ticket: TicketPrint.Content {
        let all = lines, es = words.language == .es
        return TicketPrint.Content(
            office: office.name[words.language], greeting: all[0], number: request.number.description,
            service: all[4], dateTime: all[3], ahead: all[5], estimate: words.promise(request),
            keep: all.last ?? "", link: link, follow: es ? "Siga su solicitud con su teléfono:" : "Follow your request on your phone:")
    }
}
