import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// The single-precision kernel against the exact (Double) one: the analytic
/// gradient of the fast kernel must match central finite differences of the exact
/// function to 1e-4 relative, like the exact kernel's own gradient.
@Suite struct SinglePrecisionKernelTests {
    static func models(dimension: Int, normalization: MeanNormalization, temperature: Double)
        -> (single: GaussianMixtureCategorizer, double: GaussianMixtureCategorizer)
    {
        var model = GaussianMixtureYieldsTests.model(
            categories: 4, dimension: dimension, normalization: normalization, temperature: temperature)
        model.precision = .double
        var single = model
        single.precision = .single
        return (single, model)
    }

    @Test(arguments: [(1, MeanNormalization.sigmoid), (2, .softmax), (3, .softmax), (4, .sigmoid)])
    func gradientMatchesFiniteDifferencesOfTheExactFunction(dimension: Int, normalization: MeanNormalization) throws {
        let data = ObjectiveGradientTests.data(dimension: dimension, simplex: normalization == .softmax)
        let (single, exact) = Self.models(dimension: dimension, normalization: normalization, temperature: 0.3)
        let objective = try ObjectiveGradientTests.objective(categories: 4)
        let g = single.flatten(gradient(at: single) { m in objective.evaluate(m, on: data).loss })
        let numeric = TestData.finiteDifferences(exact.parameterVector) { x in
            var m = exact
            m.parameterVector = x
            return objective.evaluate(m, on: data).loss
        }
        TestData.expectClose(g, numeric, tolerance: 1e-4, "D=\(dimension)")
    }

    @Test(arguments: [(2, 1.0), (2, 0.05), (3, 0.1), (5, 0.3)])
    func yieldsAndAssignmentsMatchTheExactKernel(dimension: Int, temperature: Double) {
        let data = TestData.random(
            dimension: dimension, processes: [("sig", .signal, 3000), ("bkg", .background, 5000)],
            negativeWeights: true, simplex: true)
        let (single, exact) = Self.models(dimension: dimension, normalization: .softmax, temperature: temperature)
        let (fast, fastHard) = single.softAndHardYields(data)
        let (reference, referenceHard) = exact.softAndHardYields(data)
        let scale = reference.sumW.map(abs).max()!
        for i in reference.sumW.indices {
            // Float per-event arithmetic, Double sums: agreement to a few 1e-6 of the largest yield.
            #expect(abs(fast.sumW[i] - reference.sumW[i]) <= 1e-5 * scale, "yield \(i)")
        }
        let sample = data.processes[1]
        let gammaFast = single.softAssignments(sample)
        let gammaExact = exact.softAssignments(sample)
        let k = single.categoryCount
        for i in 0..<sample.count {
            let row = (0..<k).map { gammaFast[i * k + $0] }
            #expect(abs(row.reduce(0, +) - 1) < 1e-5)
            for c in 0..<k { #expect(abs(row[c] - gammaExact[i * k + c]) < 1e-4, "event \(i)") }
        }
        // Hard categories: identical but for events whose two best logits are within
        // Float resolution (none expected in a few thousand events).
        let differing = zip(single.hardAssignments(sample), exact.hardAssignments(sample)).filter { $0 != $1 }.count
        #expect(differing <= 2)
        #expect(zip(fastHard.sumW, referenceHard.sumW).filter { abs($0 - $1) > 1e-9 }.count <= 4)
    }

    @Test func floatExponentialIsAccurate() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let v = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0013 })
            let e = VectorMath.exp(v)
            for lane in 0..<8 {
                let reference = Foundation.exp(Double(v[lane]))
                worst = max(worst, Float(abs(Double(e[lane]) - reference) / reference))
            }
            x += 0.0104
        }
        #expect(worst < 2e-7)
    }
}
