import Foundation
import _Differentiation

/// One discriminant of a ``SigmoidCutCategorizer``: its number of bins, its range
/// and optionally its own steepness.
public struct CutVariable: Sendable, Equatable, Codable {
    /// A label for logs and plots.
    public var name: String
    /// The number of bins n >= 2 (n - 1 trainable boundaries).
    public var bins: Int
    /// The range of the discriminant; the boundaries stay strictly inside it.
    public var range: ClosedRange<Double>
    /// The initial sigmoid steepness k, in 1 / (units of the discriminant); nil
    /// means the categorizer's default (gato-hep's global default 5.0). A steepness
    /// schedule keeps the ratios between the variables' steepnesses
    /// (``SigmoidCutCategorizer/annealSteepness(to:)``).
    public var steepness: Double?

    public init(name: String, bins: Int, range: ClosedRange<Double> = 0...1, steepness: Double? = nil) {
        self.name = name
        self.bins = bins
        self.range = range
        self.steepness = steepness
    }
}

/// The sigmoid-cut categorizer of gato-hep (`gato_sigmoid_model`): each discriminant
/// j is cut into n_j bins by n_j - 1 ordered boundaries; the category is the
/// Cartesian product of the bins, first variable slowest
/// (`k = i_0 n_1 n_2 ... + ... + i_last`, K = prod n_j).
///
/// Parameters (trained): `raw`, the n_j - 1 values of every variable concatenated
/// in variable order, initialised Uniform(-2, 2). Boundaries in (0, 1):
/// `u = cumsum(softmax([raw_j, 0]))` without its last element (ordered, strictly
/// inside the range by construction); physical boundary `lo + u (hi - lo)`.
///
/// Soft weights per variable: `s_m = sigmoid(k_j (x_j - b_m))`, evaluated as
/// `1 / (1 + exp(clip(-k_j (x_j - b_m), -75, 75)))` (gato-hep's `safe_sigmoid`;
/// the derivative is zero where the clip is active, as in TensorFlow); bin weights
/// `1 - s_1`, `s_m - s_(m+1)`, `s_last`; a category's weight is the product of its
/// variables' bin weights. Rows sum to 1 exactly in exact arithmetic.
///
/// Hard assignment: the bin that contains x (`x <= b` goes left), the limit of the
/// soft weights' argmax as the steepness grows. (At a finite steepness the argmax
/// of the soft weights can differ in bins narrower than about 1/k; the interval is
/// what the boundaries mean in an analysis, and what gato-hep's examples histogram.)
public struct SigmoidCutCategorizer: Differentiable, Sendable {
    /// Raw boundary parameters, `sum_j (n_j - 1)` values in variable order.
    public var raw: [Double]

    /// The discriminants, in feature-column order: variable j reads feature j.
    @noDerivative public let variables: [CutVariable]
    /// The current steepness of each variable (set by a schedule, not trained).
    @noDerivative public var steepness: [Double]
    /// K = prod n_j.
    @noDerivative public let categoryCount: Int

    /// gato-hep's default steepness for variables that do not set their own.
    public static let defaultSteepness = 5.0

    /// Creates a categorizer with gato-hep's random initial boundaries.
    /// - Throws: ``CategorizerError`` for no variable, fewer than 2 bins, an empty
    ///   or non-finite range, or a non-positive steepness.
    public init(
        variables: [CutVariable], defaultSteepness: Double = Self.defaultSteepness,
        generator: inout Xoshiro256StarStar
    ) throws {
        try Self.check(variables, defaultSteepness: defaultSteepness)
        var raw: [Double] = []
        for variable in variables {
            for _ in 0..<(variable.bins - 1) { raw.append(generator.nextUniform(in: -2, 2)) }
        }
        try self.init(variables: variables, defaultSteepness: defaultSteepness, raw: raw)
    }

