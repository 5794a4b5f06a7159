import Foundation
import _Differentiation

/// How the significances of several signals combine into one figure of merit.
public enum SignificanceCombination: String, Sendable, Codable, CaseIterable {
    /// One signal: `Z`.
    case single
    /// `(prod_s Z_s)^(1/n)`: gato-hep's `sqrt(Z1 Z2)` for two signals; it rewards
    /// improving the weaker signal.
    case geometricMean = "geometric-mean"
    /// `sqrt(sum_s Z_s^2)`: the significance of all signals as one.
    case quadratureSum = "quadrature-sum"
}

/// A penalty's weight and threshold.
public struct PenaltySetting: Sendable, Equatable, Codable {
    /// The factor lambda the penalty is multiplied by in the loss.
    public var lambda: Double
    /// The threshold (events for the yield penalty, a fraction for the uncertainty).
    public var threshold: Double

    public init(lambda: Double, threshold: Double) {
        self.lambda = lambda
        self.threshold = threshold
    }
}

/// gato-hep's objective: minus a combination of the signals' significances, plus
/// optional penalties on low background yields and on large background
/// Monte-Carlo uncertainties, with optional per-category background factors.
///
/// `loss = -combine(Z_s) + lambda_yield * Penalty.lowBackground(B)
///        + lambda_unc * Penalty.backgroundUncertainty(B, B2)`,
/// with B and B2 the (reweighted) background yields and sums of squared weights.
/// Terms recorded: `Z_<signal>` for each signal, `penalty_yield` and
/// `penalty_uncertainty` (unweighted) when enabled.
public struct SignificanceObjective: Sendable {
    public var signals: [String]
    public var combination: SignificanceCombination
    public var formula: AsimovFormula
    public var yieldPenalty: PenaltySetting?
    public var uncertaintyPenalty: PenaltySetting?
    public var reweighting: BackgroundReweighting?

    /// - Throws: ``CategorizerError`` when `signals` is empty or `single` is used
    ///   with several signals, or a penalty has a negative lambda.
    public init(
        signals: [String], combination: SignificanceCombination? = nil, formula: AsimovFormula = .exact,
        yieldPenalty: PenaltySetting? = nil, uncertaintyPenalty: PenaltySetting? = nil,
        reweighting: BackgroundReweighting? = nil
    ) throws {
        guard !signals.isEmpty else { throw CategorizerError("the objective needs at least one signal") }
        guard Set(signals).count == signals.count else { throw CategorizerError("a signal is listed twice") }
        let combination = combination ?? (signals.count == 1 ? .single : .geometricMean)
        if combination == .single && signals.count != 1 {
            throw CategorizerError("combination 'single' needs exactly one signal, got \(signals.count)")
        }
        for penalty in [yieldPenalty, uncertaintyPenalty].compactMap({ $0 }) where penalty.lambda < 0 {
            throw CategorizerError("a penalty's lambda must be >= 0, got \(penalty.lambda)")
        }
        self.signals = signals
        self.combination = combination
        self.formula = formula
        self.yieldPenalty = yieldPenalty
        self.uncertaintyPenalty = uncertaintyPenalty
        self.reweighting = reweighting
    }

    /// Throws unless every signal is a signal process of `data` and the
    /// reweighting fits (K factors, known background names).
    public func validate(for data: Dataset, categories: Int) throws {
        for name in signals {
            let sample = try data.process(named: name)
            guard sample.role == .signal else {
                throw CategorizerError("objective signal '\(name)' is a background process")
            }
            // Without signal there is nothing to maximise (Z = 0 for every boundary).
            let total = sample.weights.reduce(0, +)
            guard total > 0 else {
                throw EventDataError.invalidSelection(
                    process: name,
                    detail: sample.count == 0
                        ? "a signal to maximise has no events"
                        : "a signal to maximise needs a positive total weight, got \(total) for \(sample.count) events")
            }
        }
        if let reweighting {
            guard reweighting.factors.count == categories else {
                throw CategorizerError(
                    "background factors: \(reweighting.factors.count) values for \(categories) categories")
            }
            for name in reweighting.processes ?? [] {
                let sample = try data.process(named: name)
                guard sample.role == .background else {
                    throw CategorizerError("background factors apply to '\(name)', which is not a background")
                }
            }
        }
    }

    /// The loss and its terms for soft yields `y`.
    @differentiable(reverse)
    public func evaluate(_ y: SoftYields) -> LossEvaluation {
        let z = y.significances(signals: signals, reweighting: reweighting, formula: formula)
        var terms: [LossTerm] = []
        for (name, value) in zip(signals, withoutDerivative(at: z)) { terms.append(LossTerm("soft_Z_\(name)", value)) }
        var loss = -Self.combine(z, combination)
        if yieldPenalty != nil || uncertaintyPenalty != nil {
            let background = y.backgroundYields(reweighting: reweighting)
            if let yieldPenalty {
                let penalty = Penalty.lowBackground(background, threshold: yieldPenalty.threshold)
                loss += yieldPenalty.lambda * penalty
                terms.append(LossTerm("penalty_yield", withoutDerivative(at: penalty)))
            }
            if let uncertaintyPenalty {
                let sumW2 = y.backgroundSumW2(reweighting: reweighting)
                let penalty = Penalty.backgroundUncertainty(
                    background: background, sumW2: sumW2, threshold: uncertaintyPenalty.threshold)
                loss += uncertaintyPenalty.lambda * penalty
                terms.append(LossTerm("penalty_uncertainty", withoutDerivative(at: penalty)))
            }
        }
        return LossEvaluation(loss: loss, terms: terms)
    }

    /// The loss for a model on `data` (soft yields, then ``evaluate(_:)``).
    @differentiable(reverse, wrt: model)
    public func evaluate<Model: Categorizer>(_ model: Model, on data: Dataset, threads: Int? = nil) -> LossEvaluation {
        evaluate(model.softYields(data, threads: threads))
    }

    /// The figure of merit (to maximise) for significances `z`.
    @differentiable(reverse, wrt: z)
    public static func combine(_ z: [Double], _ combination: SignificanceCombination) -> Double {
        switch combination {
        case .single: return z[0]
        case .geometricMean: return geometricMean(z)
        case .quadratureSum:
            var total = 0.0
            for s in 0..<withoutDerivative(at: z.count) { total += z[s] * z[s] }
            return Significance.root(total)
        }
    }

    /// `(prod v)^(1/n)` for v >= 0, with derivative `G / (n v_i)`; 0 (and a zero
    /// derivative) when any value is 0.
    @differentiable(reverse)
    public static func geometricMean(_ values: [Double]) -> Double {
        if values.contains(where: \.isNaN) { return .nan }
        guard values.allSatisfy({ $0 > 0 }) else { return 0 }
        let logMean = values.reduce(0) { $0 + log($1) } / Double(values.count)
        return exp(logMean)
    }

    @derivative(of: geometricMean)
    @usableFromInline
    static func vjpGeometricMean(_ values: [Double]) -> (value: Double, pullback: (Double) -> Array<Double>.TangentVector) {
        let g = geometricMean(values)
        let n = Double(values.count)
        return (g, { upstream in
            .init(values.map { v in g > 0 ? upstream * g / (n * v) : 0 })
        })
    }
}
