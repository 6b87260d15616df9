@testable import KioskApp
import AtiendeCore
import AtiendeQueue
import Foundation
import KioskModel
import ScreenKit
import ScreenLayout
import Testing
import TestSupport

/// Every kiosk screen drawn offscreen at every supported size, in both languages, in
/// normal and larger text, for the demo office and for a municipal office with six long
/// service names. Every text must fit its box uncut, at or above the floor size, with a
/// contrast of at least 4.5:1 (3:1 from 24 px) measured from the drawn pixels. Set
/// ATIENDE_SHOTS=folder to keep the frames as BMP files.
@MainActor
@Suite(.serialized) struct KioskRenderTests {
    static func models(_ language: Language, office: Office = KioskDemo.office, large: Bool = false) -> [(String, KioskModel, Date)] {
        let t = KioskDemo.nine
        let later = t.addingTimeInterval(2)
        func ready() -> KioskModel {
            var model = KioskDemo.ready(language: language, office: office)
            if large { _ = model.tap(.largeText, at: t) }
            return model
        }
        let code = office.services[3].code
        var out: [(String, KioskModel, Date)] = [("home", ready(), later)]
        var service = ready()
        _ = service.tap(.service(code), at: t)
        out.append(("service", service, later))
        var ticket = service
        ticket.linkBase = KioskDemo.server
        _ = ticket.tap(.take(preferential: true), at: t)
        ticket.issued(KioskDemo.place(code.rawValue + "-107", ahead: 12, token: KioskDemo.token), printFailed: true, at: t)
        out.append(("ticket", ticket, later))
        out.append(("ticket-warning", ticket, t.addingTimeInterval(KioskModel.ticketSeconds - 5)))
        var check = ready()
        _ = check.tap(.checkMyTurn, at: t)
        _ = check.tap(.key(Character(office.services[2].code.rawValue)), at: t)
        _ = check.tap(.key("4"), at: t)
        out.append(("check", check, later))
        var result = check
        result.looked(up: TicketNumber(service: office.services[2].code, sequence: 4), KioskDemo.place(office.services[2].code.rawValue + "-004", state: .called, desk: "1"), at: t)
        out.append(("result", result, later))
        out.append(("result-warning", result, t.addingTimeInterval(KioskModel.idleSeconds - 3)))
        var down = ready()
        down.lostQueue(at: t)
        out.append(("unavailable", down, later))
        var withPIN = office
        withPIN.screens.kioskExitPIN = "2468"
        var staff = KioskDemo.ready(language: language, office: withPIN)
        if large { _ = staff.tap(.largeText, at: t) }
        staff.askStaffPIN(at: t)
        _ = staff.tap(.key("2"), at: t)
        out.append(("staff-exit", staff, later))
        let early = t.addingTimeInterval(-7200)
        var closed = KioskModel(language: language, now: early)
        closed.receive(KioskDemo.snapshot(at: early, office: office), office: office, at: early)
        if large { _ = closed.tap(.largeText, at: early) }
        out.append(("closed", closed, early))
        return out
    }

