import AtiendeCore
import AtiendeRemote
import AtiendeStore
import Foundation
import GRDB
import Testing
import TestSupport

/// `atiende backup`, `restore` and scheduled backups, with the real executable.
@Suite(.serialized) struct BackupTests {
    /// A copy taken while a server issues tickets is whole and passes its integrity check.
    @Test func aBackupTakenWhileTheServerWorksIsWhole() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        let server = ServerProcess(executable: CommandRunner.executable.path, database: cli.database,
            environment: ["ATIENDE_DB": cli.database, "ATIENDE_NOW": cli.now], folder: cli.folder)
        try await server.start()
        defer { server.stop() }
        let remote = try RemoteQueue(url: server.url, token: ServerProcess.kioskToken)
        let issuing = Task { for _ in 0..<40 { _ = try? await remote.issue(service: "A", preferential: false, firstName: nil) } }
        let copy = cli.folder.appendingPathComponent("copy.sqlite").path
        let made = try await cli.run("backup", "--to", copy)
        _ = await issuing.result
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("integrity ok"), "\(made.stdout)")
        let tickets = try await DatabaseQueue(path: copy).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM ticket") ?? -1 }
        #expect((0...40).contains(tickets))
        #expect(!FileManager.default.fileExists(atPath: copy + ".partial"))
    }

    /// A restore refuses while a server holds the file; once it stops, the backup goes
    /// back and the file it replaced is kept.
    @Test func restoreRefusesARunningServerAndKeepsWhatItReplaces() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        #expect(try await cli.run("issue", "A").status == 0)
        let copy = cli.folder.appendingPathComponent("monday.sqlite").path
        #expect(try await cli.run("backup", "--to", copy).status == 0)
        #expect(try await cli.run("issue", "B").status == 0)

        let server = ServerProcess(executable: CommandRunner.executable.path, database: cli.database,
            environment: ["ATIENDE_DB": cli.database, "ATIENDE_NOW": cli.now], folder: cli.folder)
        try await server.start()
        let refused = try await cli.run("restore", copy)
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("a server is using") && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        server.stop()  // returns once the server has exited

        let restored = try await cli.run("restore", copy)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try await cli.run("status", "--json").json()["today"].flatMap { ($0 as? [String: Any])?["issued"] as? Int } == 1, "Monday's copy: one ticket")
        let kept = try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).filter { $0.hasPrefix("atiende.sqlite.replaced-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(kept.count == 1, "the replaced file is kept")

        let garbage = cli.folder.appendingPathComponent("garbage.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: garbage))
        let bad = try await cli.run("restore", garbage)
        #expect(bad.status == 73 && bad.stderr.contains("choose another backup"), "\(bad.stderr)")
    }

    /// A number is proof, also after a restore: A-009 was given out after the backup was
    /// taken, and the next ticket after restoring it was A-009 again. Numbering now goes on
    /// past every number the replaced file gave out that day, and the restore says how many
    /// tickets the backup lacks. Backups and the restored file are the owner's only.
    @Test func afterARestoreNoNumberIsGivenOutTwiceAndTheFilesAreTheOwnersOnly() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        for _ in 1...3 { #expect(try await cli.run("issue", "A").status == 0) }
        let copy = cli.folder.appendingPathComponent("morning.sqlite").path
        let umask = Glibc.umask(0o022)
        defer { Glibc.umask(umask) }
        #expect(try await cli.run("backup", "--to", copy).status == 0)
        for _ in 4...9 { #expect(try await cli.run("issue", "A").status == 0) }
        #expect(try await cli.run("issue", "B").status == 0)

        let restored = try await cli.run("restore", copy)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("7 ticket(s) of 2026-11-23 are in the replaced file but not in the backup: their numbers will not be given out again"), "\(restored.stdout)")
        #expect(try await cli.run("issue", "A", "--json").json()["number"] as? String == "A-010")
        #expect(try await cli.run("issue", "B", "--json").json()["number"] as? String == "B-002")
        #expect(try await cli.run("issue", "C", "--json").json()["number"] as? String == "C-001")

        // Restoring again over the restored file keeps what the first restore carried over.
        let again = try await cli.run("restore", copy)
        #expect(again.stdout.contains("ticket(s) of 2026-11-23 are in the replaced file"), "\(again.stdout)\(again.stderr)")
        #expect(try await cli.run("issue", "A", "--json").json()["number"] as? String == "A-011")

        let folder = cli.folder.appendingPathComponent("backups").path
        let rotated = try await SQLiteQueue(path: cli.database).rotatingBackup(in: folder, keep: 2).path
        for file in [copy, rotated, cli.database] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) is \(String(mode ?? 0, radix: 8)), not 600")
        }
    }

    /// The lock is the file's, not its path's: a second server or a restore through a
    /// symlink to the same file is refused (a restore went ahead under a running server,
    /// and its new tickets went into the replaced file).
    @Test func oneServerPerDatabaseWhateverThePath() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        let link = cli.folder.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: cli.database)
        let server = ServerProcess(executable: CommandRunner.executable.path, database: cli.database,
            environment: ["ATIENDE_DB": cli.database, "ATIENDE_NOW": cli.now], folder: cli.folder)
        try await server.start()
        defer { server.stop() }
        let second = try await cli.run("serve", "--port", "0", "--db", link)
        #expect(second.status == 69 && second.stderr.contains("a server is using"), "\(second.stderr)")
        let copy = cli.folder.appendingPathComponent("copy.sqlite").path
        #expect(try await cli.run("backup", "--to", copy).status == 0)
        let restore = try await cli.run("restore", copy, "--db", link)
        #expect(restore.status == 73 && restore.stderr.contains("a server is using"), "\(restore.stderr)")
    }

    /// `serve --backup-dir` writes checked copies on its schedule and keeps the newest.
    @Test func scheduledBackupsRotate() async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        let folder = cli.folder.appendingPathComponent("backups").path
        let store = try SQLiteQueue(path: cli.database)
        var made: [String] = []
        for second in 0..<4 {
            made.append(try await store.rotatingBackup(in: folder, keep: 2, at: Date(timeIntervalSince1970: 1_795_442_400 + Double(second))).path)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == made.suffix(2).map { ($0 as NSString).lastPathComponent })
        #expect(try await cli.run("serve", "--backup-every", "5x").stderr.contains("--backup-every"))
    }

    /// `serve --verbose` and `serve --log-format json` log each request without a
    /// visitor's name or a staff note; the JSON log is one object a line.
    @Test(arguments: [["--verbose"], ["--log-format", "json"]])
    func theServersLogNeverHoldsANameOrANote(arguments: [String]) async throws {
        let cli = try CommandRunner()
        #expect(try await cli.run("init").status == 0)
        let server = ServerProcess(executable: CommandRunner.executable.path, database: cli.database,
            environment: ["ATIENDE_DB": cli.database, "ATIENDE_NOW": cli.now], folder: cli.folder, arguments: arguments)
        try await server.start()
        defer { server.stop() }
        let staff = try RemoteQueue(url: server.url, token: ServerProcess.staffToken)
        let issued = try await staff.issue(service: "A", preferential: false, firstName: "Rosa")
        // A visit link is a secret: whoever reads it can cancel the turn.
        let link = try #require(issued.visitToken)
        _ = try await staff.visit(link)
        _ = try? await staff.issue(service: "A", preferential: false, firstName: "Rosa\u{7}")  // refused: still no name
        _ = try await staff.callNext(desk: "1")
        _ = try await staff.act(.start, desk: "1")
        _ = try await staff.act(.finishAs(VisitOutcome(code: "resolved", note: "vuelve el lunes")), desk: "1")
        // The request line is written after the answer: once the server has exited, the log is whole.
        server.stop()
        let log = ((try? String(contentsOfFile: server.log, encoding: .utf8)) ?? "") + ((try? String(contentsOfFile: server.log + ".err", encoding: .utf8)) ?? "")
        #expect(log.contains("/finish"), "\(log)")
        #expect(!log.contains("Rosa") && !log.contains("vuelve"), "\(log)")
        #expect(!log.contains(link), "the visit link is in the log: \(log)")
        guard arguments.contains("json") else {
            #expect(log.contains("POST /api/tickets 201"), "\(log)")
            return
        }
        let lines = try String(contentsOfFile: server.log + ".err", encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "every line of the JSON log is an object: \(lines)")
        let requests = objects.filter { $0["message"] as? String == "request" }
        #expect(requests.contains { $0["route"] as? String == "/api/tickets" && $0["status"] as? Int == 201 && $0["method"] as? String == "POST" && $0["ms"] is Double })
        #expect(requests.contains { $0["route"] as? String == "/api/desks/{id}/finish" && $0["path"] as? String == "/api/desks/1/finish" })
    }
}
