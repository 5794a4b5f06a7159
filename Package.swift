// swift-tools-version: 6.1
import PackageDescription

/// Release builds are compiled for the building machine's CPU (`-target-cpu native`:
/// AVX2 and FMA on current x86, NEON on ARM), which makes the event kernels twice as
/// fast, unless
/// - `GATO_PORTABLE=1` is set, for binaries that must run on other machines (e.g.
///   built on a login node, run on batch nodes of another CPU generation), or
/// - this package is a dependency checked out by SwiftPM: it refuses unsafe flags in
///   dependencies, whatever their conditions.
let checkedOut = ["/.build/checkouts/", "/SourcePackages/checkouts/"].contains {
    Context.packageDirectory.contains($0)
}
let nativeCPU = !checkedOut && Context.environment["GATO_PORTABLE"] == nil
let nativeSettings: [SwiftSetting] = nativeCPU
    ? [
        .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
        // The kernels' fused multiply-adds are native instructions (without the flag
        // they would be library calls, so the kernels use separate operations).
        .define("GATO_FMA", .when(configuration: .release)),
    ]
    : []

/// Debug builds (what `swift test` runs) optimise the modules with the event loops,
/// the image encoders and the runner: unoptimised, their SIMD code is 10-50 times
/// slower and the test suite would take minutes. `-enable-testing`, which
/// `@testable import` needs, is kept. Root package only, as above.
let optimisedDebugSettings: [SwiftSetting] = checkedOut ? [] : [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "gato",
    platforms: [.macOS(.v13)],
    products: [
        // The core: events in memory, categorizers, yields and their derivatives,
        // statistics and training. No file formats, nothing drawn.
        .library(name: "Gato", targets: ["Gato"]),
        // Event files (npy, npz, CSV), checkpoints and the JSON files gato writes.
        .library(name: "GatoIO", targets: ["GatoIO"]),
        // Plots (SVG, PNG, GIF) and the HTML report of an output folder.
        .library(name: "GatoReports", targets: ["GatoReports"]),
        // The analysis recipe, its configuration file, gato-hep's examples and the runner.
        .library(name: "GatoWorkflows", targets: ["GatoWorkflows"]),
        .executable(name: "gato", targets: ["GatoExecutable"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    // Dependencies point one way: Gato <- GatoIO <- GatoReports <- GatoWorkflows
    // <- GatoCommandLine <- GatoExecutable (docs/architecture.md).
    targets: [
        .target(name: "Gato", swiftSettings: nativeSettings + optimisedDebugSettings),
        .target(
            name: "GatoIO",
            dependencies: [
                "Gato",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "GatoReports", dependencies: ["Gato", "GatoIO"], swiftSettings: optimisedDebugSettings),
        .target(
            name: "GatoWorkflows", dependencies: ["Gato", "GatoIO", "GatoReports"],
            swiftSettings: nativeSettings + optimisedDebugSettings),
        // The commands, as a library so that the tests run them in-process.
        .target(
            name: "GatoCommandLine",
            dependencies: [
                "Gato", "GatoIO", "GatoReports", "GatoWorkflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "GatoExecutable", dependencies: ["GatoCommandLine"]),
        // The library example of README.md, verbatim (a test checks that they agree);
        // CI builds and runs it.
        .executableTarget(name: "ReadmeExample", dependencies: ["Gato", "GatoIO"], path: "Examples/ReadmeExample"),
        // One test target, its folders mirroring the modules (Tests/GatoTests/<Module>/).
        // The end-to-end tests run the built binary, so they depend on it.
        .testTarget(
            name: "GatoTests",
            dependencies: ["Gato", "GatoIO", "GatoReports", "GatoWorkflows", "GatoCommandLine", "GatoExecutable"]
        ),
    ]
)
