@testable import KioskApp
import AtiendeCore
import Foundation
@testable import KioskModel
import QRCode
import ScreenKit
import ScreenLayout
import Testing

/// The visit link as a QR code: on the ticket screen beside the number and on the printed
/// ticket, each read back by a real decoder (zbarimg, Debian's zbar-tools) to the link.
@MainActor
@Suite(.serialized) struct VisitCodeTests {
    static let link = KioskDemo.server + "/t/" + KioskDemo.token

    /// What zbarimg reads in an image file: one text per code found.
    nonisolated static func decode(_ path: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("atiende-\(UUID().uuidString)-\(name)").path
    }

    static func ticketModel(language: Language = .es, linkBase: String? = KioskDemo.server, token: String? = KioskDemo.token) -> KioskModel {
        var model = KioskDemo.ready(language: language)
        model.linkBase = linkBase
        _ = model.tap(.service("B"), at: KioskDemo.nine)
        _ = model.tap(.take(preferential: false), at: KioskDemo.nine)
        model.issued(KioskDemo.place("B-012", token: token), printFailed: false, at: KioskDemo.nine)
        return model
    }

    @Test(arguments: KioskLayoutTests.sizes)
    func theTicketScreenShowsTheVisitLinkAsACodeAPhoneReads(size: Size) throws {
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        let screen = try Screen(.offscreen(size))
        defer { screen.close() }
        KioskView(screen: screen).draw(Self.ticketModel(), at: KioskDemo.nine)
        let path = Self.scratch("ticket.bmp")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try screen.saveBMP(to: path)
        #expect(try Self.decode(path) == [Self.link], "at \(size)")
        #expect(screen.drawnTexts.contains { $0.text.hasPrefix("Siga su turno") })
    }

    @Test(arguments: KioskLayoutTests.sizes)
    func theCodeHasRoomAndLeavesTheNumberHuge(size: Size) throws {
        let layout = KioskLayout(size: size)
        let plain = layout.ticket(code: false), with = layout.ticket(code: true)
        let square = try #require(with.code), caption = try #require(with.codeCaption)
        #expect(square.width == square.height)
        let code = try QRCode(Self.link)
        // At least 8 px a module: a phone held at arm's length resolves it.
        #expect(square.width / (code.size + 2 * QRCode.quietZone) >= 8, "\(size): \(square)")
        for other in [with.caption, with.number, with.service, with.dateTime, with.ahead, with.estimate, with.keep, with.notice, with.countdown, caption] {
            #expect(!other.intersects(square), "\(size): \(other) overlaps the code at \(square)")
        }
        #expect(Rect(size).contains(square) && Rect(size).contains(caption))
        // The number keeps most of its height: it is what the visitor must remember.
        #expect(with.number.height * 10 >= plain.number.height * 7, "\(size)")
    }

    @Test func noLinkAPhoneCanOpenMeansNoCode() throws {
        // A kiosk on the server's own machine (loopback) and an office without a public address.
        #expect(!KioskModel.phoneCanReach(host: "127.0.0.1") && !KioskModel.phoneCanReach(host: "localhost"))
        #expect(KioskModel.phoneCanReach(host: "192.168.1.20") && KioskModel.phoneCanReach(host: "turnos.example.org"))
        let model = Self.ticketModel(linkBase: nil)
        guard case .ticket(let place, _) = model.screen else { Issue.record("no ticket screen"); return }
        #expect(model.visitLink(place) == nil)
        let screen = try Screen(.offscreen(Size(width: 1280, height: 1024)))
        defer { screen.close() }
        KioskView(screen: screen).draw(model, at: KioskDemo.nine)
        #expect(!screen.drawnTexts.contains { $0.text.hasPrefix("Siga su turno") })
        #expect(Self.ticketModel(token: nil).visitLink(KioskDemo.place("B-012")) == nil, "a ticket without a link")
    }

    @Test func theOfficesPublicAddressWinsOverTheKiosksServer() {
        var office = KioskDemo.office
        office.publicAddress = "https://turnos.defensoria.example"
        let place = KioskDemo.place("B-012", token: KioskDemo.token)
        #expect(KioskModel.visitLink(place, office: office, linkBase: KioskDemo.server) == "https://turnos.defensoria.example/t/" + KioskDemo.token)
        #expect(KioskModel.visitLink(place, office: KioskDemo.office, linkBase: KioskDemo.server) == Self.link)
    }

    @Test func thePrintedTicketCarriesTheSameCode() throws {
        let content = TicketPrint.Content.ticket(KioskDemo.place("B-012", token: KioskDemo.token), office: KioskDemo.office, language: .es, link: Self.link)
        let bytes = TicketPrint.bytes(content)
        #expect(bytes.starts(with: TicketPrint.initialize) && bytes.suffix(4).elementsEqual(TicketPrint.partialCut))
        let image = try #require(Self.rasterImage(in: bytes), "a GS v 0 raster image on the ticket")
        let path = Self.scratch("ticket.pbm")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try image.write(to: URL(fileURLWithPath: path))
        #expect(try Self.decode(path) == [Self.link])
        #expect(String(decoding: bytes, as: UTF8.self).contains("Siga su turno en su celular"))
        // Without a link, the ticket is as before: no image.
        #expect(Self.rasterImage(in: TicketPrint.bytes(.ticket(KioskDemo.place("B-012"), office: KioskDemo.office, language: .es))) == nil)
    }

    /// The first `GS v 0` raster image in ESC/POS bytes, as a binary PBM file (the
    /// same bit layout: 1 = a black dot, rows padded to whole bytes).
    nonisolated static func rasterImage(in bytes: [UInt8]) -> Data? {
        guard let start = (0..<max(bytes.count - 8, 0)).first(where: { bytes[$0..<$0 + 4].elementsEqual([0x1D, 0x76, 0x30, 0x00]) }) else { return nil }
        let rowBytes = Int(bytes[start + 4]) | Int(bytes[start + 5]) << 8, rows = Int(bytes[start + 6]) | Int(bytes[start + 7]) << 8
        let pixels = bytes[(start + 8)..<(start + 8 + rowBytes * rows)]
        // A light margin around it, as the paper around the printed code.
        var image = Data("P4\n\(rowBytes * 8 + 64) \(rows + 64)\n".utf8)
        let blank = [UInt8](repeating: 0, count: rowBytes + 8)
        for _ in 0..<32 { image.append(contentsOf: blank) }
        for row in 0..<rows {
            image.append(contentsOf: [0, 0, 0, 0])
            image.append(contentsOf: pixels[(pixels.startIndex + row * rowBytes)..<(pixels.startIndex + (row + 1) * rowBytes)])
            image.append(contentsOf: [0, 0, 0, 0])
        }
        for _ in 0..<32 { image.append(contentsOf: blank) }
        return image
    }
}
