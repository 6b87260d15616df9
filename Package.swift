// swift-tools-version: 6.1
import PackageDescription

// Module map (imports run downwards only):
//   atiende (command line) ──▶ AtiendeServer ──▶ AtiendeStore ──▶ AtiendeQueue ──▶ AtiendeCore
//   atiende ──▶ KioskApp (kiosk/App), DisplayApp (display/App): one program, three names
//   kiosk/, display/, atiende ──▶ QueueAddress ──▶ AtiendeStore | AtiendeRemote ──▶ AtiendeQueue
//   AtiendeServer, AtiendeRemote, atiende ──▶ AtiendeJSON (the one JSON contract)
//   AtiendeServer, atiende ──▶ AtiendeMail ──▶ CCurl (libcurl's SMTP)
// AtiendeCore is the pure domain: Foundation only, no I/O, no clock reads.
let package = Package(
    name: "Atiende",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "atiende", targets: ["atiende"]),
        .executable(name: "atiende-bench", targets: ["atiende-bench"]),
        .executable(name: "atiende-display", targets: ["atiende-display"]),
        .executable(name: "atiende-kiosk", targets: ["atiende-kiosk"]),
        .executable(name: "atiende-server-bench", targets: ["atiende-server-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // Only the HTTP/1 server: no TLS, no swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", exact: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", exact: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", exact: "1.5.0"),
        // `GET /metrics`: counters, gauges and histograms through swift-metrics, written in
        // Prometheus' text format by swift-prometheus.
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        // Staff sign-in: passwords as bcrypt hashes (HummingbirdBcrypt); session tokens are
        // kept as SHA-256 digests from the system's OpenSSL (CLibCrypto), not swift-crypto,
        // whose second copy of BoringSSL would add a minute and a half to every clean build.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // An institution's offices on PostgreSQL (docs/postgres.md).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        .target(name: "AtiendeCore"),
        .systemLibrary(
            name: "CSDL2", pkgConfig: "sdl2",
            providers: [.apt(["libsdl2-dev", "libsdl2-ttf-dev"])]
        ),
        .target(name: "ScreenLayout"),
        // QR codes (libqrencode) for the visit link on the kiosk's screen and its printed ticket.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // SHA-256 from the system's OpenSSL libcrypto, for session tokens' digests.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "QRCode", dependencies: ["CQRencode"]),
        // Mail through the office's SMTP server with libcurl (requests' confirmations, lost calls' notices).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "AtiendeMail", dependencies: ["AtiendeCore", "CCurl"]),
        .target(name: "ScreenKit", dependencies: ["CSDL2", "ScreenLayout"]),
        // The wall display: a model in plain Swift (tested without SDL) and the app.
        .target(name: "DisplayModel", dependencies: ["AtiendeCore", "ScreenLayout"], path: "display/Model"),
        .target(
            name: "DisplayApp",
            dependencies: [
                "DisplayModel", "ScreenKit", "AtiendeCore", "AtiendeQueue", "AtiendeRemote", "QueueAddress", "ProgramOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "display/App"
        ),
        .executableTarget(name: "atiende-display", dependencies: ["DisplayApp"], path: "display/Main"),
        .target(name: "AtiendeQueue", dependencies: ["AtiendeCore"]),
        .target(
            name: "AtiendeStore",
            dependencies: ["AtiendeCore", "AtiendeQueue", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The queue of an institution's offices on PostgreSQL: the address, the schema.
        .target(
            name: "AtiendePostgres",
            dependencies: [
                "AtiendeCore", "AtiendeQueue",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP API's one source (openapi.json): its types, server protocol and client are
        // generated from it by swift-openapi-generator 1.14.3 into Generated/ (committed;
        // scripts/generate-api.sh makes them, and the test command checks they are fresh);
        // the shapes of `--json` are the same types.
        .target(
            name: "AtiendeJSON",
            dependencies: [
                "AtiendeCore", "AtiendeQueue",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["openapi-generator-config.yaml", "Generated/SOURCES.sha256"],
            resources: [.embedInCode("openapi.json")]
        ),
        // The queue behind HTTP (Hummingbird), with its event stream and the desk console.
        .target(
            name: "AtiendeServer",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendeJSON", "AtiendeMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), "CLibCrypto",
            ],
            resources: [
                .embedInCode("Console/desk.html"), .embedInCode("Console/desk.css"), .embedInCode("Console/desk.js"),
                .embedInCode("Console/visit.html"), .embedInCode("Console/visit.css"), .embedInCode("Console/visit.js"),
                .embedInCode("Console/tablet.html"), .embedInCode("Console/staff.js"),
                .embedInCode("Console/supervisor.html"), .embedInCode("Console/supervisor.js"),
                .embedInCode("Console/admin.html"), .embedInCode("Console/admin.js"),
                .embedInCode("Console/institution.html"), .embedInCode("Console/institution.js"),
                .embedInCode("Console/requests.html"), .embedInCode("Console/requests.js"),
            ]
        ),
        // The queue interface over HTTP(S) and Server-Sent Events: the second implementation.
        .target(
            name: "AtiendeRemote",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Where the queue is (a file or a server) and how to open it, for every program.
        .target(name: "QueueAddress", dependencies: ["AtiendeQueue", "AtiendeStore", "AtiendeRemote"]),
        // The options and the way of ending every program shares: --db/--server/--token/--lang, exit codes.
        .target(
            name: "ProgramOptions",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendeRemote", "QueueAddress", "ScreenLayout",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // One program under three names (the package's atiende-kiosk and atiende-display are
        // links to it): the Swift runtime and the shared modules once, not three times.
        .executableTarget(
            name: "atiende",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendeJSON", "AtiendeServer", "AtiendeRemote", "QueueAddress",
                "AtiendePostgres", "AtiendeMail", "ProgramOptions", "KioskApp", "KioskModel", "DisplayApp", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Load, fuzzing and faults against a real `atiende serve` on loopback.
        .executableTarget(
            name: "atiende-server-bench",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendeRemote", "AtiendePostgres", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "atiende-bench",
            dependencies: ["AtiendeCore", "AtiendeQueue", "AtiendeStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The entrance kiosk: model, layout and ticket printing in plain Swift, and the app.
        .target(name: "KioskModel", dependencies: ["AtiendeCore", "AtiendeQueue", "ScreenLayout", "QRCode"], path: "kiosk/Model"),
        .target(
            name: "KioskApp",
            dependencies: [
                "KioskModel", "ScreenKit", "AtiendeCore", "AtiendeQueue", "AtiendeRemote", "QueueAddress", "ProgramOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "kiosk/App"
        ),
        .executableTarget(name: "atiende-kiosk", dependencies: ["KioskApp"], path: "kiosk/Main"),
        .testTarget(name: "AtiendeCoreTests", dependencies: ["AtiendeCore"]),
        .testTarget(
            name: "KioskTests",
            dependencies: ["KioskModel", "ScreenKit", "ScreenLayout", "AtiendeCore", "AtiendeQueue", "AtiendeStore", "QRCode", "KioskApp", "TestSupport"]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "DisplayTests",
            dependencies: ["DisplayModel", "ScreenKit", "ScreenLayout", "AtiendeCore", "DisplayApp", "TestSupport"]
        ),
        // The queue's behaviour, one suite over every store (in memory, on a file, through
        // the server in process over each).
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendePostgres", "AtiendeServer", "AtiendeRemote", "TestSupport"]
        ),
        .testTarget(
            name: "AtiendeStoreTests",
            dependencies: ["AtiendeCore", "AtiendeQueue", "AtiendeStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendeJSON", "AtiendeServer", "AtiendeRemote", "QueueAddress", "TestSupport",
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOCore", package: "swift-nio"),
                // Routes tested in process, without a socket (`app.test(.router)`).
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Hummingbird", package: "hummingbird"),
                // A TLS endpoint for the HTTPS client tests.
                .product(name: "HummingbirdTLS", package: "hummingbird"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // The event stream's bytes against swift-openapi-runtime's encoder.
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                // A second connection holding the write lock, for /healthz.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Against a real PostgreSQL 15 the test command starts (scripts/postgres.sh).
        .testTarget(
            name: "PostgresTests",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendePostgres", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AtiendeCommandTests",
            dependencies: ["AtiendeCore", "AtiendeQueue", "AtiendeStore", "AtiendeRemote", "AtiendePostgres", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
