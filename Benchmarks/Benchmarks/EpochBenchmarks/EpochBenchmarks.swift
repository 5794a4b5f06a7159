import Benchmark
import Foundation
import Gato
import _Differentiation

// One training epoch: the soft yields, the objective and its full gradient (one
// forward and one backward pass over every event), as the trainer runs it.
//
// Every benchmark makes its events in its setup and drops them in its teardown, so
// the peak resident memory reported for a benchmark is that of its own events and
// the work on them. On Linux it is the kernel's high-water mark of the process's
// resident memory (VmHWM), reset before the setup: package-benchmark's own memory
// metrics sample from a thread on Dispatch's global queue, which is where the event
// loops' threads come from too, and that sampler would delay one of them on a
// two-core machine.
//
//   swift package --package-path Benchmarks benchmark
//   swift package --package-path Benchmarks benchmark --filter "GMM D=2 N=1.2M.*"

/// The events of the running benchmark (set in setup, cleared in teardown; the
/// benchmarks run one after the other).
nonisolated(unsafe) var events: Dataset?

/// The three-class toy with `total` events in gato-hep's proportions (1 : 1 : 10
/// for signal1, signal2 and the backgrounds), its first `dimensions` scores.
func threeClass(total: Int, dimensions: Int) throws -> Dataset {
    let signal = total / 12
    let full = try ToyData.threeClass(
        .init(signal1Events: signal, signal2Events: signal, backgroundEvents: total - 2 * signal, seed: 42))
    return dimensions == 3 ? full : try full.selectingDimensions(Array(0..<dimensions))
}

/// `total` points in a D-simplex (the first D of D+1 softmax-like scores), seven
/// processes with different preferred corners, weights as the three-class toy's:
/// the three-class toy has only three scores.
func simplexEvents(total: Int, dimension d: Int) throws -> Dataset {
    let names = ["signal1", "signal2", "bkg1", "bkg2", "bkg3", "bkg4", "bkg5"]
    let counts = [total / 12, total / 12] + ToyData.backgroundCounts(total: total - 2 * (total / 12), crossSections: ToyData.defaultBackgroundCrossSections)
    let crossSections = [0.5, 0.1] + ToyData.defaultBackgroundCrossSections
    return try Dataset(
        names.indices.map { p in
            var generator = Xoshiro256StarStar(seed: 7, stream: p)
            let count = counts[p]
            return try ProcessSample(
                name: names[p], role: p < 2 ? .signal : .background, count: count, dimension: d,
                fillFeatures: { features in
                    var raw = [Double](repeating: 0, count: d + 1)
                    for i in 0..<count {
                        var sum = 0.0
                        for j in 0...d {
                            // Exponential draws, heavier on the process's corner: a Dirichlet-like point.
                            raw[j] = -log(1 - generator.nextUniform()) * (j == p % (d + 1) ? 3 : 1)
                            sum += raw[j]
                        }
                        for j in 0..<d { features[i * d + j] = Float(raw[j] / sum) }
                    }
                },
                fillWeights: { weights in
                    for i in 0..<count { weights[i] = crossSections[p] * 100 / Double(count) }
                })
        })
}

func gaussianMixture(categories: Int, dimension: Int, precision: KernelPrecision) throws -> GaussianMixtureCategorizer {
    var generator = Xoshiro256StarStar(seed: 42, stream: categories)
    var model = try GaussianMixtureCategorizer(categories: categories, dimension: dimension, generator: &generator)
    model.temperature = 0.3
    model.precision = precision
    return model
}

/// The peak resident memory of the process since the last ``resetPeakMemory()``,
/// in MB (Linux: VmHWM of /proc/self/status; elsewhere the peak since start,
/// getrusage's ru_maxrss).
func peakMemoryMegabytes() -> Int {
    #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "")
    {
        return kilobytes / 1024
    }
    #endif
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) / 1024  // kilobytes
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss) / (1024 * 1024)  // bytes
    #endif
}

/// Resets the kernel's peak-RSS counter of this process (Linux 4.0 and later).
func resetPeakMemory() {
    #if os(Linux)
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    #endif
}

let peakMemory = BenchmarkMetric.custom("Peak resident memory (MB)", polarity: .prefersSmaller, useScalingFactor: false)

/// Runs epochs of `model` on the current events for the measured iterations, then
/// records the peak resident memory.
func epochs<Model: Categorizer>(_ benchmark: Benchmark, _ model: Model, _ objective: SignificanceObjective, threads: Int?) {
    let data = events!
    for _ in benchmark.scaledIterations {
        let (value, pullback) = valueWithPullback(at: model) { m in objective.evaluate(m, on: data, threads: threads) }
        blackHole(value.loss)
        blackHole(pullback(.init(loss: 1)))
    }
    benchmark.measurement(peakMemory, peakMemoryMegabytes())
}

func configuration(maxIterations: Int = 40) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .cpuTotal, peakMemory], warmupIterations: 2, maxDuration: .seconds(10),
        maxIterations: maxIterations)
}

