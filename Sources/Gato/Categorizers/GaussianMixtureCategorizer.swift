import Foundation
import _Differentiation

/// How the raw `means` parameters map to points in feature space.
public enum MeanNormalization: String, Sendable, Codable, CaseIterable {
    /// `mu_k = softmax([means_k, 0])[0..<D]`: a point inside the D-simplex, right for
    /// the first D scores of a (D+1)-class softmax classifier.
    case softmax
    /// `mu_kd = lo_d + sigmoid(means_kd) (hi_d - lo_d)`: a point in the box `meanRange`,
    /// right for independent discriminants.
    case sigmoid
}

/// A problem with a categorizer's configuration or parameters.
public struct CategorizerError: InputError, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension CategorizerError: LocalizedError {
    public var errorDescription: String? { message }
}

/// The Gaussian-mixture categorizer of gato-hep (`gato_gmm_model`): K Gaussian
/// components in D dimensions; an event belongs softly to each component by its
/// posterior probability at temperature T.
///
/// Parameters (trained), with gato-hep's names and initial values:
/// - `mixtureLogits` (K), initialised Normal(0, 0.1^2);
/// - `means` (K x D, row-major), initialised Normal(0, 2^2);
/// - `unconstrainedL` (K x D x D, row-major), initialised to zero.
///
/// Derived quantities:
/// - effective means `mu_k`, see ``MeanNormalization``;
/// - Cholesky factors `L_k`: the lower triangle of `unconstrainedL_k`, strictly-lower
///   entries times `offDiagonalDamping`, diagonal `sigmaBase * exp(raw)`;
/// - `log N_k(x) = -|L_k^-1 (x - mu_k)|^2 / 2 - sum_d log L_k,dd - D/2 log(2 pi)`;
/// - `log pi = log_softmax(mixtureLogits)`;
/// - soft assignment `gamma_ik = softmax_k((log N_k(x_i) + log pi_k) / T)`;
/// - hard assignment `argmax_k gamma_ik` (independent of T; ties go to the lower k).
///
/// `sigmaBase = (V_simplex / (K V_ball))^(1/m)` with `m = max(D - 1, 1)`,
/// `V_simplex = sqrt(D) / (D - 1)!` and `V_ball = pi^(m/2) / Gamma(m/2 + 1)`: the
/// radius at which K balls fill the simplex, so that the initial components tile the
/// feature space rather than overlap (D = 1: 1/(2K); D = 2: sqrt(2)/(2K)).
public struct GaussianMixtureCategorizer: Differentiable, Sendable {
    /// Mixture logits, K values.
    public var mixtureLogits: [Double]
    /// Raw means, K x D, row-major.
    public var means: [Double]
    /// Unconstrained Cholesky parameters, K x D x D, row-major; only the lower
    /// triangle (diagonal included) is used.
    public var unconstrainedL: [Double]

    /// The number of categories K.
    @noDerivative public let categoryCount: Int
    /// The feature dimension D.
    @noDerivative public let dimension: Int
    /// The softmax temperature T > 0 (not trained; annealed by a schedule).
    @noDerivative public var temperature: Double
    /// How raw means map to feature space.
    @noDerivative public let meanNormalization: MeanNormalization
    /// One (lo, hi) range per dimension: where sigmoid-normalised means live, and
    /// the range probed for 1-D boundaries.
    @noDerivative public let meanRange: [ClosedRange<Double>]
    /// The factor applied to the strictly-lower Cholesky entries (default 0.1): it
    /// slows the rotation of the components relative to their widths, which gato-hep
    /// found to stabilise training.
    @noDerivative public let offDiagonalDamping: Double
    /// The default ``offDiagonalDamping``, 0.1: gato-hep's `cov_offdiag_damping`.
    public static let defaultOffDiagonalDamping = 0.1
    /// The arithmetic of the event loops (default `.double`, the reference; training
    /// in the command-line tool uses `.single`, see ``KernelPrecision``).
    @noDerivative public var precision: KernelPrecision = .double

