import CSDL2
import ScreenLayout

/// SDL's events, turned into Swift at the edge: apps never see a C type.
public enum InputEvent: Sendable, Equatable {
    /// SIGTERM or Ctrl-C: the program is asked to stop.
    case quit
    /// The window's close button, or Alt+F4 through a window manager.
    case closeRequested
    case key(Key)
    /// A touch or a mouse click, in window pixels.
    case tap(x: Int, y: Int)
    /// The window changed size or needs a redraw.
    case resized
    /// Another thread asked the loop to look at new data.
    case wake

    public enum Key: Sendable, Equatable {
        case escape, enter, backspace, tab
        case character(Character)
        case function(Int)
    }

    /// Converts one SDL event; `nil` for events apps do not care about.
    /// - Parameters:
    ///   - output: the renderer's size in pixels (finger positions come normalized 0…1);
    ///   - pixelScale: output pixels per window point (HiDPI), for mouse positions.
    static func from(_ event: SDL_Event, wakeType: UInt32, output: Size, pixelScale: (Double, Double)) -> InputEvent? {
        switch event.type {
        case SDL_QUIT.rawValue:
            return .quit
        case SDL_KEYDOWN.rawValue:
            return key(event.key.keysym.sym).map(InputEvent.key)
        case SDL_MOUSEBUTTONDOWN.rawValue:
            // Touches also arrive as finger events; skip the mouse copies SDL makes of them.
            guard event.button.which != UInt32.max, event.button.button == UInt8(SDL_BUTTON_LEFT) else { return nil }
            return .tap(x: Int(Double(event.button.x) * pixelScale.0), y: Int(Double(event.button.y) * pixelScale.1))
        case SDL_FINGERDOWN.rawValue:
            return .tap(x: Int(Double(event.tfinger.x) * Double(output.width)), y: Int(Double(event.tfinger.y) * Double(output.height)))
        case SDL_WINDOWEVENT.rawValue:
            let kind = UInt32(event.window.event)
            if kind == SDL_WINDOWEVENT_SIZE_CHANGED.rawValue || kind == SDL_WINDOWEVENT_EXPOSED.rawValue { return .resized }
            if kind == SDL_WINDOWEVENT_CLOSE.rawValue { return .closeRequested }
            return nil
        case wakeType:
            return .wake
        default:
            return nil
        }
    }

    private static func key(_ sym: SDL_Keycode) -> Key? {
        switch sym {
        case SDL_Keycode(SDLK_ESCAPE.rawValue): return .escape
        case SDL_Keycode(SDLK_RETURN.rawValue), SDL_Keycode(SDLK_KP_ENTER.rawValue): return .enter
        case SDL_Keycode(SDLK_BACKSPACE.rawValue): return .backspace
        case SDL_Keycode(SDLK_TAB.rawValue): return .tab
        case SDL_Keycode(SDLK_F1.rawValue)...SDL_Keycode(SDLK_F12.rawValue): return .function(Int(sym) - Int(SDLK_F1.rawValue) + 1)
        case 32...126: return Unicode.Scalar(UInt32(sym)).map { .character(Character($0)) }
        default: return nil
        }
    }
}
