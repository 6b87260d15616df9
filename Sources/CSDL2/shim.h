// SDL2 and SDL2_ttf for Swift, plus the few macros Swift cannot import.
#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

static inline int csdl_windowpos_centered(void) { return SDL_WINDOWPOS_CENTERED; }
static inline Uint16 csdl_audio_s16(void) { return AUDIO_S16SYS; }
static inline int csdl_save_bmp(SDL_Surface *surface, const char *path) { return SDL_SaveBMP(surface, path); }
static inline SDL_Surface *csdl_load_bmp(const char *path) { return SDL_LoadBMP(path); }
static inline SDL_AudioSpec *csdl_load_wav(const char *path, SDL_AudioSpec *spec, Uint8 **buffer, Uint32 *length) {
    return SDL_LoadWAV(path, spec, buffer, length);
}
