import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct GaussianMixtureYieldsTests {
    /// A model with every parameter away from its initial value, so that no
    /// gradient term vanishes by symmetry.
    static func model(
        categories: Int, dimension: Int, normalization: MeanNormalization, temperature: Double = 0.3,
        seed: UInt64 = 7
    ) -> GaussianMixtureCategorizer {
        var generator = Xoshiro256StarStar(seed: seed)
        var model = try! GaussianMixtureCategorizer(
            categories: categories, dimension: dimension, temperature: temperature,
            meanNormalization: normalization, generator: &generator)
        model.means = model.means.map { $0 * 0.3 }
        model.unconstrainedL = model.unconstrainedL.map { _ in generator.nextUniform(in: -0.4, 0.4) }
        return model
    }

    static func flat(_ m: GaussianMixtureCategorizer) -> [Double] { m.mixtureLogits + m.means + m.unconstrainedL }

    static func rebuilt(_ m: GaussianMixtureCategorizer, _ x: [Double]) -> GaussianMixtureCategorizer {
        var m = m
        let k = m.categoryCount, d = m.dimension
        m.mixtureLogits = Array(x[0..<k])
        m.means = Array(x[k..<(k + k * d)])
        m.unconstrainedL = Array(x[(k + k * d)...])
        return m
    }

    /// A nonlinear loss over every yield and sum of squared weights.
    @differentiable(reverse)
    static func polynomialLoss(_ y: SoftYields) -> Double {
        var total = 0.0
        for p in 0..<y.processCount {
            for c in 0..<y.categoryCount {
                let a = y.yield(process: p, category: c)
                total += Double(p + 1) * 0.01 * a * a + Double(c + 1) * a
            }
            let q = y.sumW2(p)
            for c in 0..<y.categoryCount { total += 0.5 * Double(c + 2) * q[c] }
        }
        return total
    }

    @Test(arguments: [(1, MeanNormalization.sigmoid), (2, .softmax), (2, .sigmoid), (3, .softmax), (3, .sigmoid)])
    func gradientMatchesFiniteDifferences(dimension: Int, normalization: MeanNormalization) {
        let data = TestData.random(dimension: dimension, simplex: normalization == .softmax)
        let model = Self.model(categories: 3, dimension: dimension, normalization: normalization)
        let g = gradient(at: model) { m in Self.polynomialLoss(m.softYields(data)) }
        let analytic = g.mixtureLogits.base + g.means.base + g.unconstrainedL.base
        let numeric = TestData.finiteDifferences(Self.flat(model)) { x in
            Self.polynomialLoss(Self.rebuilt(model, x).softYields(data))
        }
        // Upper-triangle entries of unconstrained_L do not enter the model: both are 0.
        TestData.expectClose(analytic, numeric, tolerance: 1e-4, "D=\(dimension) \(normalization)")
    }
}
