import CSDL2
import ScreenLayout

/// Fonts by pixel size and rendered text textures, kept between frames.
///
/// Screens redraw only when something changed, and most of what they draw (labels,
/// names, numbers) is the same from frame to frame, so a text is rendered once and its
/// texture reused. The cache is bounded: the least recently used textures go first.
@MainActor
final class TextCache {
    struct Key: Hashable {
        var text: String
        var size: Int
        var bold: Bool
        var color: Color
    }

    struct Entry {
        var texture: OpaquePointer
        var size: Size
        var lastUsed: Int
    }

    private let renderer: OpaquePointer
    private let fontFiles: Fonts.Pair
    private var fonts: [Int: OpaquePointer] = [:]  // key: size * 2 + bold
    private var textures: [Key: Entry] = [:]
    private var measures: [Key: Size] = [:]
    private var frame = 0
    let capacity: Int

    init(renderer: OpaquePointer, fonts: Fonts.Pair, capacity: Int = 400) {
        self.renderer = renderer
        self.fontFiles = fonts
        self.capacity = capacity
    }

    var textureCount: Int { textures.count }

    func nextFrame() { frame += 1 }

    func font(size: Int, bold: Bool) throws(ScreenError) -> OpaquePointer {
        let key = size * 2 + (bold ? 1 : 0)
        if let font = fonts[key] { return font }
        guard let font = TTF_OpenFont(bold ? fontFiles.bold : fontFiles.regular, Int32(size)) else {
            throw ScreenError("cannot open font \(bold ? fontFiles.bold : fontFiles.regular): \(String(cString: SDL_GetError()))")
        }
        fonts[key] = font
        return font
    }

    /// The size of `text` in pixels at `size`.
    func measure(_ text: String, size: Int, bold: Bool) throws(ScreenError) -> Size {
        let key = Key(text: text, size: size, bold: bold, color: Color(0, 0, 0, 0))
        if let known = measures[key] { return known }
        var w: Int32 = 0, h: Int32 = 0
        TTF_SizeUTF8(try font(size: size, bold: bold), text, &w, &h)
        let result = Size(width: Int(w), height: Int(h))
        if measures.count > capacity * 4 { measures.removeAll(keepingCapacity: true) }
        measures[key] = result
        return result
    }

    /// The texture for `text`, rendered once and reused.
    func texture(_ text: String, size: Int, bold: Bool, color: Color) throws(ScreenError) -> Entry? {
        let key = Key(text: text, size: size, bold: bold, color: color)
        if var entry = textures[key] {
            entry.lastUsed = frame
            textures[key] = entry
            return entry
        }
        guard !text.isEmpty else { return nil }
        let sdlColor = SDL_Color(r: color.r, g: color.g, b: color.b, a: color.a)
        guard let surface = TTF_RenderUTF8_Blended(try font(size: size, bold: bold), text, sdlColor) else { return nil }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else { return nil }
        let entry = Entry(texture: texture, size: Size(width: Int(surface.pointee.w), height: Int(surface.pointee.h)), lastUsed: frame)
        textures[key] = entry
        if textures.count > capacity { evict() }
        return entry
    }

    /// Drops the least recently used quarter, never what the current frame uses.
    private func evict() {
        let old = textures.filter { $0.value.lastUsed < frame }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (key, entry) in old.prefix(max(1, capacity / 4)) {
            SDL_DestroyTexture(entry.texture)
            textures[key] = nil
        }
    }

    func close() {
        for entry in textures.values { SDL_DestroyTexture(entry.texture) }
        for font in fonts.values { TTF_CloseFont(font) }
        textures = [:]
        fonts = [:]
    }
}