    /// Creates a categorizer with gato-hep's random initial parameters.
    ///
    /// With sigmoid-normalised means, the diagonal of `unconstrained_L` starts at
    /// `log(hi_d - lo_d)` instead of gato-hep's 0, so that the initial widths are
    /// `sigma_base` in units of each dimension's range: the same model as gato-hep's
    /// on features rescaled to [0, 1]. gato-hep's zeros give widths of about 0.2 in
    /// the feature's own units, and for a feature such as a mass in GeV every event
    /// then sits hundreds of widths from every mean, the temperature softmax is
    /// saturated and no gradient reaches the parameters: training does nothing.
    /// For ranges of width 1 (every gato-hep example) the two are identical.
    ///
    /// - Parameters:
    ///   - categories: K >= 2.
    ///   - dimension: D >= 1.
    ///   - temperature: T > 0 (gato-hep's default 1.0).
    ///   - meanNormalization: `.softmax` (default) or `.sigmoid`.
    ///   - meanRange: one range for every dimension, or one per dimension
    ///     (default [0, 1]).
    ///   - offDiagonalDamping: default 0.1.
    ///   - generator: the source of the initial values (mixture logits first, then
    ///     the means row by row).
    public init(
        categories: Int, dimension: Int, temperature: Double = 1.0,
        meanNormalization: MeanNormalization = .softmax,
        meanRange: [ClosedRange<Double>] = [0...1],
        offDiagonalDamping: Double = defaultOffDiagonalDamping,
        generator: inout Xoshiro256StarStar
    ) throws {
        try Self.checkConfiguration(
            categories: categories, dimension: dimension, temperature: temperature,
            meanRange: meanRange, offDiagonalDamping: offDiagonalDamping)
        var logits: [Double] = []
        for _ in 0..<categories { logits.append(generator.nextNormal(mean: 0, standardDeviation: 0.1)) }
        var rawMeans: [Double] = []
        for _ in 0..<(categories * dimension) {
            rawMeans.append(generator.nextNormal(mean: 0, standardDeviation: 2.0))
        }
        var rawL = [Double](repeating: 0, count: categories * dimension * dimension)
        if meanNormalization == .sigmoid {
            let ranges = meanRange.count == 1 ? Array(repeating: meanRange[0], count: dimension) : meanRange
            for k in 0..<categories {
                for d in 0..<dimension {
                    rawL[(k * dimension + d) * dimension + d] = log(ranges[d].upperBound - ranges[d].lowerBound)
                }
            }
        }
        try self.init(
            categories: categories, dimension: dimension, temperature: temperature,
            meanNormalization: meanNormalization, meanRange: meanRange,
            offDiagonalDamping: offDiagonalDamping, mixtureLogits: logits, means: rawMeans,
            unconstrainedL: rawL)
    }

    /// Creates a categorizer with the given parameters (for example from a checkpoint).
    /// - Throws: ``CategorizerError`` when a setting is out of range or a parameter
    ///   array has the wrong length or a non-finite value.
    public init(
        categories: Int, dimension: Int, temperature: Double = 1.0,
        meanNormalization: MeanNormalization = .softmax,
        meanRange: [ClosedRange<Double>] = [0...1],
        offDiagonalDamping: Double = defaultOffDiagonalDamping,
        mixtureLogits: [Double], means: [Double], unconstrainedL: [Double]
    ) throws {
        try Self.checkConfiguration(
            categories: categories, dimension: dimension, temperature: temperature,
            meanRange: meanRange, offDiagonalDamping: offDiagonalDamping)
        let shapes: [(String, [Double], Int, String)] = [
            ("mixture_logits", mixtureLogits, categories, "\(categories)"),
            ("means", means, categories * dimension, "\(categories) x \(dimension)"),
            ("unconstrained_L", unconstrainedL, categories * dimension * dimension,
             "\(categories) x \(dimension) x \(dimension)"),
        ]
        for (name, values, expected, shape) in shapes {
            guard values.count == expected else {
                throw CategorizerError("\(name) has \(values.count) values, expected \(shape) = \(expected)")
            }
            guard values.allSatisfy(\.isFinite) else {
                throw CategorizerError("\(name) contains a non-finite value")
            }
        }
        self.mixtureLogits = mixtureLogits
        self.means = means
        self.unconstrainedL = unconstrainedL
        self.categoryCount = categories
        self.dimension = dimension
        self.temperature = temperature
        self.meanNormalization = meanNormalization
        self.meanRange = meanRange.count == 1 ? Array(repeating: meanRange[0], count: dimension) : meanRange
        self.offDiagonalDamping = offDiagonalDamping
    }

