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

let package = Package(
    name: "gato",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Gato", targets: ["Gato"]),
        .executable(name: "gato", targets: ["GatoCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "Gato",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: nativeSettings
        ),
        .executableTarget(
            name: "GatoCommand",
            dependencies: [
                "Gato",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/gato"
        ),
        // The library example of README.md, verbatim (a test checks that they agree);
        // CI builds and runs it.
        .executableTarget(name: "ReadmeExample", dependencies: ["Gato"], path: "Examples/ReadmeExample"),
        // The tests run the built `gato` binary, so they depend on it.
        .testTarget(name: "GatoTests", dependencies: ["Gato", "GatoCommand"]),
    ]
)
