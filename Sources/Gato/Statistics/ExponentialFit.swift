import Foundation

/// An unweighted least-squares fit of `f(x) = A exp(B x)` to points, as gato-hep
/// fits the background mass spectrum of a category with
/// `scipy.optimize.curve_fit(A * exp(B * x), centers, values)`.
///
/// Minimises `sum_i (y_i - A exp(B x_i))^2` by Levenberg-Marquardt (Marquardt's
/// diagonal scaling). The model is evaluated internally as `a exp(B (x - x0))`
/// with `x0` the first point, the same family of curves (`A = a exp(-B x0)`): far
/// better conditioned when x is a mass of 100 GeV and B is -0.03 per GeV, and so
/// the same minimum is reached more reliably. The start has gato-hep's slope
/// `B = -0.03` and passes through the first point, `f(x0) = max(y_0, 1e-6)`
/// (gato-hep passes `p0 = (max(y_0, 1e-6), -0.03)` to `A exp(B x)` itself, which
/// starts at `f(x0) = 0.04 y_0` for a mass near 105 GeV; on well-filled spectra
/// both reach the same minimum, on a near-empty one they may end in different
/// local minima).
///
/// Stops, as MINPACK's `lmdif` with scipy's defaults, when a step changes the cost
/// by at most `1.49e-8` of it or both parameters by at most `1.49e-8` of their
/// size: tighter tolerances only chase the flat valleys of sparse spectra (a
/// spectrum with one filled bin takes thousands of iterations to reach 1e-12).
public struct ExponentialFit: Sendable, Equatable {
    /// The amplitude A of `A exp(B x)`.
    public var amplitude: Double
    /// The slope B of `A exp(B x)`.
    public var slope: Double
    /// The sum of squared residuals at the minimum.
    public var residualSumOfSquares: Double
    /// The number of Levenberg-Marquardt iterations taken.
    public var iterations: Int

    /// The fitted curve at x.
    public func callAsFunction(_ x: Double) -> Double { amplitude * exp(slope * x) }

    /// `integral_{x1}^{x2} A exp(B x) dx`; `A (x2 - x1)` when |B| < 1e-10 (as gato-hep).
    public func integral(from x1: Double, to x2: Double) -> Double {
        if abs(slope) < 1e-10 { return amplitude * (x2 - x1) }
        return amplitude / slope * (exp(slope * x2) - exp(slope * x1))
    }

    /// Fits `A exp(B x)` to `(x, y)`; nil when the fit does not converge in
    /// `maxIterations` iterations or produces a non-finite value (gato-hep then
    /// falls back to a default).
    ///
    /// - Precondition: `x` and `y` have the same count, at least 2.
    public static func fit(x: [Double], y: [Double], maxIterations: Int = 2000) -> ExponentialFit? {
        let tolerance = 1.49012e-8  // sqrt(Double.ulpOfOne), scipy's ftol and xtol
        require(x.count == y.count && x.count >= 2, "at least two points, one y per x")
        let x0 = x[0]
        let u = x.map { $0 - x0 }
        func residuals(_ a: Double, _ b: Double) -> [Double] { zip(u, y).map { $1 - a * exp(b * $0) } }
        func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

        var a = max(y[0], 1e-6)
        var b = -0.03
        var r = residuals(a, b)
        var s = cost(r)
        var lambda = 1e-3
        for iteration in 1...maxIterations {
            // J = d f / d(a, b); the normal equations (J^T J + lambda diag(J^T J)) delta = J^T r.
            var jaa = 0.0, jab = 0.0, jbb = 0.0, ga = 0.0, gb = 0.0
            for i in u.indices {
                let e = exp(b * u[i])
                let da = e
                let db = a * u[i] * e
                jaa += da * da
                jab += da * db
                jbb += db * db
                ga += da * r[i]
                gb += db * r[i]
            }
            var improved = false
            while lambda < 1e16 {
                let m11 = jaa * (1 + lambda), m22 = jbb * (1 + lambda), m12 = jab
                let determinant = m11 * m22 - m12 * m12
                guard determinant != 0, determinant.isFinite else { lambda *= 10; continue }
                let deltaA = (m22 * ga - m12 * gb) / determinant
                let deltaB = (m11 * gb - m12 * ga) / determinant
                let candidate = residuals(a + deltaA, b + deltaB)
                let candidateCost = cost(candidate)
                if candidateCost.isFinite && candidateCost <= s {
                    let converged =
                        abs(deltaA) <= tolerance * (abs(a) + tolerance) && abs(deltaB) <= tolerance * (abs(b) + tolerance)
                        || s - candidateCost <= tolerance * s
                    a += deltaA
                    b += deltaB
                    r = candidate
                    s = candidateCost
                    lambda = max(lambda / 10, 1e-15)
                    improved = true
                    if converged {
                        return finish(a, b, x0, s, iteration)
                    }
                    break
                }
                lambda *= 10
            }
            // No step lowers the cost: a (local) minimum to working precision.
            if !improved { return finish(a, b, x0, s, iteration) }
        }
        return nil
    }

    private static func finish(_ a: Double, _ b: Double, _ x0: Double, _ s: Double, _ iterations: Int) -> ExponentialFit? {
        let amplitude = a * exp(-b * x0)
        guard amplitude.isFinite, b.isFinite, s.isFinite else { return nil }
        return ExponentialFit(amplitude: amplitude, slope: b, residualSumOfSquares: s, iterations: iterations)
    }
}
