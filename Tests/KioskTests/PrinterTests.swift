@testable import KioskApp
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
        #expect(Printer(path: path).check().printer == .ok)
        #expect(Printer(path: path).print(Self.content).printer == .ok)
        #expect(Printer(path: path).print(Self.content).printer == .ok, "tickets are appended, like paper coming out")
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(written) == TicketPrint.bytes(Self.content) + TicketPrint.bytes(Self.content))
    }

    @Test func aMissingPrinterIsReportedNotFatal() {
        let state = Printer(path: "/nonexistent/lp0").print(Self.content)
        #expect(state.printer == .missing && state.detail?.hasPrefix("/nonexistent/lp0: not found") == true)
        #expect(Printer(path: "/nonexistent/lp0").check().printer == .missing)
    }

    /// A plain file need not exist first: it is made, in a folder that exists.
    @Test func aFileThatIsNotThereYetIsMade() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tickets-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Printer(path: path).print(Self.content).printer == .ok)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == TicketPrint.bytes(Self.content).count)
    }

    /// A device that is there but refuses writing (here a folder; on a kiosk, a user not
    /// in group lp) is failing, with the system's reason.
    @Test func aPrinterThatCannotBeWrittenIsFailing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("printer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let state = Printer(path: path).print(Self.content)
        #expect(state.printer == .failing && state.detail?.contains("cannot be opened for writing") == true, "\(state)")
    }
}
