import AtiendeCore
import AtiendeQueue
import AtiendeStore
import Foundation
import Testing
import TestSupport

/// An installed office, as its systemd unit runs it: `atiende init --if-changed` with the
/// config file in /etc before every start of the server.
@Suite struct InstallTests {
    /// The unit's ExecStartPre, word for word but for the paths.
    static func unitStart(_ cli: CommandRunner, config: URL) async throws -> CommandRunner.Result {
        try await cli.run("init", "--db", cli.database, "--config", config.path, "--if-changed")
    }

    /// A service added in /admin was withdrawn at the next restart ("no longer offered: J"),
    /// because every start applied the file again. Now the file is applied when it changed.
    @Test func whatAnAdminChangesSurvivesARestartAndAnEditedFileStillWins() async throws {
        let cli = try CommandRunner()
        let config = cli.folder.appendingPathComponent("office.json")
        try TestDatabase.demoConfig.write(to: config, atomically: true, encoding: .utf8)

        let first = try await Self.unitStart(cli, config: config)
        #expect(first.status == 0 && first.stdout.hasPrefix("Created "), "\(first.stdout)\(first.stderr)")

        // An admin adds service J in /admin (the server applies it the same way).
        let withJ = try TestDatabase.demoConfig { office in
            var services = office["services"] as? [[String: Any]] ?? []
            services.append(["code": "J", "name": ["es": "Jubilación"], "description": ["es": "Trámites de pensión"]])
            office["services"] = services
        }
        // The CLI runs at 2026-11-23 09:00 in Bogotá; the admin edits at the same instant.
        let store = try SQLiteQueue(path: cli.database, time: TimeSource { Date(timeIntervalSince1970: 1_795_442_400) })
        _ = try await store.applyConfig(withJ, by: "eva")

        let restart = try await Self.unitStart(cli, config: config)
        #expect(restart.status == 0)
        #expect(restart.stdout.hasPrefix("Kept the office as it is, version 2 (changed in /admin by eva 2026-11-23 09:00): "), "\(restart.stdout)")
        #expect(restart.stdout.contains("has not changed since it was applied as version 1"), "\(restart.stdout)")
        let offered = try #require(try await cli.run("status", "--json").json()["services"] as? [[String: Any]])
        #expect(offered.contains { $0["code"] as? String == "J" }, "J is still offered after the restart")

        // A second restart is the same; nothing is written.
        #expect(try await Self.unitStart(cli, config: config).stdout.hasPrefix("Kept the office as it is, version 2"))
        #expect(try await store.configVersions(limit: 10).count == 2)

        // The file is edited on purpose: it wins, and the output says what it replaced.
        let longer = try TestDatabase.demoConfig { $0["targetWaitMinutes"] = 20 }
        try longer.write(to: config, atomically: true, encoding: .utf8)
        let edited = try await Self.unitStart(cli, config: config)
        #expect(edited.status == 0)
        #expect(edited.stdout.hasPrefix("\(config.path) changed since it was last applied: it replaces version 2 (changed in /admin by eva"), "\(edited.stdout)")
        #expect(edited.stdout.contains("Target wait 20 min"), "\(edited.stdout)")
        #expect(edited.stdout.contains("no longer offered: J"), "\(edited.stdout)")

        // A file that cannot be applied (it would strand a visitor, or is broken) does not
        // keep the office closed: the server starts on the version in use, and says why.
        let again = try TestDatabase.demoConfig { $0["targetWaitMinutes"] = 25 }
        try again.write(to: config, atomically: true, encoding: .utf8)
        _ = try await store.applyConfig(withJ, by: "eva")
        #expect(try await cli.run("issue", "J").status == 0)
        let refused = try await Self.unitStart(cli, config: config)
        #expect(refused.status == 0)
        #expect(refused.stderr.hasPrefix("atiende: warning: \(config.path) was not applied, and the office stays as it is (version 4): service J still has 1 open ticket(s)"), "\(refused.stderr)")
        try "{ \"name\": ".write(to: config, atomically: true, encoding: .utf8)
        let broken = try await Self.unitStart(cli, config: config)
        #expect(broken.status == 0 && broken.stderr.contains("was not applied, and the office stays as it is (version 4)"), "\(broken.stderr)")
    }

    /// On a first install there is nothing to fall back on: a broken file stops the start.
    @Test func aBrokenFileOnAFirstInstallStopsTheStart() async throws {
        let cli = try CommandRunner()
        let config = cli.folder.appendingPathComponent("office.json")
        try "{ \"name\": ".write(to: config, atomically: true, encoding: .utf8)
        let start = try await Self.unitStart(cli, config: config)
        #expect(start.status == 1 && start.stderr.hasPrefix("atiende: \(config.path): is not valid JSON"), "\(start.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.database), "a broken config creates no database")
    }

    /// A database from before this change: its versions came from the file, so the first
    /// start after the upgrade keeps them rather than applying the file again.
    @Test func aFirstStartOnAnExistingFileWithTheSameConfigWritesNothing() async throws {
        let cli = try CommandRunner()
        let config = cli.folder.appendingPathComponent("office.json")
        try TestDatabase.demoConfig.write(to: config, atomically: true, encoding: .utf8)
        #expect(try await cli.run("init", "--config", config.path).status == 0)
        let start = try await Self.unitStart(cli, config: config)
        #expect(start.stdout.hasPrefix("Kept the office as it is: "), "\(start.stdout)")
        #expect(try await SQLiteQueue(path: cli.database).configVersions(limit: 10).count == 1)
    }
}