    private static func checkConfiguration(
        categories: Int, dimension: Int, temperature: Double, meanRange: [ClosedRange<Double>],
        offDiagonalDamping: Double
    ) throws {
        guard categories >= 2 else { throw CategorizerError("n_cats must be at least 2, got \(categories)") }
        guard dimension >= 1 else { throw CategorizerError("dim must be at least 1, got \(dimension)") }
        guard temperature > 0, temperature.isFinite else {
            throw CategorizerError("temperature must be positive and finite, got \(temperature)")
        }
        guard meanRange.count == 1 || meanRange.count == dimension else {
            throw CategorizerError(
                "mean_range needs one range or one per dimension (\(dimension)), got \(meanRange.count)")
        }
        for range in meanRange where !(range.lowerBound.isFinite && range.upperBound.isFinite)
            || range.lowerBound >= range.upperBound
        {
            throw CategorizerError("mean_range \(range) must be finite with lo < hi")
        }
        guard offDiagonalDamping.isFinite, offDiagonalDamping >= 0 else {
            throw CategorizerError("cov_offdiag_damping must be finite and non-negative, got \(offDiagonalDamping)")
        }
    }

    // MARK: Derived quantities

    /// `sigmaBase` for K categories in D dimensions (see the type's documentation).
    public static func sigmaBase(categories: Int, dimension: Int) -> Double {
        let m = Double(max(dimension - 1, 1))
        var factorial = 1.0
        if dimension > 1 { for j in 1..<dimension { factorial *= Double(j) } }
        let simplexVolume = Double(dimension).squareRoot() / factorial
        let ballVolume = pow(Double.pi, m / 2) / tgamma(m / 2 + 1)
        return pow(simplexVolume / (Double(categories) * ballVolume), 1 / m)
    }

    /// `sigmaBase` of this model.
    public var sigmaBase: Double { Self.sigmaBase(categories: categoryCount, dimension: dimension) }

    /// The effective means `mu_k`, K x D row-major, in feature units.
    public func effectiveMeans() -> [Double] {
        let (k, d) = (categoryCount, dimension)
        var result = [Double](repeating: 0, count: k * d)
        for c in 0..<k {
            switch meanNormalization {
            case .softmax:
                // softmax over (means_c, 0), keeping the first D entries.
                var maximum = 0.0
                for j in 0..<d { maximum = max(maximum, means[c * d + j]) }
                var total = exp(-maximum)
                for j in 0..<d { total += exp(means[c * d + j] - maximum) }
                for j in 0..<d { result[c * d + j] = exp(means[c * d + j] - maximum) / total }
            case .sigmoid:
                for j in 0..<d {
                    let range = meanRange[j]
                    result[c * d + j] = range.lowerBound
                        + Self.sigmoid(means[c * d + j]) * (range.upperBound - range.lowerBound)
                }
            }
        }
        return result
    }

    /// The Cholesky factors `L_k` (lower triangular, positive diagonal), K x D x D.
    public func choleskyFactors() -> [Double] {
        let (k, d) = (categoryCount, dimension)
        let base = sigmaBase
        var result = [Double](repeating: 0, count: k * d * d)
        for c in 0..<k {
            for i in 0..<d {
                for j in 0...i {
                    let raw = unconstrainedL[(c * d + i) * d + j]
                    result[(c * d + i) * d + j] = i == j ? base * exp(raw) : offDiagonalDamping * raw
                }
            }
        }
        return result
    }

    /// The covariance matrices `L_k L_k^T`, K x D x D, in feature units squared.
    public func covariances() -> [Double] {
        let (k, d) = (categoryCount, dimension)
        let factors = choleskyFactors()
        var result = [Double](repeating: 0, count: k * d * d)
        for c in 0..<k {
            for i in 0..<d {
                for j in 0..<d {
                    var total = 0.0
                    for m in 0...min(i, j) { total += factors[(c * d + i) * d + m] * factors[(c * d + j) * d + m] }
                    result[(c * d + i) * d + j] = total
                }
            }
        }
        return result
    }

    /// The log mixture weights `log pi_k = log_softmax(mixtureLogits)`.
    public func logMixtureWeights() -> [Double] {
        let maximum = mixtureLogits.max() ?? 0
        let logTotal = log(mixtureLogits.reduce(0) { $0 + exp($1 - maximum) }) + maximum
        return mixtureLogits.map { $0 - logTotal }
    }

    /// The mixture weights `pi_k`, summing to 1.
    public func mixtureWeights() -> [Double] { logMixtureWeights().map { exp($0) } }

    @inline(__always)
    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
}
