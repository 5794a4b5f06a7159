import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct AssignmentTests {
    /// gamma_ik computed directly from its definition, softmax_k((log pi_k +
    /// log N(x; mu_k, L_k L_k^T)) / T): log N by solving L z = x - mu, then a
    /// max-shifted softmax; independent of the kernel's quadratic expansion.
    static func directSoftAssignment(_ m: GaussianMixtureCategorizer, _ x: [Double]) -> [Double] {
        let (k, d) = (m.categoryCount, m.dimension)
        let mu = m.effectiveMeans()
        let factors = m.choleskyFactors()
        let logPi = m.logMixtureWeights()
        var scores: [Double] = []
        for c in 0..<k {
            var z = [Double](repeating: 0, count: d)
            for i in 0..<d {
                var rest = x[i] - mu[c * d + i]
                for j in 0..<i { rest -= factors[(c * d + i) * d + j] * z[j] }
                z[i] = rest / factors[(c * d + i) * d + i]
            }
            var logDet = 0.0
            for i in 0..<d { logDet += log(factors[(c * d + i) * d + i]) }
            let logN = -0.5 * z.reduce(0) { $0 + $1 * $1 } - logDet - Double(d) / 2 * log(2 * Double.pi)
            scores.append((logN + logPi[c]) / m.temperature)
        }
        let top = scores.max()!
        let e = scores.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    @Test(arguments: [1, 2, 3, 5])
    func gmmSoftAssignmentsMatchTheFormulaAndSumToOne(dimension: Int) throws {
        let data = TestData.random(dimension: dimension, simplex: dimension > 1)
        let model = GaussianMixtureYieldsTests.model(
            categories: 4, dimension: dimension, normalization: dimension > 1 ? .softmax : .sigmoid, temperature: 0.2)
        let sample = data.processes[1]
        let gamma = model.softAssignments(sample)
        let hard = model.hardAssignments(sample)
        for i in 0..<sample.count {
            let row = Array(gamma[(i * 4)..<(i * 4 + 4)])
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            let x = (0..<dimension).map { Double(sample.feature(i, $0)) }
            let expected = Self.directSoftAssignment(model, x)
            for c in 0..<4 { #expect(abs(row[c] - expected[c]) < 1e-9, "event \(i) category \(c)") }
            let argmax = row.indices.max { row[$0] < row[$1] }!
            #expect(Int(hard[i]) == argmax)
        }
    }

    @Test func cutSoftAssignmentsSumToOneAndHardIsTheInterval() {
        let data = TestData.random(dimension: 2)
        let model = SigmoidCutYieldsTests.model(bins: [3, 4], steepness: 30)
        let sample = data.processes[0]
        let gamma = model.softAssignments(sample)
        let hard = model.hardAssignments(sample)
        let boundaries = model.allBoundaries()
        for i in 0..<sample.count {
            let row = Array(gamma[(i * 12)..<(i * 12 + 12)])
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            let bins = (0..<2).map { j in boundaries[j].filter { Double(sample.feature(i, j)) > $0 }.count }
            #expect(Int(hard[i]) == bins[0] * 4 + bins[1])
        }
    }

    /// The largest |soft - hard| over categories, relative to the process's total
    /// hard yield (a category holding 1% of a process can differ from its hard yield
    /// by a few events in the transition zone: that is not the property tested).
    static func worstDeviation(_ soft: SoftYields, _ hard: HardYields) -> Double {
        var worst = 0.0
        for p in 0..<hard.processCount {
            let total = hard.yields(p).reduce(0, +)
            for c in 0..<hard.categoryCount {
                worst = max(worst, abs(soft.sumW[p * hard.categoryCount + c] - hard.sumW[p * hard.categoryCount + c]) / total)
                worst = max(worst, abs(soft.sumW2[p * hard.categoryCount + c] - hard.sumW2[p * hard.categoryCount + c])
                    / hard.sumW2(p).reduce(0, +))
            }
        }
        return worst
    }

    @Test func softYieldsApproachHardYieldsAsTheTemperatureFalls() {
        let data = TestData.random(
            dimension: 2, processes: [("sig", .signal, 40000), ("bkg", .background, 60000)], simplex: true)
        var model = GaussianMixtureYieldsTests.model(categories: 3, dimension: 2, normalization: .softmax)
        var deviations: [Double] = []
        for t in [1e-1, 1e-2, 1e-3] {
            model.temperature = t
            let (soft, hard) = model.softAndHardYields(data)
            deviations.append(Self.worstDeviation(soft, hard))
        }
        #expect(deviations[2] < 1e-3, "T = 1e-3: \(deviations)")
        #expect(deviations[0] > deviations[1] && deviations[1] > deviations[2], "\(deviations)")

        let oneD = TestData.random(dimension: 1, processes: [("sig", .signal, 40000), ("bkg", .background, 60000)])
        var cuts = SigmoidCutYieldsTests.model(bins: [4], steepness: 100)
        var cutDeviations: [Double] = []
        for k in [1e2, 1e3, 1e5] {
            cuts.setSteepness(k)
            let (soft, hard) = cuts.softAndHardYields(oneD)
            cutDeviations.append(Self.worstDeviation(soft, hard))
        }
        #expect(cutDeviations[2] < 1e-3, "k = 1e5: \(cutDeviations)")
        #expect(cutDeviations[0] > cutDeviations[1] && cutDeviations[1] > cutDeviations[2], "\(cutDeviations)")
    }

    @Test func extremeSharpnessGivesFiniteYieldsAndGradients() {
        let data = TestData.random(dimension: 2, negativeWeights: true, simplex: true)
        var model = GaussianMixtureYieldsTests.model(categories: 5, dimension: 2, normalization: .softmax)
        model.temperature = 1e-3
        let g = gradient(at: model) { m in GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data)) }
        #expect(TestData.allFinite(model.softYields(data).sumW))
        #expect(TestData.allFinite(model.flatten(g)))
        var cuts = SigmoidCutYieldsTests.model(bins: [3, 3], steepness: 1e5)
        cuts.setSteepness(1e5)
        let g2 = gradient(at: cuts) { m in GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data)) }
        #expect(TestData.allFinite(cuts.softYields(data).sumW))
        #expect(TestData.allFinite(cuts.flatten(g2)))
    }

    @Test func resultsDoNotDependOnTheNumberOfThreads() {
        let data = TestData.random(
            dimension: 2, processes: [("sig", .signal, 30000), ("bkg", .background, 50000)], simplex: true)
        let model = GaussianMixtureYieldsTests.model(categories: 4, dimension: 2, normalization: .softmax)
        let one = model.softYields(data, threads: 1)
        let three = model.softYields(data, threads: 3)
        #expect(one.sumW == three.sumW && one.sumW2 == three.sumW2)
        let g1 = gradient(at: model) { m in GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data, threads: 1)) }
        let g3 = gradient(at: model) { m in GaussianMixtureYieldsTests.polynomialLoss(m.softYields(data, threads: 3)) }
        #expect(model.flatten(g1) == model.flatten(g3))
    }

    @Test func sigmaBaseMatchesTheClosedForms() {
        #expect(abs(GaussianMixtureCategorizer.sigmaBase(categories: 4, dimension: 1) - 1.0 / 8) < 1e-15)
        #expect(abs(GaussianMixtureCategorizer.sigmaBase(categories: 5, dimension: 2) - 2.0.squareRoot() / 10) < 1e-15)
        // D = 3: m = 2, V_simplex = sqrt(3) / 2, V_ball = pi: (sqrt(3) / (2 K pi))^(1/2).
        let expected = (3.0.squareRoot() / (2 * 3 * Double.pi)).squareRoot()
        #expect(abs(GaussianMixtureCategorizer.sigmaBase(categories: 3, dimension: 3) - expected) < 1e-15)
    }
}
