@testable import atiende_kiosk
import AtiendeCore
import AtiendeQueue
import Foundation
import KioskModel
import ScreenKit
import ScreenLayout
import Testing

/// Every kiosk screen drawn offscreen at three sizes in both languages; every text must
/// fit its box. Set ATIENDE_SHOTS=folder to keep the frames as BMP files.
@MainActor
@Suite(.serialized) struct KioskRenderTests {
    static func models(_ language: Language) -> [(String, KioskModel)] {
        let t = KioskDemo.nine
        var out: [(String, KioskModel)] = [("home", KioskDemo.ready(language: language))]
        var service = KioskDemo.ready(language: language)
        _ = service.tap(.service("D"), at: t)
        out.append(("service", service))
        var ticket = service
        ticket.linkBase = KioskDemo.server
        _ = ticket.tap(.take(preferential: true), at: t)
        ticket.issued(KioskDemo.place("D-107", ahead: 12, token: KioskDemo.token), printFailed: true, at: t)
        out.append(("ticket", ticket))
        var check = KioskDemo.ready(language: language)
        _ = check.tap(.checkMyTurn, at: t)
        _ = check.tap(.key("C"), at: t)
        _ = check.tap(.key("4"), at: t)
        out.append(("check", check))
        var result = check
        result.looked(up: TicketNumber(service: "C", sequence: 4), KioskDemo.place("C-004", state: .called, desk: "3"), at: t)
        out.append(("result", result))
        var down = KioskDemo.ready(language: language)
        down.lostQueue(at: t)
        out.append(("unavailable", down))
        var early = KioskModel(language: language, now: t.addingTimeInterval(-7200))
        early.receive(KioskDemo.snapshot(), office: KioskDemo.office, at: t)
        out.append(("closed", early))
        return out
    }

    @Test(arguments: KioskLayoutTests.sizes)
    func everyScreenFitsInBothLanguages(size: Size) throws {
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        for language in [Language.es, .en] {
            for (name, model) in Self.models(language) {
                let screen = try Screen(.offscreen(size))
                defer { screen.close() }
                let at = name == "closed" ? KioskDemo.nine.addingTimeInterval(-7200) : KioskDemo.nine.addingTimeInterval(2)
                KioskView(screen: screen).draw(model, at: at)
                #expect(screen.drawnTexts.count >= 2, "\(name) draws something")
                for text in screen.drawnTexts {
                    #expect(text.box.contains(text.drawn), "'\(text.text)' overflows on \(name) \(language) \(size)")
                    #expect(!text.text.hasSuffix("…"), "'\(text.text)' was shortened on \(name) \(language) \(size)")
                }
                if let folder = ProcessInfo.processInfo.environment["ATIENDE_SHOTS"] {
                    try screen.saveBMP(to: "\(folder)/kiosk-\(name)-\(language)-\(size.width)x\(size.height).bmp")
                }
            }
        }
    }

    @Test func theTicketNumberIsHuge() throws {
        let size = Size(width: 1920, height: 1080)
        let screen = try Screen(.offscreen(size))
        defer { screen.close() }
        let (_, ticket) = Self.models(.es)[2]
        KioskView(screen: screen).draw(ticket, at: KioskDemo.nine)
        let number = try #require(screen.drawnTexts.first { $0.text == "D-107" })
        #expect(number.drawn.height >= size.height / 5)
        #expect(screen.drawnTexts.contains { $0.text.contains("Conserve este número") || $0.text.contains("constancia") })
        #expect(screen.drawnTexts.contains { $0.text == "No se pudo imprimir: anote su número" })
        #expect(screen.drawnTexts.contains { $0.text.contains("es una estimación") })
        #expect(screen.drawnTexts.contains { $0.text.hasPrefix("Siga su turno") })
    }
}
