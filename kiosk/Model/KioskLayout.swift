import AtiendeCore
import ScreenLayout

/// Where things go on each kiosk screen, and which touch targets they are. Pure
/// geometry: tests check sizes and overlaps without SDL, and the app hit-tests taps here.
public struct KioskLayout: Sendable {
    public let size: Size
    public let margin: Int
    public let unit: Int

    public init(size: Size) {
        self.size = size
        unit = min(size.width, size.height)
        margin = max(10, unit / 36)
    }

    var full: Rect { Rect(size).inset(margin) }
    /// The smallest touch target height: 96 px on a 1080-pixel screen, scaled.
    public var minTouch: Int { max(64, unit * 96 / 1080) }

    // MARK: Home

    public struct Home: Sendable {
        public var greeting: Rect
        public var prompt: Rect
        public var services: [Rect]
        public var hint: Rect
        public var check: Rect
        public var language: Rect
    }

    public func home(services count: Int) -> Home {
        let (top, rest) = full.slice(top: size.height * 13 / 100, gap: margin / 2)
        let (prompt, body) = rest.slice(top: size.height * 6 / 100, gap: margin / 2)
        let footerHeight = max(minTouch, size.height * 12 / 100)
        let hintHeight = size.height * 8 / 100
        let list = Rect(x: body.x, y: body.y, width: body.width, height: body.height - footerHeight - hintHeight - margin)
        let hint = Rect(x: body.x, y: list.maxY + margin / 2, width: body.width, height: hintHeight)
        let footer = Rect(x: body.x, y: body.maxY - footerHeight, width: body.width, height: footerHeight)
        let columns = count > 5 && !size.isPortrait ? 2 : 1
        let perColumn = (count + columns - 1) / max(columns, 1)
        let rows = list.columns(Array(repeating: 1, count: columns), gap: margin).flatMap { $0.rows(count: max(perColumn, 1), gap: margin / 2) }
        let buttons = footer.columns([2, 1], gap: margin)
        return Home(greeting: top, prompt: prompt, services: Array(rows.prefix(count)), hint: hint, check: buttons[0], language: buttons[1])
    }

    // MARK: Service

    public struct ServiceScreen: Sendable {
        public var title: Rect
        public var description: Rect
        public var bringTitle: Rect
        public var bring: [Rect]
        public var normal: Rect
        public var preferential: Rect
        public var back: Rect
    }

    public func service(bringItems: Int) -> ServiceScreen {
        let (title, rest) = full.slice(top: size.height * 11 / 100, gap: margin / 2)
        let (description, afterDescription) = rest.slice(top: size.height * 7 / 100, gap: margin)
        let backHeight = minTouch
        let choiceHeight = size.isPortrait ? size.height * 30 / 100 : size.height * 26 / 100
        let bringArea = Rect(x: afterDescription.x, y: afterDescription.y, width: afterDescription.width,
            height: afterDescription.height - choiceHeight - backHeight - 2 * margin)
        let (bringTitle, bringList) = bringArea.slice(top: bringArea.height / (bringItems + 2), gap: margin / 3)
        let choices = Rect(x: full.x, y: bringArea.maxY + margin, width: full.width, height: choiceHeight)
        let pair = size.isPortrait ? choices.rows([1, 1], gap: margin) : choices.columns([1, 1], gap: margin)
        let back = Rect(x: full.x, y: full.maxY - backHeight, width: max(full.width / 3, minTouch * 3), height: backHeight)
        return ServiceScreen(
            title: title, description: description, bringTitle: bringTitle,
            bring: bringList.rows(count: max(bringItems, 1)).prefix(bringItems).map { $0 },
            normal: pair[0], preferential: pair[1], back: back)
    }

    // MARK: Ticket

    public struct TicketScreen: Sendable {
        public var caption: Rect
        public var number: Rect
        public var service: Rect
        public var dateTime: Rect
        public var ahead: Rect
        public var estimate: Rect
        public var keep: Rect
        public var notice: Rect
        public var countdown: Rect
        /// The visit link's QR code (a light square, quiet zone included) and the words
        /// that say what it is for; `nil` when the ticket has no link a phone can open.
        public var code: Rect?
        public var codeCaption: Rect?
    }

