import AtiendeCore
import AtiendeQueue
import CLibCrypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Passwords as bcrypt hashes (salted, slow on purpose), worked out on NIO's thread pool
/// so a sign-in never holds up the server's other requests.
public enum Passwords {
    /// 2¹¹ rounds: about a tenth of a second here, which a person signing in does not
    /// notice and a guesser pays for every guess.
    public static let cost: UInt8 = 11

    public static func hash(_ password: String, cost: UInt8 = cost) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Checked against when the user name is unknown, so that answer takes as long as a
    /// wrong password and does not tell a guesser which user names exist.
    static let decoy = Bcrypt.hash("not anyone's password", cost: cost)
}

/// A session's token: 256 random bits the browser keeps; the store keeps only its digest.
public enum SessionToken {
    static let prefix = "atd_"

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256, in lowercase hex: what the store keeps of a token.
    public static func digest(_ token: Substring) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(token.utf8)
        _ = bytes.withUnsafeBufferPointer { SHA256($0.baseAddress, $0.count, &digest) }
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// Failed sign-ins of the last minute, by user name and by address: after five of
/// either, more attempts are refused (429) until the oldest failure is a minute old. Kept
/// in memory: a restart forgets them, and a guesser still pays bcrypt for every guess.
actor SignInThrottle {
    static let limit = 5
    static let window: TimeInterval = 60
    private var failures: [String: [Date]] = [:]
    /// Where the failures are kept when the store keeps them (several servers count together).
    private let ledger: (any SignInLedger)?

    init(ledger: (any SignInLedger)? = nil) { self.ledger = ledger }

    /// Throws 429, with the seconds to wait, while `user` or `address` is over the limit.
    func check(user: String, address: String?, now: Date) async throws {
        let keys = keys(user: user, address: address)
        let recent: [[Date]]
        if let ledger {
            let found = try await ledger.failedSignIns(keys, since: now.addingTimeInterval(-Self.window))
            recent = keys.map { found[$0] ?? [] }
        } else {
            recent = keys.map { prune($0, now: now) }
        }
        let wait = recent.compactMap { recent -> TimeInterval? in
            guard recent.count >= Self.limit, let oldest = recent.first else { return nil }
            return oldest.addingTimeInterval(Self.window).timeIntervalSince(now)
        }.max()
        if let wait {
            let seconds = max(1, Int(wait.rounded(.up)))
            var error = APIError(
                .tooManyRequests, "too many failed sign-ins: wait \(seconds) s and try again, or ask an admin to reset the password",
                reason: "tooManyAttempts")
            error.retryAfter = seconds
            throw error
        }
    }

    func fail(user: String, address: String?, now: Date) async throws {
        if let ledger { return try await ledger.recordFailedSignIn(keys(user: user, address: address), at: now) }
        // Made-up user names must not fill the memory: past a bound, the old go first.
        if failures.count > 10_000 { failures = failures.filter { now.timeIntervalSince($0.value.last ?? .distantPast) < Self.window } }
        for key in keys(user: user, address: address) { failures[key, default: []].append(now) }
    }

    /// A user who got in starts afresh; their address's failures stay counted.
    func succeed(user: String) async throws {
        let key = keys(user: user, address: nil)[0]
        if let ledger { return try await ledger.forgetFailedSignIns(key) }
        failures[key] = nil
    }

    private func keys(user: String, address: String?) -> [String] {
        ["user:\(user.lowercased())"] + (address.map { ["address:\($0)"] } ?? [])
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
