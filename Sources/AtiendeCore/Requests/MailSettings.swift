import Foundation

/// The office's SMTP server, for the confirmations of requests and the notices of lost calls
/// (`"mail"` in the office config). The user name and password are never in the config: the
/// program that sends reads them from its environment.
public struct MailSettings: Sendable, Equatable {
    /// `smtp://host:port` (STARTTLS when offered, required with a password) or `smtps://host:port`.
    public var url: String
    /// The sender, `Name <address>` or an address.
    public var from: String
    /// The authority of the server's certificate, when this machine does not trust it.
    public var caFile: String?
    /// Staff members' addresses by user name, for the notice of a lost call assigned to them.
    public var staff: [StaffUser: String]

    public init(url: String, from: String, caFile: String? = nil, staff: [StaffUser: String] = [:]) {
        self.url = url
        self.from = from
        self.caFile = caFile
        self.staff = staff
    }

    /// The bare address of `from` (`atencion@example.org` of `Defensoría <atencion@example.org>`).
    public var fromAddress: String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
        return String(from[from.index(after: open)..<close])
    }
}

extension ConfigReader {
    /// `"mail": {"url": "smtp://host:port", "from": "…", "caFile": "…", "staff": {"laura": "…"}}`.
    func mailSettings(_ node: ConfigNode) throws(ConfigError) -> MailSettings {
        let m = try fields(node, allowed: ["url", "from", "caFile", "staff"])
        let urlNode = try required(m, "url", in: node)
        let url = try string(urlNode, max: 200)
        guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://"), url.split(separator: "/").count >= 2, !url.contains(" ") else {
            throw fail(urlNode.path, "'\(url)' is not a mail server's address; write it like smtp://mail.example.org:587 or smtps://mail.example.org:465",
                       es: "'\(url)' no es la dirección de un servidor de correo: escríbala así: smtp://correo.ejemplo.org:587 o smtps://correo.ejemplo.org:465")
        }
        let fromNode = try required(m, "from", in: node)
        let from = try string(fromNode, max: 200)
        guard (try? RequestRules.emailAddress(MailSettings(url: url, from: from).fromAddress)) != nil else {
            throw fail(fromNode.path, "'\(from)' is not a sender; write it like Defensoría del Pueblo <atencion@example.org>",
                       es: "'\(from)' no es un remitente: escríbalo así: Defensoría del Pueblo <atencion@ejemplo.org>")
        }
        var staff: [StaffUser: String] = [:]
        if let staffNode = m["staff"] {
            guard case .object(let entries) = staffNode.value else {
                throw fail(staffNode.path, "must be an object of user names and addresses, like {\"laura\": \"laura@example.org\"}",
                           es: "debe ser un objeto de usuarios y correos, como {\"laura\": \"laura@ejemplo.org\"}")
            }
            for (user, value) in entries {
                let entry = ConfigNode(value: value, path: staffNode.child(user))
                let text = try string(entry, max: 254)
                guard (try? RequestRules.emailAddress(text)) != nil else {
                    throw fail(entry.path, "'\(text)' is not an email address: write it like nombre@example.org",
                               es: "'\(text)' no es un correo: escríbalo así: nombre@ejemplo.org")
                }
                staff[user] = text
            }
        }
        let caFile = try m["caFile"].map { node throws(ConfigError) in try string(node, max: 500) }
        return MailSettings(url: url, from: from, caFile: caFile, staff: staff)
    }
}
