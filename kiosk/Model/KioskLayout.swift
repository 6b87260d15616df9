import AtiendeCore
import Foundation
import ScreenLayout

/// The kiosk's text sizes, in pixels: five steps set from the smallest (`floor`). No kiosk
/// text is set below `floor`: 24 px on a 1080-pixel screen, scaled with the screen. Larger
/// text multiplies every step by 1.5, and never goes below the size at which a capital H
/// subtends 0.7° at 60 cm on the office's stated screen (EN 301 549 5.1.4).
public struct KioskType: Sendable, Equatable {
    public var title: Int
    public var heading: Int
    public var body: Int
    public var small: Int
    public var floor: Int

    /// DejaVu Sans' capital height as a share of the font size (1,493 of 2,048 units).
    public static let capHeight = 0.729
    /// 0.7° at 60 cm: 2 × 600 mm × tan(0.35°).
    public static let capMillimetres = 2 * 600 * tan(0.35 * Double.pi / 180)
    public static let largeFactor = 1.5

    public init(size: Size, large: Bool, screenInches: Double) {
        let unit = Double(min(size.width, size.height))
        var floor = 24 * unit / 1080
        if large {
            floor = max(floor * Self.largeFactor, Self.pixels(forCapMillimetres: Self.capMillimetres, size: size, inches: screenInches) / Self.capHeight)
        }
        // Even (and from 64 a multiple of 4), as the screen's font sizes are.
        let step = floor > 64 ? 4.0 : 2.0
        self.floor = Int((floor / step).rounded(.up) * step)
        small = Int((floor * 1.25).rounded())
        body = Int((floor * 1.5).rounded())
        heading = Int((floor * 1.85).rounded())
        title = Int((floor * 2.35).rounded())
    }

    /// Pixels that measure `millimetres` on a screen of `inches` diagonal at `size`.
    public static func pixels(forCapMillimetres millimetres: Double, size: Size, inches: Double) -> Double {
        millimetres / millimetresPerPixel(size: size, inches: inches)
    }

    public static func millimetresPerPixel(size: Size, inches: Double) -> Double {
        inches * 25.4 / (Double(size.width * size.width + size.height * size.height)).squareRoot()
    }

    /// The height of a line of text at `size`.
    public static func line(_ size: Int) -> Int { size * 5 / 4 }
}

/// Where things go on each kiosk screen, and which touch targets they are. Pure
/// geometry: tests check sizes and overlaps without SDL, and the app hit-tests taps here.
/// Every box is sized from the text it holds (`KioskType`), so larger text gets larger
/// boxes, and what no longer fits goes to another page instead of shrinking.
public struct KioskLayout: Sendable {
    public let size: Size
    public let margin: Int
    public let unit: Int
    public let large: Bool
    public let type: KioskType

    public init(size: Size, large: Bool = false, screenInches: Double = ScreenSettings().kioskScreenInches) {
        self.size = size
        self.large = large
        unit = min(size.width, size.height)
        margin = max(10, unit / 36)
        type = KioskType(size: size, large: large, screenInches: screenInches)
    }

    /// The layout for a model's settings on an office's screen.
    public init(size: Size, model: KioskModel) {
        self.init(size: size, large: model.largeText, screenInches: model.office?.screens.kioskScreenInches ?? ScreenSettings().kioskScreenInches)
    }

    var full: Rect { Rect(size).inset(margin) }
    /// The smallest touch target height: 96 px on a 1080-pixel screen, scaled.
    public var minTouch: Int { max(64, unit * 96 / 1080) }
    /// A button whose label may take two lines of body text.
    var buttonHeight: Int { max(minTouch, 2 * KioskType.line(type.body) + margin / 2) }
    var gap: Int { margin / 2 }

