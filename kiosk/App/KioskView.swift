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
        /// 6.1:1 on `closed`: a closed service stays readable.
        static let closedText = Color(hex: 0x4A5363)
        static let warning = Color(hex: 0x9A2A1F)
        /// The band that warns a screen is about to go home.
        static let amber = Color(hex: 0xFFE8A3)
        static let amberInk = Color(hex: 0x5C3B00)
        static let line = Color(hex: 0xC9D1DE)
        /// QR modules: black on white reads best in every phone camera.
        static let ink = Color(hex: 0x000000)
    }

    let screen: Screen
    /// Why read-aloud cannot be heard on this kiosk (no espeak-ng, no sound), if so.
    var silent: String? = nil

    func draw(_ model: KioskModel, at now: Date) {
        let layout = KioskLayout(size: screen.size, model: model)
        let text = KioskText(model.language)
        screen.beginFrame(Palette.background)
        switch model.screen {
        case .home: home(model, layout, text, now)
        case .service(let code): service(code, model, layout, text)
        case .issuing: message(text.wait, title: nil, layout, color: Palette.navy)
        case .ticket(let place, let printFailed): ticket(place, printFailed: printFailed, model, layout, text, now)
        case .check(let typed): check(typed, model, layout, text)
        case .staffExit(let typed): staffExit(typed, layout, text)
        case .checkResult(let result):
            let (number, words) = text.result(result)
            message(words, title: number, layout, color: Palette.navy)
            button(text.back, layout.message.back, fill: Palette.white, ink: Palette.navy, layout)
            button(text.hearAgain, layout.message.hearAgain, fill: Palette.white, ink: Palette.navy, layout)
        case .unavailable: message(text.unavailable, title: nil, layout, color: Palette.warning)
        }
        if let seconds = model.timeoutWarning(at: now) {
            let band = layout.warning
            screen.fill(band, Palette.amber)
            screen.paragraph(text.closingSoon(seconds, ticket: model.screen.isTicket), in: band.inset(dx: layout.margin, dy: layout.margin / 3),
                style(layout.type.body, layout, bold: true, color: Palette.amberInk, align: .center, on: Palette.amber))
        }
        screen.present()
    }

    /// Text at `size`, never below the layout's floor.
    private func style(_ size: Int, _ l: KioskLayout, bold: Bool = false, color: Color, align: Screen.Align = .leading, on background: Color) -> Screen.TextStyle {
        .init(size: size, minSize: min(size, l.type.floor), bold: bold, color: color, align: align, on: background)
    }

    private func home(_ model: KioskModel, _ l: KioskLayout, _ text: KioskText, _ now: Date) {
        let page = model.homePage
        let home = l.home(services: model.office?.services.filter(\.active).count ?? 0, languages: model.otherLanguages.count, notice: model.notice != nil)
        let type = l.type
        if home.greeting.height > 0 {
            screen.fill(home.greeting, Palette.navy)
            screen.paragraph(model.greeting(at: now), in: home.greeting.inset(dx: l.margin, dy: 0), style(type.title, l, bold: true, color: Palette.white, align: .center, on: Palette.navy))
        }
        if let notice = model.notice, home.notice.height > 0 {
            screen.paragraph("ℹ  " + notice.text[model.language], in: home.notice,
                style(type.small, l, bold: true, color: Palette.teal, align: .center, on: Palette.background))
        }
        if home.prompt.height > 0 {
            screen.text(text.chooseService, in: home.prompt, style(type.heading, l, bold: true, color: Palette.navy, align: .center, on: Palette.background))
        }
        // Names share one size across rows, and so do descriptions, never larger than the names.
        let boxes = home.services.map { rect in serviceBoxes(rect, l) }
        let nameSize = screen.commonParagraphSize(zip(page.services, boxes).map { ($0.name[model.language], $1.name) },
            style(type.heading, l, bold: true, color: Palette.navy, on: Palette.white))
        let detailSize = min(nameSize, screen.commonParagraphSize(zip(page.services, boxes).map { ($0.description[model.language], $1.detail) },
            style(type.body, l, color: Palette.grey, on: Palette.white)))
        for (service, (rect, box)) in zip(page.services, zip(home.services, boxes)) {
            let open = model.isOpen(service.code, at: now)
            let fill = open ? Palette.white : Palette.closed
            let heard = model.heard == .service(service.code)
            screen.fill(rect, fill)
            screen.outline(rect, heard ? Palette.teal : (open ? Palette.blue : Palette.closedText), thickness: max(2, l.margin / (heard ? 2 : 6)))
            let codeFill = open ? Palette.blue : Palette.closedText
            screen.fill(box.code, codeFill)
            screen.text(service.code.rawValue, in: box.code, style(box.code.height * 7 / 10, l, bold: true, color: Palette.white, align: .center, on: codeFill))
            screen.paragraph(service.name[model.language], in: box.name, style(nameSize, l, bold: true, color: open ? Palette.navy : Palette.closedText, on: fill))
            let detail = open ? service.description[model.language]
                : (model.office.map { office in office.isOpen(service, at: now) ? text.noDeskNow : text.closed(service.hours ?? office.hours, at: now, calendar: office.calendar) } ?? "")
            screen.paragraph(detail, in: box.detail, style(open ? detailSize : min(nameSize, type.body), l, bold: !open, color: open ? Palette.grey : Palette.warning, on: fill))
        }
        if page.pages > 1, let previous = home.previous, let next = home.next, let label = home.pageLabel {
            if page.page > 0 { button("◀  " + text.previousPage, previous, fill: Palette.white, ink: Palette.navy, l, heard: model.heard == .page(forward: false)) }
            screen.paragraph(text.pageOf(page.page + 1, page.pages), in: label, style(type.body, l, bold: true, color: Palette.navy, align: .center, on: Palette.background))
            if page.page < page.pages - 1 { button(text.nextPage + "  ▶", next, fill: Palette.blue, ink: Palette.white, l, heard: model.heard == .page(forward: true)) }
        }
        if home.hint.height > 0 { screen.paragraph(text.preferentialHint, in: home.hint, style(type.small, l, bold: true, color: Palette.teal, align: .center, on: Palette.background)) }
        button(text.checkMyTurn, home.check, fill: Palette.blue, ink: Palette.white, l, heard: model.heard == .checkMyTurn)
        for (language, rect) in zip(model.otherLanguages, home.languages) {
            button(KioskText(language).languageName, rect, fill: Palette.white, ink: Palette.navy, l, heard: model.heard == .language(language))
        }
        let listenLabel = model.listening ? "✓ " + text.listening : (silent == nil ? text.listen : text.noVoice)
        button(listenLabel, home.listen, fill: model.listening ? Palette.teal : Palette.white, ink: model.listening ? Palette.white : Palette.navy, l)
        button(model.largeText ? text.normalText : text.largerText, home.largeText, fill: Palette.white, ink: Palette.navy, l,
            heard: model.heard == .largeText)
    }

    /// A service row's letter box, name and description.
    private func serviceBoxes(_ rect: Rect, _ l: KioskLayout) -> (code: Rect, name: Rect, detail: Rect) {
        let inner = rect.inset(dx: l.margin / 2, dy: l.margin / 4)
        let side = min(inner.height, KioskType.line(l.type.title) + l.margin / 2)
        let code = Rect(x: inner.x, y: inner.y + (inner.height - side) / 2, width: side, height: side)
        let words = Rect(x: code.maxX + l.margin / 2, y: inner.y, width: inner.maxX - code.maxX - l.margin / 2, height: inner.height)
        // A grown card gives its name and its description their shares of the new height.
        let nameShare = Double(l.serviceNameHeight) / Double(l.serviceNameHeight + l.serviceDetailHeight)
        let (name, detail) = words.slice(top: max(l.serviceNameHeight, Int(Double(words.height) * nameShare)))
        return (code, name, detail)
    }

    private func service(_ code: ServiceCode, _ model: KioskModel, _ l: KioskLayout, _ text: KioskText) {
        guard let service = model.office?.service(code) else { return }
        let items = service.bring[model.language] ?? service.bring[.es] ?? []
        let s = l.service(bringItems: items.count)
        let type = l.type
        screen.paragraph("\(service.code) · \(service.name[model.language])", in: s.title, style(type.title, l, bold: true, color: Palette.navy, on: Palette.background))
        screen.paragraph(service.description[model.language], in: s.description, style(type.body, l, color: Palette.grey, on: Palette.background))
        if !items.isEmpty {
            screen.text(text.bringTitle, in: s.bringTitle, style(type.heading, l, bold: true, color: Palette.navy, on: Palette.background))
            for (item, rect) in zip(items, s.bring) {
                screen.paragraph("•  " + item, in: rect.inset(dx: l.margin, dy: 0), style(type.body, l, color: Palette.navy, on: Palette.background))
            }
        }
        button(text.normal, s.normal, fill: Palette.blue, ink: Palette.white, l, size: type.title, heard: model.heard == .take(preferential: false))
        screen.fill(s.preferential, Palette.teal)
        if model.heard == .take(preferential: true) { screen.outline(s.preferential, Palette.navy, thickness: l.margin / 2) }
        let inner = s.preferential.inset(dx: l.margin, dy: l.margin / 3)
        let (top, rest) = inner.slice(top: KioskType.line(type.title))
        screen.text(text.preferential, in: top, style(type.title, l, bold: true, color: Palette.white, align: .center, on: Palette.teal))
        screen.paragraph(text.preferentialWho, in: rest, style(type.body, l, color: Palette.white, align: .center, on: Palette.teal))
        button(text.back, s.back, fill: Palette.white, ink: Palette.navy, l, heard: model.heard == .back)
    }

    private func ticket(_ place: TicketPlace, printFailed: Bool, _ model: KioskModel, _ l: KioskLayout, _ text: KioskText, _ now: Date) {
        let link = model.visitLink(place)
        let code = link.flatMap(Self.code(for:))
        let t = l.ticket(code: code != nil)
        let ticket = place.ticket
        let type = l.type
        let landscape = !l.size.isPortrait
        let put = { (s: String, r: Rect, size: Int, bold: Bool, color: Color, paragraph: Bool) in
            let st = style(size, l, bold: bold, color: color, align: landscape && r.x > t.number.maxX ? .leading : .center, on: Palette.background)
            if paragraph { screen.paragraph(s, in: r, st) } else { screen.text(s, in: r, st) }
        }
        put(text.yourTicket, t.caption, type.body, false, Palette.grey, false)
        screen.text(ticket.number.description, in: t.number,
            .init(size: t.number.height * 85 / 100, minSize: type.title, bold: true, color: Palette.navy, align: .center, on: Palette.background))
        // A preferential ticket says so, on screen as on paper.
        let serviceName = model.office?.service(ticket.number.service)?.name[model.language] ?? ""
        put(ticket.preferential ? serviceName + " · " + text.preferential : serviceName, t.service, type.heading, true, Palette.blue, true)
        put(text.dateTime(ticket.issuedAt, model.office), t.dateTime, type.body, false, Palette.grey, false)
        put(text.ahead(place.ahead), t.ahead, type.heading, true, Palette.navy, true)
        put(text.estimate(ahead: place.ahead, place.estimatedWaitMinutes), t.estimate, type.body, false, Palette.navy, true)
        screen.fill(t.keep, Palette.teal)
        screen.paragraph(text.keep, in: t.keep.inset(dx: l.margin / 2, dy: 0), style(type.small, l, bold: true, color: Palette.white, align: .center, on: Palette.teal))
        if printFailed { put(text.printFailed, t.notice, type.body, true, Palette.warning, true) }
        if model.timeoutWarning(at: now) == nil {
            put(text.staysFor(model.ticketSecondsLeft(at: now)), t.countdown, type.body, false, Palette.grey, false)
        }
        if let code, let square = t.code, let caption = t.codeCaption {
            qrCode(code, in: square)
            screen.paragraph(text.followOnPhone, in: caption, style(type.small, l, bold: true, color: Palette.navy, align: landscape ? .center : .leading, on: Palette.background))
        }
        button(text.done, t.done, fill: Palette.teal, ink: Palette.white, l, size: type.heading, heard: model.heard == .done)
        button(text.moreTime, t.moreTime, fill: Palette.white, ink: Palette.navy, l, heard: model.heard == .moreTime)
        button(text.hearAgain, t.hearAgain, fill: Palette.white, ink: Palette.navy, l, heard: model.heard == .hearAgain)
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
        let type = l.type
        screen.text(text.checkMyTurn, in: c.title, style(type.heading, l, bold: true, color: Palette.navy, align: .center, on: Palette.background))
        screen.paragraph(text.typeNumber, in: c.prompt, style(type.body, l, color: Palette.grey, align: .center, on: Palette.background))
        screen.fill(c.typed, Palette.white)
        screen.outline(c.typed, Palette.blue, thickness: max(2, l.margin / 6))
        let shown = typed.count > 1 ? "\(typed.prefix(1))-\(typed.dropFirst())" : (typed.isEmpty ? "_" : typed + "-")
        screen.text(shown, in: c.typed, style(type.title, l, bold: true, color: Palette.navy, align: .center, on: Palette.white))
        for (service, rect) in zip(services, c.letters) { button(service.code.rawValue, rect, fill: Palette.blue, ink: Palette.white, l, size: type.heading) }
        for (digit, rect) in zip(["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"], c.digits) {
            button(digit, rect, fill: Palette.white, ink: Palette.navy, l, size: type.heading)
        }
        button(text.erase, c.erase, fill: Palette.white, ink: Palette.warning, l, heard: model.heard == .erase)
        button(text.submit, c.submit, fill: Palette.teal, ink: Palette.white, l, size: l.type.heading, heard: model.heard == .submit)
        button(text.back, c.back, fill: Palette.white, ink: Palette.navy, l, heard: model.heard == .back)
    }

    /// The PIN pad of a locked kiosk's staff exit: digits only, the PIN shown as dots.
    private func staffExit(_ typed: String, _ l: KioskLayout, _ text: KioskText) {
        let c = l.check(letters: 0)
        let type = l.type
        screen.text(text.staffExit, in: c.title, style(type.heading, l, bold: true, color: Palette.navy, align: .center, on: Palette.background))
        screen.paragraph(text.typePIN, in: c.prompt, style(type.body, l, color: Palette.grey, align: .center, on: Palette.background))
        screen.fill(c.typed, Palette.white)
        screen.outline(c.typed, Palette.blue, thickness: max(2, l.margin / 6))
        screen.text(typed.isEmpty ? "_" : String(repeating: "•", count: typed.count), in: c.typed,
            style(type.title, l, bold: true, color: Palette.navy, align: .center, on: Palette.white))
        for (digit, rect) in zip(["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"], c.digits) {
            button(digit, rect, fill: Palette.white, ink: Palette.navy, l, size: type.heading)
        }
        button(text.erase, c.erase, fill: Palette.white, ink: Palette.warning, l)
        button(text.submit, c.submit, fill: Palette.teal, ink: Palette.white, l, size: type.heading)
        button(text.back, c.back, fill: Palette.white, ink: Palette.navy, l)
    }

    private func message(_ words: String, title: String?, _ l: KioskLayout, color: Color) {
        let m = l.message
        if let title { screen.text(title, in: m.title, style(2 * l.type.title, l, bold: true, color: Palette.navy, align: .center, on: Palette.background)) }
        screen.paragraph(words, in: m.message, style(l.type.heading, l, bold: true, color: color, align: .center, on: Palette.background))
    }

    /// A button: its label on up to two lines at `size` (body text unless said), and a
    /// thick teal ring while read-aloud has said it and waits for the second touch.
    private func button(_ label: String, _ rect: Rect, fill: Color, ink: Color, _ l: KioskLayout, size: Int? = nil, heard: Bool = false) {
        screen.fill(rect, fill)
        screen.outline(rect, heard ? Palette.teal : Palette.blue, thickness: heard ? max(6, l.margin / 2) : max(2, rect.height / 40))
        let inner = rect.inset(dx: max(l.margin / 2, rect.height / 8), dy: l.margin / 4)
        screen.paragraph(label, in: inner, style(size ?? l.type.body, l, bold: true, color: ink, align: .center, on: fill))
    }
}
