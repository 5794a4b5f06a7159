import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Every kernel gives the same bits on any number of threads: soft and hard
/// yields, the gradient, and the per-event assignments.
@Suite struct KernelDeterminismTests {
    /// Two processes of two chunks each, the second ones short.
    static let data = TestData.random(
        dimension: 2, processes: [("sig", .signal, ParallelChunks.eventsPerChunk + 17), ("bkg", .background, 9000)],
        negativeWeights: true, simplex: true)

    static func bits<Model: Categorizer>(_ model: Model, threads: Int) -> [[UInt64]] {
        let (soft, hard) = model.softAndHardYields(data, threads: threads)
        let g = gradient(at: model) { m in GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data, threads: threads)) }
        let sample = data.processes[0]
        return [
            soft.sumW + soft.sumW2, hard.sumW + hard.sumW2, model.flatten(g),
            model.softAssignments(sample, threads: threads),
            model.hardAssignments(sample, threads: threads).map(Double.init),
        ].map { $0.map(\.bitPattern) }
    }

    @Test(arguments: KernelPrecision.allCases)
    func gaussianMixture(precision: KernelPrecision) {
        var model = GaussianMixtureYieldsTests.model(categories: 3, dimension: 2, normalization: .softmax)
        model.precision = precision
        let reference = Self.bits(model, threads: 1)
        for threads in [2, 3] { #expect(Self.bits(model, threads: threads) == reference, "\(threads) threads") }
    }

    @Test func sigmoidCuts() {
        let model = SigmoidCutYieldsTests.model(bins: [3, 2], steepness: 12)
        let reference = Self.bits(model, threads: 1)
        for threads in [3] { #expect(Self.bits(model, threads: threads) == reference, "\(threads) threads") }
    }
}