    /// Splits `rect` from the top into boxes of the given heights; a `nil` height takes
    /// what is left (at most one).
    func stack(_ rect: Rect, _ heights: [Int?], gap: Int) -> [Rect] {
        let fixed = heights.compactMap { $0 }.reduce(0, +) + gap * max(0, heights.count - 1)
        let rest = max(0, rect.height - fixed)
        var y = rect.y
        return heights.map { height in
            let h = height ?? rest
            defer { y += h + gap }
            return Rect(x: rect.x, y: y, width: rect.width, height: h)
        }
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

    /// The service screen: its name across the top; in landscape, what it is and what to
    /// bring on the left and the two choices on the right; in portrait, one under another.
    public func service(bringItems: Int) -> ServiceScreen {
        let line = KioskType.line
        let (title, rest) = full.slice(top: max(line(type.title), 2 * line(type.floor)), gap: margin / 2)
        let textArea: Rect, pair: [Rect], back: Rect
        if size.isPortrait {
            let choiceHeight = line(type.title) + 2 * line(type.small) + margin
            let parts = stack(rest, [nil, 2 * choiceHeight + margin, buttonHeight], gap: margin / 2)
            textArea = parts[0]
            pair = parts[1].rows([1, 1], gap: margin)
            back = Rect(x: full.x, y: parts[2].y, width: max(full.width / 3, minTouch * 3), height: parts[2].height)
        } else {
            let halves = rest.columns([1.25, 1], gap: margin * 2)
            let left = stack(halves[0], [nil, buttonHeight], gap: margin / 2)
            textArea = left[0]
            back = Rect(x: left[1].x, y: left[1].y, width: min(left[1].width, max(full.width / 3, minTouch * 3)), height: left[1].height)
            pair = halves[1].rows([1, 1], gap: margin)
        }
        let parts = stack(textArea, [2 * line(type.body), line(type.heading), nil], gap: margin / 3)
        let bringList = parts[2]
        let itemHeight = min(2 * line(type.body), bringList.height / max(bringItems, 1))
        let bring = (0..<bringItems).map { i in Rect(x: bringList.x, y: bringList.y + i * itemHeight, width: bringList.width, height: itemHeight) }
        return ServiceScreen(title: title, description: parts[0], bringTitle: parts[1], bring: bring,
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
        public var done: Rect
        public var moreTime: Rect
        public var hearAgain: Rect
    }

    /// The ticket screen: the number huge; with `code`, room for the visit link's QR code
    /// (beside the details in landscape, under the estimate in portrait); "Listo", "Más
    /// tiempo" and "Escuchar otra vez" along the bottom.
    public func ticket(code: Bool) -> TicketScreen {
        let line = KioskType.line
        let (body, heading, small) = (type.body, type.heading, type.small)
        let buttonsHeight = max(minTouch, line(heading) + margin)
        let (content, buttonRow) = (Rect(x: full.x, y: full.y, width: full.width, height: full.height - buttonsHeight - margin),
            Rect(x: full.x, y: full.maxY - buttonsHeight, width: full.width, height: buttonsHeight))
        let buttons = buttonRow.columns([1.3, 1, 1.2], gap: margin)
        // Larger text wraps more: two lines for the people ahead, three for the estimate.
        let (aheadLines, estimateLines, keepLines) = large ? (2, 3, 3) : (1, 2, 2)
        var screen: TicketScreen
        if size.isPortrait {
            let codeHeight: Int? = code ? content.width / 3 : 0
            let parts = stack(content, [line(body), nil, max(line(heading), 2 * line(type.floor)), line(body), aheadLines * line(heading), estimateLines * line(body), codeHeight,
                keepLines * line(small), 2 * line(body), line(body)], gap: margin / 3)
            screen = TicketScreen(caption: parts[0], number: parts[1], service: parts[2], dateTime: parts[3], ahead: parts[4],
                estimate: parts[5], keep: parts[7], notice: parts[8], countdown: parts[9], done: buttons[0], moreTime: buttons[1], hearAgain: buttons[2])
            if code {
                let row = parts[6]
                screen.code = Rect(x: row.x, y: row.y, width: row.height, height: row.height)
                screen.codeCaption = Rect(x: row.x + row.height + margin, y: row.y, width: row.width - row.height - margin, height: row.height)
            }
        } else if !code && !large {
            // No code: one centred column, the number in the middle.
            let parts = stack(content, [line(body), nil, line(heading), line(body), aheadLines * line(heading), estimateLines * line(body),
                keepLines * line(small), 2 * line(body), line(body)], gap: margin / 3)
            let keep = parts[6].inset(dx: content.width / 6, dy: 0)
            screen = TicketScreen(caption: parts[0], number: parts[1], service: parts[2], dateTime: parts[3], ahead: parts[4],
                estimate: parts[5], keep: keep, notice: parts[7], countdown: parts[8], done: buttons[0], moreTime: buttons[1], hearAgain: buttons[2])
        } else {
            // The number and what it is on the left; what to expect, and the code, on the right.
            let halves = content.columns([1.1, 1], gap: margin * 2)
            let left = stack(halves[0], [line(body), nil, 2 * line(heading), line(body), 2 * line(body), line(body)], gap: margin / 3)
            let right = stack(halves[1], [aheadLines * line(heading), estimateLines * line(body), keepLines * line(small)] + (code ? [nil, 2 * line(small)] : []), gap: margin / 3)
            screen = TicketScreen(caption: left[0], number: left[1], service: left[2], dateTime: left[3], ahead: right[0],
                estimate: right[1], keep: right[2], notice: left[4], countdown: left[5], done: buttons[0], moreTime: buttons[1], hearAgain: buttons[2])
            if code {
                let area = right[3]
                let side = min(area.width, area.height)
                screen.code = Rect(x: area.x + (area.width - side) / 2, y: area.y + (area.height - side) / 2, width: side, height: side)
                screen.codeCaption = right[4]
            }
        }
        // Too small a code is worse than none (larger text on a small screen): the printed
        // ticket still carries it.
        if let square = screen.code, square.width < Self.smallestCode {
            screen.code = nil
            screen.codeCaption = nil
        }
        return screen
    }

    /// A visit link's code needs about 37 modules at 6 px each to be read from arm's length.
    public static let smallestCode = 222

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

    /// Letters on one row, then a pad: 1–9, then "Borrar" and a wide 0. In landscape the
    /// pad takes the right half and "Consultar" sits under the number typed; in portrait
    /// the pad sits under the number, and "Consultar" beside "Volver".
    public func check(letters count: Int) -> CheckScreen {
        let line = KioskType.line
        let heads = [line(type.heading), 2 * line(type.body), line(type.title) + margin]
        let pad: Rect, back: Rect, submit: Rect, top: [Rect]
        if size.isPortrait {
            let parts = stack(full, heads + [nil, buttonHeight], gap: margin / 2)
            top = Array(parts[0...2])
            pad = parts[3]
            let bottom = parts[4].columns([1, 1], gap: margin * 2)
            (back, submit) = (bottom[0], bottom[1])
        } else {
            let halves = full.columns([1, 1.1], gap: margin * 2)
            let parts = stack(halves[0], heads + [buttonHeight, nil, buttonHeight], gap: margin / 2)
            top = Array(parts[0...2])
            submit = parts[3]
            pad = halves[1]
            back = parts[5]
        }
        let rows = pad.rows(count: 5, gap: margin / 2)
        let letters = rows[0].columns(Array(repeating: 1, count: max(count, 1)), gap: margin / 2)
        var keys: [Rect] = []
        for row in rows[1...3] { keys += row.columns([1, 1, 1], gap: margin / 2) }
        let last = rows[4].columns([1, 2], gap: margin / 2)
        return CheckScreen(title: top[0], prompt: top[1], typed: top[2], letters: Array(letters.prefix(count)),
            digits: keys + [last[1]], erase: last[0], submit: submit, back: back)
    }

    // MARK: Messages (result, waiting, unavailable)

    public struct MessageScreen: Sendable {
        public var title: Rect
        public var message: Rect
        public var back: Rect
        public var hearAgain: Rect
    }

    public var message: MessageScreen {
        let parts = stack(full, [2 * KioskType.line(type.title), nil, buttonHeight], gap: margin)
        let buttons = parts[2].columns([1, 1], gap: margin * 2)
        return MessageScreen(title: parts[0], message: parts[1], back: buttons[0], hearAgain: buttons[1])
    }

    /// Where the warning that a screen is about to go home is drawn: a band over the top.
    public var warning: Rect {
        Rect(x: 0, y: 0, width: size.width, height: 2 * KioskType.line(type.body) + margin)
    }

    /// The touch targets of a screen, in drawing order.
    public func targets(for model: KioskModel) -> [(KioskModel.Target, Rect)] {
        let office = model.office
        switch model.screen {
        case .home:
            let page = model.homePage
            let home = home(services: office?.services.filter(\.active).count ?? 0, languages: model.otherLanguages.count, notice: model.notice != nil)
            var out: [(KioskModel.Target, Rect)] = zip(page.services, home.services).map { (.service($0.code), $1) }
            if page.pages > 1, let previous = home.previous, let next = home.next {
                if page.page > 0 { out.append((.page(forward: false), previous)) }
                if page.page < page.pages - 1 { out.append((.page(forward: true), next)) }
            }
            out.append((.checkMyTurn, home.check))
            out += zip(model.otherLanguages, home.languages).map { (.language($0), $1) }
            return out + [(.listen, home.listen), (.largeText, home.largeText)]
        case .service(let code):
            let layout = service(bringItems: office?.service(code)?.bring[.es]?.count ?? 0)
            return [(.take(preferential: false), layout.normal), (.take(preferential: true), layout.preferential), (.back, layout.back)]
        case .check:
            let services = office?.services.filter(\.active) ?? []
            let layout = check(letters: services.count)
            let digits: [Character] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
            return zip(services, layout.letters).map { (.key(Character($0.code.rawValue)), $1) }
                + zip(digits, layout.digits).map { (.key($0), $1) }
                + [(.erase, layout.erase), (.submit, layout.submit), (.back, layout.back)]
        case .checkResult:
            return [(.back, message.back), (.hearAgain, message.hearAgain)]
        case .staffExit:
            let layout = check(letters: 0)
            let digits: [Character] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
            return zip(digits, layout.digits).map { (.key($0), $1) } + [(.erase, layout.erase), (.submit, layout.submit), (.back, layout.back)]
        case .ticket:
            let t = ticket(code: false)
            return [(.done, t.done), (.moreTime, t.moreTime), (.hearAgain, t.hearAgain)]
        case .issuing, .unavailable:
            return []
        }
    }

    /// The hidden corner a locked kiosk's staff touch five times to leave.
    public var staffCorner: Rect { Rect(x: 0, y: 0, width: minTouch, height: minTouch) }

    /// What a touch at (x, y) means on the model's screen.
    public func hit(x: Int, y: Int, _ model: KioskModel) -> KioskModel.Target {
        targets(for: model).first { $0.1.contains(x: x, y: y) }?.0 ?? .anywhere
    }
}
