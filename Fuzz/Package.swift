// swift-tools-version:6.2
// Fuzz targets for libFuzzer, kept out of the main package: they build only with `--sanitize=fuzzer`
// (libFuzzer supplies `main`). Run them with Fuzz/run.sh, or `make fuzz` / `make fuzz-smoke`.
import Foundation
import PackageDescription

// SwiftPM names a package found by path after its folder, and the main package's folder is called
// whatever the clone was called: read it instead of writing it down.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let rootPackage = root.lastPathComponent.lowercased()

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "roomserver-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        // A text frame from a browser's WebSocket.
        .executableTarget(
            name: "FuzzClientFrame",
            dependencies: [.product(name: "RoomServer", package: rootPackage)],
            swiftSettings: swiftSettings
        ),
        // The invite form's body, the name in it, and the name's look-alike key.
        .executableTarget(
            name: "FuzzNames",
            dependencies: [
                .product(name: "RoomServer", package: rootPackage),
                .product(name: "Web", package: rootPackage),
            ],
            swiftSettings: swiftSettings
        ),
        // Any text escaped for a page: nothing of it can become markup, and it reads back exactly.
        .executableTarget(
            name: "FuzzHTMLEscape",
            dependencies: [.product(name: "Web", package: rootPackage)],
            swiftSettings: swiftSettings
        ),
    ]
)
