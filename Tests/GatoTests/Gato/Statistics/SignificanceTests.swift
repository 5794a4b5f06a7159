import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct SignificanceTests {
    @Test func asimovAtTheReferencePoint() {
        // sqrt(2 (150 ln 1.5 - 50)) = 4.6518310838259502 (mpmath, 50 digits).
        #expect(abs(Significance.asimov(signal: 50, background: 100) - 4.6518310838259502) < 1e-14)
        #expect(String(format: "%.4f", Significance.asimov(signal: 50, background: 100)) == "4.6518")
    }

    /// q = Z_A^2 and its derivatives against mpmath at 50 digits:
    /// q = 2((s+b) log1p(s/b) - s), dq/ds = 2 log1p(s/b), dq/db = 2 (log1p(s/b) - s/b).
    @Test(arguments: [
        (1e-6, 100.0, 9.9999999666666659283e-15, 1.9999999899999999762e-8, -9.9999999333333329283e-17),
        (0.001, 100.0, 9.9999666668333327497e-9, 0.000019999900000666662083, -9.9999333338333297497e-11),
        (5.0, 100.0, 0.24593447558072064373, 0.097580328338864006131, -0.0024196716611359938693),
        (9.99999, 100.0, 0.96823765074878228627, 0.19062017779045964433, -0.0093796222095403632455),
        (10.0, 100.0, 0.96823955695146920967, 0.19062035960864972009, -0.0093796403913502799121),
        (10.00001, 100.0, 0.96824146315597431488, 0.19062054142682326692, -0.0093796585731767255043),
        (20.0, 100.0, 3.7571736305491102908, 0.36464311358790925242, -0.035356886412090747577),
        (50.0, 7.0, 139.07408754083300048, 4.1942822375584736926, -10.091432048155812022),
    ])
    func squaredSignificanceIsAccurateForEveryRatio(s: Double, b: Double, q: Double, dqds: Double, dqdb: Double) {
        let (value, grad) = valueWithGradient(at: s, b) { s, b in Significance.asimovSquared(signal: s, background: b) }
        #expect(abs(value - q) <= 1e-13 * q, "q(\(s), \(b)) = \(value), expected \(q)")
        #expect(abs(grad.0 - dqds) <= 1e-13 * abs(dqds))
        #expect(abs(grad.1 - dqdb) <= 1e-12 * abs(dqdb), "dq/db(\(s), \(b)) = \(grad.1), expected \(dqdb)")
    }

    @Test func noNaNForTinyRatiosOrEmptyBackground() {
        for (s, b) in [(1e-8, 1.0), (1e-6, 100.0), (50.0, 0.0), (0.0, 0.0), (1e-300, 1e-300), (3.0, -2.0)] {
            let (value, grad) = valueWithGradient(at: s, b) { s, b in Significance.asimov(signal: s, background: b) }
            #expect(value.isFinite && grad.0.isFinite && grad.1.isFinite, "s = \(s), b = \(b)")
        }
        // s/b = 1e-8: Z = s/sqrt(b) (1 - r/3 + ...) to first order.
        #expect(abs(Significance.asimov(signal: 1e-8, background: 1) - 1e-8) < 1e-16)
        // b = 0 is floored at 1e-9 s = 5e-8: Z^2 = 2 ((50 + 5e-8) ln(1 + 1e9) - 50).
        let expected = (2 * ((50 + 5e-8) * log(1 + 1e9) - 50)).squareRoot()
        #expect(abs(Significance.asimov(signal: 50, background: 0) - expected) < 1e-12 * expected)
        #expect(abs(Significance.asimov(signal: 50, background: -3) - expected) < 1e-12 * expected)
    }

    /// The floor is relative to the signal: Z_A^2 is homogeneous of degree 1, also
    /// on the floor, so rescaling s and b by lambda rescales Z_A by sqrt(lambda)
    /// (an absolute floor of 1e-9 broke this for weights of order 1e-9).
    @Test(arguments: [1e-12, 1e-6, 1.0, 1e6, 1e12])
    func significanceScalesAsTheSquareRootOfTheWeights(lambda: Double) {
        for (s, b) in [(50.0, 100.0), (3.0, 1e-12), (2.0, 0.0), (1.5, -0.7), (1e-3, 40.0)] {
            let reference = Significance.asimov(signal: s, background: b)
            let scaled = Significance.asimov(signal: lambda * s, background: lambda * b)
            #expect(abs(scaled / lambda.squareRoot() - reference) <= 1e-13 * reference, "s \(s) b \(b) lambda \(lambda)")
            let gatoHep = Significance.gatoHep(signal: lambda * s, background: lambda * b)
            #expect(abs(gatoHep / lambda.squareRoot() - Significance.gatoHep(signal: s, background: b)) <= 1e-13 * reference)
        }
        // At s = 1e-9 with b = 0 an absolute floor of 1e-9 gave s/b = 1 (Z = 3.7e-5)
        // where the same category with weights x 1e9 has s/b = 1e9.
        let tiny = Significance.asimov(signal: 1e-9, background: 0)
        #expect(abs(tiny / Significance.asimov(signal: 1, background: 0) - (1e-9).squareRoot()) < 1e-13 * (1e-9).squareRoot())
    }

    /// The gradient on the floor (b < 1e-9 s), where q = 2 s 1e-9 h(1e9) is linear
    /// in s, against central differences, and the closed form 39.447...
    @Test func gradientOnTheFloorMatchesFiniteDifferences() {
        let hAt1e9 = (1 + 1e9) * log1p(1e9) - 1e9
        for (s, b) in [(50.0, 0.0), (4.0, -2.0), (7.0, 1e-9)] {
            let (value, grad) = valueWithGradient(at: s, b) { s, b in Significance.asimovSquared(signal: s, background: b) }
            #expect(abs(value - 2 * s * 1e-9 * hAt1e9) <= 1e-12 * value)
            let h = 1e-6 * s
            let numeric = (Significance.asimovSquared(signal: s + h, background: b)
                - Significance.asimovSquared(signal: s - h, background: b)) / (2 * h)
            #expect(abs(grad.0 - numeric) <= 1e-7 * abs(numeric), "s \(s): \(grad.0) vs \(numeric)")
            #expect(abs(grad.0 - 2e-9 * hAt1e9) <= 1e-12 * grad.0)
            #expect(abs(grad.0 - 39.447) < 1e-3)
            // b below the floor does not change q.
            let db = 1e-3 * 1e-9 * s
            #expect(Significance.asimovSquared(signal: s, background: b + db) == value)
            #expect(grad.1 == 0)
        }
        // Just above the floor the ordinary derivatives hold (continuity of q).
        let s = 10.0
        let above = Significance.asimovSquared(signal: s, background: 1e-9 * s * (1 + 1e-9))
        let on = Significance.asimovSquared(signal: s, background: 0)
        #expect(abs(above - on) <= 1e-7 * on)
    }

    @Test func exactFormIsContinuousAcrossTheSeriesSwitch() {
        // The series is used below s/b = 0.1, log1p above: approach 0.1 from both sides.
        let b = 100.0
        let below = Significance.asimovSquared(signal: 10 * (1 - 1e-12), background: b)
        let above = Significance.asimovSquared(signal: 10 * (1 + 1e-12), background: b)
        let atSwitch = Significance.asimovSquared(signal: 10, background: b)
        // dq/ds = 0.1906 at this point: a 2e-11 change in s moves q by ~4e-12.
        #expect(abs(above - below) < 1e-11)
        // At the switch the log1p form still cancels by a factor ~20: 5e-15 relative.
        #expect(abs(atSwitch - 0.96823955695146920967) < 5e-15 * 0.968)
        let gBelow = gradient(at: 10 * (1 - 1e-12)) { s in Significance.asimovSquared(signal: s, background: b) }
        let gAbove = gradient(at: 10 * (1 + 1e-12)) { s in Significance.asimovSquared(signal: s, background: b) }
        #expect(abs(gAbove - gBelow) < 1e-11)
    }

    @Test func gatoHepVariantJumpsAtOneTenth() {
        // Below 0.1: s / sqrt(b) = 10 / 10 = 1; above: the exact value 0.98399...
        let below = Significance.gatoHep(signal: 10 * (1 - 1e-12), background: 100)
        let above = Significance.gatoHep(signal: 10 * (1 + 1e-12), background: 100)
        #expect(abs(below - 1) < 1e-10)
        #expect(abs(above - 0.98399164475694061133) < 1e-10)
        #expect(abs(below / above - 1 - 0.0163) < 5e-4)  // the 1.6% jump at s/b = 0.1 of gato-hep's switched formula
    }

    /// A diverged training's NaN yields must reach the loss (where the trainer stops),
    /// not be read as "no signal" or "no penalty".
    @Test func nanPropagates() throws {
        #expect(Significance.asimov(signal: .nan, background: 10).isNaN)
        #expect(Significance.asimov(signal: 1, background: .nan).isNaN)
        #expect(Significance.combined(signal: [1, .nan], background: [10, 10]).isNaN)
        #expect(Significance.root(.nan).isNaN)
        #expect(Penalty.lowBackground([20, .nan], threshold: 10).isNaN)
        #expect(Penalty.backgroundUncertainty(background: [.nan], sumW2: [1]).isNaN)
        #expect(SignificanceObjective.geometricMean([1, .nan]).isNaN)
        let (value, grad) = valueWithGradient(at: Double.nan) { s in Significance.asimov(signal: s, background: 10) }
        #expect(value.isNaN && grad.isNaN)
        // The ordinary values are unchanged.
        #expect(Penalty.lowBackground([20, 4], threshold: 10) == 36)
        #expect(Significance.root(0) == 0)
    }

    @Test func negativeSignalCountsAsNoSignificance() {
        let (value, grad) = valueWithGradient(at: -3.0) { s in Significance.asimov(signal: s, background: 10) }
        #expect(value == 0 && grad == 0)
    }

    static func table() -> SoftYields {
        // Two signals and two backgrounds over three categories.
        SoftYields(
            sumW: [5, 2, 1, /* s2 */ 1, 3, 0.5, /* b1 */ 10, 20, 40, /* b2 */ 5, 5, 5],
            sumW2: [1, 1, 1, 1, 1, 1, 2, 4, 8, 9, 9, 9],
            processNames: ["s1", "s2", "b1", "b2"], roles: [.signal, .signal, .background, .background],
            categories: 3)
    }

    @Test func significancesCountTheOtherSignalsAsBackground() {
        let y = Self.table()
        let z = y.significances(signals: ["s1", "s2"])
        func za(_ s: Double, _ b: Double) -> Double { (2 * ((s + b) * log(1 + s / b) - s)).squareRoot() }
        let z1 = (pow(za(5, 16), 2) + pow(za(2, 28), 2) + pow(za(1, 45.5), 2)).squareRoot()
        let z2 = (pow(za(1, 20), 2) + pow(za(3, 27), 2) + pow(za(0.5, 46), 2)).squareRoot()
        #expect(abs(z[0] - z1) < 1e-12 && abs(z[1] - z2) < 1e-12)
    }

    @Test func backgroundFactorsApplyToTheNamedProcessesOnly() {
        let y = Self.table()
        let reweighting = BackgroundReweighting(factors: [0.5, 2, 0.1], processes: ["b1"])
        let expectedYields: [Double] = [10 * 0.5 + 5, 20 * 2 + 5, 40 * 0.1 + 5]
        #expect(y.backgroundYields(reweighting: reweighting) == expectedYields)
        let b2 = y.backgroundSumW2(reweighting: reweighting)
        let expected: [Double] = [2 * 0.25 + 9, 4 * 4 + 9, 8 * 0.01 + 9]
        for k in 0..<3 { #expect(abs(b2[k] - expected[k]) < 1e-12) }
        var linear = reweighting
        linear.sumW2Scaling = .linear
        let expectedLinear: [Double] = [2 * 0.5 + 9, 4 * 2 + 9, 8 * 0.1 + 9]
        let linearSumW2 = y.backgroundSumW2(reweighting: linear)
        for k in 0..<3 { #expect(abs(linearSumW2[k] - expectedLinear[k]) < 1e-12) }
        // Without a process list, every background is scaled; signals never are.
        let all = BackgroundReweighting(factors: [0.5, 2, 0.1])
        let expectedAll: [Double] = [7.5, 50, 4.5]
        #expect(y.backgroundYields(reweighting: all) == expectedAll)
        let z = y.significances(signals: ["s1"], reweighting: all)[0]
        func za(_ s: Double, _ b: Double) -> Double { (2 * ((s + b) * log(1 + s / b) - s)).squareRoot() }
        let expectedZ = (pow(za(5, 8.5), 2) + pow(za(2, 53), 2) + pow(za(1, 5)  , 2)).squareRoot()
        #expect(abs(z - expectedZ) < 1e-12)
    }

    @Test func penaltiesByHand() {
        // relu(10 - B)^2: B = [4, 12, 9.5] -> 36 + 0 + 0.25.
        #expect(Penalty.lowBackground([4, 12, 9.5]) == 36.25)
        // sqrt(B2)/B - 0.2: [sqrt(4)/5 = 0.4 -> 0.04, sqrt(1)/10 = 0.1 -> 0, sqrt(9)/6 = 0.5 -> 0.09].
        let p = Penalty.backgroundUncertainty(background: [5, 10, 6], sumW2: [4, 1, 9])
        #expect(abs(p - 0.13) < 1e-15)
        // Empty categories: B = 0 is floored at 1e-8, B2 = 0 gives no penalty.
        #expect(Penalty.backgroundUncertainty(background: [0], sumW2: [0]) == 0)
        let g = gradient(at: [0.0], [0.0]) { b, b2 in Penalty.backgroundUncertainty(background: b, sumW2: b2) }
        #expect(g.0.base == [0] && g.1.base == [0])
    }

    @Test func penaltyGradientsMatchFiniteDifferences() {
        let b = [5.0, 10, 6, 3]
        let b2 = [4.0, 1, 9, 2]
        let g = gradient(at: b, b2) { b, b2 in
            Penalty.backgroundUncertainty(background: b, sumW2: b2, threshold: 0.2) + Penalty.lowBackground(b, threshold: 8)
        }
        let f: ([Double]) -> Double = { x in
            Penalty.backgroundUncertainty(background: Array(x[0..<4]), sumW2: Array(x[4...]), threshold: 0.2)
                + Penalty.lowBackground(Array(x[0..<4]), threshold: 8)
        }
        TestData.expectClose(g.0.base + g.1.base, TestData.finiteDifferences(b + b2, f), tolerance: 1e-6)
    }

    @Test func combinationsByHand() throws {
        #expect(abs(SignificanceObjective.combine([2, 8], .geometricMean) - 4) < 1e-14)
        #expect(abs(SignificanceObjective.combine([3, 4], .quadratureSum) - 5) < 1e-14)
        #expect(SignificanceObjective.combine([3], .single) == 3)
        let g = gradient(at: [2.0, 8.0]) { z in SignificanceObjective.combine(z, .geometricMean) }
        // d sqrt(z1 z2)/dz1 = z2 / (2 sqrt(z1 z2)) = 8 / 8 = 1; dz2 = 2 / 8 = 0.25.
        #expect(abs(g.base[0] - 1) < 1e-14 && abs(g.base[1] - 0.25) < 1e-14)
        #expect(throws: CategorizerError.self) { try SignificanceObjective(signals: ["a", "b"], combination: .single) }
        #expect(throws: CategorizerError.self) { try SignificanceObjective(signals: []) }
    }

    @Test func objectiveRecordsItsTerms() throws {
        let objective = try SignificanceObjective(
            signals: ["s1", "s2"], combination: .geometricMean,
            yieldPenalty: PenaltySetting(lambda: 2, threshold: 20),
            uncertaintyPenalty: PenaltySetting(lambda: 3, threshold: 0.2))
        let y = Self.table()
        let result = objective.evaluate(y)
        let z = y.significances(signals: ["s1", "s2"])
        let background = [15.0, 25, 45]
        let yieldPenalty = Penalty.lowBackground(background, threshold: 20)  // 25
        let uncertainty = Penalty.backgroundUncertainty(background: background, sumW2: [11, 13, 17])
        #expect(yieldPenalty == 25)
        #expect(abs(result.loss - (-(z[0] * z[1]).squareRoot() + 2 * 25 + 3 * uncertainty)) < 1e-12)
        #expect(result.term("soft_Z_s1") == z[0] && result.term("soft_Z_s2") == z[1])
        #expect(result.term("penalty_yield") == 25 && result.term("penalty_uncertainty") == uncertainty)
    }
}
