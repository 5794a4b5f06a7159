// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GatoBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "gato", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EpochBenchmarks",
            dependencies: [
                .product(name: "Gato", package: "gato"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EpochBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ExactBinningBenchmarks",
            dependencies: [
                .product(name: "Gato", package: "gato"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ExactBinningBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
