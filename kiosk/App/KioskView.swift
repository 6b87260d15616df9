import AtiendeCore
import AtiendeQueue
import Foundation
import KioskModel
import QRCode
import ScreenKit
import ScreenLayout

/// Draws the kiosk's current screen. Light, high-contrast, big: a first-time visitor
/// should know what to touch at a glance.
@MainActor
struct KioskView {
    enum Palette {
        static let background = Color(hex: 0xF4F6FA)
        static let navy = Color(hex: 0x0B1D3A)
        static let blue = Color(hex: 0x163A6B)
        static let teal = Color(hex: 0x0E6E78)
        static let white = Color(hex: 0xFFFFFF)
        static let grey = Color(hex: 0x5A6678)
        static let closed = Color(hex: 0xE1E5EC)
        static let closedText = Color(hex: 0x8A93A3)
        static let warning = Color(hex: 0xB03A2E)
        static let line = Color(hex: 0xC9D1DE)
        /// QR modules: black on white reads best in every phone camera.
        static let ink = Color(hex: 0x000000)
    }

    let screen: Screen

    func draw(_ model: KioskModel, at now: Date) {
        let layout = KioskLayout(size: screen.size)
        let text = KioskText(model.language)
        screen.beginFrame(Palette.background)
        switch model.screen {
        case .home: home(model, layout, text, now)
        case .service(let code): service(code, model, layout, text)
        case .issuing: message(text.wait, title: nil, layout, color: Palette.navy)
        case .ticket(let place, let printFailed): ticket(place, printFailed: printFailed, model, layout, text, now)
        case .check(let typed): check(typed, model, layout, text)
        case .checkResult(let result):
            let (number, words) = text.result(result)
            message(words, title: number, layout, color: Palette.navy)
            button(text.back, layout.message.back, fill: Palette.white, ink: Palette.navy)
        case .unavailable: message(text.unavailable, title: nil, layout, color: Palette.warning)
        }
        screen.present()
    }

    private func home(_ model: KioskModel, _ l: KioskLayout, _ text: KioskText, _ now: Date) {
        let services = model.office?.services.filter(\.active) ?? []
        let home = l.home(services: services.count)
        screen.fill(home.greeting, Palette.navy)
        screen.paragraph(model.greeting(at: now), in: home.greeting.inset(dx: l.margin, dy: l.margin / 2),
            .init(size: home.greeting.height / 2, minSize: 14, bold: true, color: Palette.white, align: .center, on: Palette.navy))
        screen.text(text.chooseService, in: home.prompt, .init(size: home.prompt.height * 7 / 10, bold: true, color: Palette.navy, align: .center, on: Palette.background))
        // Names and descriptions share one size across rows, so no service looks smaller.
        let textBoxes = home.services.map { rect in
            let inner = rect.inset(dx: l.margin, dy: rect.height / 10)
            return Rect(x: inner.x + inner.height + l.margin, y: inner.y, width: inner.width - inner.height - l.margin, height: inner.height).rows([1.2, 1])
        }
        let nameSize = screen.commonSize(zip(services, textBoxes).map { ($0.name[model.language], $1[0]) },
            .init(size: (textBoxes.first?[0].height ?? 20) * 8 / 10, minSize: 14, bold: true, color: Palette.navy))
        let detailSize = screen.commonSize(zip(services, textBoxes).map { ($0.description[model.language], $1[1]) },
            .init(size: (textBoxes.first?[1].height ?? 20) * 7 / 10, minSize: 12, color: Palette.grey))
        for (service, rect) in zip(services, home.services) {
            let open = model.isOpen(service.code, at: now)
            let fill = open ? Palette.white : Palette.closed
            screen.fill(rect, fill)
            screen.outline(rect, open ? Palette.blue : Palette.line, thickness: max(2, l.margin / 6))
            let inner = rect.inset(dx: l.margin, dy: rect.height / 10)
            let (codeBox, words) = (Rect(x: inner.x, y: inner.y, width: inner.height, height: inner.height),
                Rect(x: inner.x + inner.height + l.margin, y: inner.y, width: inner.width - inner.height - l.margin, height: inner.height))
            screen.fill(codeBox, open ? Palette.blue : Palette.closedText)
            screen.text(service.code, in: codeBox, .init(size: codeBox.height * 7 / 10, bold: true, color: Palette.white, align: .center, on: open ? Palette.blue : Palette.closedText))
            let lines = words.rows([1.2, 1])
            screen.text(service.name[model.language], in: lines[0], .init(size: nameSize, minSize: 14, bold: true, color: open ? Palette.navy : Palette.closedText, on: fill))
            let detail = open ? service.description[model.language]
                : (model.office.map { office in office.isOpen(service, at: now) ? text.noDeskNow : text.closed(service.hours ?? office.hours) } ?? "")
            screen.text(detail, in: lines[1], .init(size: open ? detailSize : lines[1].height * 7 / 10, minSize: 12, color: open ? Palette.grey : Palette.warning, on: fill))
        }
        screen.paragraph(text.preferentialHint, in: home.hint, .init(size: home.hint.height * 4 / 10, minSize: 12, bold: true, color: Palette.teal, align: .center, on: Palette.background))
        button(text.checkMyTurn, home.check, fill: Palette.blue, ink: Palette.white)
        button(text.otherLanguage, home.language, fill: Palette.white, ink: Palette.navy)
    }

