import ArgumentParser
import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import KioskModel
import Foundation
import ProgramOptions
import QueueAddress
import ScreenKit
import ScreenLayout

/// The kiosk's program, for its own executable and for `atiende` called as `atiende-kiosk`
/// (the package installs one program under three names). Every failure ends as one line
/// on stderr and a non-zero exit.
public enum KioskMain {
    public static func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        do {
            let command = try KioskCommand.parse(arguments)
            try MainActor.assumeIsolated { try command.start() }
        } catch {
            ProgramExit.exit(error, program: "atiende-kiosk", command: KioskCommand.self) { error in
                (error as? ScreenError).map { ($0.description, 69) }
            }
        }
    }
}

struct KioskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atiende-kiosk",
        abstract: "The entrance touchscreen: visitors pick a service and get a numbered ticket.",
        discussion: """
            Greets by the time of day, shows the services in plain words with what to bring, \
            and issues a ticket in two touches: the service, then regular or priority \
            attention (older adults, pregnancy, disability, small children). The ticket \
            screen shows the number huge, the people ahead and the estimated wait, and stays \
            until "Done" or 30 s ("More time" adds a minute, as often as needed). "Check my \
            turn" looks a number up.

            For every visitor: "Listen" reads each screen aloud through espeak-ng (touch an \
            item once to hear it, again to choose it), "Larger text" enlarges all text by \
            half, and the office's other languages are a touch away. Each new visitor starts \
            in the office's first language (or --lang). ATIENDE_SPEECH_LOG=FILE appends \
            every text spoken to FILE.

            Closed services (outside their hours, or with no open desk) issue nothing. If \
            the queue cannot be reached, the kiosk says so and sends visitors to reception, \
            and recovers by itself. Touch and mouse both work; Esc leaves, unless --locked.

            With --printer, each ticket is also printed (ESC/POS) to a device such as \
            /dev/usb/lp0, or appended to a file.

            Each ticket shows a QR code of its visit link, so the visitor can follow the \
            turn on a phone: at the office's publicAddress when the config sets one, else \
            at the --server address (not a loopback one, which no phone can reach).
            """
    )

    @OptionGroup var queue: QueueOptions

    @Option(name: .long, help: ArgumentHelp("Window size in pixels, e.g. 1920x1080 or 1080x1920 for portrait.", valueName: "WxH"))
    var size = Size(width: 1280, height: 1024)

    @Flag(name: .long, help: "Fill the whole screen (no window frame, no mouse pointer).")
    var fullscreen = false

    @Flag(name: .long, help: "Kiosk mode for visitors: Esc, Alt+F4 and closing the window do nothing and the pointer is hidden; staff leave with five touches in the top-left corner and the office's screens.kioskExitPIN, or by stopping the service (SIGTERM).")
    var locked = false

    @Option(name: .long, help: ArgumentHelp("Print each ticket as ESC/POS to this device or file.", valueName: "path"))
    var printer: String?

    @Option(name: .long, help: ArgumentHelp("This kiosk's name on the desks' screens, which say when its printer is missing or failing. Default: $ATIENDE_KIOSK_NAME, else the machine's name.", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Append a line per tap and per ticket shown (Unix ms), for latency measurements.", valueName: "file"))
    var trace: String?

    func validate() throws {
    }


    /// `--name`, `$ATIENDE_KIOSK_NAME`, or the machine's name.
    var kioskName: String {
        let environment = ProcessInfo.processInfo.environment["ATIENDE_KIOSK_NAME"]
        let chosen = [name, environment].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        return String((chosen ?? ProcessInfo.processInfo.hostName).prefix(40))
    }

    @MainActor
    func start() throws {
        let time = try TimeSource.fromEnvironment(running: true)
        let address = try queue.address()
        let screen = try Screen(.window(title: "Atiende · Kiosco", size: size, fullscreen: fullscreen))
        defer { screen.close() }
        let open: @Sendable () throws -> any QueueService = { try address.open(time: time) }
        // A phone can follow a ticket at the server the kiosk reaches, unless that is this
        // machine's loopback (the office's publicAddress, when set, wins).
        var linkBase: String?
        if case .server(let url, _, _) = address, KioskModel.phoneCanReach(host: url.host) { linkBase = url.description }
        var loop = KioskLoop(screen: screen, time: time, language: queue.lang, open: open, printer: printer.map(Printer.init(path:)), linkBase: linkBase)
        loop.trace = trace
        loop.locked = locked
        loop.name = kioskName
        if locked { screen.hidePointer() }
        let speaker = Speaker(audio: Audio.open(), log: ProcessInfo.processInfo.environment["ATIENDE_SPEECH_LOG"])
        if let reason = speaker.silentBecause {
            FileHandle.standardError.write(Data("atiende-kiosk: read-aloud will be silent: \(reason)\n".utf8))
        }
        loop.speaker = speaker
        try loop.run()
    }
}

