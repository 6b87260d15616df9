import AtiendeCore
import CCurl
import Foundation

/// Sends the office's mail through its SMTP server with libcurl (Debian's libcurl4, the
/// OpenSSL flavour): TLS from the start for `smtps://`, STARTTLS for `smtp://` (required
/// when a password is given), the password from the environment, never from the config.
public struct SMTPSender: Sendable {
    public var settings: MailSettings
    public var credentials: MailCredentials

    public init(settings: MailSettings, credentials: MailCredentials) {
        self.settings = settings
        self.credentials = credentials
    }

    /// Sends one message, waiting for the server's answer off the shared pool (a slow mail
    /// server holds a thread of its own, not one of the few that serve requests).
    public func send(_ mail: OutgoingMail, at date: Date) async throws(MailFailure) {
        let message = Self.compose(mail, from: settings.from, date: date)
        let result: Result<Void, MailFailure> = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: Result { () throws(MailFailure) in try transfer(message, to: mail.to) }) }
        }
        try result.get()
    }

    /// The message as RFC 5322 text: UTF-8 words in the subject (RFC 2047), the body in base64.
    static func compose(_ mail: OutgoingMail, from: String, date: Date) -> Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let domain = MailSettings(url: "", from: from).fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        let body = Data(mail.body.replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "Date: " + formatter.string(from: date),
            "From: " + encodedPhrase(from),
            "To: " + mail.to.joined(separator: ", "),
            "Subject: " + encodedWord(mail.subject),
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        return Data((headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n").utf8)
    }

    static func encodedWord(_ text: String) -> String {
        text.allSatisfy { $0.isASCII && !$0.isNewline } ? text : "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    /// `Defensoría <a@b.org>`: the name as an encoded word, the address as it is.
    static func encodedPhrase(_ from: String) -> String {
        guard let open = from.lastIndex(of: "<") else { return from }
        let name = from[..<open].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? String(from[open...]) : encodedWord(name) + " " + from[open...]
    }

    /// One SMTP transaction with libcurl's easy interface.
    private func transfer(_ message: Data, to recipients: [String]) throws(MailFailure) {
        guard let curl = curl_easy_init() else { throw MailFailure("libcurl could not start a transfer") }
        defer { curl_easy_cleanup(curl) }
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        let source = MessageSource(message)
        let context = Unmanaged.passRetained(source)
        defer { context.release() }
        var error = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE))
        let tls = settings.url.hasPrefix("smtps://") ? CURLUSESSL_ALL : (credentials.password == nil ? CURLUSESSL_TRY : CURLUSESSL_ALL)
        var codes = [
            atiende_curl_text(curl, CURLOPT_URL, settings.url),
            atiende_curl_text(curl, CURLOPT_MAIL_FROM, "<\(settings.fromAddress)>"),
            atiende_curl_list(curl, CURLOPT_MAIL_RCPT, list),
            atiende_curl_number(curl, CURLOPT_UPLOAD, 1),
            atiende_curl_number(curl, CURLOPT_USE_SSL, Int(tls.rawValue)),
            atiende_curl_number(curl, CURLOPT_CONNECTTIMEOUT, 10),
            atiende_curl_number(curl, CURLOPT_TIMEOUT, 30),
            atiende_curl_number(curl, CURLOPT_NOSIGNAL, 1),
            atiende_curl_reader(curl, { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                return Unmanaged<MessageSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: size * count)
            }),
            atiende_curl_pointer(curl, CURLOPT_READDATA, context.toOpaque()),
        ]
        if let caFile = settings.caFile { codes.append(atiende_curl_text(curl, CURLOPT_CAINFO, caFile)) }
        if let user = credentials.user { codes.append(atiende_curl_text(curl, CURLOPT_USERNAME, user)) }
        if let password = credentials.password { codes.append(atiende_curl_text(curl, CURLOPT_PASSWORD, password)) }
        if let failed = codes.first(where: { $0 != CURLE_OK }) {
            throw MailFailure("libcurl refused a setting: " + String(cString: curl_easy_strerror(failed)))
        }
        // libcurl writes its words about a failure here, during the transfer only.
        let code = error.withUnsafeMutableBufferPointer { buffer in
            _ = atiende_curl_pointer(curl, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            defer { _ = atiende_curl_pointer(curl, CURLOPT_ERRORBUFFER, nil) }
            return curl_easy_perform(curl)
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw MailFailure.explain(code, detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail, url: settings.url)
        }
    }
}

