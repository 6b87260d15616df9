import DisplayModel
import ScreenKit
import ScreenLayout

/// Draws a `DisplayScreen` where `DisplayLayout` says. Nothing here decides what to show.
@MainActor
struct DisplayView {
    enum Palette {
        static let background = Color(hex: 0x0B1D3A)
        static let panel = Color(hex: 0x132B52)
        static let callPanel = Color(hex: 0x163A6B)
        static let accent = Color(hex: 0xFFD23F)
        static let text = Color(hex: 0xFFFFFF)
        static let muted = Color(hex: 0xB8C4D9)
        static let green = Color(hex: 0x2ECC71)
        static let amber = Color(hex: 0xF5A623)
        /// Navy on it reads at 5.6:1, and it reads at 4.7:1 on the panel.
        static let red = Color(hex: 0xF26B5E)
        static let banner = Color(hex: 0xB03A2E)
        static let dim = Color(0, 0, 0, 150)
    }

    let screen: Screen

    func draw(_ content: DisplayScreen) {
        let layout = DisplayLayout(size: screen.size, services: content.services.count, notice: content.notice != nil)
        screen.beginFrame(Palette.background)
        drawHeader(content, layout)
        drawCurrentCall(content, layout)
        drawRecent(content, layout)
        drawServices(content, layout)
        drawStrip(content, layout)
        drawNotice(content, layout)
        if let banner = content.banner {
            let body = Rect(x: 0, y: layout.header.maxY, width: layout.size.width, height: layout.size.height - layout.header.maxY)
            screen.fill(body, Palette.dim)
            screen.fill(layout.banner, Palette.banner)
            screen.text(banner, in: layout.banner.inset(dx: layout.margin, dy: layout.margin / 2),
                .init(size: layout.headerText, bold: true, color: Palette.text, align: .center, on: Palette.banner))
        }
        screen.present()
    }

    private func drawHeader(_ c: DisplayScreen, _ l: DisplayLayout) {
        screen.fill(l.header, Palette.panel)
        screen.text(c.officeName, in: l.officeName, .init(size: l.headerText, minSize: l.floorText, bold: true, color: Palette.text, on: Palette.panel))
        screen.text(c.date, in: l.date, .init(size: Int(Double(l.headerText) * 0.85), color: Palette.muted, align: .trailing, on: Palette.panel))
        screen.text(c.clock, in: l.clock, .init(size: Int(Double(l.headerText) * 1.3), bold: true, color: Palette.text, align: .trailing, on: Palette.panel))
    }

    private func drawCurrentCall(_ c: DisplayScreen, _ l: DisplayLayout) {
        let inverted = c.flashOn
        let paper = inverted ? Palette.accent : Palette.callPanel
        screen.fill(l.currentBox, paper)
        let ink = inverted ? Palette.background : Palette.text
        guard let call = c.current else {
            screen.paragraph(c.idleMessage, in: l.currentNumber, .init(size: l.deskText, minSize: l.floorText, bold: true, color: Palette.muted, align: .center, on: paper))
            return
        }
        screen.text(c.currentCaption, in: l.currentCaption, .init(size: l.captionText, color: inverted ? ink : Palette.muted, align: .center, on: paper))
        screen.text(call.number, in: l.currentNumber, .init(size: l.numberText, bold: true, color: inverted ? ink : Palette.accent, align: .center, on: paper))
        screen.text(call.desk, in: l.currentDesk, .init(size: l.deskText, bold: true, color: ink, align: .center, on: paper))
    }

    private func drawRecent(_ c: DisplayScreen, _ l: DisplayLayout) {
        screen.fill(l.recentBox, Palette.panel)
        screen.text(c.recentTitle, in: l.recentTitle, .init(size: l.titleText, bold: true, color: Palette.muted, on: Palette.panel))
        for (call, row) in zip(c.recent, l.recentRows) {
            let parts = row.columns([0.45, 0.55], gap: l.margin / 2)
            screen.text(call.number, in: parts[0], .init(size: l.recentText, bold: true, color: Palette.accent, on: Palette.panel))
            screen.text(call.desk, in: parts[1], .init(size: l.recentText, minSize: l.floorText, color: Palette.text, on: Palette.panel))
        }
    }

