import CQRencode

/// A QR code as a square of dark and light modules, encoded by libqrencode. Drawing it
/// (on the kiosk's screen, on paper) is the caller's: this is only which modules are dark.
public struct QRCode: Sendable, Equatable {
    /// Modules per side, without the quiet zone.
    public let size: Int
    private let dark: [Bool]

    /// Modules of light margin a reader needs around the code on every side.
    public static let quietZone = 4

    /// Encodes `text` as bytes (UTF-8) with medium error correction (about 15 % of the
    /// code may be smudged or torn), in the smallest version it fits.
    public init(_ text: String) throws(QRCodeError) {
        guard !text.isEmpty else { throw QRCodeError(description: "a QR code needs some text to encode") }
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            throw QRCodeError(description: "'\(text.prefix(80))' does not fit in a QR code (at most 2,331 bytes with medium correction)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        // Bit 0 of each byte is the module's colour (1 = dark); the other bits say what
        // part of the symbol it belongs to.
        dark = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    /// Whether the module at column `x`, row `y` (0 ..< size) is dark.
    public subscript(x: Int, y: Int) -> Bool { dark[y * size + x] }

    /// The dark modules as runs along each row: (row, first column, length). Drawing runs
    /// rather than single modules takes a few hundred rectangles, not a thousand.
    public var darkRuns: [(y: Int, x: Int, length: Int)] {
        var runs: [(y: Int, x: Int, length: Int)] = []
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                let start = x
                while x < size && self[x, y] { x += 1 }
                runs.append((y, start, x - start))
            }
        }
        return runs
    }

    public static func == (a: QRCode, b: QRCode) -> Bool { a.size == b.size && a.dark == b.dark }
}

public struct QRCodeError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
