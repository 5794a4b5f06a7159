import Benchmark
import Foundation
import Gato

// The exact 1-D optimum (ExactBinning): quantile pre-binning of every event, the
// table of bin significances and the dynamic programme, for one discriminant.
//
// The events are gato-hep's three-class toy (1 : 1 : 10 for signal1, signal2 and
// the backgrounds), 400 000 in all; the discriminant is the signal1 score
// (feature 0), signal1 is optimised and signal2 counts as background. Constraints:
// the defaults (background >= 10, relative MC uncertainty <= 20%).
//
//   swift package --package-path Benchmarks benchmark --target ExactBinningBenchmarks

/// The events of the running benchmark (set in setup, cleared in teardown).
nonisolated(unsafe) var events: Dataset?

/// The three-class toy with `total` events in gato-hep's proportions.
func threeClass(total: Int) throws -> Dataset {
    let signal = total / 12
    return try ToyData.threeClass(
        .init(signal1Events: signal, signal2Events: signal, backgroundEvents: total - 2 * signal, seed: 42))
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(10),
        maxIterations: 20)
    for (bins, threads, label) in [(20, nil as Int?, ""), (20, 1, " 1 thread"), (5, nil, "")] {
        Benchmark("ExactBinning N=400k pre-bins=1000 K=\(bins)\(label)", configuration: configuration) { benchmark in
            let data = events!
            for _ in benchmark.scaledIterations {
                blackHole(
                    try ExactBinning.optimize(
                        data, signal: "signal1", bins: bins, preBins: 1000, threads: threads))
            }
        } setup: {
            events = try threeClass(total: 400_000)
        } teardown: {
            events = nil
        }
    }
}
