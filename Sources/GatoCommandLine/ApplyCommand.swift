import Foundation
import ArgumentParser
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// `gato apply CHECKPOINT --config CONFIG.yaml --out FILE.npz`: the hard category
/// of every event of the configuration's processes, and the yields per category.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Assign events to the categories of a trained model.",
        discussion: """
            Writes an .npz with, per process P: 'P' (int32, the category of each event, 0..K-1), \
            'yields_P' and 'sumw2_P' (float64, K values: sum of weights and of squared weights \
            per category). Only the 'processes' section of the configuration is used.
            """
    )

    @Argument(help: "A checkpoint (checkpoints/<K>_bins.json of an output folder).")
    var checkpoint: String

    @Option(help: "A configuration whose 'processes' name the events to assign.")
    var config: String

    @Option(help: "The .npz file to write.")
    var out: String

    @Option(help: "Threads for the event loops (default: every core).")
    var threads: Int?

    func validate() throws {
        guard out.lowercased().hasSuffix(".npz") else { throw ValidationError("--out must name an .npz file") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let model = try Checkpoint.load(from: URL(fileURLWithPath: checkpoint))
        let sources = try AnalysisConfiguration.readProcesses(contentsOf: URL(fileURLWithPath: config))
        let samples = try sources.map { try $0.load() }
        let (k, dimension) = model.shape
        var arrays: [(String, NumpyArray)] = []
        var rows: [(String, [Double])] = []
        for sample in samples {
            guard sample.dimension == dimension else {
                throw CategorizerError(
                    "process '\(sample.name)' has \(sample.dimension) features but the model expects \(dimension)")
            }
            let categories = model.hardAssignments(sample, threads: threads)
            var yields = [Double](repeating: 0, count: k)
            var sumW2 = [Double](repeating: 0, count: k)
            for (i, category) in categories.enumerated() {
                yields[Int(category)] += sample.weights[i]
                sumW2[Int(category)] += sample.weights[i] * sample.weights[i]
            }
            arrays.append((sample.name, NumpyArray(int32: categories)))
            arrays.append(("yields_\(sample.name)", NumpyArray(float64: yields)))
            arrays.append(("sumw2_\(sample.name)", NumpyArray(float64: sumW2)))
            rows.append((sample.name, yields))
        }
        let destination = URL(fileURLWithPath: out)
        try NumpyArchive.write(arrays, to: destination)  // atomic: a temporary file, then a rename
        let width = max(8, rows.map(\.0.count).max() ?? 0)
        print("process".padding(toLength: width, withPad: " ", startingAt: 0) + "  yield per category (sum of weights)")
        for (name, yields) in rows {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + yields.map { String(format: "%10.3f", $0) }.joined(separator: " "))
        }
        print("wrote \(destination.path)")
    }
}

extension Checkpoint.Model {
    /// (K, D).
    var shape: (categories: Int, dimension: Int) {
        switch self {
        case .gaussianMixture(let model): return (model.categoryCount, model.dimension)
        case .sigmoidCuts(let model): return (model.categoryCount, model.dimension)
        }
    }

    func hardAssignments(_ sample: ProcessSample, threads: Int?) -> [Int32] {
        switch self {
        case .gaussianMixture(let model): return model.hardAssignments(sample, threads: threads)
        case .sigmoidCuts(let model): return model.hardAssignments(sample, threads: threads)
        }
    }
}
