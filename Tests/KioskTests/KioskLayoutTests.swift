import AtiendeCore
import KioskModel
import ScreenLayout
import Testing

@Suite struct KioskLayoutTests {
    static let sizes = [Size(width: 1920, height: 1080), Size(width: 1280, height: 1024), Size(width: 1080, height: 1920)]
    static let screens: [KioskModel.Screen] = [.home, .service("B"), .check(typed: "B1"), .checkResult(.notFound("B-001"))]

    @Test(arguments: sizes)
    func touchTargetsAreLargeOnScreenAndApart(size: Size) {
        let layout = KioskLayout(size: size)
        for screen in Self.screens {
            let targets = layout.targets(for: screen, office: KioskDemo.office).filter {
                if case .language(.en) = $0.0 { return false } else { return true }  // one button, two meanings
            }
            #expect(!targets.isEmpty)
            for (target, rect) in targets {
                #expect(Rect(size).contains(rect), "\(target) on \(size)")
                #expect(rect.height >= 96 * min(size.width, size.height) / 1080, "\(target) is \(rect.height) px tall on \(size)")
            }
            for (i, a) in targets.enumerated() {
                for b in targets[(i + 1)...] { #expect(!a.1.intersects(b.1), "\(a.0) and \(b.0) overlap on \(size)") }
            }
        }
    }

    @Test func tapsHitTheirTargets() {
        let layout = KioskLayout(size: Size(width: 1920, height: 1080))
        let home = layout.home(services: 4)
        let b = home.services[1]
        #expect(layout.hit(x: b.x + 5, y: b.y + 5, screen: .home, office: KioskDemo.office, language: .es) == .service("B"))
        #expect(layout.hit(x: home.language.x + 2, y: home.language.y + 2, screen: .home, office: KioskDemo.office, language: .es) == .language(.en))
        #expect(layout.hit(x: 1, y: 1, screen: .home, office: KioskDemo.office, language: .es) == .anywhere)
    }
}
