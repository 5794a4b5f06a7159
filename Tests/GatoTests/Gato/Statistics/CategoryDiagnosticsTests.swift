import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct CategoryDiagnosticsTests {
    @Test func biasByHand() {
        let soft = SoftYields(
            sumW: [1, 2, 10, 18], sumW2: [0, 0, 0, 0], processNames: ["s", "b"], roles: [.signal, .background], categories: 2)
        let hard = HardYields(
            sumW: [2, 1, 12, 16], sumW2: [0, 0, 0, 0], processNames: ["s", "b"], roles: [.signal, .background], categories: 2)
        // Totals: hard (14, 17), soft (11, 20): bias (3/14, -3/17).
        let bias = CategoryDiagnostics.bias(soft: soft, hard: hard)
        #expect(abs(bias[0] - 3.0 / 14) < 1e-15 && abs(bias[1] + 3.0 / 17) < 1e-15)
        #expect(abs(CategoryDiagnostics.meanAbsoluteBias(soft: soft, hard: hard) - (3.0 / 14 + 3.0 / 17) / 2) < 1e-15)
    }

    @Test func backgroundStatisticsInSignificanceOrder() {
        // Category 0: S 1, B 100; category 1: S 5, B 25; category 2: S 2, B 4.
        let hard = HardYields(
            sumW: [1, 5, 2, 60, 20, 3, 40, 5, 1], sumW2: [1, 1, 1, 36, 4, 1, 64, 9, 1],
            processNames: ["s", "b1", "b2"], roles: [.signal, .background, .background], categories: 3)
        // Z_A: (1, 100) 0.0998; (5, 25) 0.9678; (2, 4) 0.9264.
        #expect(CategoryDiagnostics.orderBySignificance(hard) == [1, 2, 0])
        let stats = CategoryDiagnostics.backgroundStatistics(hard, order: [1, 2, 0])
        #expect(stats.map(\.category) == [1, 2, 0] && stats.map(\.yield) == [25, 4, 100])
        #expect(abs(stats[0].relativeUncertainty - 13.0.squareRoot() / 25) < 1e-15)
        #expect(abs(stats[2].relativeUncertainty - 0.1) < 1e-15)  // sqrt(36 + 64) / 100
    }

    /// Two components with equal widths sigma at mu1 < mu2 cross where
    /// log pi1 - (x - mu1)^2 / 2 sigma^2 = log pi2 - (x - mu2)^2 / 2 sigma^2, i.e. at
    /// x = (mu1 + mu2) / 2 + sigma^2 ln(pi1 / pi2) / (mu2 - mu1).
    @Test func oneDimensionalBoundaryOfTwoGaussians() throws {
        let sigma = GaussianMixtureCategorizer.sigmaBase(categories: 2, dimension: 1)  // 0.25
        // sigmoid means: mu = sigmoid(raw); raw = +-ln 3 gives mu = 0.75 and 0.25.
        let model = try GaussianMixtureCategorizer(
            categories: 2, dimension: 1, meanNormalization: .sigmoid, mixtureLogits: [0.3, 0],
            means: [log(3), -log(3)], unconstrainedL: [0, 0])
        let boundaries = model.effectiveBoundaries1D()
        let expected = 0.5 + sigma * sigma * (0 - 0.3) / (0.75 - 0.25)
        #expect(boundaries.boundaries.count == 1)
        #expect(abs(boundaries.boundaries[0] - expected) < 1e-5)  // the probe spacing is 1e-5
        #expect(boundaries.order == [1, 0] && boundaries.intervals == [1, 0])
    }

    @Test func oneDimensionalOrderIsLeftToRight() throws {
        let cuts = try SigmoidCutCategorizer(variables: [CutVariable(name: "x", bins: 3)], raw: [0, 1])
        let data = TestData.random(dimension: 1)
        #expect(CategoryDiagnostics.order(cuts, hard: cuts.hardYields(data)) == [0, 1, 2])
        let model = try GaussianMixtureCategorizer(
            categories: 3, dimension: 1, meanNormalization: .sigmoid, mixtureLogits: [0, 0, 0],
            means: [2, -2, 0], unconstrainedL: [0, 0, 0])
        #expect(CategoryDiagnostics.order(model, hard: model.hardYields(data)) == [1, 2, 0])
    }

    @Test func baselinesByHand() throws {
        let oneD = try Dataset([
            ProcessSample(name: "s", role: .signal, features: [0.05, 0.5, 0.99, 1.0, -0.1], dimension: 1, weights: [1, 1, 1, 1, 1]),
            ProcessSample(name: "b", role: .background, features: [0.26], dimension: 1, weights: [2]),
        ])
        #expect(Baselines.equidistant(oneD, bins: 4) == [[0, 2, 3, 3, 0], [1]])
        let scores = try Dataset([
            ProcessSample(
                name: "s1", role: .signal, features: [0.7, 0.2, 0.1, 0.34, 0.33, 0.33, 0.1, 0.2, 0.7, 0.2, 0.45, 0.35],
                dimension: 3, weights: [1, 1, 1, 1]),
            ProcessSample(name: "b", role: .background, features: [0.1, 0.1, 0.8], dimension: 3, weights: [1]),
        ])
        // Two bins per signal on [0.33, 1] (width 0.335): 0.7 -> bin 1; 0.34 -> bin 0;
        // argmax background -> category 4; signal 2 with 0.45 -> 2 * 1 + 0 = 2.
        #expect(Baselines.argmaxEquidistant(scores, signalScores: 2, binsPerSignal: 2) == [[1, 0, 4, 2], [4]])
        let hard = HardYields(assignments: [[1, 0, 4, 2], [4]], data: scores, categories: 5)
        #expect(hard.sumW == [1, 1, 1, 0, 1, 0, 0, 0, 0, 1])
        // The same from the first two scores alone (the third is 1 - their sum).
        let twoScores = try scores.selectingDimensions([0, 1])
        #expect(Baselines.softmaxArgmax(twoScores, binsPerClass: 2) == [[1, 0, 4, 2], [4]])
        // One class score in one dimension: 0.6 wins (bin 1 of 2 on [0.33, 1] starts
        // at 0.665: bin 0), 0.3 and 0.2 lose to 0.7 and 0.8 (category 2), 0.9: bin 1.
        let single = try Dataset([
            ProcessSample(name: "s", role: .signal, features: [0.6, 0.3, 0.9], dimension: 1, weights: [1, 1, 1]),
            ProcessSample(name: "b", role: .background, features: [0.2], dimension: 1, weights: [1]),
        ])
        #expect(Baselines.softmaxArgmax(single, binsPerClass: 2) == [[0, 2, 1], [2]])
    }

    /// The bias and the relative MC uncertainty are ratios of yields with floors
    /// relative to the yields (1e-8 of the total hard yield, 1e-8 of sqrt(sum w^2)),
    /// so they do not change when every weight is rescaled. Hand-computed values.
    @Test(arguments: [1e-12, 1.0, 1e9])
    func floorsAreRelativeToTheYields(lambda: Double) {
        let hard = HardYields(
            sumW: [10, 0, 5].map { $0 * lambda }, sumW2: [4, 0, 1].map { $0 * lambda * lambda }, processNames: ["b"],
            roles: [.background], categories: 3)
        let soft = SoftYields(
            sumW: [9, 0.5, 5.5].map { $0 * lambda }, sumW2: [4, 0.1, 1].map { $0 * lambda * lambda }, processNames: ["b"],
            roles: [.background], categories: 3)
        // H = 15: the empty category's bias is -0.5 / 1.5e-7.
        let expected = [0.1, -0.5 / 1.5e-7, -0.1]
        for (a, b) in zip(CategoryDiagnostics.bias(soft: soft, hard: hard), expected) {
            #expect(abs(a - b) <= 1e-12 * abs(b), "\(a) vs \(b)")
        }
        let statistics = CategoryDiagnostics.backgroundStatistics(hard, order: [0, 1, 2])
        #expect(abs(statistics[0].relativeUncertainty - 0.2) < 1e-14)
        #expect(statistics[1].relativeUncertainty == 0)  // no events: 0, not 0/0
        #expect(abs(statistics[2].relativeUncertainty - 0.2) < 1e-14)
        // A negative yield (negative weights) reaches the bound 1e8.
        #expect(abs(CategoryDiagnostics.relativeUncertainty(yield: -lambda, sumW2: 4 * lambda * lambda) - 1e8) < 1e-6)
    }
}
