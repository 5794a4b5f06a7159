import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct ExponentialFitTests {
    static let centers = (0..<10).map { 104.0 + 8.0 * Double($0) }

    @Test func recoversAnExactExponential() throws {
        // y = 5000 exp(-0.04 (x - 100)): A = 5000 e^4 = 272990.75, B = -0.04.
        let y = Self.centers.map { 5000 * exp(-0.04 * ($0 - 100)) }
        let fit = try #require(ExponentialFit.fit(x: Self.centers, y: y))
        #expect(abs(fit.slope + 0.04) < 1e-10)
        #expect(abs(fit.amplitude / (5000 * exp(4)) - 1) < 1e-9)
        #expect(fit.residualSumOfSquares < 1e-12)
    }

    /// Against scipy.optimize.curve_fit(lambda x, A, B: A * np.exp(B * x), centers,
    /// vals, p0=[max(vals[0], 1e-6), -0.03], maxfev=2000), SciPy 1.17.
    @Test func matchesSciPyOnANoisySpectrum() throws {
        let y = [
            4342.355709686463, 2991.690357778137, 2263.368774455139, 1608.6881888700802, 1166.5328217261908,
            851.6004325916621, 543.8516158270221, 444.312471341295, 294.76524908101703, 372.0944281367872,
        ]
        let fit = try #require(ExponentialFit.fit(x: Self.centers, y: y))
        #expect(abs(fit.amplitude / 301459.72611734085 - 1) < 1e-6)
        #expect(abs(fit.slope / -0.040887179538413684 - 1) < 1e-7)
        // The fraction in the window 123.5-126.5 of 100-180: 0.04590551310235525.
        let fraction = fit.integral(from: 123.5, to: 126.5) / fit.integral(from: 100, to: 180)
        #expect(abs(fraction / 0.04590551310235525 - 1) < 1e-7)
    }

    @Test func matchesSciPyOnARisingSpectrumWithANegativeBin() throws {
        let y = [3.0, 2.5, 4.0, -1.0, 5.0, 6.0, 5.5, 7.0, 8.0, 9.5]
        let fit = try #require(ExponentialFit.fit(x: Self.centers, y: y))
        #expect(abs(fit.amplitude / 0.20191959386277478 - 1) < 1e-5)
        #expect(abs(fit.slope / 0.021948493663020055 - 1) < 1e-6)
    }

    /// Near-empty spectra, as a category far from the signal gives: the fit stops at
    /// scipy's tolerances instead of chasing the flat valley (where both stop at
    /// slightly different points: cost within 1e-5, window fraction within 0.5%;
    /// the old 1e-12 tolerances gave up on the first after 2000 iterations). Against
    /// curve_fit(lambda x, a, b: a * np.exp(b * (x - 104)), centers, vals,
    /// p0=[max(vals[0], 1e-6), -0.03], maxfev=10000), SciPy 1.17.
    @Test(arguments: [
        ([0.0, 0, 0, 5, 0, 0, 0, 0, 0, 0], 22.123168721008632, 0.04324324615365548),
        ([0.0, 0, 1, 0, 0, 2, 0, 0, 0, 1], 4.306411588782389, 0.031532086323267705),
    ])
    func sparseSpectraMatchSciPy(y: [Double], residual: Double, windowFraction: Double) throws {
        let fit = try #require(ExponentialFit.fit(x: Self.centers, y: y))
        #expect(abs(fit.residualSumOfSquares / residual - 1) < 1e-5, "\(fit)")
        let fraction = fit.integral(from: 123.5, to: 126.5) / fit.integral(from: 100, to: 180)
        #expect(abs(fraction / windowFraction - 1) < 5e-3, "\(fit)")
    }

    @Test func integralByHand() {
        let fit = ExponentialFit(amplitude: 2, slope: -0.5, residualSumOfSquares: 0, iterations: 0)
        // 2 / -0.5 (e^-1 - e^0) = 4 (1 - e^-1).
        #expect(abs(fit.integral(from: 0, to: 2) - 4 * (1 - exp(-1))) < 1e-15)
        let flat = ExponentialFit(amplitude: 3, slope: 1e-12, residualSumOfSquares: 0, iterations: 0)
        #expect(flat.integral(from: 100, to: 180) == 240)
    }
}
