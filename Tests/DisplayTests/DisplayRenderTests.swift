@testable import DisplayApp
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
                #expect(screen.drawnTexts.contains { $0.text == service.code.rawValue }, "the letter \(service.code) beside its row on \(size)")
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
    /// The column labels were about 18 px of ink, readable only from 2–3 m of a 43-inch
    /// screen, and without them a row's two times mean nothing. At 1920×1080 each label is
    /// drawn as large as the figures it names, and the figures have at least 40 px of ink.
    @Test func labelsReadFromAsFarAsTheirFiguresAcrossTheRoom() throws {
        let size = Size(width: 1920, height: 1080)
        let screen = try render(size)
        defer { screen.close() }
        let pixels = screen.pixels()
        let texts = screen.drawnTexts
        func ink(_ text: String) throws -> (size: Int, pixels: Int) {
            let drawn = try #require(texts.first { $0.text == text }, "'\(text)' is drawn")
            return (drawn.size, Self.inkHeight(drawn.drawn, pixels, width: size.width))
        }
        // 43-inch 16:9 screen: 535 mm for 1080 rows; about 25 mm of letter per 3 m.
        let millimetresPerPixel = 43 * 25.4 * 9 / (337.0).squareRoot() / 1080
        func metres(_ px: Int) -> String { String(format: "%.1f m", Double(px) * millimetresPerPixel / 25 * 3) }
        let labels = try ["Personas", "Espera", "estimada", "más larga"].map(ink)
        let figures = try ["99", "11", "4 min", "18 min", "10 min"].map(ink)
        for (name, label) in zip(["Personas", "Espera", "estimada", "más larga"], labels) {
            #expect(label.size >= figures.map(\.size).max()!, "'\(name)' at \(label.size) px, figures at \(figures.map(\.size))")
        }
        for (name, figure) in zip(["99", "11", "4 min", "18 min", "10 min"], figures) {
            #expect(figure.pixels >= 40, "'\(name)' has \(figure.pixels) px of ink")
        }
        let number = try ink("A-023"), desk = try ink("Ventanilla 1"), recent = try ink("B-020")
        print("wall 1920×1080 on 43 in: label 'Personas' \(labels[0].pixels) px ink (\(metres(labels[0].pixels))), figure '99' \(figures[0].pixels) px (\(metres(figures[0].pixels))), " +
            "number \(number.pixels) px (\(metres(number.pixels))), desk \(desk.pixels) px (\(metres(desk.pixels))), recent call \(recent.pixels) px (\(metres(recent.pixels)))")
    }

    /// Rows of `rect` with a pixel far from the colour at its top-left corner: the ink's height.
    static func inkHeight(_ rect: Rect, _ pixels: [UInt32], width: Int) -> Int {
        let background = pixels[rect.y * width + rect.x]
        func distance(_ a: UInt32, _ b: UInt32) -> Int {
            [16, 8, 0].reduce(0) { $0 + abs(Int((a >> UInt32($1)) & 0xFF) - Int((b >> UInt32($1)) & 0xFF)) }
        }
        return (rect.y..<rect.maxY).filter { y in (rect.x..<rect.maxX).contains { x in distance(pixels[y * width + x], background) > 120 } }.count
    }
}
