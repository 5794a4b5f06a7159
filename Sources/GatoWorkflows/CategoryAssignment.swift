import Foundation
import Gato
import GatoIO

/// The hard category of every event of some processes under a trained model, and
/// the yields per category: what `gato apply` computes and writes.
public struct CategoryAssignment: Sendable {
    /// One process's events.
    public struct Process: Sendable, Equatable {
        public var name: String
        /// The category (0..<K) of each event, in the order of the input.
        public var categories: [Int32]
        /// Per category: the sum of the weights (the yield) and of the squared weights.
        public var yields: [Double]
        public var sumW2: [Double]
    }

    /// The number of categories K.
    public let categoryCount: Int
    public let processes: [Process]

    /// Assigns every event of `samples` to a category of `model`.
    /// - Throws: ``CategorizerError`` when a process has another number of features
    ///   than the model reads.
    public init(model: Checkpoint.Model, samples: [ProcessSample], threads: Int? = nil) throws {
        let (k, dimension) = model.shape
        categoryCount = k
        processes = try samples.map { sample in
            guard sample.dimension == dimension else {
                throw CategorizerError(
                    "process '\(sample.name)' has \(sample.dimension) features but the model expects \(dimension)")
            }
            let categories = model.hardAssignments(sample, threads: threads)
            let (yields, sumW2) = HardYields.sums(assignments: [categories], samples: [sample], categories: k)
            return Process(name: sample.name, categories: categories, yields: yields, sumW2: sumW2)
        }
    }

    /// The arrays of the `.npz` file `gato apply` writes, per process P: `P` (int32,
    /// the category of each event), `yields_P` and `sumw2_P` (float64, K values).
    public var arrays: [(String, NumpyArray)] {
        processes.flatMap { process in
            [
                (process.name, NumpyArray(int32: process.categories)),
                ("yields_\(process.name)", NumpyArray(float64: process.yields)),
                ("sumw2_\(process.name)", NumpyArray(float64: process.sumW2)),
            ]
        }
    }

    /// The yields per process and category as a text table.
    public var table: String {
        let width = max(8, processes.map(\.name.count).max() ?? 0)
        func pad(_ name: String) -> String { name.padding(toLength: width, withPad: " ", startingAt: 0) }
        return ([pad("process") + "  yield per category (sum of weights)"]
            + processes.map { pad($0.name) + "  " + $0.yields.map { String(format: "%10.3f", $0) }.joined(separator: " ") })
            .joined(separator: "\n")
    }
}
