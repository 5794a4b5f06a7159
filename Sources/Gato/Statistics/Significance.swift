import Foundation
import _Differentiation

/// Which Asimov significance formula an objective or a report uses.
public enum AsimovFormula: String, Sendable, Codable, CaseIterable {
    /// `Z_A = sqrt(2((s + b) ln(1 + s/b) - s))`, evaluated stably for every s/b
    /// (``Significance/asimov(signal:background:)``). The default everywhere.
    case exact
    /// gato-hep's `asymptotic_significance`: `s / sqrt(b)` when s/b < 0.1, else the
    /// exact formula. Its value and gradient jump by about 1.6% at s/b = 0.1; kept
    /// to compare with gato-hep.
    case gatoHep = "gato-hep"
}

/// Discovery significances for counting experiments.
///
/// All functions take expected signal and background yields (sums of event
/// weights, in any unit: events, femtobarns, or a normalisation of one's own) and
/// are differentiable with hand-written derivatives, so that objectives never meet
/// `0 * infinity` at empty categories.
///
/// Units: `Z_A^2 = 2((s + b) ln(1 + s/b) - s)` is homogeneous of degree 1 in
/// (s, b), so rescaling every weight by lambda multiplies every `Z_A^2` by lambda
/// and every `Z_A` by `sqrt(lambda)`, and leaves every comparison of categories
/// unchanged. Every floor here is relative to the signal for that reason (an
/// absolute floor such as gato-hep's `max(b, 1e-9)` means "nearly empty" for
/// weights of order 1 but "as large as the data" for weights of order 1e-9).
public enum Significance {
    /// The background floor as a fraction of the signal: `b_eff = max(b, 1e-9 s)`.
    ///
    /// A category whose background is below `1e-9 s` (empty, or summing to zero or
    /// less with negative weights) is treated as nearly background-free: its
    /// `Z_A^2 = 2 s ((1 + 1e-9) ln(1 + 1e9) - 1) = 39.45 s`, the value at
    /// `s/b = 1e9`, large but finite. Relative to s, so that the floor does not
    /// depend on the units of the weights (see the type's documentation); gato-hep
    /// floors at an absolute 1e-9 instead, the same for s of order 1.
    public static let backgroundFloorFraction = 1e-9

    /// The background used in place of `b`: `max(b, backgroundFloorFraction * s)`.
    @inlinable
    public static func effectiveBackground(signal s: Double, background b: Double) -> Double {
        Swift.max(b, backgroundFloorFraction * s)
    }

    /// The squared Asimov significance `q = Z_A^2 = 2((s + b) ln(1 + s/b) - s)`
    /// (Cowan, Cranmer, Gross, Vitells, arXiv:1007.1727, eq. 97), in the units of
    /// the weights (q scales as they do).
    ///
    /// Evaluated as `q = 2 b h(s/b)` with `h(r) = (1 + r) ln(1 + r) - r`. For
    /// `r < 0.1` the two terms of h cancel (h ~ r^2/2 while each term ~ r), so h is
    /// summed from its series `sum_{n >= 2} (-1)^n r^n / (n (n - 1))` (terms to n = 20:
    /// truncation below 1e-18 relative); otherwise `log1p` is used. The two forms
    /// agree to about 5e-15 relative at r = 0.1, so q is continuous there (measured
    /// against 50-digit mpmath values: relative error below 5e-15 for every s/b).
    ///
    /// Edge cases: `b` is floored at `1e-9 s` (``backgroundFloorFraction``), so r is
    /// at most 1e9; `s <= 0` gives 0 (the discovery test is one-sided: a deficit is
    /// no evidence for a signal; with negative event weights a soft signal yield can
    /// be negative). q and its derivatives are continuous at s = 0. A background of
    /// zero or less (possible with negative event weights) is floored too, so it
    /// counts as nearly no background: watch for categories whose background sums to
    /// zero or less. A NaN input gives NaN (so that a training that diverged stops
    /// on a non-finite loss).
    ///
    /// Derivatives: above the floor `dq/ds = 2 ln(1 + r)` and
    /// `dq/db = 2 (ln(1 + r) - r)` (the latter also from a series for small r). On
    /// the floor (`b < 1e-9 s`) `q = 2 s (1e-9 h(1e9))` is linear in s:
    /// `dq/ds = 2e-9 h(1e9) = 39.45` and `dq/db = 0`. q is continuous across the
    /// floor; its derivatives jump there, as at gato-hep's absolute floor.
    @differentiable(reverse)
    public static func asimovSquared(signal s: Double, background b: Double) -> Double {
        if s.isNaN || b.isNaN { return .nan }
        guard s > 0 else { return 0 }
        let bEff = effectiveBackground(signal: s, background: b)
        let r = s / bEff
        return 2 * bEff * h(r)
    }

