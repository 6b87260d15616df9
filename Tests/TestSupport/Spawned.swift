import Foundation

/// Test support shared by the end-to-end suites.

/// A child process started with posix_spawn: default signal handling, nothing blocked.
public final class Spawned: @unchecked Sendable {
    public let pid: pid_t
    private var status: Int32?

    /// - Parameters:
    ///   - stdin: a file the child reads as its standard input.
    ///   - directory: where the child starts (its working directory).
    ///   - stdoutDescriptor: a descriptor (a pipe's writing end) the child writes its output to.
    public init(
        _ path: String, _ arguments: [String], environment: [String: String], quiet: Bool = false, stdout: String? = nil, stderr: String? = nil,
        stdin: String? = nil, directory: String? = nil, stdoutDescriptor: Int32? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin { posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0) }
        if let directory {
            guard let chdir = Self.changeDirectory else { throw POSIXError(.ENOSYS) }
            _ = chdir(&actions, directory)
        }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        if let stdout { posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        if let stderr { posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        if let stdoutDescriptor { posix_spawn_file_actions_adddup2(&actions, stdoutDescriptor, 1) }
        // The child gets stdin, stdout and stderr only: a socket or file a test in this process
        // holds open would otherwise live on in the child after the test closed it.
        _ = Self.closeFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        self.pid = pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run
    /// time: Swift's Glibc module does not export it.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29 and later), looked up likewise.
    private static let changeDirectory: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    }()

    public var isRunning: Bool {
        guard status == nil else { return false }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid { status = raw; return false }
        return true
    }

    /// Waits for the exit and returns the exit code.
    public func wait() -> Int32 {
        if status == nil {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            status = raw
        }
        let raw = status ?? 0
        return (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
    }

    /// Waits for the exit without holding a thread of the shared pool (tests run side by
    /// side on few threads; a blocked one starves every other test's async work).
    public func exited() async -> Int32 {
        while isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        return wait()
    }

    /// SIGTERM, then SIGKILL if it is still there after two seconds.
    public func terminate() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<20 where isRunning { usleep(100_000) }
        if isRunning { kill(pid, SIGKILL) }
        _ = wait()
    }
}

extension Process {
    /// Waits for the exit without holding a thread of the shared pool.
    public func exited() async {
        while isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }
}
