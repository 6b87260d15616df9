import ScreenLayout

/// Where everything goes on the wall, for any window size. Pure geometry, so tests can
/// check at every size that boxes stay on screen and never overlap.
///
/// Landscape: header on top, today's strip at the bottom; the current call and the
/// recent calls on the left, the services on the right. Portrait stacks them. Each
/// service row has its name over three figures, under column labels as large as the
/// figures (labels a third their size were readable only from 2–3 m).
public struct DisplayLayout: Sendable, Equatable {
    public struct ServiceRow: Sendable, Equatable {
        public var box: Rect
        public var name: Rect
        /// People waiting, longest wait, estimate.
        public var figures: [Rect]
    }

    public var size: Size
    public var margin: Int
    public var header: Rect
    public var officeName: Rect
    public var date: Rect
    public var clock: Rect
    public var currentBox: Rect
    public var currentCaption: Rect
    public var currentNumber: Rect
    public var currentDesk: Rect
    public var recentBox: Rect
    public var recentTitle: Rect
    public var recentRows: [Rect]
    public var servicesBox: Rect
    /// The figures' labels, over their columns: two lines each, as tall as the figures.
    public var columnTitles: [Rect]
    public var serviceRows: [ServiceRow]
    public var strip: Rect
    public var stripItems: [Rect]
    public var banner: Rect
    /// The office's notice, a band above the strip; empty when there is none.
    public var notice: Rect

    /// Text size caps, in pixels, scaled to the screen.
    public var headerText: Int
    public var numberText: Int
    public var deskText: Int
    public var captionText: Int
    public var recentText: Int
    public var serviceNameText: Int
    /// The figures and their labels: one size, so a label reads from as far as its figure.
    public var figureText: Int
    public var titleText: Int
    public var stripText: Int
    public var noticeText: Int
    /// No text on the wall is smaller: 24 px on a 1080-pixel screen, scaled.
    public var floorText: Int

    /// - Parameter notice: whether a notice band is shown (it takes its height from the body).
    public init(size: Size, services: Int, notice: Bool = false) {
        self.size = size
        let unit = min(size.width, size.height)
        let margin = max(8, unit / 40)
        self.margin = margin
        let gap = margin
        let full = Rect(size).inset(margin)
        let portrait = size.isPortrait

        let (headerRect, belowHeader) = full.slice(top: Int(Double(size.height) * (portrait ? 0.08 : 0.09)), gap: gap)
        header = headerRect
        let stripHeight = Int(Double(size.height) * (portrait ? 0.09 : 0.08))
        let noticeHeight = notice ? Int(Double(size.height) * (portrait ? 0.05 : 0.07)) : 0
        let noticeRoom = notice ? noticeHeight + gap : 0
        let body = Rect(x: belowHeader.x, y: belowHeader.y, width: belowHeader.width, height: belowHeader.height - stripHeight - gap - noticeRoom)
        strip = Rect(x: full.x, y: full.maxY - stripHeight, width: full.width, height: stripHeight)
        self.notice = Rect(x: full.x, y: strip.y - noticeRoom, width: full.width, height: noticeHeight)

        if portrait {
            // The office name gets a line of its own; date and clock share the second.
            let lines = header.inset(dx: margin / 2, dy: margin / 4).rows([1, 1])
            officeName = lines[0]
            let second = lines[1].columns([3, 1.3], gap: gap)
            date = second[0]
            clock = second[1]
        } else {
            let parts = header.inset(dx: margin / 2, dy: 0).columns([6, 3, 1.3], gap: gap)
            officeName = parts[0]
            date = parts[1]
            clock = parts[2]
        }

        let callsArea: Rect, servicesArea: Rect
        if portrait {
            let parts = body.rows([0.44, 0.20, 0.36], gap: gap)
            currentBox = parts[0]
            callsArea = parts[1]
            servicesArea = parts[2]
        } else {
            let columns = body.columns([0.45, 0.55], gap: gap)
            let left = columns[0].rows([0.62, 0.38], gap: gap)
            currentBox = left[0]
            callsArea = left[1]
            servicesArea = columns[1]
        }
        let callParts = currentBox.inset(margin).rows([0.16, 0.60, 0.24])
        currentCaption = callParts[0]
        currentNumber = callParts[1]
        currentDesk = callParts[2]

        recentBox = callsArea
        // The title as tall as a row of calls: a label reads from as far as what it labels.
        let (recentTitleRect, recentList) = callsArea.inset(margin / 2).slice(top: callsArea.inset(margin / 2).height / 4)
        recentTitle = recentTitleRect
        // Six calls: two columns of three.
        let recentColumns = recentList.columns([1, 1], gap: gap)
        recentRows = recentColumns.flatMap { $0.rows(count: 3, gap: margin / 3) }

        servicesBox = servicesArea
        let inner = servicesArea.inset(margin / 2)
        // The labels take two lines of figure text: about a row.
        let rowCount = max(services, 1)
        let labelShare = 1.0
        let rowHeight = min(Int(Double(inner.height) / (Double(rowCount) + labelShare)), Int(Double(unit) * 0.22))
        let (columnsRect, rowsArea) = inner.slice(top: Int(Double(rowHeight) * labelShare), gap: margin / 3)
        let figureWeights = [1.0, 1.0, 1.15]
        columnTitles = columnsRect.columns(figureWeights, gap: gap)
        serviceRows = (0..<rowCount).map { i in
            let box = Rect(x: rowsArea.x, y: rowsArea.y + i * rowHeight, width: rowsArea.width, height: rowHeight - margin / 3)
            let parts = box.inset(dx: margin / 2, dy: margin / 4).rows(portrait ? [0.45, 0.55] : [0.38, 0.62])
            return ServiceRow(box: box, name: parts[0], figures: parts[1].columns(figureWeights, gap: gap))
        }

        stripItems = portrait
            ? strip.inset(dx: margin, dy: margin / 3).rows(count: 3)
            : strip.inset(dx: margin, dy: 0).columns([1.5, 1, 1], gap: gap * 2)
        banner = Rect(x: full.x, y: header.maxY + gap, width: full.width, height: max(stripHeight, header.height))

        headerText = Int(Double(officeName.height) * (portrait ? 0.8 : 0.5))
        numberText = Int(Double(currentNumber.height) * 0.86)
        deskText = Int(Double(currentDesk.height) * 0.8)
        captionText = Int(Double(currentCaption.height) * 0.8)
        recentText = Int(Double(recentRows.first?.height ?? 20) * 0.62)
        serviceNameText = Int(Double(serviceRows.first?.name.height ?? 20) * 0.78)
        figureText = Int(Double(serviceRows.first?.figures.first?.height ?? 20) * 0.72)
        titleText = recentText
        stripText = Int(Double(stripItems[0].height) * (portrait ? 0.6 : 0.42))
        floorText = max(12, (24 * unit + 1079) / 1080)
        noticeText = max(floorText, Int(Double(noticeHeight) * 0.55))
    }

    /// Every box that holds content, for overlap checks.
    public var contentBoxes: [(String, Rect)] {
        var boxes: [(String, Rect)] = [("header", header), ("current", currentBox), ("recent", recentBox), ("services", servicesBox), ("strip", strip)]
        boxes += serviceRows.enumerated().map { ("service row \($0.offset)", $0.element.box) }
        if notice.height > 0 { boxes.append(("notice", notice)) }
        return boxes
    }
}
