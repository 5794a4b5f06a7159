import _Differentiation

/// A named number recorded with a loss: a significance, a penalty.
public struct LossTerm: Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// The value of an objective and the terms it was made of.
///
/// The trainer differentiates `loss` and records `terms` (for example
/// `soft_Z_signal1`, the significance of the soft yields, and `penalty_yield`) in
/// the history. A custom objective returns one:
///
/// ```swift
/// let objective: @differentiable(reverse) (GaussianMixtureCategorizer) -> LossEvaluation = { m in
///     let z = m.softYields(data).significances(signals: ["signal"])[0]
///     return LossEvaluation(loss: -z, terms: [LossTerm("soft_Z_signal", withoutDerivative(at: z))])
/// }
/// ```
public struct LossEvaluation: Differentiable, Sendable {
    /// The number to minimise.
    public var loss: Double
    /// Named parts, recorded but not differentiated.
    @noDerivative public var terms: [LossTerm]

    @differentiable(reverse)
    public init(loss: Double, terms: [LossTerm] = []) {
        self.loss = loss
        self.terms = terms
    }

    /// The value of term `name`, or nil.
    public func term(_ name: String) -> Double? { terms.first { $0.name == name }?.value }
}
