/// Pixel geometry for screens, in plain Swift so layouts are tested without SDL.

public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var isPortrait: Bool { height > width }
    public var description: String { "\(width)×\(height)" }

    /// Parses `1920x1080` (an `x` or `×`).
    public init?(parsing text: String) {
        let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" })
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (200...8192).contains(w), (200...8192).contains(h)
        else { return nil }
        self.init(width: w, height: h)
    }
}

public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(_ size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var size: Size { Size(width: width, height: height) }
    public var description: String { "(\(x),\(y) \(width)×\(height))" }

    public func inset(_ d: Int) -> Rect { inset(dx: d, dy: d) }
    public func inset(dx: Int, dy: Int) -> Rect { Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy) }

    public func contains(_ other: Rect) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Splits top to bottom by weights, with `gap` pixels between parts.
    public func rows(_ weights: [Double], gap: Int = 0) -> [Rect] {
        split(weights, gap: gap, length: height) { Rect(x: x, y: y + $0, width: width, height: $1) }
    }

    /// Splits left to right by weights, with `gap` pixels between parts.
    public func columns(_ weights: [Double], gap: Int = 0) -> [Rect] {
        split(weights, gap: gap, length: width) { Rect(x: x + $0, y: y, width: $1, height: height) }
    }

    /// `count` equal rows.
    public func rows(count: Int, gap: Int = 0) -> [Rect] { rows(Array(repeating: 1, count: max(count, 1)), gap: gap) }

    /// The top part of `height` pixels, and the rest below it.
    public func slice(top height: Int, gap: Int = 0) -> (Rect, Rect) {
        let h = min(height, self.height)
        return (Rect(x: x, y: y, width: width, height: h), Rect(x: x, y: y + h + gap, width: width, height: self.height - h - gap))
    }

    /// Cuts `length` into parts by weight; part `i` starts after `i` gaps.
    private func split(_ weights: [Double], gap: Int, length: Int, make: (Int, Int) -> Rect) -> [Rect] {
        let total = max(weights.reduce(0, +), .leastNonzeroMagnitude)
        let usable = Double(max(0, length - gap * (weights.count - 1)))
        var out: [Rect] = [], accumulated = 0.0, previousEnd = 0
        for (i, weight) in weights.enumerated() {
            accumulated += weight
            let end = Int((usable * accumulated / total).rounded())
            out.append(make(previousEnd + gap * i, end - previousEnd))
            previousEnd = end
        }
        return out
    }
}

/// An sRGB colour.
public struct Color: Sendable, Hashable {
    public var r: UInt8, g: UInt8, b: UInt8, a: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// From `0xRRGGBB`.
    public init(hex: UInt32) { self.init(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF)) }
}
