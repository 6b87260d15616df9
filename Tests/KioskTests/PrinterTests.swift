@testable import atiende_kiosk
import Foundation
import KioskModel
import Testing

@Suite struct PrinterTests {
    static let content = TicketPrint.Content(
        office: "Defensoría del Pueblo", greeting: "Buenos días", number: "B-012", service: "Quejas",
        dateTime: "09:00", ahead: "2 personas", estimate: "aprox. 5 min", keep: "Conserve este número")

    @Test func aWorkingPrinterGetsTheTicketBytes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("printer-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: nil)
        #expect(Printer(path: path).print(Self.content))
        #expect(Printer(path: path).print(Self.content), "tickets are appended, like paper coming out")
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(written) == TicketPrint.bytes(Self.content) + TicketPrint.bytes(Self.content))
    }

    @Test func aMissingPrinterIsReportedNotFatal() {
        #expect(!Printer(path: "/nonexistent/lp0").print(Self.content))
    }
}