    /// Draws each model and checks every text; returns the drawn texts per screen.
    @discardableResult
    static func check(
        size: Size, office: Office, language: Language, large: Bool, name prefix: String, contrast: Bool = true
    ) throws -> [String: [Screen.DrawnText]] {
        var drawn: [String: [Screen.DrawnText]] = [:]
        for (name, var model, at) in models(language, office: office, large: large) {
            let screen = try Screen(.offscreen(size))
            defer { screen.close() }
            let layout = KioskLayout(size: size, model: model)
            model.servicesPerPage = layout.home(services: office.services.count, languages: model.otherLanguages.count).perPage
            var pages = [model]
            while name == "home", let last = pages.last, last.homePage.page < last.homePage.pages - 1 {
                var next = last
                _ = next.tap(.page(forward: true), at: at)
                pages.append(next)
            }
            for (index, page) in pages.enumerated() {
                let label = "\(prefix) \(name)\(index > 0 ? "-page\(index + 1)" : "") \(language) \(large ? "large" : "normal") \(size)"
                KioskView(screen: screen).draw(page, at: at)
                #expect(!screen.drawnTexts.isEmpty, "\(label) draws something")
                let pixels = contrast ? screen.pixels() : []
                for text in screen.drawnTexts {
                    #expect(text.box.contains(text.drawn), "'\(text.text)' overflows on \(label): \(screen.drawnTexts.map { "\($0.text)@\($0.box)" })")
                    #expect(!text.text.hasSuffix("…"), "'\(text.text)' was shortened on \(label)")
                    #expect(text.size >= layout.type.floor || text.text == page.homePage.services.first?.code.rawValue, "'\(text.text)' is \(text.size) px, under the floor of \(layout.type.floor) on \(label)")
                    guard contrast else { continue }
                    let ratio = Contrast.ofText(x: text.drawn.x, y: text.drawn.y, width: text.drawn.width, height: text.drawn.height, pixels: pixels, stride: size.width)
                    #expect(ratio >= Contrast.needed(size: text.size), "'\(text.text)' has contrast \(ratio) on \(label)")
                }
                if name == "home" {
                    // No service name is smaller than the descriptions under it.
                    // (A long name wraps: its lines are drawn one by one.)
                    let names = page.homePage.services.map { $0.name[language] }
                    let descriptions = page.homePage.services.map { $0.description[language] }
                    let lines = screen.drawnTexts.filter { $0.text.count >= 6 }
                    let nameSizes = lines.filter { text in names.contains { $0.contains(text.text) } }.map(\.size)
                    let descriptionSizes = lines.filter { text in descriptions.contains { $0.contains(text.text) } }.map(\.size)
                    #expect(!nameSizes.isEmpty, "names drawn on \(label)")
                    #expect((nameSizes.min() ?? 0) >= (descriptionSizes.max() ?? 0), "names \(nameSizes) vs descriptions \(descriptionSizes) on \(label): \(lines.map { "\($0.text)=\($0.size)" })")
                }
                drawn[name + (index > 0 ? "-page\(index + 1)" : "")] = screen.drawnTexts
                if let folder = ProcessInfo.processInfo.environment["ATIENDE_SHOTS"] {
                    let file = "kiosk-\(prefix)-\(name)\(index > 0 ? "-page\(index + 1)" : "")-\(language)-\(large ? "large-" : "")\(size.width)x\(size.height).bmp"
                    try screen.saveBMP(to: "\(folder)/\(file)")
                }
            }
        }
        return drawn
    }

    @Test(arguments: KioskLayoutTests.sizes)
    func everyScreenFitsInBothLanguagesAndBothTextSizes(size: Size) throws {
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        for language in [Language.es, .en] {
            for large in [false, true] {
                try Self.check(size: size, office: KioskDemo.office, language: language, large: large, name: "demo")
            }
        }
    }

    /// Six services with long names: paged with arrows, never shrunk or cut. (Colours are
    /// the demo's, whose contrast the test above measures.)
    @Test(arguments: KioskLayoutTests.sizes)
    func aMunicipalOfficeWithSixLongServiceNamesFits(size: Size) throws {
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        for language in [Language.es, .en] {
            for large in [false, true] {
                let drawn = try Self.check(size: size, office: KioskDemo.municipal, language: language, large: large, name: "municipal", contrast: false)
                // Every service appears on some page.
                let words = Set(drawn.filter { $0.key.hasPrefix("home") }.values.flatMap { $0.flatMap { $0.text.split(separator: " ").map(String.init) } })
                for service in KioskDemo.municipal.services {
                    let missing = service.name[language].split(separator: " ").map(String.init).filter { !words.contains($0) }
                    #expect(missing.isEmpty, "\(service.name[language]) on no page at \(size) \(language) \(large): \(missing)")
                }
            }
        }
    }

    /// Larger text makes the smallest and the typical text of each screen at least 40 % larger.
    @Test(arguments: KioskLayoutTests.sizes)
    func largerTextIsAtLeastFortyPercentLargerOnEveryScreen(size: Size) throws {
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        let normal = try Self.check(size: size, office: KioskDemo.office, language: .es, large: false, name: "demo", contrast: false)
        let large = try Self.check(size: size, office: KioskDemo.office, language: .es, large: true, name: "demo", contrast: false)
        for (name, texts) in normal {
            guard let bigger = large[name] else { continue }
            let small = texts.map(\.size).sorted(), big = bigger.map(\.size).sorted()
            // Both modes shrink a text that does not fit its box, down to their floor: the
            // smallest text with larger text on is still 40 % over normal text's floor.
            let floor = KioskType(size: size, large: false, screenInches: KioskDemo.office.screens.kioskScreenInches).floor
            let smallest = bigger.min { $0.size < $1.size }!.text
            #expect(Double(big[0]) >= 1.4 * Double(floor), "smallest text on \(name) at \(size): \(big[0]) px ('\(smallest)'), normal floor \(floor)")
            #expect(Double(big[big.count / 2]) >= 1.35 * Double(small[small.count / 2]), "median text on \(name) at \(size): \(small[small.count / 2]) → \(big[big.count / 2])")
        }
    }