    private func service(_ code: ServiceCode, _ model: KioskModel, _ l: KioskLayout, _ text: KioskText) {
        guard let service = model.office?.service(code) else { return }
        let items = service.bring[model.language] ?? service.bring[.es] ?? []
        let s = l.service(bringItems: items.count)
        screen.text("\(service.code) · \(service.name[model.language])", in: s.title, .init(size: s.title.height * 7 / 10, minSize: 16, bold: true, color: Palette.navy, on: Palette.background))
        screen.text(service.description[model.language], in: s.description, .init(size: s.description.height * 6 / 10, minSize: 14, color: Palette.grey, on: Palette.background))
        if !items.isEmpty {
            screen.text(text.bringTitle, in: s.bringTitle, .init(size: min(s.bringTitle.height * 7 / 10, l.unit / 18), minSize: 14, bold: true, color: Palette.navy, on: Palette.background))
            for (item, rect) in zip(items, s.bring) {
                screen.text("•  " + item, in: rect.inset(dx: l.margin, dy: 0), .init(size: min(rect.height * 6 / 10, l.unit / 20), minSize: 12, color: Palette.navy, on: Palette.background))
            }
        }
        button(text.normal, s.normal, fill: Palette.blue, ink: Palette.white)
        screen.fill(s.preferential, Palette.teal)
        let parts = s.preferential.inset(dx: l.margin, dy: s.preferential.height / 8).rows([1.4, 1])
        screen.text(text.preferential, in: parts[0], .init(size: parts[0].height * 7 / 10, minSize: 14, bold: true, color: Palette.white, align: .center, on: Palette.teal))
        screen.text(text.preferentialWho, in: parts[1], .init(size: parts[1].height * 6 / 10, minSize: 11, color: Palette.white, align: .center, on: Palette.teal))
        button(text.back, s.back, fill: Palette.white, ink: Palette.navy)
    }

    private func ticket(_ place: TicketPlace, printFailed: Bool, _ model: KioskModel, _ l: KioskLayout, _ text: KioskText, _ now: Date) {
        let link = model.visitLink(place)
        let code = link.flatMap(Self.code(for:))
        let t = l.ticket(code: code != nil)
        let ticket = place.ticket
        let center = { (s: String, r: Rect, size: Int, bold: Bool, color: Color) in
            screen.text(s, in: r, .init(size: size, minSize: 12, bold: bold, color: color, align: .center, on: Palette.background))
        }
        center(text.yourTicket, t.caption, t.caption.height * 7 / 10, false, Palette.grey)
        center(ticket.number.description, t.number, t.number.height * 85 / 100, true, Palette.navy)
        center(model.office?.service(ticket.number.service)?.name[model.language] ?? "", t.service, t.service.height * 7 / 10, true, Palette.blue)
        center(text.dateTime(ticket.issuedAt, model.office), t.dateTime, t.dateTime.height * 7 / 10, false, Palette.grey)
        center(text.ahead(place.ahead), t.ahead, t.ahead.height * 7 / 10, true, Palette.navy)
        center(text.estimate(place.estimatedWaitMinutes), t.estimate, t.estimate.height * 6 / 10, false, Palette.navy)
        screen.fill(t.keep, Palette.teal)
        screen.paragraph(text.keep, in: t.keep.inset(dx: l.margin, dy: 0), .init(size: t.keep.height * 4 / 10, minSize: 12, bold: true, color: Palette.white, align: .center, on: Palette.teal))
        if printFailed { center(text.printFailed, t.notice, t.notice.height * 7 / 10, true, Palette.warning) }
        center(text.returnsIn(model.ticketSecondsLeft(at: now)), t.countdown, t.countdown.height * 6 / 10, false, Palette.grey)
        if let code, let square = t.code, let caption = t.codeCaption {
            qrCode(code, in: square)
            let alignment: Screen.Align = l.size.isPortrait ? .leading : .center
            _ = screen.paragraph(text.followOnPhone, in: caption, .init(size: min(caption.height * 4 / 10, l.unit / 16), minSize: 14, bold: true,
                color: Palette.navy, align: alignment, on: Palette.background))
        }
    }

