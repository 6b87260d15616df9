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
        /// The solid colour the text sits on, when known: the text is then rendered
        /// opaque onto it ("shaded"), which copies several times faster than blending.
        var background: Color?
    }

    struct Entry {
        var texture: OpaquePointer
        var size: Size
        var lastUsed: Int
        var bytes: Int { size.width * size.height * 4 }
    }

    private let renderer: OpaquePointer
    private let fontFiles: Fonts.Pair
    private var fonts: [Int: OpaquePointer] = [:]  // key: size * 2 + bold
    private var textures: [Key: Entry] = [:]
    private var measures: [Key: Size] = [:]
    private var frame = 0
    private var bytes = 0
    /// Texture memory kept between frames; past it the least recently used go.
    let budget: Int

    init(renderer: OpaquePointer, fonts: Fonts.Pair, budget: Int = 16 << 20) {
        self.renderer = renderer
        self.fontFiles = fonts
        self.budget = budget
    }

    var textureCount: Int { textures.count }
    var textureBytes: Int { bytes }

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
        if measures.count > 4000 { measures.removeAll(keepingCapacity: true) }
        measures[key] = result
        return result
    }

    /// The texture for `text`, rendered once and reused.
    func texture(_ text: String, size: Int, bold: Bool, color: Color, background: Color?) throws(ScreenError) -> Entry? {
        let key = Key(text: text, size: size, bold: bold, color: color, background: background)
        if var entry = textures[key] {
            entry.lastUsed = frame
            textures[key] = entry
            return entry
        }
        guard !text.isEmpty else { return nil }
        let font = try font(size: size, bold: bold)
        let ink = SDL_Color(r: color.r, g: color.g, b: color.b, a: color.a)
        let rendered = background.map { bg in
            TTF_RenderUTF8_Shaded(font, text, ink, SDL_Color(r: bg.r, g: bg.g, b: bg.b, a: 255))
        } ?? TTF_RenderUTF8_Blended(font, text, ink)
        guard let surface = rendered else { return nil }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else { return nil }
        if background != nil { SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_NONE) }
        let entry = Entry(texture: texture, size: Size(width: Int(surface.pointee.w), height: Int(surface.pointee.h)), lastUsed: frame)
        textures[key] = entry
        bytes += entry.bytes
        if bytes > budget { evict() }
        return entry
    }

    /// Drops the least recently used textures until under 3/4 of the budget, never one
    /// the current frame uses.
    private func evict() {
        let old = textures.filter { $0.value.lastUsed < frame }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (key, entry) in old {
            guard bytes > budget * 3 / 4 else { break }
            SDL_DestroyTexture(entry.texture)
            textures[key] = nil
            bytes -= entry.bytes
        }
    }

    func close() {
        for entry in textures.values { SDL_DestroyTexture(entry.texture) }
        for font in fonts.values { TTF_CloseFont(font) }
        textures = [:]
        fonts = [:]
        bytes = 0
    }
}
