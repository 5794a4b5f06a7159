import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoWorkflows

/// Results do not depend on the units of the weights: the same events with every
/// weight multiplied by lambda train to the same categories, and every reported
/// significance is multiplied by sqrt(lambda) (Z_A^2 = 2((s + b) ln(1 + s/b) - s) is
/// homogeneous of degree 1). Before the background floor became relative to the
/// signal and the loss was divided by its initial magnitude for the optimizer, an
/// absolute floor of 1e-9 and the optimizers' absolute epsilon of 1e-7 made a
/// training on weights of 1e-12 end far from the one on weights of 1.
///
/// The penalties are off (the default): their thresholds are absolute yields
/// (events) and legitimately change meaning when the weights change units.
@Suite struct WeightUnitInvarianceTests {
    static let lambdas = [1e-12, 1e-6, 1.0, 1e6, 1e12]

    static func scaled(_ data: Dataset, by lambda: Double) throws -> Dataset {
        try Dataset(data.processes.map { try $0.withWeights($0.weights.map { $0 * lambda }) })
    }

    struct Outcome {
        var summary: Summary
        var assignments: [[Int32]]
        var parameters: [Double]
        var history: TrainingHistory
    }

    /// Trains `analysis` on the data scaled by lambda (two starts screened on a
    /// subsample, as the tool does) and reads the trained model back.
    static func train(_ analysis: Analysis, lambda: Double) throws -> Outcome {
        var analysis = analysis
        analysis.data = try scaled(analysis.data, by: lambda)
        analysis.evaluationData = analysis.data
        analysis.plotData = analysis.data
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("gato-units-\(UUID().uuidString)")
        let output = try OutputFolder.create(at: destination)
        defer { output.discard() }
        let summary = try AnalysisRunner(analysis: analysis).run(output: output, report: false)
        let result = summary.results[0]
        let model = try Checkpoint.load(from: output.staging.appendingPathComponent(result.checkpoint))
        let history = try TrainingHistory(
            csv: String(contentsOf: output.staging.appendingPathComponent(result.history), encoding: .utf8))
        switch model {
        case .gaussianMixture(let gmm):
            return Outcome(
                summary: summary, assignments: analysis.data.processes.map { gmm.hardAssignments($0) },
                parameters: gmm.parameterVector, history: history)
        case .sigmoidCuts(let cuts):
            return Outcome(
                summary: summary, assignments: analysis.data.processes.map { cuts.hardAssignments($0) },
                parameters: cuts.parameterVector, history: history)
        }
    }

    /// The number of events assigned to different categories.
    static func differing(_ a: [[Int32]], _ b: [[Int32]]) -> Int {
        zip(a, b).reduce(abs(a.count - b.count)) { total, pair in
            total + zip(pair.0, pair.1).filter { $0 != $1 }.count + abs(pair.0.count - pair.1.count)
        }
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    static func gmm(dimension: Int) throws -> Analysis {
        Analysis(
            name: "units", data: TestData.random(dimension: dimension, simplex: dimension > 1),
            model: .gaussianMixture(
                meanNormalization: dimension > 1 ? .softmax : .sigmoid,
                meanRange: dimension > 1 ? [0...1] : [0...1], offDiagonalDamping: 0.1),
            objective: try SignificanceObjective(signals: ["sig"]), categoryCounts: [3], epochs: 40,
            learningRate: ScheduleSettings(.cosine, from: 0.05, to: 0.001),
            annealing: ScheduleSettings(.cosine, from: 1, to: 0.1),
            restarts: RestartSettings(starts: 2, screeningFraction: 0.3, subsample: 2), precision: .double)
    }

    /// The worst relative difference over the comparisons, for the record.
    final class Worst: @unchecked Sendable {
        var value = 0.0
        func note(_ x: Double) { value = max(value, x) }
    }

    @Test(arguments: [1, 2])
    func gaussianMixtureCategoriesDoNotDependOnTheUnitOfTheWeights(dimension: Int) throws {
        let analysis = try Self.gmm(dimension: dimension)
        let reference = try Self.train(analysis, lambda: 1)
        let worst = Worst()
        for lambda in Self.lambdas where lambda != 1 {
            let outcome = try Self.train(analysis, lambda: lambda)
            let (r, o) = (reference.summary.results[0], outcome.summary.results[0])
            #expect(Self.differing(outcome.assignments, reference.assignments) == 0, "lambda \(lambda): events assigned differently")
            #expect(o.order == r.order && o.chosenStart == r.chosenStart, "lambda \(lambda)")
            let root = lambda.squareRoot()
            for (name, z) in r.significance {
                let d = Self.relative(o.significance[name]! / root, z)
                worst.note(d)
                #expect(d < 1e-6, "lambda \(lambda): Z(\(name)) / sqrt(lambda) = \(o.significance[name]! / root), expected \(z)")
            }
            #expect(Self.relative(o.merit / root, r.merit) < 1e-6)
            for (name, yields) in r.yields {
                for (a, b) in zip(o.yields[name]!, yields) where b != 0 { #expect(Self.relative(a / lambda, b) < 1e-9) }
            }
            // Dimensionless numbers are unchanged: bias, relative MC uncertainty.
            for (a, b) in zip(o.bias, r.bias) { #expect(abs(a - b) <= 1e-6 * max(abs(b), 1e-3), "bias \(a) \(b)") }
            for (a, b) in zip(o.relativeMCUncertainty, r.relativeMCUncertainty) { #expect(Self.relative(a, b) < 1e-6) }
            // The trained parameters and the boundaries (1-D) agree closely.
            for (a, b) in zip(o.boundaries ?? [], r.boundaries ?? []) {
                worst.note(abs(a - b))
                #expect(abs(a - b) < 1e-6, "lambda \(lambda): boundary \(a) vs \(b)")
            }
            #expect(o.boundaries?.count == r.boundaries?.count)
            for (a, b) in zip(outcome.parameters, reference.parameters) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
            // Every epoch's loss (-Z) scales as sqrt(lambda).
            for (a, b) in zip(outcome.history.records, reference.history.records) {
                #expect(Self.relative(a.loss / root, b.loss) < 1e-6, "lambda \(lambda) epoch \(a.epoch)")
            }
        }
        print("weight-unit invariance, \(dimension)-D GMM: worst relative difference of Z / sqrt(lambda) and boundaries: \(worst.value)")
    }

    /// The sigmoid cuts train through the same objective and trainer.
    @Test func cutCategoriesDoNotDependOnTheUnitOfTheWeights() throws {
        var analysis = try Self.gmm(dimension: 1)
        analysis.model = .sigmoidCuts(variables: [CutVariable(name: "x0", bins: 3, range: 0...1, steepness: nil)])
        analysis.annealing = ScheduleSettings(.exponential, from: 10, to: 100)
        analysis.restarts = RestartSettings(starts: 1)
        let reference = try Self.train(analysis, lambda: 1)
        for lambda in [1e-12, 1e12] {
            let outcome = try Self.train(analysis, lambda: lambda)
            #expect(Self.differing(outcome.assignments, reference.assignments) == 0, "lambda \(lambda)")
            for (a, b) in zip(outcome.summary.results[0].boundaries!, reference.summary.results[0].boundaries!) {
                #expect(abs(a - b) < 1e-6)
            }
            let z = reference.summary.results[0].significance["sig"]!
            #expect(Self.relative(outcome.summary.results[0].significance["sig"]! / lambda.squareRoot(), z) < 1e-6)
        }
    }
}
