import AtiendeStore
import Foundation
import KioskModel
import ScreenLayout
import Testing
import TestSupport

/// The real kiosk in a real X window (Xvfb), clicked with xdotool; tickets are checked
/// in the database with the real `atiende`. Runs where Xvfb and xdotool are installed.
@Suite(.serialized, .enabled(if: KioskProcess.ready, "Xvfb or xdotool is not installed"))
struct KioskEndToEndTests {
    static let size = Size(width: 1280, height: 1024)

    @Test func aClickOnAServiceThenOnRegularIssuesOneTicket() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        try await run.start(size: Self.size)
        let layout = KioskLayout(size: Self.size)
        try await run.click(layout.home(services: 4).services[1])  // B
        try await run.click(layout.service(bringItems: 2).normal)
        #expect(try await run.waitForTrace("ticket B-001"))
        #expect(try await run.issued() == 1)
    }

    /// `--fullscreen` on a panel smaller than the windowed size (1280×800 against
    /// 1280×1024), with no window manager, as a kiosk's bare X session runs it: the window
    /// covers the screen from its top left, so a touch lands on what is drawn there.
    @Test func aFullscreenKioskFillsAPanelOfAnotherSize() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        let panel = Size(width: 1280, height: 800)
        try await run.start(size: Self.size, screen: panel, arguments: ["--fullscreen"])
        let layout = KioskLayout(size: panel)
        try await run.click(layout.home(services: 4).services[0])  // A
        try await run.click(layout.service(bringItems: 1).normal)
        #expect(try await run.waitForTrace("ticket A-001"))
        #expect(try await run.issued() == 1)
    }

    @Test func onAServerItIssuesRefusesWhileTheServerIsAwayAndRecovers() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        let server = try await run.startServer()
        defer { server.stop() }
        try await run.start(size: Self.size, arguments: ["--server", server.url, "--token", ServerProcess.kioskToken])
        let layout = KioskLayout(size: Self.size)
        try await run.click(layout.home(services: 4).services[1])  // B
        try await run.click(layout.service(bringItems: 2).normal)
        #expect(try await run.waitForTrace("ticket B-001"))

        server.kill()
        try await Task.sleep(for: .seconds(1.5))
        try await run.click(Rect(x: 600, y: 500, width: 40, height: 40))  // the visitor touches their number: it stays
        try await run.click(layout.ticket(code: false).done)  // "Listo"
        #expect(try await run.waitForTrace("unavailable"), "with the server gone the kiosk says so instead of promising a number")
        try await server.start()
        // Back by itself once the server is: the kiosk reconnects within seconds (longer
        // on a loaded machine), then takes tickets again.
        var back = false
        for _ in 0..<5 where !back {
            try await Task.sleep(for: .seconds(2))
            try await run.click(layout.home(services: 4).services[1])
            try await run.click(layout.service(bringItems: 2).normal)
            back = try await run.waitForTrace("ticket B-002", seconds: 3)
        }
        #expect(back, "back by itself once the server is")
        #expect(try await run.issued() == 2)
    }

    @Test func theTicketOnScreenAndOnPaperCarriesTheVisitLinkAPhoneOpens() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        // An office that says where phones reach it.
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/office.json")
        var office = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: demo)) as? [String: Any])
        office["publicAddress"] = "https://turnos.example.org"
        let config = run.folder.appendingPathComponent("office.json"), paper = run.folder.appendingPathComponent("printer.bin")
        try JSONSerialization.data(withJSONObject: office).write(to: config)
        _ = FileManager.default.createFile(atPath: paper.path, contents: nil)
        try await run.start(size: Self.size, initArguments: ["--config", config.path], arguments: ["--printer", paper.path])
        let layout = KioskLayout(size: Self.size)
        try await run.click(layout.home(services: 4).services[1])  // B
        try await run.click(layout.service(bringItems: 2).normal)
        #expect(try await run.waitForTrace("ticket B-001"))

        let onScreen = try VisitCodeTests.decode(try await run.screenshot("ticket.png"))
        let link = try #require(onScreen.first, "a QR code on the ticket screen")
        #expect(onScreen.count == 1 && link.hasPrefix("https://turnos.example.org/t/"))
        let printed = try #require(VisitCodeTests.rasterImage(in: Array(try Data(contentsOf: paper))), "a QR code on the printed ticket")
        let image = run.folder.appendingPathComponent("paper.pbm")
        try printed.write(to: image)
        #expect(try VisitCodeTests.decode(image.path) == [link], "paper and screen carry the same link")
        // The link names this visitor's ticket, and only by its token.
        let store = try SQLiteQueue(path: run.environment["ATIENDE_DB"] ?? "", time: .fixed(KioskDemo.nine))
        let place = try await store.visit(String(link.dropFirst("https://turnos.example.org/t/".count)))
        #expect(place?.ticket.number.description == "B-001")
    }

    /// A kiosk whose printer is missing says so at start, and every desk hears of it
    /// through the server; once a ticket prints again, the warning goes.
    @Test func aMissingPrinterIsReportedAtStartAndOnTheStaffsScreens() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        let server = try await run.startServer()
        defer { server.stop() }
        // A device's folder that is not there: unplugged (a plain file would be made).
        let port = run.folder.appendingPathComponent("usb")
        let paper = port.appendingPathComponent("lp0").path
        try await run.start(size: Self.size, arguments: [
            "--server", server.url, "--token", ServerProcess.kioskToken, "--printer", paper, "--name", "entrada",
        ])
        // What the desks read (`atiende status` through the server, as a desk console does).
        func devices() async throws -> [[String: Any]] {
            let json = try JSONSerialization.jsonObject(with: Data(try await run.status(server: server.url, "--json").utf8)) as? [String: Any]
            return json?["devices"] as? [[String: Any]] ?? []
        }
        var seen: [[String: Any]] = []
        for _ in 0..<50 where seen.isEmpty {
            seen = try await devices()
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(seen.count == 1 && seen.first?["device"] as? String == "entrada" && seen.first?["printer"] as? String == "missing", "\(seen)")
        #expect((seen.first?["detail"] as? String)?.contains("not found") == true)
        let said = try String(contentsOfFile: run.errors, encoding: .utf8)
        #expect(said.contains("atiende-kiosk: printer \(paper): not found"), "\(said)")
        let status = try await run.status(server: server.url)
        #expect(status.contains("! Kiosco entrada: no encuentra su impresora desde las 09:00"), "\(status)")

        // The printer is plugged in: the next ticket prints, and the desks hear it works.
        try FileManager.default.createDirectory(at: port, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: paper, contents: nil)
        let layout = KioskLayout(size: Self.size)
        try await run.click(layout.home(services: 4).services[1])  // B
        try await run.click(layout.service(bringItems: 2).normal)
        #expect(try await run.waitForTrace("ticket B-001"))
        for _ in 0..<50 where seen.first?["printer"] as? String != "ok" {
            seen = try await devices()
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(seen.first?["printer"] as? String == "ok" && seen.first?["detail"] == nil, "\(seen)")
        #expect(!(try await run.status(server: server.url)).contains("Kiosco"), "nothing to say once it prints")
        #expect(try Data(contentsOf: URL(fileURLWithPath: paper)).count > 100, "the ticket reached the printer")
    }

    /// "Escuchar" reads the screen aloud, a touch on a service says it, a second touch
    /// chooses it; the ticket is spoken with its number digit by digit.
    @Test func readAloudSpeaksEachScreenAndATouchBeforeItActs() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        try await run.start(size: Self.size)
        let layout = KioskLayout(size: Self.size)
        let home = layout.home(services: 4)
        try await run.click(home.listen)
        try await run.click(home.services[1])  // B, heard
        try await run.click(home.services[1])  // B, chosen
        let service = layout.service(bringItems: 2)
        try await run.click(service.normal)
        try await run.click(service.normal)
        #expect(try await run.waitForTrace("ticket B-001"))
        try await Task.sleep(for: .milliseconds(500))
        let spoken = try String(contentsOfFile: run.speechLog, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(spoken.first?.hasPrefix("Buenos días, bienvenidos a la Defensoría del Pueblo.") == true, "\(spoken)")
        #expect(spoken.contains { $0.hasPrefix("Servicio B, Presentar una queja o petición.") && $0.hasSuffix("Toque otra vez para elegir.") })
        #expect(spoken.contains { $0.contains("Elija turno normal") })
        #expect(spoken.last?.hasPrefix("Su turno: B cero cero uno.") == true, "\(spoken.last ?? "")")
        #expect(try await run.issued() == 1)
    }

    /// `--locked`: Esc does nothing; five touches in the corner and the office's PIN end
    /// it; SIGTERM still stops it.
    @Test func aLockedKioskIgnoresEscAndLetsStaffOutWithThePIN() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        var office = try JSONSerialization.jsonObject(with: Data(TestDatabase.demoConfig.utf8)) as? [String: Any] ?? [:]
        office["screens"] = ["kioskExitPIN": "2468"]
        let config = run.folder.appendingPathComponent("office.json")
        try JSONSerialization.data(withJSONObject: office).write(to: config)
        try await run.start(size: Self.size, initArguments: ["--config", config.path], arguments: ["--locked"])
        let kiosk = try #require(run.kiosk)
        _ = await (try Spawned(VirtualScreen.xdotool ?? "xdotool", ["search", "--name", "Atiende", "windowfocus", "--sync", "key", "Escape"],
            environment: run.environment, quiet: true)).exited()
        try await Task.sleep(for: .seconds(1))
        #expect(kiosk.isRunning, "Esc does not leave a locked kiosk")
        let layout = KioskLayout(size: Self.size)
        try await run.click(layout.staffCorner, times: 5)
        let pad = layout.check(letters: 0)
        for digit in [2, 4, 6, 8] { try await run.click(pad.digits[digit - 1]) }
        try await run.click(pad.submit)
        #expect(try await run.waitForTrace("leave"))
        try await Task.sleep(for: .seconds(1))
        #expect(!kiosk.isRunning, "the PIN lets staff out")
    }

    @Test func aLockedKioskStillStopsOnSIGTERM() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        try await run.start(size: Self.size, arguments: ["--locked"])
        let kiosk = try #require(run.kiosk)
        kill(kiosk.pid, SIGTERM)
        try await Task.sleep(for: .seconds(2))
        #expect(!kiosk.isRunning, "stopped on SIGTERM")
        #expect(kiosk.wait() == 0, "a clean stop, not a kill")
    }

    @Test func aTripleTapIssuesExactlyOneTicket() async throws {
        let run = try KioskProcess()
        defer { run.stop() }
        try await run.start(size: Self.size)
        let layout = KioskLayout(size: Self.size)
        try await run.click(layout.home(services: 4).services[0])
        try await run.click(layout.service(bringItems: 1).preferential, times: 3)
        #expect(try await run.waitForTrace("ticket A-001"))
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await run.issued() == 1)
    }
}

