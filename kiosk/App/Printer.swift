import AtiendeCore
import Foundation
import KioskModel
#if canImport(Glibc)
import Glibc
#endif

/// Writes tickets to a receipt printer: a device such as /dev/usb/lp0, or a file.
/// A failure never stops a ticket from being issued and shown; the screen says to note
/// the number instead, and the staff's screens say the printer needs someone.
struct Printer: Sendable {
    let path: String

    /// The printer's state and, when it is not `ok`, one line on why.
    typealias State = (printer: DeviceReport.Printer, detail: String?)

    /// Writes the ticket; says whether it reached the printer, and why not.
    func print(_ content: TicketPrint.Content) -> State {
        let (state, handle) = open()
        guard let handle else { return state }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(TicketPrint.bytes(content)))
            return (.ok, nil)
        } catch {
            return (.failing, "\(path): a ticket could not be written (\(error.localizedDescription))")
        }
    }

    /// Whether the printer is there and takes writing now, without printing anything.
    func check() -> State {
        let (state, handle) = open()
        try? handle?.close()
        return state
    }

    /// A device (under /dev) that is not there is unplugged; a plain file that is not there
    /// yet, in a folder that is, is made (`--printer tickets.bin` failed until it existed).
    private func open() -> (State, FileHandle?) {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path), !path.hasPrefix("/dev/"),
            manager.fileExists(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent) {
            manager.createFile(atPath: path, contents: nil)
        }
        guard manager.fileExists(atPath: path) else { return ((.missing, "\(path): not found (unplugged, or another device path)"), nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            return ((.failing, "\(path): cannot be opened for writing (\(String(cString: strerror(errno))))"), nil)
        }
        return ((.ok, nil), handle)
    }
}
