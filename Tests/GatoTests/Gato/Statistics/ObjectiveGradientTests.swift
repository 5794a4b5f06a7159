import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// The gradient of gato-hep's full objective (two significances combined by
/// their geometric mean, both penalties active, per-category background factors
/// on one background, negative event weights) against central finite differences.
@Suite struct ObjectiveGradientTests {
    static func data(dimension: Int, simplex: Bool) -> Dataset {
        TestData.random(
            dimension: dimension,
            processes: [("s1", .signal, 300), ("s2", .signal, 300), ("b1", .background, 500), ("b2", .background, 400)],
            seed: 11, negativeWeights: true, simplex: simplex)
    }

    static func objective(categories: Int) throws -> SignificanceObjective {
        try SignificanceObjective(
            signals: ["s1", "s2"], combination: .geometricMean,
            // Thresholds chosen so that both penalties are active in some categories.
            yieldPenalty: PenaltySetting(lambda: 0.01, threshold: 150),
            uncertaintyPenalty: PenaltySetting(lambda: 5, threshold: 0.05),
            reweighting: BackgroundReweighting(
                factors: (0..<categories).map { 0.5 + 0.3 * Double($0) }, processes: ["b2"]))
    }

    /// The same without penalties: the significances alone then drive the gradient.
    static func significanceOnly(categories: Int) throws -> SignificanceObjective {
        var objective = try objective(categories: categories)
        objective.yieldPenalty = nil
        objective.uncertaintyPenalty = nil
        return objective
    }

    static func expectActivePenalties(_ evaluation: LossEvaluation) {
        #expect((evaluation.term("penalty_yield") ?? 0) > 0)
        #expect((evaluation.term("penalty_uncertainty") ?? 0) > 0)
    }

    @Test(arguments: [(1, MeanNormalization.sigmoid), (2, .softmax), (3, .softmax), (3, .sigmoid)])
    func gaussianMixture(dimension: Int, normalization: MeanNormalization) throws {
        let data = Self.data(dimension: dimension, simplex: normalization == .softmax)
        let model = GaussianMixtureYieldsTests.model(categories: 3, dimension: dimension, normalization: normalization)
        Self.expectActivePenalties(try Self.objective(categories: 3).evaluate(model, on: data))
        for objective in [try Self.objective(categories: 3), try Self.significanceOnly(categories: 3)] {
            let g = gradient(at: model) { m in objective.evaluate(m, on: data).loss }
            let numeric = TestData.finiteDifferences(model.parameterVector) { x in
                var m = model
                m.parameterVector = x
                return objective.evaluate(m, on: data).loss
            }
            TestData.expectClose(model.flatten(g), numeric, tolerance: 1e-4, "GMM D=\(dimension)")
        }
    }

    @Test(arguments: [[4], [3, 2], [2, 2, 2]])
    func sigmoidCuts(bins: [Int]) throws {
        let data = Self.data(dimension: bins.count, simplex: false)
        let model = SigmoidCutYieldsTests.model(bins: bins, steepness: 10)
        let k = model.categoryCount
        Self.expectActivePenalties(try Self.objective(categories: k).evaluate(model, on: data))
        for objective in [try Self.objective(categories: k), try Self.significanceOnly(categories: k)] {
            let g = gradient(at: model) { m in objective.evaluate(m, on: data).loss }
            let numeric = TestData.finiteDifferences(model.parameterVector) { x in
                var m = model
                m.parameterVector = x
                return objective.evaluate(m, on: data).loss
            }
            TestData.expectClose(model.flatten(g), numeric, tolerance: 1e-4, "cuts \(bins)")
        }
    }
}