    /// Creates a categorizer with the given raw parameters (for example from a checkpoint).
    public init(variables: [CutVariable], defaultSteepness: Double = Self.defaultSteepness, raw: [Double]) throws {
        try Self.check(variables, defaultSteepness: defaultSteepness)
        let expected = variables.reduce(0) { $0 + $1.bins - 1 }
        guard raw.count == expected else {
            throw CategorizerError("raw has \(raw.count) values, expected \(expected) (bins - 1 per variable)")
        }
        guard raw.allSatisfy(\.isFinite) else { throw CategorizerError("raw contains a non-finite value") }
        self.raw = raw
        self.variables = variables
        self.steepness = variables.map { $0.steepness ?? defaultSteepness }
        self.categoryCount = variables.reduce(1) { $0 * $1.bins }
    }

    private static func check(_ variables: [CutVariable], defaultSteepness: Double) throws {
        guard !variables.isEmpty else { throw CategorizerError("the cut model needs at least one variable") }
        for variable in variables {
            guard variable.bins >= 2 else {
                throw CategorizerError("variable '\(variable.name)': bins must be at least 2, got \(variable.bins)")
            }
            guard variable.range.lowerBound.isFinite, variable.range.upperBound.isFinite,
                variable.range.lowerBound < variable.range.upperBound
            else {
                throw CategorizerError("variable '\(variable.name)': range \(variable.range) must be finite with lo < hi")
            }
            let k = variable.steepness ?? defaultSteepness
            guard k > 0, k.isFinite else {
                throw CategorizerError("variable '\(variable.name)': steepness must be positive and finite, got \(k)")
            }
        }
    }

    /// The number of discriminants (the feature dimension D).
    public var dimension: Int { variables.count }

    /// The offset of variable j's raw values in ``raw``.
    package func rawOffset(_ j: Int) -> Int { variables[0..<j].reduce(0) { $0 + $1.bins - 1 } }

    /// The ordered boundaries of variable j in (0, 1).
    public func unitBoundaries(_ j: Int) -> [Double] {
        let n = variables[j].bins
        let offset = rawOffset(j)
        let logits = Array(raw[offset..<(offset + n - 1)]) + [0]
        let maximum = logits.max()!
        let exps = logits.map { exp($0 - maximum) }
        let total = exps.reduce(0, +)
        var cumulative = 0.0
        var result: [Double] = []
        for a in 0..<(n - 1) {
            cumulative += exps[a] / total
            result.append(cumulative)
        }
        return result
    }

    /// The ordered boundaries of variable j in the units of the discriminant.
    public func boundaries(_ j: Int) -> [Double] {
        let range = variables[j].range
        return unitBoundaries(j).map { range.lowerBound + $0 * (range.upperBound - range.lowerBound) }
    }

    /// The cuts of a one-variable model, nil otherwise.
    public var oneDimensionalBoundaries: [Double]? { dimension == 1 ? boundaries(0) : nil }

    /// The boundaries of every variable.
    public func allBoundaries() -> [[Double]] { variables.indices.map(boundaries) }

    /// Sets every variable's steepness to `value`.
    public mutating func setSteepness(_ value: Double) {
        steepness = Array(repeating: value, count: variables.count)
    }

    /// What a steepness schedule does: the first variable's steepness becomes
    /// `value` and every other variable's is scaled by the same factor, keeping its
    /// ratio to the first. With equal steepnesses (the usual case) every variable
    /// gets `value`, as gato-hep's SteepnessScheduler; variables in different units
    /// (a score in [0, 1] and a mass in GeV) keep the ratio their ``CutVariable``
    /// steepness gave them.
    public mutating func annealSteepness(to value: Double) {
        let factor = value / steepness[0]
        steepness = steepness.map { $0 * factor }
        steepness[0] = value
    }

    /// The per-variable bin indices of category k (first variable slowest).
    public func binIndices(ofCategory k: Int) -> [Int] {
        var rest = k
        var result = [Int](repeating: 0, count: variables.count)
        for j in stride(from: variables.count - 1, through: 0, by: -1) {
            result[j] = rest % variables[j].bins
            rest /= variables[j].bins
        }
        return result
    }
}