    /// The ticket screen redraws every second for its countdown: the code is encoded once
    /// per ticket, not once per frame.
    private static var lastCode: (link: String, code: Code?)?

    /// A code with its dark runs, as drawn.
    struct Code {
        var size: Int
        var runs: [(y: Int, x: Int, length: Int)]
    }

    private static func code(for link: String) -> Code? {
        if let last = lastCode, last.link == link { return last.code }
        let code = (try? QRCode(link)).map { Code(size: $0.size, runs: $0.darkRuns) }
        lastCode = (link, code)
        return code
    }

    /// A QR code on white with its quiet zone, in whole pixels per module so every reader
    /// sees sharp edges.
    private func qrCode(_ code: Code, in square: Rect) {
        screen.fill(square, Palette.white)
        let modules = code.size + 2 * QRCode.quietZone
        let pixels = square.width / modules
        let origin = (x: square.x + (square.width - pixels * code.size) / 2, y: square.y + (square.height - pixels * code.size) / 2)
        for run in code.runs {
            screen.fill(Rect(x: origin.x + run.x * pixels, y: origin.y + run.y * pixels, width: run.length * pixels, height: pixels), Palette.ink)
        }
    }

    private func check(_ typed: String, _ model: KioskModel, _ l: KioskLayout, _ text: KioskText) {
        let services = model.office?.services.filter(\.active) ?? []
        let c = l.check(letters: services.count)
        screen.text(text.checkMyTurn, in: c.title, .init(size: c.title.height * 7 / 10, bold: true, color: Palette.navy, align: .center, on: Palette.background))
        screen.text(text.typeNumber, in: c.prompt, .init(size: c.prompt.height * 6 / 10, minSize: 12, color: Palette.grey, align: .center, on: Palette.background))
        screen.fill(c.typed, Palette.white)
        screen.outline(c.typed, Palette.blue, thickness: max(2, l.margin / 6))
        let shown = typed.count > 1 ? "\(typed.prefix(1))-\(typed.dropFirst())" : (typed.isEmpty ? "_" : typed + "-")
        screen.text(shown, in: c.typed, .init(size: c.typed.height * 7 / 10, bold: true, color: Palette.navy, align: .center, on: Palette.white))
        for (service, rect) in zip(services, c.letters) { button(service.code, rect, fill: Palette.blue, ink: Palette.white) }
        for (digit, rect) in zip(["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"], c.digits) { button(digit, rect, fill: Palette.white, ink: Palette.navy) }
        button(text.erase, c.erase, fill: Palette.white, ink: Palette.warning)
        button(text.submit, c.submit, fill: Palette.teal, ink: Palette.white)
        button(text.back, c.back, fill: Palette.white, ink: Palette.navy)
    }

    private func message(_ words: String, title: String?, _ l: KioskLayout, color: Color) {
        let m = l.message
        if let title { screen.text(title, in: m.title, .init(size: m.title.height * 7 / 10, bold: true, color: Palette.navy, align: .center, on: Palette.background)) }
        screen.paragraph(words, in: m.message, .init(size: min(m.message.height / 4, l.unit / 14), minSize: 12, bold: true, color: color, align: .center, on: Palette.background))
    }

    private func button(_ label: String, _ rect: Rect, fill: Color, ink: Color) {
        screen.fill(rect, fill)
        screen.outline(rect, Palette.blue, thickness: max(2, rect.height / 40))
        screen.text(label, in: rect.inset(dx: rect.height / 5, dy: rect.height / 8), .init(size: rect.height * 45 / 100, minSize: 12, bold: true, color: ink, align: .center, on: fill))
    }
}