    /// The demo office's four services show on one screen, portrait and landscape, in both
    /// text sizes; with larger text their names are drawn at least 1.4 times as large
    /// (they grew about 10 % on a portrait screen, 35 → 39 px) and the cards fill the
    /// height (about 450 px stayed empty above and below them).
    @Test(arguments: [Size(width: 1080, height: 1920), Size(width: 1920, height: 1080)])
    func everyServiceOnOneScreenAndLargerNamesAreLarger(size: Size) throws {
        var names: [Bool: Int] = [:]
        for large in [false, true] {
            let layout = KioskLayout(size: size, large: large, screenInches: KioskDemo.office.screens.kioskScreenInches)
            let home = layout.home(services: KioskDemo.office.services.count)
            #expect(home.perPage >= KioskDemo.office.services.count, "\(home.perPage) per page at \(size), large \(large)")
            let cards = try #require(home.services.first).y, last = try #require(home.services.last).maxY
            let room = home.hint.y - (home.prompt.height > 0 ? home.prompt.maxY : home.greeting.maxY)
            #expect(Double(last - cards) >= 0.8 * Double(room) || home.services.allSatisfy { $0.height >= Int(Double(layout.serviceRowHeight) * KioskLayout.cardGrowth) - 1 },
                "the cards fill \(last - cards) of \(room) px at \(size), large \(large)")
            let drawn = try Self.check(size: size, office: KioskDemo.office, language: .es, large: large, name: "fill")["home"] ?? []
            let serviceNames = KioskDemo.office.services.map { $0.name[.es] }
            names[large] = drawn.filter { text in serviceNames.contains { $0.hasPrefix(text.text) } }.map(\.size).min()
        }
        let normal = try #require(names[false]), large = try #require(names[true])
        #expect(Double(large) >= 1.4 * Double(normal), "service names \(normal) → \(large) px at \(size)")
    }

    /// A capital H at the larger text's smallest size, measured from its pixels, is at
    /// least 7.3 mm tall on the office's stated screen: 0.7° at 60 cm.
    @Test(arguments: KioskLayoutTests.sizes)
    func aCapitalHInLargerTextSubtendsSevenTenthsOfADegree(size: Size) throws {
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        let screen = try Screen(.offscreen(size))
        defer { screen.close() }
        let type = KioskType(size: size, large: true, screenInches: KioskDemo.office.screens.kioskScreenInches)
        screen.beginFrame(Color(hex: 0xFFFFFF))
        let box = Rect(x: 0, y: 0, width: type.floor * 3, height: type.floor * 2)
        let drawn = screen.text("H", in: box, .init(size: type.floor, minSize: type.floor, color: Color(hex: 0x000000), on: Color(hex: 0xFFFFFF)))
        let pixels = screen.pixels()
        let inked = (drawn.y..<drawn.maxY).filter { y in (drawn.x..<drawn.maxX).contains { x in pixels[y * size.width + x] & 0xFF < 128 } }
        let millimetres = Double(inked.count) * KioskType.millimetresPerPixel(size: size, inches: KioskDemo.office.screens.kioskScreenInches)
        #expect(millimetres >= 7.3, "H is \(inked.count) px = \(millimetres) mm at \(size)")
    }

    @Test func theTicketNumberIsHuge() throws {
        let size = Size(width: 1920, height: 1080)
        let screen = try Screen(.offscreen(size))
        defer { screen.close() }
        let (_, ticket, at) = Self.models(.es)[2]
        KioskView(screen: screen).draw(ticket, at: at)
        let number = try #require(screen.drawnTexts.first { $0.text == "D-107" })
        #expect(number.drawn.height >= size.height / 5)
        let all = screen.drawnTexts.map(\.text).joined(separator: " ")
        #expect(all.contains("Conserve este número") || all.contains("constancia"))
        #expect(all.contains("No se pudo imprimir"))
        #expect(all.contains("Espera estimada: unos 6 min"))
        #expect(all.contains("Siga su turno"))
        #expect(all.contains("Listo") && all.contains("Más tiempo") && all.contains("Escuchar otra vez"))
    }

    /// A closed service reads as closed in words, and its title keeps its contrast.
    @Test func aClosedServiceSaysSoInWords() throws {
        let screen = try Screen(.offscreen(Size(width: 1920, height: 1080)))
        defer { screen.close() }
        let (_, closed, at) = Self.models(.es).last!
        KioskView(screen: screen).draw(closed, at: at)
        #expect(screen.drawnTexts.contains { $0.text.hasPrefix("Cerrado") })
    }
}

