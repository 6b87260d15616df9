import CSDL2
import Foundation
import ScreenLayout

/// A screen to draw on: a real SDL window, or an offscreen surface for tests and
/// benchmarks (same renderer calls, no display needed). Every C pointer stays in here.
@MainActor
public final class Screen {
    public enum Mode: Sendable {
        case window(title: String, size: Size, fullscreen: Bool)
        case offscreen(Size)
    }

    /// A text as it was drawn in the last frame, for checks that it fits its box.
    public struct DrawnText: Sendable, Equatable {
        public var text: String
        public var drawn: Rect
        public var box: Rect
        public var size: Int
    }

    private var window: OpaquePointer?
    private let renderer: OpaquePointer
    private var surface: UnsafeMutablePointer<SDL_Surface>?
    private let texts: TextCache
    private var fits: [FitKey: (Int, String)] = [:]
    public private(set) var size: Size
    public private(set) var drawnTexts: [DrawnText] = []
    /// Lets other threads wake the event loop.
    public let waker: Waker

    public init(_ mode: Mode) throws(ScreenError) {
        Self.acceptQuitSignals()
        let fonts = try Fonts.find()
        let offscreen: Bool
        if case .offscreen = mode { offscreen = true } else { offscreen = false }
        let subsystems = offscreen ? SDL_INIT_EVENTS : (SDL_INIT_VIDEO | SDL_INIT_EVENTS)
        guard SDL_InitSubSystem(UInt32(subsystems)) == 0 else {
            throw ScreenError("cannot start the screen (\(String(cString: SDL_GetError()))): is a display available? Under no display, run with SDL_VIDEODRIVER=dummy or use Xvfb")
        }
        guard TTF_WasInit() != 0 || TTF_Init() == 0 else { throw ScreenError("cannot start fonts: \(String(cString: SDL_GetError()))") }
        switch mode {
        case .offscreen(let size):
            guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(size.width), Int32(size.height), 32, SDL_PIXELFORMAT_ARGB8888.rawValue),
                let renderer = SDL_CreateSoftwareRenderer(surface)
            else { throw ScreenError("cannot create an offscreen \(size) surface: \(String(cString: SDL_GetError()))") }
            self.surface = surface
            self.renderer = renderer
            self.size = size
        case .window(let title, let size, let fullscreen):
            // Frames are drawn in software (a full 1080p frame takes a few ms) and handed
            // straight to the window system: no GPU driver is loaded, which keeps the
            // screen light (Mesa's software OpenGL alone maps ~60 MB).
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
            // Closing the window is `.closeRequested`, not a quit: a locked kiosk ignores it.
            SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0")
            var flags = SDL_WINDOW_ALLOW_HIGHDPI.rawValue | SDL_WINDOW_RESIZABLE.rawValue
            if fullscreen { flags |= SDL_WINDOW_FULLSCREEN_DESKTOP.rawValue }
            let centered = Int32(csdl_windowpos_centered())
            let windowed = SDL_Rect(x: centered, y: centered, w: Int32(size.width), h: Int32(size.height))
            var frame = windowed
            // Full screen starts on the display's own rectangle: a kiosk's bare X session has
            // no window manager to move it, and a window first centred at its windowed size
            // stayed where that put it (on a 1280×800 panel, 112 px above the top).
            if fullscreen, SDL_GetDisplayBounds(0, &frame) != 0 { frame = windowed }
            guard let window = SDL_CreateWindow(title, frame.x, frame.y, frame.w, frame.h, flags) else {
                throw ScreenError("cannot open a window: \(String(cString: SDL_GetError()))")
            }
            guard let renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue) else {
                throw ScreenError("cannot draw in the window: \(String(cString: SDL_GetError()))")
            }
            if fullscreen { SDL_ShowCursor(SDL_DISABLE) }
            self.window = window
            self.renderer = renderer
            self.size = size
        }
        texts = TextCache(renderer: renderer, fonts: fonts)
        waker = Waker(type: SDL_RegisterEvents(1))
        refreshSize()
    }

    /// A screen started by a launcher that blocks signals (a service manager, a parent
    /// running on a worker thread) must still stop on SIGTERM or Ctrl-C: SDL turns both
    /// into a quit event, if they reach this thread.
    private static func acceptQuitSignals() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    // MARK: - Frames

    /// Starts a frame: clears to `background` and forgets the last frame's texts.
    public func beginFrame(_ background: Color) {
        refreshSize()
        texts.nextFrame()
        drawnTexts.removeAll(keepingCapacity: true)
        setColor(background)
        SDL_RenderClear(renderer)
    }

    public func present() { SDL_RenderPresent(renderer) }

    /// No pointer over the window (a touchscreen needs none).
    public func hidePointer() { SDL_ShowCursor(SDL_DISABLE) }

    /// Fills a rectangle; an opaque colour is written without blending (the software
    /// renderer would otherwise blend every pixel, even at full opacity).
    public func fill(_ rect: Rect, _ color: Color) {
        setColor(color)
        SDL_SetRenderDrawBlendMode(renderer, color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        var r = sdlRect(rect)
        SDL_RenderFillRect(renderer, &r)
    }

    /// An outline `thickness` pixels wide, inside `rect`.
    public func outline(_ rect: Rect, _ color: Color, thickness: Int = 2) {
        fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: thickness), color)
        fill(Rect(x: rect.x, y: rect.maxY - thickness, width: rect.width, height: thickness), color)
        fill(Rect(x: rect.x, y: rect.y, width: thickness, height: rect.height), color)
        fill(Rect(x: rect.maxX - thickness, y: rect.y, width: thickness, height: rect.height), color)
    }

    // MARK: - Text

    public enum Align: Sendable { case leading, center, trailing }

    public struct TextStyle: Sendable, Hashable {
        /// The largest size in pixels; smaller is used when the text would not fit.
        public var size: Int
        /// Below this the text is shortened with "…" instead.
        public var minSize: Int
        public var bold: Bool
        public var color: Color
        public var align: Align
        /// The solid colour under the text, when there is one: drawing is then much faster.
        public var background: Color?

        public init(size: Int, minSize: Int? = nil, bold: Bool = false, color: Color, align: Align = .leading, on background: Color? = nil) {
            self.size = max(size, 4)
            self.minSize = min(minSize ?? max(10, size / 2), self.size)
            self.bold = bold
            self.color = color
            self.align = align
            self.background = background
        }
    }

    /// Draws `text` inside `box`, vertically centred: as large as `style.size` allows while
    /// fitting, and shortened with "…" if even `minSize` is too wide. Returns where it went.
    @discardableResult
    public func text(_ text: String, in box: Rect, _ style: TextStyle) -> Rect {
        guard !text.isEmpty, box.width > 0, box.height > 0 else { return Rect(x: box.x, y: box.y, width: 0, height: 0) }
        do {
            let (size, shown) = try fit(text, in: box.size, style)
            guard let entry = try texts.texture(shown, size: size, bold: style.bold, color: style.color, background: style.background) else {
                return Rect(x: box.x, y: box.y, width: 0, height: 0)
            }
            let x = switch style.align {
            case .leading: box.x
            case .center: box.x + (box.width - entry.size.width) / 2
            case .trailing: box.maxX - entry.size.width
            }
            let drawn = Rect(x: x, y: box.y + (box.height - entry.size.height) / 2, width: entry.size.width, height: entry.size.height)
            var r = sdlRect(drawn)
            SDL_RenderCopy(renderer, entry.texture, nil, &r)
            drawnTexts.append(DrawnText(text: shown, drawn: drawn, box: box, size: size))
            return drawn
        } catch {
            return Rect(x: box.x, y: box.y, width: 0, height: 0)
        }
    }

    /// Draws `text` wrapped on whole words over as many lines as `box` holds, at the
    /// largest size (down to `style.minSize`) where every line fits; centred vertically.
    @discardableResult
    public func paragraph(_ text: String, in box: Rect, _ style: TextStyle) -> [Rect] {
        guard let (size, lines, lineHeight) = wrapped(text, in: box, style) else { return [] }
        let top = box.y + max(0, (box.height - lines.count * lineHeight) / 2)
        return lines.enumerated().map { i, line in
            let row = Rect(x: box.x, y: top + i * lineHeight, width: box.width, height: min(lineHeight, box.maxY - top - i * lineHeight))
            var lineStyle = style
            lineStyle.size = size
            lineStyle.minSize = min(style.minSize, size)
            return self.text(line, in: row, lineStyle)
        }
    }

    /// The size `paragraph` would draw `text` at in `box`.
    public func paragraphSize(_ text: String, in box: Rect, _ style: TextStyle) -> Int {
        wrapped(text, in: box, style)?.size ?? style.minSize
    }

    /// One size for several paragraphs side by side: the smallest each would take.
    public func commonParagraphSize(_ items: [(String, Rect)], _ style: TextStyle) -> Int {
        items.reduce(style.size) { min($0, paragraphSize($1.0, in: $1.1, style)) }
    }

    /// Words wrap at spaces; a "\n" in `text` always starts a new line.
    private func wrapped(_ text: String, in box: Rect, _ style: TextStyle) -> (size: Int, lines: [String], lineHeight: Int)? {
        let paragraphs = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
        guard !paragraphs.isEmpty, box.width > 0, box.height > 0 else { return nil }
        var size = Self.quantize(style.size)
        while true {
            if let lines = try? paragraphs.flatMap({ words throws(ScreenError) in try wrap(words, width: box.width, size: size, bold: style.bold) }),
                let lineHeight = try? texts.measure("ÁÉÑÜgjpqy¿¡", size: size, bold: style.bold).height,
                lines.count * lineHeight <= box.height || size <= style.minSize {
                return (size, lines, lineHeight)
            }
            size = max(style.minSize, Self.quantize(size - 1))
        }
    }

    private func wrap(_ words: [String], width: Int, size: Int, bold: Bool) throws(ScreenError) -> [String] {
        var lines: [String] = [], current = ""
        for word in words {
            let candidate = current.isEmpty ? word : current + " " + word
            let fits = current.isEmpty ? true : try texts.measure(candidate, size: size, bold: bold).width <= width
            if fits {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The one size at which all `items` fit their boxes, for texts that sit side by side
    /// and should look alike.
    public func commonSize(_ items: [(String, Rect)], _ style: TextStyle) -> Int {
        items.reduce(style.size) { size, item in
            guard let (fitted, _) = try? fit(item.0, in: item.1.size, style) else { return size }
            return min(size, fitted)
        }
    }

    private struct FitKey: Hashable {
        var text: String
        var box: Size
        var style: TextStyle
    }

    private func fit(_ text: String, in box: Size, _ style: TextStyle) throws(ScreenError) -> (Int, String) {
        let key = FitKey(text: text, box: box, style: style)
        if let known = fits[key] { return known }
        let fits = { (candidate: String, size: Int) throws(ScreenError) -> Bool in
            let m = try self.texts.measure(candidate, size: size, bold: style.bold)
            return m.width <= box.width && m.height <= box.height
        }
        // Text width grows almost linearly with the size: start from a proportional guess.
        let reference = try texts.measure(text, size: 64, bold: style.bold)
        var size = Self.quantize(min(style.size,
            64 * box.width / max(reference.width, 1), 64 * box.height / max(reference.height, 1)))
        while size > style.minSize, try !fits(text, size) { size = max(style.minSize, Self.quantize(size - 1)) }
        // The guess can fall a step short: take the larger sizes that still fit.
        while case let up = Self.quantize(size + (size < 24 ? 1 : (size < 64 ? 2 : 4))), up > size, up <= style.size, try fits(text, up) { size = up }
        var result = (max(size, style.minSize), text)
        if size <= style.minSize, try !fits(text, style.minSize) {
            // Shorten to the longest prefix that fits with an ellipsis.
            let characters = Array(text)
            var low = 0, high = characters.count
            while low < high {
                let mid = (low + high + 1) / 2
                if try fits(String(characters[..<mid]) + "…", style.minSize) { low = mid } else { high = mid - 1 }
            }
            result = (style.minSize, low == 0 ? "…" : String(characters[..<low]).trimmingCharacters(in: .whitespaces) + "…")
        }
        if self.fits.count > 2000 { self.fits.removeAll(keepingCapacity: true) }
        self.fits[key] = result
        return result
    }

    /// Fewer distinct font sizes means fewer fonts and textures kept: exact up to 24 px,
    /// even sizes up to 64, then multiples of 4.
    static func quantize(_ size: Int) -> Int {
        if size <= 24 { return max(size, 1) }
        if size <= 64 { return size & ~1 }
        return size & ~3
    }

    /// How many rendered texts are cached, and their size in bytes (for memory checks).
    public var cachedTextCount: Int { texts.textureCount }
    public var cachedTextBytes: Int { texts.textureBytes }

    // MARK: - Events

    /// Waits up to `timeout` milliseconds for events, then returns all that are queued.
    /// Waiting in SDL (not polling) keeps an idle screen at zero CPU.
    public func waitEvents(timeout: Int) -> [InputEvent] {
        var event = SDL_Event()
        var out: [InputEvent] = []
        let scale = pixelScale
        if SDL_WaitEventTimeout(&event, Int32(max(timeout, 0))) == 1 {
            if let e = InputEvent.from(event, wakeType: waker.type, output: size, pixelScale: scale) { out.append(e) }
            while SDL_PollEvent(&event) == 1 {
                if let e = InputEvent.from(event, wakeType: waker.type, output: size, pixelScale: scale) { out.append(e) }
            }
        }
        return out
    }

    private var pixelScale: (Double, Double) {
        guard let window else { return (1, 1) }
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetWindowSize(window, &w, &h)
        return (Double(size.width) / Double(max(w, 1)), Double(size.height) / Double(max(h, 1)))
    }

    // MARK: - Pixels

    /// The current frame as 0xAARRGGBB pixels, row by row.
    public func pixels() -> [UInt32] {
        var out = [UInt32](repeating: 0, count: size.width * size.height)
        out.withUnsafeMutableBytes { buffer in
            _ = SDL_RenderReadPixels(renderer, nil, SDL_PIXELFORMAT_ARGB8888.rawValue, buffer.baseAddress, Int32(size.width * 4))
        }
        return out
    }

    /// Writes the current frame to a BMP file.
    public func saveBMP(to path: String) throws(ScreenError) {
        guard let shot = SDL_CreateRGBSurfaceWithFormat(0, Int32(size.width), Int32(size.height), 32, SDL_PIXELFORMAT_ARGB8888.rawValue) else {
            throw ScreenError("cannot capture the screen: \(String(cString: SDL_GetError()))")
        }
        defer { SDL_FreeSurface(shot) }
        SDL_RenderReadPixels(renderer, nil, SDL_PIXELFORMAT_ARGB8888.rawValue, shot.pointee.pixels, shot.pointee.pitch)
        guard csdl_save_bmp(shot, path) == 0 else {
            throw ScreenError("cannot write \(path): \(String(cString: SDL_GetError()))")
        }
    }

    public func close() {
        texts.close()
        SDL_DestroyRenderer(renderer)
        if let window { SDL_DestroyWindow(window) }
        if let surface { SDL_FreeSurface(surface) }
        window = nil
        surface = nil
    }

    // MARK: - Helpers

    private func refreshSize() {
        guard window != nil else { return }
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        if w > 0 && h > 0 { size = Size(width: Int(w), height: Int(h)) }
    }

    private func setColor(_ c: Color) { SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a) }

    private func sdlRect(_ r: Rect) -> SDL_Rect { SDL_Rect(x: Int32(r.x), y: Int32(r.y), w: Int32(r.width), h: Int32(r.height)) }
}

/// Wakes a screen's event loop from any thread (SDL_PushEvent is thread-safe).
public struct Waker: Sendable {
    let type: UInt32

    public func wake() {
        var event = SDL_Event()
        event.type = type
        SDL_PushEvent(&event)
    }
}
