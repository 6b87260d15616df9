import Foundation
import KioskModel

/// Writes tickets to a receipt printer: a device such as /dev/usb/lp0, or a file.
/// A failure never stops a ticket from being issued and shown; the screen says to note
/// the number instead.
struct Printer: Sendable {
    let path: String

    /// Returns whether the ticket reached the printer.
    func print(_ content: TicketPrint.Content) -> Bool {
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(TicketPrint.bytes(content)))
            return true
        } catch {
            return false
        }
    }
}
