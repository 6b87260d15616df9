import Foundation

/// Contrast of drawn text, from a frame's pixels (0xAARRGGBB, row by row): the background
/// is the most common colour in the text's box, the ink the colour furthest from it in
/// luminance, and the ratio is WCAG 2.2's.
public enum Contrast {
    /// Every other row and column is enough (strokes of text from 12 px are 2 px wide or
    /// more) and keeps the render tests quick.
    public static func ofText(x: Int, y: Int, width: Int, height: Int, pixels: [UInt32], stride: Int) -> Double {
        var counts: [UInt32: Int] = [:]
        pixels.withUnsafeBufferPointer { frame in
            for row in Swift.stride(from: max(0, y), to: min(y + height, frame.count / stride), by: 2) {
                for column in Swift.stride(from: max(0, x), to: min(stride, x + width), by: 2) {
                    counts[frame[row * stride + column] & 0xFFFFFF, default: 0] += 1
                }
            }
        }
        guard let background = counts.max(by: { $0.value < $1.value })?.key else { return 0 }
        let lb = luminance(background)
        let ink = counts.keys.map(luminance).max { abs($0 - lb) < abs($1 - lb) } ?? lb
        return ratio(lb, ink)
    }

    public static func ratio(_ a: Double, _ b: Double) -> Double { (max(a, b) + 0.05) / (min(a, b) + 0.05) }

    /// Relative luminance of 0xRRGGBB.
    public static func luminance(_ rgb: UInt32) -> Double {
        func channel(_ value: UInt32) -> Double {
            let c = Double(value & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb)
    }

    /// The least a text of `size` px needs: 4.5:1, or 3:1 from 24 px (WCAG's large text).
    public static func needed(size: Int) -> Double { size >= 24 ? 3 : 4.5 }
}
