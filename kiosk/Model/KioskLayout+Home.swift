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

    /// A service row: its name over its description, each with room for two lines at the
    /// floor size, so a long name wraps instead of shrinking or being cut.
    public var serviceRowHeight: Int { serviceNameHeight + serviceDetailHeight + margin / 2 }
    public var serviceNameHeight: Int { max(KioskType.line(type.heading), 2 * KioskType.line(type.floor)) }
    public var serviceDetailHeight: Int { max(KioskType.line(type.body), 2 * KioskType.line(type.floor)) }

    /// - Parameter notice: whether the office's notice shows, under the greeting.
    public func home(services count: Int, languages: Int = 1, notice: Bool = false) -> Home {
        guard notice else { return home(services: count, languages: languages, noticeRow: false) }
        // A line of its own when that costs no service its place on the first page;
        // otherwise the notice takes the prompt's line (the cards say what to touch).
        let plain = home(services: count, languages: languages, noticeRow: false)
        let own = home(services: count, languages: languages, noticeRow: true)
        if own.perPage >= min(count, plain.perPage) { return own }
        var shared = plain
        shared.notice = plain.prompt
        shared.prompt = Rect(x: plain.prompt.x, y: plain.prompt.y, width: plain.prompt.width, height: 0)
        return shared
    }

    private func home(services count: Int, languages: Int, noticeRow notice: Bool) -> Home {
        let portraitLarge = size.isPortrait && large
        let footerRows = portraitLarge ? 2 : 1
        let footerHeight = footerRows * buttonHeight + (footerRows - 1) * gap
        // With larger text the hint gives its room to the services: the preferential
        // button on the next screen says the same.
        // The notice's line is there only when there is a notice: without one, nothing moves.
        var heights: [Int?] = [max(KioskType.line(type.title), 2 * KioskType.line(type.floor)) + margin / 2, KioskType.line(type.heading), nil,
            large ? 0 : 2 * KioskType.line(type.small), footerHeight]
        if notice { heights.insert(2 * KioskType.line(type.small), at: 1) }
        var parts = stack(full, heights, gap: gap)
        let noticeRect = notice ? parts.remove(at: 1) : Rect(x: full.x, y: parts[0].maxY, width: full.width, height: 0)
        let (greeting, prompt, list, hint, footer) = (parts[0], parts[1], parts[2], parts[3], parts[4])
        let row = serviceRowHeight, rowGap = margin / 2
        let fitAll = max(1, (list.height + rowGap) / (row + rowGap))
        var previous: Rect?, next: Rect?, pageLabel: Rect?
        var perPage = fitAll
        var rowsArea = list
        if count > fitAll {
            let pagerHeight = buttonHeight
            perPage = max(1, (list.height - pagerHeight - rowGap + rowGap) / (row + rowGap))
            let pager = Rect(x: list.x, y: list.maxY - pagerHeight, width: list.width, height: pagerHeight)
            let thirds = pager.columns([1.3, 1, 1.3], gap: margin)
            (previous, pageLabel, next) = (thirds[0], thirds[1], thirds[2])
            rowsArea = Rect(x: list.x, y: list.y, width: list.width, height: pager.y - rowGap - list.y)
        }
        // Rows spread over the room they have, a margin apart at most, and centred.
        let shown = min(count, perPage)
        let spread = shown > 1 ? min(margin, (rowsArea.height - shown * row) / (shown - 1)) : 0
        let used = shown * row + max(0, shown - 1) * spread
        let top = rowsArea.y + max(0, (rowsArea.height - used) / 2)
        let services = (0..<shown).map { i in Rect(x: rowsArea.x, y: top + i * (row + spread), width: rowsArea.width, height: row) }
        let buttons: [Rect]
        let weights = [1.5] + Array(repeating: 1.0, count: languages) + [1.1, 1.2]
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