/// Xvfb, a fresh database set up with the demo office (clock at 09:00 on a Monday), the kiosk.
final class KioskProcess: @unchecked Sendable {
    static var ready: Bool { VirtualScreen.xvfb != nil && VirtualScreen.xdotool != nil }

    let folder: URL
    let screen = VirtualScreen(numbers: 260...360)
    private var children: [Spawned] = []
    /// The kiosk process, once started.
    var kiosk: Spawned? { children.first }

    var trace: String { folder.appendingPathComponent("trace.txt").path }
    /// What the kiosk wrote on stderr.
    var errors: String { folder.appendingPathComponent("kiosk.err").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atiende-kiosk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static let binaries = VirtualScreen.binaries(containing: "atiende-kiosk")

    /// Every text the kiosk reads aloud, one per line (`ATIENDE_SPEECH_LOG`).
    var speechLog: String { folder.appendingPathComponent("speech.txt").path }

    var environment: [String: String] {
        var env = screen.environment()
        env["ATIENDE_SPEECH_LOG"] = speechLog
        env["ATIENDE_DB"] = folder.appendingPathComponent("atiende.sqlite").path
        env["ATIENDE_NOW"] = "2026-11-23T09:00:00-05:00"
        return env
    }

    /// - Parameters:
    ///   - size: the kiosk's window (`--size`);
    ///   - screen: the X screen's, if not the same.
    func start(size: Size, screen panel: Size? = nil, initArguments: [String] = [], arguments: [String] = []) async throws {
        _ = await (try Spawned(Self.binaries.appendingPathComponent("atiende").path, ["init"] + initArguments, environment: environment, quiet: true)).exited()
        try await screen.start(width: (panel ?? size).width, height: (panel ?? size).height)
        children.append(try Spawned(Self.binaries.appendingPathComponent("atiende-kiosk").path,
            ["--size", "\(size.width)x\(size.height)", "--trace", trace] + arguments, environment: environment, quiet: true, stderr: errors))
        try await Task.sleep(for: .seconds(2))
    }

    /// Clicks the middle of `rect` (the window sits at the top left of the X screen).
    func click(_ rect: Rect, times: Int = 1) async throws {
        let x = rect.x + rect.width / 2, y = rect.y + rect.height / 2
        _ = await (try Spawned(VirtualScreen.xdotool ?? "xdotool", ["mousemove", "\(x)", "\(y)", "click", "--repeat", "\(times)", "--delay", "40", "1"], environment: environment, quiet: true)).exited()
        try await Task.sleep(for: .milliseconds(400))
    }

    func waitForTrace(_ text: String, seconds: Double = 10) async throws -> Bool {
        try await VirtualScreen.wait(for: text, in: trace, seconds: seconds)
    }

    /// The X screen as a PNG file (ImageMagick's `import`).
    func screenshot(_ name: String) async throws -> String {
        let path = folder.appendingPathComponent(name).path
        _ = await (try Spawned("/usr/bin/env", ["import", "-window", "root", path], environment: environment, quiet: true)).exited()
        return path
    }

    /// `atiende serve` on this kiosk's database, set up first.
    func startServer() async throws -> ServerProcess {
        let atiende = Self.binaries.appendingPathComponent("atiende").path
        _ = await (try Spawned(atiende, ["init"], environment: environment, quiet: true)).exited()
        let server = ServerProcess(executable: atiende, database: environment["ATIENDE_DB"] ?? "", environment: environment, folder: folder)
        try await server.start()
        return server
    }

    /// `atiende status` as staff read it from the server.
    func status(server: String, _ arguments: String...) async throws -> String {
        let out = folder.appendingPathComponent("status-\(UUID().uuidString).txt").path
        _ = try await Spawned(Self.binaries.appendingPathComponent("atiende").path,
            ["status", "--server", server, "--token", ServerProcess.staffToken] + arguments, environment: environment, stdout: out).exited()
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    /// Tickets issued today, read with `atiende status --json`.
    func issued() async throws -> Int {
        let out = folder.appendingPathComponent("status.json").path
        _ = try await Spawned(Self.binaries.appendingPathComponent("atiende").path, ["status", "--json"], environment: environment, stdout: out).exited()
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        return (json?["today"] as? [String: Any])?["issued"] as? Int ?? -1
    }

    func stop() {
        for child in children.reversed() { child.terminate() }
        children.removeAll()
        screen.stop()
    }

    deinit { stop() }
}