    /// The Asimov significance `Z_A = sqrt(asimovSquared)`, >= 0.
    /// Z_A(50, 100) = 4.6518.
    @differentiable(reverse)
    public static func asimov(signal s: Double, background b: Double) -> Double {
        root(asimovSquared(signal: s, background: b))
    }

    /// gato-hep's switched significance: `s / sqrt(b_eff)` when `s / b_eff < 0.1`,
    /// else the exact formula (evaluated directly, as gato-hep does), with
    /// `b_eff = max(b, 1e-9 s)` as in ``asimovSquared(signal:background:)`` (gato-hep
    /// floors at an absolute 1e-9). Z scales as `sqrt(lambda)` when every weight is
    /// multiplied by lambda. For `s <= 0` and `b > 0`, `s / sqrt(b)` (<= 0) as in
    /// gato-hep; 0 when neither s nor b is positive.
    @differentiable(reverse)
    public static func gatoHep(signal s: Double, background b: Double) -> Double {
        var bEff = b
        let floor = backgroundFloorFraction * s
        if b < floor { bEff = floor }
        // No signal and no background: 0 (gato-hep's absolute floor gave 0 / sqrt(1e-9)).
        if !(bEff > 0) { return bEff.isNaN ? .nan : 0 }
        let ratio = s / bEff
        if ratio < 0.1 { return s / bEff.squareRoot() }
        return (2 * ((s + bEff) * log(1 + ratio) - s)).squareRoot()
    }

    /// The combined significance of independent categories,
    /// `Z = sqrt(sum_k Z_k^2)`, with `Z_k` by `formula`.
    ///
    /// - Precondition: `signal` and `background` have the same count.
    @differentiable(reverse)
    public static func combined(signal: [Double], background: [Double], formula: AsimovFormula = .exact) -> Double {
        require(signal.count == background.count, "one background per signal yield")
        var total = 0.0
        for k in 0..<withoutDerivative(at: signal.count) {
            switch formula {
            case .exact:
                total += asimovSquared(signal: signal[k], background: background[k])
            case .gatoHep:
                let z = gatoHep(signal: signal[k], background: background[k])
                total += z * z
            }
        }
        return root(total)
    }

    /// `sqrt(x)` for x >= 0 with derivative `1 / (2 sqrt(x))`, taken as 0 at x = 0
    /// (where a sum of squared significances vanishes, no direction improves it to
    /// first order); NaN for NaN.
    @differentiable(reverse)
    public static func root(_ x: Double) -> Double { x > 0 ? x.squareRoot() : (x.isNaN ? .nan : 0) }

    // MARK: Stable pieces

    /// `h(r) = (1 + r) ln(1 + r) - r` for r > 0.
    static func h(_ r: Double) -> Double {
        if r < 0.1 {
            // sum_{n >= 2} (-1)^n r^n / (n (n - 1)), smallest terms first.
            var total = 0.0
            for n in stride(from: 20, through: 2, by: -1) {
                let term = pow(r, Double(n)) / Double(n * (n - 1))
                total += n % 2 == 0 ? term : -term
            }
            return total
        }
        return (1 + r) * log1p(r) - r
    }

    /// `ln(1 + r) - r` for r > 0 (the b-derivative of q is 2 times this).
    static func logOnePlusMinus(_ r: Double) -> Double {
        if r < 0.1 {
            // sum_{n >= 2} (-1)^(n+1) r^n / n
            var total = 0.0
            for n in stride(from: 20, through: 2, by: -1) {
                let term = pow(r, Double(n)) / Double(n)
                total += n % 2 == 0 ? -term : term
            }
            return total
        }
        return log1p(r) - r
    }
}

extension Significance {
    @derivative(of: asimovSquared(signal:background:))
    @usableFromInline
    static func vjpAsimovSquared(signal s: Double, background b: Double) -> (
        value: Double, pullback: (Double) -> (Double, Double)
    ) {
        if s.isNaN || b.isNaN { return (.nan, { _ in (.nan, .nan) }) }
        guard s > 0 else { return (0, { _ in (0, 0) }) }
        let floor = backgroundFloorFraction * s
        let floored = b < floor
        let bEff = floored ? floor : b
        let r = s / bEff
        // On the floor q = 2 f s h(1/f) with f = backgroundFloorFraction: linear in s.
        let dS = floored ? 2 * backgroundFloorFraction * h(r) : 2 * log1p(r)
        let dB = floored ? 0 : 2 * logOnePlusMinus(r)
        return (2 * bEff * h(r), { upstream in (upstream * dS, upstream * dB) })
    }

    @derivative(of: root)
    @usableFromInline
    static func vjpRoot(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
        if x.isNaN { return (.nan, { _ in .nan }) }
        guard x > 0 else { return (0, { _ in 0 }) }
        let value = x.squareRoot()
        return (value, { upstream in upstream / (2 * value) })
    }
}
