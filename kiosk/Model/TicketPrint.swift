import QRCode

/// A ticket as ESC/POS bytes for a receipt printer: office name, greeting, the number
/// in double size, service, date and time, people ahead, the estimate, the visit link as
/// a QR code, then a cut. Text goes out in code page 858 (PC858), which has Spanish letters.
public enum TicketPrint {
    public struct Content: Sendable, Equatable {
        public var office: String
        public var greeting: String
        public var number: String
        public var service: String
        /// "Atención preferencial" on a preferential ticket, printed bold under the service.
        public var attention: String?
        public var dateTime: String
        public var ahead: String
        public var estimate: String
        public var keep: String
        /// The visit link a phone opens, printed as a QR code under `follow`.
        public var link: String?
        public var follow: String

        public init(
            office: String, greeting: String, number: String, service: String, attention: String? = nil, dateTime: String, ahead: String,
            estimate: String, keep: String, link: String? = nil, follow: String = ""
        ) {
            self.attention = attention
            self.office = office
            self.greeting = greeting
            self.number = number
            self.service = service
            self.dateTime = dateTime
            self.ahead = ahead
            self.estimate = estimate
            self.keep = keep
            self.link = link
            self.follow = follow
        }
    }

    static let initialize: [UInt8] = [0x1B, 0x40]
    static let codePage858: [UInt8] = [0x1B, 0x74, 0x13]
    static let center: [UInt8] = [0x1B, 0x61, 0x01]
    static let boldOn: [UInt8] = [0x1B, 0x45, 0x01]
    static let boldOff: [UInt8] = [0x1B, 0x45, 0x00]
    static let doubleSize: [UInt8] = [0x1D, 0x21, 0x11]
    static let normalSize: [UInt8] = [0x1D, 0x21, 0x00]
    static let feed4: [UInt8] = [0x1B, 0x64, 0x04]
    static let partialCut: [UInt8] = [0x1D, 0x56, 0x42, 0x00]

    public static func bytes(_ c: Content) -> [UInt8] {
        var out = initialize + codePage858 + center
        out += boldOn + line(c.office) + boldOff
        out += line(c.greeting) + line("")
        out += doubleSize + boldOn + line(c.number) + boldOff + normalSize
        out += line(c.service)
        if let attention = c.attention { out += boldOn + line(attention) + boldOff }
        out += line(c.dateTime) + line("")
        out += line(c.ahead) + line(c.estimate) + line("")
        out += line(c.keep)
        if let link = c.link, let code = try? QRCode(link) {
            out += line("") + boldOn + line(c.follow) + boldOff + raster(code)
        }
        out += feed4 + partialCut
        return out
    }

    /// Printer dots per QR module: 6 dots at 203 dpi is 0.75 mm, which phones read at arm's length.
    static let dotsPerModule = 6

    /// The QR code as a raster bit image (`GS v 0`), quiet zone included, so the paper
    /// carries exactly the code the screen shows on any ESC/POS printer (not every one
    /// has its own QR encoder).
    static func raster(_ code: QRCode) -> [UInt8] {
        let modules = code.size + 2 * QRCode.quietZone
        let dots = modules * dotsPerModule
        let rowBytes = (dots + 7) / 8
        var out: [UInt8] = [0x1D, 0x76, 0x30, 0x00, UInt8(rowBytes & 0xFF), UInt8(rowBytes >> 8), UInt8(dots & 0xFF), UInt8(dots >> 8)]
        for dotY in 0..<dots {
            var row = [UInt8](repeating: 0, count: rowBytes)
            let y = dotY / dotsPerModule - QRCode.quietZone
            if (0..<code.size).contains(y) {
                for dotX in 0..<dots {
                    let x = dotX / dotsPerModule - QRCode.quietZone
                    if (0..<code.size).contains(x) && code[x, y] { row[dotX / 8] |= 0x80 >> UInt8(dotX % 8) }
                }
            }
            out += row
        }
        return out + [0x0A]
    }

    static func line(_ text: String) -> [UInt8] { encode(text) + [0x0A] }

    /// Code page 858 for the letters Spanish needs; other characters become "?",
    /// dashes and quotes their plain forms.
    static func encode(_ text: String) -> [UInt8] {
        let table: [Character: UInt8] = [
            "á": 0xA0, "é": 0x82, "í": 0xA1, "ó": 0xA2, "ú": 0xA3, "ñ": 0xA4, "Ñ": 0xA5, "ü": 0x81, "Ü": 0x9A,
            "Á": 0xB5, "É": 0x90, "Í": 0xD6, "Ó": 0xE0, "Ú": 0xE9, "¿": 0xA8, "¡": 0xAD, "·": 0xFA,
            "—": 0x2D, "–": 0x2D, "«": 0xAE, "»": 0xAF, "“": 0x22, "”": 0x22, "’": 0x27,
        ]
        return text.flatMap { c -> [UInt8] in
            if let ascii = c.asciiValue, ascii >= 0x20 { return [ascii] }
            return [table[c] ?? 0x3F]
        }
    }
}

import AtiendeCore
import AtiendeQueue
import Foundation

extension TicketPrint.Content {
    /// What goes on paper for an issued ticket, in the visitor's language.
    public static func ticket(_ place: TicketPlace, office: Office, language: Language, link: String? = nil) -> TicketPrint.Content {
        let text = KioskText(language)
        let ticket = place.ticket
        return TicketPrint.Content(
            office: office.name[language],
            greeting: KioskModel.greeting(office: office, language: language, at: ticket.issuedAt),
            number: ticket.number.description,
            service: office.service(ticket.number.service)?.name[language] ?? ticket.number.service.rawValue,
            attention: ticket.preferential ? text.preferential : nil,
            dateTime: text.dateTime(ticket.issuedAt, office),
            ahead: text.ahead(place.ahead),
            estimate: text.estimate(ahead: place.ahead, place.estimatedWaitMinutes),
            keep: text.keep,
            link: link, follow: text.followOnPhone)
    }
}
