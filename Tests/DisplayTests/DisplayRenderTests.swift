@testable import atiende_display
import AtiendeCore
import DisplayModel
import Foundation
import ScreenKit
import ScreenLayout
import Testing
import TestSupport

/// Real frames drawn with SDL's software renderer on an offscreen surface.
/// Set ATIENDE_SHOTS=folder to keep the frames as BMP files to look at.
@MainActor
@Suite(.serialized) struct DisplayRenderTests {
    func render(_ size: Size, language: Language = .es, _ prepare: (inout DisplayModel) -> Void = { _ in }) throws -> Screen {
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        let screen = try Screen(.offscreen(size))
        var model = DisplayModel(language: language)
        _ = model.receive(DisplaySamples.busy(office: Demo.office, at: Demo.nine), office: Demo.office, at: Demo.nine)
        prepare(&model)
        DisplayView(screen: screen).draw(model.screen(at: Demo.nine.addingTimeInterval(2)))
        if let folder = ProcessInfo.processInfo.environment["ATIENDE_SHOTS"] {
            try screen.saveBMP(to: "\(folder)/display-\(language)-\(size.width)x\(size.height).bmp")
        }
        return screen
    }

    @Test(arguments: DisplayLayoutTests.sizes)
    func everyTextFitsItsBoxWithNinetyNineWaiting(size: Size) throws {
        for language in [Language.es, .en] {
            let screen = try render(size, language: language)
            defer { screen.close() }
            #expect(screen.drawnTexts.count > 30)
            let pixels = screen.pixels()
            let floor = DisplayLayout(size: size, services: Demo.office.services.count).floorText
            for text in screen.drawnTexts {
                #expect(text.box.contains(text.drawn), "'\(text.text)' overflows \(text.box) on \(size)")
                #expect(!text.text.hasSuffix("…"), "'\(text.text)' was shortened on \(size)")
                #expect(text.size >= floor, "'\(text.text)' is \(text.size) px, under the floor of \(floor) on \(size)")
                let ratio = Contrast.ofText(x: text.drawn.x, y: text.drawn.y, width: text.drawn.width, height: text.drawn.height, pixels: pixels, stride: size.width)
                #expect(ratio >= Contrast.needed(size: text.size), "'\(text.text)' has contrast \(ratio) on \(size)")
            }
            for service in Demo.office.services {
                #expect(screen.drawnTexts.contains { $0.text == service.code }, "the letter \(service.code) beside its row on \(size)")
            }
            #expect(screen.drawnTexts.contains { $0.text == "99" }, "99 people waiting is shown")
            let names = Demo.office.services.map { $0.name[language] }
            for name in names {
                #expect(screen.drawnTexts.contains { $0.text == name }, "'\(name)' is shown whole on \(size)")
            }
        }
    }

    @Test(arguments: DisplayLayoutTests.sizes)
    func theCurrentNumberIsReadableAcrossTheRoom(size: Size) throws {
        let screen = try render(size)
        defer { screen.close() }
        let number = try #require(screen.drawnTexts.first { $0.text == "A-023" })
        #expect(number.drawn.height >= size.height / 6, "number \(number.drawn.height) px tall on \(size)")
    }

    @Test func theFlashInvertsTheCallBox() throws {
        let calm = try render(Size(width: 640, height: 360))
        let calmPixels = calm.pixels()
        calm.close()
        let flashing = try render(Size(width: 640, height: 360)) { model in
            var next = DisplaySamples.busy(office: Demo.office, at: Demo.nine, call: 30)
            next.takenAt = Demo.nine.addingTimeInterval(1)
            _ = model.receive(next, office: Demo.office, at: Demo.nine.addingTimeInterval(2))
        }
        defer { flashing.close() }
        let layout = DisplayLayout(size: Size(width: 640, height: 360), services: Demo.office.services.count)
        let corner = (layout.currentBox.y + 3) * 640 + layout.currentBox.x + 3
        #expect(calmPixels[corner] != flashing.pixels()[corner])
        #expect(flashing.pixels()[corner] & 0xFFFFFF == 0xFFD23F, "accent yellow while flashing")
    }

    @Test func aStaleScreenShowsTheBanner() throws {
        let screen = try render(Size(width: 1280, height: 720)) { $0.fail("locked") }
        defer { screen.close() }
        #expect(screen.drawnTexts.contains { $0.text.hasPrefix("Sin conexión con la cola — reintentando") })
    }
}