    private func drawServices(_ c: DisplayScreen, _ l: DisplayLayout) {
        screen.fill(l.servicesBox, Palette.panel)
        // Labels and figures share one size, the largest at which every label fits its two
        // lines: a label reads from as far away as the figure it names.
        let labels = Array(zip(c.columnTitles, l.columnTitles))
        let size = screen.commonParagraphSize(labels, .init(size: l.figureText, minSize: l.floorText, color: Palette.muted, on: Palette.panel))
        for (title, box) in labels {
            screen.paragraph(title, in: box, .init(size: size, minSize: size, color: Palette.muted, on: Palette.panel))
        }
        for (service, row) in zip(c.services, l.serviceRows) {
            screen.fill(Rect(x: row.box.x, y: row.box.maxY, width: row.box.width, height: max(1, l.margin / 8)), Palette.background)
            // The letter first, as on the ticket: a visitor holding M-004 finds the M row.
            let side = row.name.height
            let letterBox = Rect(x: row.name.x, y: row.name.y, width: side, height: side)
            screen.fill(letterBox, Palette.accent)
            screen.text(service.letter, in: letterBox, .init(size: side * 8 / 10, minSize: l.floorText, bold: true, color: Palette.background, align: .center, on: Palette.accent))
            let nameArea = Rect(x: letterBox.maxX + l.margin / 2, y: row.name.y, width: row.name.width - side - l.margin / 2, height: row.name.height)
            let nameParts = nameArea.columns([0.68, 0.32], gap: l.margin / 2)
            screen.text(service.name, in: service.alert == nil ? nameArea : nameParts[0], .init(size: l.serviceNameText, minSize: l.floorText, bold: true, color: Palette.text, on: Palette.panel))
            if let alert = service.alert {
                screen.text(alert, in: nameParts[1], .init(size: max(l.floorText, l.figureText * 8 / 10), minSize: l.floorText, bold: true, color: color(service.alertLevel), align: .trailing, on: Palette.panel))
            }
            let figures = row.figures
            screen.text(service.waiting, in: figures[0], .init(size: size, bold: true, color: Palette.text, on: Palette.panel))
            if service.level != .none {
                let chip = figures[1].inset(dx: 0, dy: figures[1].height / 10)
                screen.fill(chip, color(service.level))
                screen.text(service.longestWait, in: chip.inset(dx: l.margin / 3, dy: 0), .init(size: size, minSize: l.floorText, bold: true, color: Palette.background, align: .center, on: color(service.level)))
            } else {
                screen.text(service.longestWait, in: figures[1], .init(size: size, minSize: l.floorText, color: Palette.text, align: .center, on: Palette.panel))
            }
            screen.text(service.estimate, in: figures[2], .init(size: size, minSize: l.floorText, color: Palette.text, on: Palette.panel))
        }
    }

    /// The office's notice: dark text on the accent yellow, a band no one can miss.
    private func drawNotice(_ c: DisplayScreen, _ l: DisplayLayout) {
        guard let notice = c.notice, l.notice.height > 0 else { return }
        screen.fill(l.notice, Palette.accent)
        screen.text("ℹ  " + notice, in: l.notice.inset(dx: l.margin, dy: 0),
            .init(size: l.noticeText, minSize: l.floorText, bold: true, color: Palette.background, align: .center, on: Palette.accent))
    }

    private func drawStrip(_ c: DisplayScreen, _ l: DisplayLayout) {
        screen.fill(l.strip, Palette.panel)
        let items = Array(zip(c.strip, l.stripItems))
        let size = screen.commonSize(items, .init(size: max(l.floorText, l.stripText), minSize: l.floorText, color: Palette.text, on: Palette.panel))
        for (item, box) in items {
            screen.text(item, in: box, .init(size: size, minSize: min(l.floorText, size), color: Palette.text, on: Palette.panel))
        }
    }

    private func color(_ level: DisplayScreen.Level) -> Color {
        switch level {
        case .green: Palette.green
        case .amber: Palette.amber
        case .red: Palette.red
        case .none: Palette.muted
        }
    }
}
