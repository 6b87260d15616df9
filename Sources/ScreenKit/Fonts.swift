import Foundation

/// Finds a legible sans-serif font on the machine: DejaVu Sans (Debian's
/// fonts-dejavu-core) first, then common alternatives.
public enum Fonts {
    public struct Pair: Sendable {
        public var regular: String
        public var bold: String
    }

    static let candidates: [(String, String)] = [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ]

    /// `ATIENDE_FONT` (a regular .ttf; a bold one beside it is used if found), else the first installed candidate.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ScreenError) -> Pair {
        let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
        if let custom = environment["ATIENDE_FONT"], !custom.isEmpty {
            guard exists(custom) else { throw ScreenError("ATIENDE_FONT=\(custom) does not exist: point it at a .ttf file") }
            let bold = custom.replacingOccurrences(of: ".ttf", with: "-Bold.ttf")
            return Pair(regular: custom, bold: exists(bold) ? bold : custom)
        }
        for (regular, bold) in candidates where exists(regular) {
            return Pair(regular: regular, bold: exists(bold) ? bold : regular)
        }
        throw ScreenError("no font found: install one with `apt-get install fonts-dejavu-core`, or set ATIENDE_FONT to a .ttf file")
    }
}