/// The message, handed to libcurl as it asks for it.
private final class MessageSource: @unchecked Sendable {
    let bytes: [UInt8]
    var offset = 0

    init(_ data: Data) { bytes = [UInt8](data) }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// The user name and password for the mail server, from the environment:
/// `ATIENDE_MAIL_USER`, and `ATIENDE_MAIL_PASSWORD` or `ATIENDE_MAIL_PASSWORD_FILE`.
public struct MailCredentials: Sendable, Equatable {
    public var user: String?
    public var password: String?

    public init(user: String? = nil, password: String? = nil) {
        self.user = user
        self.password = password
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(MailFailure) -> MailCredentials {
        var credentials = MailCredentials(user: environment["ATIENDE_MAIL_USER"].flatMap { $0.isEmpty ? nil : $0 })
        if let password = environment["ATIENDE_MAIL_PASSWORD"], !password.isEmpty {
            credentials.password = password
        } else if let file = environment["ATIENDE_MAIL_PASSWORD_FILE"], !file.isEmpty {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw MailFailure("cannot read the mail password file \(file) (ATIENDE_MAIL_PASSWORD_FILE): check its path and that this user may read it",
                                  es: "no se puede leer el archivo de la contraseña del correo \(file) (ATIENDE_MAIL_PASSWORD_FILE): revise la ruta y que este usuario pueda leerlo")
            }
            credentials.password = text.trimmingCharacters(in: .newlines)
        }
        return credentials
    }
}

/// A message that could not be sent, in one line that says what to check, in English and
/// in Spanish (`description(in:)`).
public struct MailFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    var spanish: String

    public init(_ description: String, es: String? = nil) {
        self.description = description
        spanish = es ?? description
    }

    public func description(in language: Language) -> String { language == .es ? spanish : description }

    static func explain(_ code: CURLcode, _ detail: String, url: String) -> MailFailure {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT:
            MailFailure("the mail server at \(url) cannot be reached (\(detail)): check the office config's mail.url and that the server runs",
                        es: "no se puede llegar al servidor de correo \(url) (\(detail)): revise mail.url en la configuración de la oficina y que el servidor esté en marcha")
        case CURLE_LOGIN_DENIED:
            MailFailure("the mail server refused the user name or password (\(detail)): check ATIENDE_MAIL_USER and ATIENDE_MAIL_PASSWORD",
                        es: "el servidor de correo rechazó el usuario o la contraseña (\(detail)): revise ATIENDE_MAIL_USER y ATIENDE_MAIL_PASSWORD")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            MailFailure("the mail server's certificate is not trusted by this machine (\(detail)): give its authority with mail.caFile",
                        es: "este equipo no confía en el certificado del servidor de correo (\(detail)): indique su autoridad con mail.caFile")
        case CURLE_USE_SSL_FAILED:
            MailFailure("the mail server does not offer TLS (\(detail)): a password is never sent without it; use smtps:// or a server with STARTTLS",
                        es: "el servidor de correo no ofrece TLS (\(detail)): nunca se envía una contraseña sin él; use smtps:// o un servidor con STARTTLS")
        default:
            MailFailure("the mail server did not take the message (\(detail)): check the office config's mail section",
                        es: "el servidor de correo no aceptó el mensaje (\(detail)): revise la sección mail de la configuración de la oficina")
        }
    }
}

extension SMTPSender {
    /// How sending a request's mail went: what the staff member is told.
    public enum Outcome: String, Sendable {
        /// The person's confirmation went out.
        case sent
        /// Something could not be sent (`problem` says why).
        case failed
        /// Nothing for the person: no email given, or no mail server.
        case none
    }

    /// Sends what a new request sends (`RequestRules.mails`) through the office's mail server,
    /// with the credentials in the environment; the request is kept whatever happens here.
    /// - Returns: how it went, and the problem in `language` (the office's) when it failed.
    public static func deliver(_ mails: [OutgoingMail], office: Office, at now: Date, language: Language? = nil) async -> (outcome: Outcome, problem: String?) {
        guard let settings = office.mail, !mails.isEmpty else { return (.none, nil) }
        do {
            let sender = SMTPSender(settings: settings, credentials: try MailCredentials.fromEnvironment())
            for mail in mails { try await sender.send(mail, at: now) }
            return (mails.contains { $0.kind == .confirmation } ? .sent : .none, nil)
        } catch {
            return (.failed, error.description(in: language ?? office.defaultLanguage))
        }
    }
}
