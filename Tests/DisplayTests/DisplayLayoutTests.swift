import DisplayModel
import ScreenLayout
import Testing

@Suite struct DisplayLayoutTests {
    static let sizes = [Size(width: 1280, height: 720), Size(width: 1920, height: 1080), Size(width: 3840, height: 2160), Size(width: 1080, height: 1920)]

    @Test(arguments: sizes, [false, true])
    func boxesStayOnScreenAndNeverOverlap(size: Size, notice: Bool) {
        let layout = DisplayLayout(size: size, services: 5, notice: notice)
        let screen = Rect(size)
        let panels = [layout.header, layout.currentBox, layout.recentBox, layout.servicesBox, layout.strip] + (notice ? [layout.notice] : [])
        #expect((layout.notice.height > 0) == notice)
        if notice { #expect(layout.noticeText >= layout.floorText && layout.notice.height >= size.height / 20, "a notice reads from across the room") }
        for panel in panels { #expect(screen.contains(panel), "\(panel) on \(size)") }
        for (i, a) in panels.enumerated() {
            for b in panels[(i + 1)...] { #expect(!a.intersects(b), "\(a) and \(b) on \(size)") }
        }
        for row in layout.serviceRows { #expect(layout.servicesBox.contains(row.box)) }
        for (i, a) in layout.serviceRows.enumerated() {
            for b in layout.serviceRows[(i + 1)...] { #expect(!a.box.intersects(b.box)) }
        }
        for row in layout.recentRows { #expect(layout.recentBox.contains(row)) }
    }

    @Test(arguments: sizes)
    func theNumberBoxCanHoldADigitAtLeastASixthOfTheScreenTall(size: Size) {
        let layout = DisplayLayout(size: size, services: 4)
        #expect(layout.currentNumber.height >= size.height / 6)
    }

    @Test func rowsAndColumnsSplitExactly() {
        let parts = Rect(x: 10, y: 0, width: 101, height: 50).columns([1, 2], gap: 3)
        #expect(parts[0].x == 10 && parts[1].maxX == 111)
        #expect(parts[1].x == parts[0].maxX + 3)
    }
}
