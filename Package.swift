// swift-tools-version: 6.1
import PackageDescription

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
            swiftSettings: [
                // Release builds are compiled for the building machine's CPU (AVX2 and
                // FMA on current x86, NEON on ARM): the event kernels run twice as fast
                // with 256-bit vectors and fused multiply-adds. GATO_FMA tells the kernels
                // that fused multiply-adds are native (without it they would be library
                // calls). A binary built this way runs on machines with the same CPU
                // features as the one that built it.
                .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
                .define("GATO_FMA", .when(configuration: .release)),
            ]
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
