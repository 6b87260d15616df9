// swift-tools-version: 6.1
import PackageDescription

// Module map (imports run downwards only):
//   atiende (command line) ──▶ AtiendeStore ──▶ AtiendeQueue ──▶ AtiendeCore
//   kiosk/, display/ (later) ──▶ AtiendeQueue ──▶ AtiendeCore
// AtiendeCore is the pure domain: Foundation only, no I/O, no clock reads.
let package = Package(
    name: "Atiende",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "atiende", targets: ["atiende"]),
        .executable(name: "atiende-bench", targets: ["atiende-bench"]),
        .executable(name: "atiende-display", targets: ["atiende-display"]),
        .executable(name: "atiende-kiosk", targets: ["atiende-kiosk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .target(name: "AtiendeCore"),
        .systemLibrary(
            name: "CSDL2", pkgConfig: "sdl2",
            providers: [.apt(["libsdl2-dev", "libsdl2-ttf-dev"])]
        ),
        .target(name: "ScreenLayout"),
        .target(name: "ScreenKit", dependencies: ["CSDL2", "ScreenLayout"]),
        // The wall display: a model in plain Swift (tested without SDL) and the app.
        .target(name: "DisplayModel", dependencies: ["AtiendeCore", "ScreenLayout"], path: "display/Model"),
        .executableTarget(
            name: "atiende-display",
            dependencies: [
                "DisplayModel", "ScreenKit", "AtiendeCore", "AtiendeQueue", "AtiendeStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "display/App"
        ),
        .target(name: "AtiendeQueue", dependencies: ["AtiendeCore"]),
        .target(
            name: "AtiendeStore",
            dependencies: ["AtiendeCore", "AtiendeQueue", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "atiende",
            dependencies: [
                "AtiendeCore", "AtiendeQueue", "AtiendeStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "atiende-bench",
            dependencies: ["AtiendeCore", "AtiendeStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The entrance kiosk: model, layout and ticket printing in plain Swift, and the app.
        .target(name: "KioskModel", dependencies: ["AtiendeCore", "AtiendeQueue", "ScreenLayout"], path: "kiosk/Model"),
        .executableTarget(
            name: "atiende-kiosk",
            dependencies: [
                "KioskModel", "ScreenKit", "AtiendeCore", "AtiendeQueue", "AtiendeStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "kiosk/App"
        ),
        .testTarget(name: "AtiendeCoreTests", dependencies: ["AtiendeCore"]),
        .testTarget(
            name: "KioskTests",
            dependencies: ["KioskModel", "ScreenKit", "ScreenLayout", "AtiendeCore", "AtiendeQueue", "atiende-kiosk", "TestSupport"]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "DisplayTests",
            dependencies: ["DisplayModel", "ScreenKit", "ScreenLayout", "AtiendeCore", "atiende-display", "TestSupport"]
        ),
        .testTarget(
            name: "AtiendeStoreTests",
            dependencies: ["AtiendeCore", "AtiendeQueue", "AtiendeStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "AtiendeCommandTests",
            dependencies: ["AtiendeCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
