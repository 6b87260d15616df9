import AtiendeCore
import AtiendeQueue
import AtiendeRemote
import AtiendeServer
import Foundation
import Hummingbird
import HummingbirdTLS
import NIOSSL
import QueueAddress
import Testing
import TestSupport

/// `--server https://…`: the remote queue reaches a server behind TLS, trusting an
/// office's own certificate authority (`--ca-file`), and says what to do when it cannot.
@Suite struct HTTPSTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/tls")
    static let certificate = fixtures.appendingPathComponent("test-server-cert.pem").path
    static let key = fixtures.appendingPathComponent("test-server-key.pem").path

    /// The queue's routes over TLS on a free loopback port (what a TLS proxy in front of
    /// `atiende serve` gives), until `body` is done.
    static func withTLSServer(_ body: (Int, TestDatabase) async throws -> Void) async throws {
        let database = try await TestDatabase()
        defer { database.remove() }
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: QueueServer(queue: database.queue).router(),
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.run() }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        try await body(port, database)
    }

    @Test func theRemoteQueueWorksOverHTTPSWithTheOfficesAuthority() async throws {
        try await Self.withTLSServer { port, database in
            let url = try ServerURL(parsing: "https://127.0.0.1:\(port)")
            let remote = try RemoteQueue(url: url, token: RunningServer.kiosk, caFile: Self.certificate, timeout: .seconds(60))
            let place = try await remote.issue(service: "A", preferential: false, firstName: nil)
            #expect(place.ticket.number.description == "A-001")
            #expect(try await database.queue.snapshot().today.issued == 1)
            let updates = Collected(remote.events())
            defer { updates.stop() }
            #expect(await updates.wait { $0.contains(.connected) }, "the event stream over TLS too")
        }
    }

    @Test func anUntrustedCertificateSaysToPassTheAuthority() async throws {
        try await Self.withTLSServer { port, _ in
            let remote = try RemoteQueue(url: "https://127.0.0.1:\(port)", token: RunningServer.kiosk)
            do {
                _ = try await remote.issue(service: "A", preferential: false, firstName: nil)
                Issue.record("an untrusted certificate was accepted")
            } catch let error as QueueUnavailable {
                #expect(error.message == "the queue server at https://127.0.0.1:\(port) presented a certificate this machine does not trust: pass --ca-file with the office's certificate authority (PEM)")
            }
        }
    }

    @Test func aMissingAuthorityFileIsAClearMistake() throws {
        let address = try QueueAddress.from(db: nil, server: "https://127.0.0.1:9", token: nil, caFile: "/no/such/ca.pem", environment: [:])
        #expect(throws: ServerURLError.self) { try address.open(time: .system) }
        do { _ = try address.open(time: .system) } catch {
            #expect("\(error)".contains("cannot read the certificate authority in /no/such/ca.pem: give a PEM file (--ca-file)"))
        }
        #expect(throws: ServerURLError.self) { try RemoteQueue(url: ServerURL(parsing: "http://127.0.0.1:9"), token: nil, caFile: Self.certificate) }
    }
}
