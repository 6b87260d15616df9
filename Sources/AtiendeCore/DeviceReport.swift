import Foundation

/// What a machine of the office says about its own parts, so trouble shows on the staff's
/// screens before visitors meet it: today, a kiosk's ticket printer.
public struct DeviceReport: Sendable, Equatable, Codable {
    public enum Printer: String, Sendable, Codable, CaseIterable {
        /// The printer took the last ticket, or opens for writing.
        case ok
        /// No printer at the configured device (unplugged, or the wrong path).
        case missing
        /// The printer is there but a ticket could not be written (no paper, jammed, no permission).
        case failing
    }

    /// The machine's name, as staff know it ("entrada").
    public var device: String
    public var printer: Printer
    /// One line on what went wrong, for whoever fixes it ("/dev/usb/lp0: no such device").
    public var detail: String?
    /// When the printer came to this state (kept while reports repeat it).
    public var since: Date

    public init(device: String, printer: Printer, detail: String? = nil, since: Date) {
        self.device = device
        self.printer = printer
        self.detail = detail
        self.since = since
    }

    public var isProblem: Bool { printer != .ok }

    /// Checks what a device sends before it is stored: a short printable name and detail.
    public func checked() throws(QueueError) -> DeviceReport {
        let name = device.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 40, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidDeviceReport("a device's name is 1 to 40 characters without control characters, like \"entrada\"")
        }
        var copy = self
        copy.device = name
        if let detail {
            let line = detail.trimmingCharacters(in: .whitespacesAndNewlines)
            guard line.count <= 200, !line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalidDeviceReport("a device report's detail is one line of at most 200 characters")
            }
            copy.detail = line.isEmpty ? nil : line
        }
        return copy
    }

    /// The order staff read them in: problems first, then by name.
    public static func ordered(_ reports: [DeviceReport]) -> [DeviceReport] {
        reports.sorted { ($0.isProblem ? 0 : 1, $0.device) < ($1.isProblem ? 0 : 1, $1.device) }
    }

    /// The report to store: `since` stays the earlier report's while the state repeats.
    public func following(_ earlier: DeviceReport?) -> DeviceReport {
        guard let earlier, earlier.printer == printer else { return self }
        var kept = self
        kept.since = earlier.since
        return kept
    }

    /// How long a device's report stays on the screens without a new one: a kiosk reports
    /// every few minutes while it runs.
    public static let shownFor: TimeInterval = 12 * 3600
}