    /// The ticket screen; with `code`, room for the visit link's QR code beside the
    /// number (landscape) or under the estimate (portrait).
    public func ticket(code: Bool) -> TicketScreen {
        let weights = [0.8, 3.2, 0.9, 0.6, 0.8, 0.7, 0.9, 0.6, 0.5]
        guard code else {
            let parts = full.rows(weights, gap: margin / 3)
            return TicketScreen(caption: parts[0], number: parts[1], service: parts[2], dateTime: parts[3], ahead: parts[4],
                estimate: parts[5], keep: parts[6], notice: parts[7], countdown: parts[8])
        }
        if size.isPortrait {
            // The code gets a row of its own between the estimate and "keep this number".
            let parts = full.rows(Array(weights[0...5]) + [2.6] + Array(weights[6...]), gap: margin / 3)
            var screen = TicketScreen(caption: parts[0], number: parts[1], service: parts[2], dateTime: parts[3], ahead: parts[4],
                estimate: parts[5], keep: parts[7], notice: parts[8], countdown: parts[9])
            let row = parts[6]
            let side = row.height
            screen.code = Rect(x: row.x, y: row.y, width: side, height: side)
            screen.codeCaption = Rect(x: row.x + side + margin, y: row.y, width: row.width - side - margin, height: row.height)
            return screen
        }
        let halves = full.columns([1.8, 1], gap: margin)
        let (text, codeArea) = (halves[0], halves[1])
        let parts = text.rows(weights, gap: margin / 3)
        let (captionHeight, gap) = (codeArea.height * 16 / 100, margin / 2)
        let side = min(codeArea.width, codeArea.height - captionHeight - gap)
        let square = Rect(x: codeArea.x + (codeArea.width - side) / 2, y: codeArea.y + (codeArea.height - side - captionHeight - gap) / 2,
            width: side, height: side)
        return TicketScreen(caption: parts[0], number: parts[1], service: parts[2], dateTime: parts[3], ahead: parts[4],
            estimate: parts[5], keep: parts[6], notice: parts[7], countdown: parts[8],
            code: square, codeCaption: Rect(x: codeArea.x, y: square.maxY + gap, width: codeArea.width, height: captionHeight))
    }

    // MARK: Check my turn

    public struct CheckScreen: Sendable {
        public var title: Rect
        public var prompt: Rect
        public var typed: Rect
        public var letters: [Rect]
        public var digits: [Rect]
        public var erase: Rect
        public var submit: Rect
        public var back: Rect
    }

    /// Letters on one row, then a 3×4 pad: 1–9, erase, 0, check.
    public func check(letters count: Int) -> CheckScreen {
        let (title, rest) = full.slice(top: size.height * 8 / 100, gap: margin / 3)
        let (prompt, afterPrompt) = rest.slice(top: size.height * 5 / 100, gap: margin / 3)
        let (typed, afterTyped) = afterPrompt.slice(top: size.height * 10 / 100, gap: margin / 2)
        let back = Rect(x: full.x, y: full.maxY - minTouch, width: max(full.width / 3, minTouch * 3), height: minTouch)
        let padArea = Rect(x: afterTyped.x, y: afterTyped.y, width: afterTyped.width, height: back.y - margin - afterTyped.y)
        let padWidth = min(padArea.width, padArea.height * 6 / 5)
        let pad = Rect(x: padArea.x + (padArea.width - padWidth) / 2, y: padArea.y, width: padWidth, height: padArea.height)
        let rows = pad.rows(count: 5, gap: margin / 2)
        let letters = rows[0].columns(Array(repeating: 1, count: max(count, 1)), gap: margin / 2)
        var keys: [Rect] = []
        for row in rows[1...] { keys += row.columns([1, 1, 1], gap: margin / 2) }
        // keys: 1 2 3 / 4 5 6 / 7 8 9 / erase 0 submit
        let digits = Array(keys[0..<9]) + [keys[10]]
        return CheckScreen(title: title, prompt: prompt, typed: typed, letters: Array(letters.prefix(count)),
            digits: digits, erase: keys[9], submit: keys[11], back: back)
    }

    // MARK: Messages (result, waiting, unavailable)

    public struct MessageScreen: Sendable {
        public var title: Rect
        public var message: Rect
        public var back: Rect
    }

    public var message: MessageScreen {
        let parts = full.rows([1, 2.2, 1], gap: margin)
        let back = Rect(x: full.x, y: full.maxY - minTouch, width: max(full.width / 3, minTouch * 3), height: minTouch)
        return MessageScreen(title: parts[0], message: parts[1], back: back)
    }

    /// The touch targets of a screen, in drawing order.
    public func targets(for screen: KioskModel.Screen, office: Office?) -> [(KioskModel.Target, Rect)] {
        let services = office?.services.filter(\.active) ?? []
        switch screen {
        case .home:
            let home = home(services: services.count)
            return zip(services, home.services).map { (.service($0.code), $1) }
                + [(.checkMyTurn, home.check), (.language(.es), home.language), (.language(.en), home.language)]
        case .service(let code):
            let layout = service(bringItems: office?.service(code)?.bring[.es]?.count ?? 0)
            return [(.take(preferential: false), layout.normal), (.take(preferential: true), layout.preferential), (.back, layout.back)]
        case .check:
            let layout = check(letters: services.count)
            let digits: [Character] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
            return zip(services, layout.letters).map { (.key(Character($0.code)), $1) }
                + zip(digits, layout.digits).map { (.key($0), $1) }
                + [(.erase, layout.erase), (.submit, layout.submit), (.back, layout.back)]
        case .checkResult:
            return [(.back, message.back)]
        case .ticket, .issuing, .unavailable:
            return []
        }
    }

    /// What a touch at (x, y) means on `screen`.
    public func hit(x: Int, y: Int, screen: KioskModel.Screen, office: Office?, language: Language) -> KioskModel.Target {
        for (target, rect) in targets(for: screen, office: office) where rect.contains(x: x, y: y) {
            if case .language = target { return .language(language == .es ? .en : .es) }
            return target
        }
        return .anywhere
    }
}
