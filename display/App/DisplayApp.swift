import ArgumentParser
import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import Foundation
import ProgramOptions
import QueueAddress
import ScreenKit
import ScreenLayout

/// The display's program, for its own executable and for `atiende` called as `atiende-display`
/// (the package installs one program under three names). Every failure ends as one line
/// on stderr and a non-zero exit.
public enum DisplayMain {
    public static func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        do {
            let command = try DisplayCommand.parse(arguments)
            try MainActor.assumeIsolated { try command.start() }
        } catch {
            ProgramExit.exit(error, program: "atiende-display", command: DisplayCommand.self) { error in
                (error as? ScreenError).map { ($0.description, 69) }
            }
        }
    }
}

struct DisplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atiende-display",
        abstract: "The waiting room's wall screen: calls numbers to desks and shows the waits.",
        discussion: """
            Shows the current call huge (number and desk, with a flash and a chime), the \
            last calls, and for each service the people waiting, the longest current wait \
            coloured against the target (green under 2/3 of it, amber up to it, red past it) \
            and the estimated wait for someone arriving now. A strip at the bottom shows \
            today's share of visitors called within the target, the average wait and how \
            many were served. It never shows a visitor's name.

            It follows the queue database live: a call made with `atiende next` in another \
            program appears at once. With --server it follows a queue server's event stream \
            instead, from another machine. If the queue cannot be read, a banner says so \
            ("Sin conexión") with how old the data is, and the display keeps retrying by itself.

            Keys: Esc or q quits. ATIENDE_NOW, if set, starts the clock at that time.
            """
    )

    @OptionGroup var queue: QueueOptions

    @Option(name: .long, help: ArgumentHelp("Window size in pixels, e.g. 1920x1080 or 1080x1920 for portrait.", valueName: "WxH"))
    var size = Size(width: 1280, height: 720)

    @Flag(name: .long, help: "Fill the whole screen (no window frame, no mouse pointer).")
    var fullscreen = false

    @Flag(name: .long, help: "Also speak each call after the chime, through espeak-ng.")
    var voice = false

    @Option(name: .long, help: ArgumentHelp("Save the first frame that shows data to this BMP file, then quit.", valueName: "file"))
    var screenshot: String?

    @Option(name: .long, help: ArgumentHelp("Append a line per frame that shows a new call: time (Unix ms) and numbers. For latency measurements.", valueName: "file"))
    var trace: String?

    @Flag(name: .long, help: "Measure drawing offscreen (full frames against empty ones, an hour of calls) and print the figures.")
    var benchmark = false

    func validate() throws {
    }

    /// The screen's language: --lang, else Spanish.
    var lang: Language { queue.lang ?? .es }

    var windowSize: Size { size }

    @MainActor
    func start() throws {
        if benchmark {
            try DisplayBenchmark(size: windowSize, language: lang).run()
            return
        }
        let time = try TimeSource.fromEnvironment(running: true)
        let address = try queue.address()
        let screen = try Screen(.window(title: "Atiende · Pantalla", size: windowSize, fullscreen: fullscreen))
        defer { screen.close() }
        let announcer = Announcer(voice: voice) { message in
            FileHandle.standardError.write(Data("atiende-display: \(message)\n".utf8))
        }
        let feed = QueueFeed()
        let waker = screen.waker
        feed.start(open: { try address.open(time: time) }, wake: { waker.wake() })
        defer { feed.stop() }
        var loop = DisplayLoop(screen: screen, feed: feed, announcer: announcer, time: time, language: lang)
        loop.trace = trace
        try loop.run(screenshot: screenshot)
    }
}

