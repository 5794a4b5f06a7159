import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct SigmoidCutYieldsTests {
    static func model(bins: [Int], steepness: Double, seed: UInt64 = 5) -> SigmoidCutCategorizer {
        var generator = Xoshiro256StarStar(seed: seed)
        let variables = bins.enumerated().map { CutVariable(name: "x\($0.offset)", bins: $0.element, range: 0...1) }
        var model = try! SigmoidCutCategorizer(variables: variables, generator: &generator)
        model.setSteepness(steepness)
        return model
    }

    @Test(arguments: [[3], [5], [3, 2], [2, 3, 2]])
    func gradientMatchesFiniteDifferences(bins: [Int]) {
        let data = TestData.random(dimension: bins.count, negativeWeights: true)
        let model = Self.model(bins: bins, steepness: 12)
        let g = gradient(at: model) { m in GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data)) }
        let numeric = TestData.finiteDifferences(model.raw) { x in
            var m = model
            m.raw = x
            return GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data))
        }
        TestData.expectClose(g.raw.base, numeric, tolerance: 1e-4, "bins \(bins)")
    }

    @Test func boundariesAreOrderedAndInsideTheRange() throws {
        var generator = Xoshiro256StarStar(seed: 3)
        let model = try SigmoidCutCategorizer(
            variables: [CutVariable(name: "m", bins: 4, range: 100...180)], generator: &generator)
        let b = model.boundaries(0)
        #expect(b.count == 3)
        #expect(b[0] > 100 && b[2] < 180 && b[0] < b[1] && b[1] < b[2])
        // By hand: unit = cumsum(softmax([r0, r1, r2, 0])).
        let r = model.raw
        let e = r.map { exp($0) } + [1.0]
        let total = e.reduce(0, +)
        #expect(abs(b[0] - (100 + 80 * e[0] / total)) < 1e-12)
        #expect(abs(b[1] - (100 + 80 * (e[0] + e[1]) / total)) < 1e-12)
    }

    @Test func softWeightsMatchTheSigmoidFormula() throws {
        // One variable, boundaries from raw = [0, 0]: unit boundaries 1/3, 2/3.
        var model = try SigmoidCutCategorizer(
            variables: [CutVariable(name: "x", bins: 3, range: 0...1)], raw: [0, 0])
        model.setSteepness(10)
        let sample = try ProcessSample(name: "s", role: .signal, features: [0.2, 0.5, 0.9], dimension: 1, weights: [1, 1, 1])
        let gamma = model.softAssignments(sample)
        for (i, x) in [0.2, 0.5, 0.9].enumerated() {
            let x = Double(Float(x))
            let s1 = 1 / (1 + exp(-10 * (x - 1.0 / 3)))
            let s2 = 1 / (1 + exp(-10 * (x - 2.0 / 3)))
            let expected = [1 - s1, s1 - s2, s2]
            for c in 0..<3 { #expect(abs(gamma[i * 3 + c] - expected[c]) < 1e-14) }
        }
        #expect(model.hardAssignments(sample) == [0, 1, 2])
    }

    /// With a steep sigmoid most 4-event blocks lie entirely in the clipped region,
    /// where the kernel skips the exponential: the weights must still be the formula's.
    @Test func saturatedBlocksGiveTheFormulasValues() throws {
        var model = try SigmoidCutCategorizer(variables: [CutVariable(name: "x", bins: 3, range: 0...1)], raw: [0, 0])
        model.setSteepness(2000)
        // Blocks of four: far from both boundaries; near the first; mixed.
        let x: [Float] = [0.1, 0.12, 0.5, 0.9, 0.333, 0.334, 0.3335, 0.332, 0.2, 0.7, 0.66, 0.6667]
        let sample = try ProcessSample(
            name: "s", role: .signal, features: x, dimension: 1, weights: Array(repeating: 1, count: x.count))
        let gamma = model.softAssignments(sample)
        let b = model.boundaries(0)
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(min(max(z, -75), 75))) }
        for (i, value) in x.enumerated() {
            let s1 = sigmoid(-2000 * (Double(value) - b[0]))
            let s2 = sigmoid(-2000 * (Double(value) - b[1]))
            let expected = [1 - s1, s1 - s2, s2]
            for c in 0..<3 { #expect(abs(gamma[i * 3 + c] - expected[c]) < 1e-15, "event \(i)") }
        }
        // The gradient through saturated blocks is exactly zero where every lane is clipped.
        let data = try Dataset([sample, try ProcessSample(name: "b", role: .background, features: [0.1, 0.5, 0.9, 0.95], dimension: 1, weights: [1, 1, 1, 1])])
        let g = gradient(at: model) { m in GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data)) }
        #expect(TestData.allFinite(g.raw.base) && g.raw.base.contains { $0 != 0 })
    }

    @Test func categoriesAreTheCartesianProductFirstVariableSlowest() throws {
        let model = try SigmoidCutCategorizer(
            variables: [CutVariable(name: "a", bins: 2), CutVariable(name: "b", bins: 3)], raw: [0, 0, 0])
        // a: boundary 0.5; b: boundaries 1/3, 2/3.
        let sample = try ProcessSample(
            name: "s", role: .signal, features: [0.2, 0.2, 0.2, 0.9, 0.7, 0.5], dimension: 2, weights: [1, 1, 1])
        #expect(model.hardAssignments(sample) == [0, 2, 4])
        #expect(model.binIndices(ofCategory: 4) == [1, 1])
    }
}