let benchmarks: @Sendable () -> Void = {
    let twoSignals = try! SignificanceObjective(signals: ["signal1", "signal2"], combination: .geometricMean)
    let oneSignal = try! SignificanceObjective(signals: ["signal"])

    // GMM, D = 2, the three-class toy's first two scores: the scaling with N and K.
    for (total, label) in [(120_000, "120k"), (1_200_000, "1.2M"), (12_000_000, "12M")] {
        for k in [3, 5, 10, 20] {
            Benchmark(
                "GMM D=2 N=\(label) K=\(k)", configuration: configuration(maxIterations: total > 2_000_000 ? 10 : 40)
            ) { benchmark in
                epochs(benchmark, try gaussianMixture(categories: k, dimension: 2, precision: .single), twoSignals, threads: nil)
            } setup: {
        resetPeakMemory()
                events = try threeClass(total: total, dimensions: 2)
            } teardown: {
                events = nil
            }
        }
    }
    // The exact (double-precision) kernel, and one thread, for comparison.
    for k in [3, 10] {
        Benchmark("GMM D=2 N=1.2M K=\(k) double", configuration: configuration()) { benchmark in
            epochs(benchmark, try gaussianMixture(categories: k, dimension: 2, precision: .double), twoSignals, threads: nil)
        } setup: {
        resetPeakMemory()
            events = try threeClass(total: 1_200_000, dimensions: 2)
        } teardown: {
            events = nil
        }
        Benchmark("GMM D=2 N=1.2M K=\(k) 1 thread", configuration: configuration()) { benchmark in
            epochs(benchmark, try gaussianMixture(categories: k, dimension: 2, precision: .single), twoSignals, threads: 1)
        } setup: {
        resetPeakMemory()
            events = try threeClass(total: 1_200_000, dimensions: 2)
        } teardown: {
            events = nil
        }
    }
    // Thread scaling, interleaved: each iteration runs one epoch on 1 thread and one
    // on 2, and records 100 x (time on 1) / (time on 2); pairing cancels the slow
    // drifts of a shared machine's speed that separate benchmarks would see. The two
    // epoch times are recorded too: the ratio of their minima (column p0, the epochs
    // least disturbed by other guests of the machine) is the second estimate.
    for k in [3, 10] {
        let speedup = BenchmarkMetric.custom("Speed-up of 2 threads over 1 (x100)", polarity: .prefersLarger, useScalingFactor: false)
        let oneThread = BenchmarkMetric.custom("Epoch on 1 thread (us)", polarity: .prefersSmaller, useScalingFactor: false)
        let twoThreads = BenchmarkMetric.custom("Epoch on 2 threads (us)", polarity: .prefersSmaller, useScalingFactor: false)
        Benchmark(
            "GMM D=2 N=1.2M K=\(k) thread scaling",
            configuration: .init(
                metrics: [.wallClock, speedup, oneThread, twoThreads], warmupIterations: 2,
                maxDuration: .seconds(30), maxIterations: 60)
        ) { benchmark in
            let model = try gaussianMixture(categories: k, dimension: 2, precision: .single)
            let data = events!
            func epoch(_ threads: Int) -> Double {
                let start = DispatchTime.now().uptimeNanoseconds
                let (value, pullback) = valueWithPullback(at: model) { m in twoSignals.evaluate(m, on: data, threads: threads) }
                blackHole(value.loss)
                blackHole(pullback(.init(loss: 1)))
                return Double(DispatchTime.now().uptimeNanoseconds - start)
            }
            for _ in benchmark.scaledIterations {
                let one = epoch(1)
                let two = epoch(2)
                benchmark.measurement(speedup, Int((100 * one / two).rounded()))
                benchmark.measurement(oneThread, Int((one / 1000).rounded()))
                benchmark.measurement(twoThreads, Int((two / 1000).rounded()))
            }
        } setup: {
            events = try threeClass(total: 1_200_000, dimensions: 2)
        } teardown: {
            events = nil
        }
    }
    // Higher dimensions at 1.2M, K = 10.
    Benchmark("GMM D=3 N=1.2M K=10", configuration: configuration()) { benchmark in
        epochs(benchmark, try gaussianMixture(categories: 10, dimension: 3, precision: .single), twoSignals, threads: nil)
    } setup: {
        resetPeakMemory()
        events = try threeClass(total: 1_200_000, dimensions: 3)
    } teardown: {
        events = nil
    }
    Benchmark("GMM D=5 N=1.2M K=10", configuration: configuration()) { benchmark in
        epochs(benchmark, try gaussianMixture(categories: 10, dimension: 5, precision: .single), twoSignals, threads: nil)
    } setup: {
        resetPeakMemory()
        events = try simplexEvents(total: 1_200_000, dimension: 5)
    } teardown: {
        events = nil
    }
    // The cut model: the 1-D toy (100k signal, 300k background), and two variables.
    for bins in [3, 5, 10] {
        Benchmark("cuts 1-D N=400k bins=\(bins)", configuration: configuration()) { benchmark in
            var generator = Xoshiro256StarStar(seed: 42, stream: bins)
            var model = try SigmoidCutCategorizer(
                variables: [CutVariable(name: "x", bins: bins)], generator: &generator)
            model.setSteepness(200)
            epochs(benchmark, model, oneSignal, threads: nil)
        } setup: {
        resetPeakMemory()
            events = try ToyData.oneDimensional(.init(signalEvents: 100_000, backgroundEvents: 300_000))
        } teardown: {
            events = nil
        }
    }
    Benchmark("cuts 2 variables 5x5 N=1.2M", configuration: configuration()) { benchmark in
        var generator = Xoshiro256StarStar(seed: 42, stream: 25)
        var model = try SigmoidCutCategorizer(
            variables: [CutVariable(name: "score1", bins: 5), CutVariable(name: "score2", bins: 5)], generator: &generator)
        model.setSteepness(200)
        epochs(benchmark, model, twoSignals, threads: nil)
    } setup: {
        resetPeakMemory()
        events = try threeClass(total: 1_200_000, dimensions: 2)
    } teardown: {
        events = nil
    }
}
