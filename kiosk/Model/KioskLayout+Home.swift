import AtiendeCore
import Foundation
import ScreenLayout

extension KioskLayout {
    // MARK: Home

    public struct Home: Sendable {
        public var greeting: Rect
        public var prompt: Rect
        /// The services on this page, one row each.
        public var services: [Rect]
        /// How many services a page holds.
        public var perPage: Int
        /// Previous and next page, when there is more than one.
        public var previous: Rect?
        public var next: Rect?
        public var pageLabel: Rect?
        public var hint: Rect
        /// The office's notice, under the greeting; empty when there is none.
        public var notice: Rect
        public var check: Rect
        /// One button per other language.
        public var languages: [Rect]
        public var listen: Rect
        public var largeText: Rect
    }

    /// A service card at its smallest: its name over its description, each with room for
    /// two lines at the floor size, so a long name wraps instead of shrinking or being cut.
    public var serviceRowHeight: Int { serviceNameHeight + serviceDetailHeight + margin / 2 }
    /// With larger text a name has two lines of body text: names were drawn only about 10 %
    /// larger (35 → 39 px), squeezed into the normal card's two lines of the floor size.
    public var serviceNameHeight: Int {
        large ? 2 * KioskType.line(type.body) : max(KioskType.line(type.heading), 2 * KioskType.line(type.floor))
    }
    public var serviceDetailHeight: Int { max(KioskType.line(type.body), 2 * KioskType.line(type.floor)) }
    /// How much taller than its smallest a card grows to fill the screen: a portrait kiosk
    /// left about 450 px empty above and below the cards. (Its text keeps its size, so that
    /// larger text stays at least 1.4 times normal text.)
    public static let cardGrowth = 2.2

    /// - Parameter notice: whether the office's notice shows, under the greeting.
    public func home(services count: Int, languages: Int = 1, notice: Bool = false) -> Home {
        // The prompt gets its line when that costs no service its place on the first page
        // (the cards say what to touch); so does the notice, which always shows: in a line
        // of its own, else in the prompt's line, else in the greeting's band (the day's
        // notice matters more than a greeting).
        let most = home(services: count, languages: languages, noticeRow: false, promptRow: false)
        let target = min(count, most.perPage)
        guard notice else {
            let withPrompt = home(services: count, languages: languages, noticeRow: false, promptRow: true)
            return withPrompt.perPage >= target ? withPrompt : most
        }
        for prompt in [true, false] {
            let own = home(services: count, languages: languages, noticeRow: true, promptRow: prompt)
            if own.perPage >= target { return own }
        }
        var shared = home(services: count, languages: languages, noticeRow: false, promptRow: true)
        if shared.perPage >= target {
            shared.notice = shared.prompt
            shared.prompt = Rect(x: shared.prompt.x, y: shared.prompt.y, width: shared.prompt.width, height: 0)
            return shared
        }
        shared = most
        shared.notice = most.greeting
        shared.greeting = Rect(x: most.greeting.x, y: most.greeting.y, width: most.greeting.width, height: 0)
        return shared
    }

    private func home(services count: Int, languages: Int, noticeRow notice: Bool, promptRow: Bool) -> Home {
        let portraitLarge = size.isPortrait && large
        let footerRows = portraitLarge ? 2 : 1
        let weights = [1.5] + Array(repeating: 1.0, count: languages) + [1.1, 1.2]
        // With larger text the buttons keep to one line when the widest label ("Consultar mi
        // turno", about 13 letters of the floor size) fits, leaving the services their room.
        let firstRow = footerRows == 2 ? Array(weights[0...languages]) : weights
        let checkWidth = Int(Double(full.width - margin * (firstRow.count - 1)) * 1.5 / firstRow.reduce(0, +))
        let oneLine = large && checkWidth >= 13 * type.floor
        let footerButton = oneLine ? max(minTouch, KioskType.line(type.body) + margin / 2) : buttonHeight
        let footerHeight = footerRows * footerButton + (footerRows - 1) * gap
        // The preferential hint stays in both text sizes: someone who needs larger text is
        // often someone the office serves first.
        // (Larger text needs three lines of the floor size for it, four on a portrait screen.)
        let hintHeight = large ? (size.isPortrait ? 4 : 3) * KioskType.line(type.floor) : 2 * KioskType.line(type.small)
        var heights: [Int?] = [max(KioskType.line(type.title), 2 * KioskType.line(type.floor)) + margin / 2,
            promptRow ? KioskType.line(type.heading) : 0, nil, hintHeight, footerHeight]
        if notice { heights.insert(2 * KioskType.line(type.small), at: 1) }
        var parts = stack(full, heights, gap: gap)
        let noticeRect = notice ? parts.remove(at: 1) : Rect(x: full.x, y: parts[0].maxY, width: full.width, height: 0)
        let (greeting, prompt, list, hint, footer) = (parts[0], parts[1], parts[2], parts[3], parts[4])
        let row = serviceRowHeight, rowGap = margin / 2
        let rowsFit = { (height: Int) in max(1, (height + rowGap) / (row + rowGap)) }
        // One column while every service fits in it; in landscape two, before paging, when
        // a name still has room for about 17 letters of the floor size a line beside its letter.
        let halfWords = (list.width - margin) / 2 - margin - (KioskType.line(type.title) + margin / 2)
        let columns = !size.isPortrait && count > rowsFit(list.height) && halfWords >= 17 * type.floor ? 2 : 1
        var previous: Rect?, next: Rect?, pageLabel: Rect?
        var perPage = rowsFit(list.height) * columns
        var rowsArea = list
        if count > perPage {
            let pagerHeight = buttonHeight
            perPage = rowsFit(list.height - pagerHeight - rowGap) * columns
            let pager = Rect(x: list.x, y: list.maxY - pagerHeight, width: list.width, height: pagerHeight)
            let thirds = pager.columns([1.3, 1, 1.3], gap: margin)
            (previous, pageLabel, next) = (thirds[0], thirds[1], thirds[2])
            rowsArea = Rect(x: list.x, y: list.y, width: list.width, height: pager.y - rowGap - list.y)
        }
        // The cards fill the room they have (up to `cardGrowth` their smallest), centred.
        let shown = min(count, perPage)
        let rows = max(1, (shown + columns - 1) / columns)
        let grown = min(Int(Double(row) * Self.cardGrowth), (rowsArea.height - (rows - 1) * rowGap) / rows)
        let height = max(row, grown)
        let used = rows * height + (rows - 1) * rowGap
        let top = rowsArea.y + max(0, (rowsArea.height - used) / 2)
        let lanes = Rect(x: rowsArea.x, y: top, width: rowsArea.width, height: used).columns(Array(repeating: 1.0, count: columns), gap: margin)
        let services = (0..<shown).map { i in
            Rect(x: lanes[i % columns].x, y: top + (i / columns) * (height + rowGap), width: lanes[i % columns].width, height: height)
        }
        let buttons: [Rect]
        if footerRows == 2 {
            let lines = footer.rows(count: 2, gap: gap)
            buttons = lines[0].columns(Array(weights[0...languages]), gap: margin) + lines[1].columns([1.1, 1.2], gap: margin)
        } else {
            buttons = footer.columns(weights, gap: margin)
        }
        return Home(greeting: greeting, prompt: prompt, services: services, perPage: perPage, previous: previous, next: next,
            pageLabel: pageLabel, hint: hint, notice: noticeRect, check: buttons[0], languages: Array(buttons[1...languages]),
            listen: buttons[languages + 1], largeText: buttons[languages + 2])
    }
}
