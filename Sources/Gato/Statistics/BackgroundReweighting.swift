import _Differentiation

/// Per-category factors applied to (some of) the backgrounds, for example the
/// fraction of a sideband-fitted continuum that falls in the signal window.
///
/// `B_k = static_k + f_k * reweighted_k`, where `reweighted` sums the named
/// background processes (all backgrounds when `processes` is nil) and `static`
/// the other backgrounds.
///
/// The sum of squared weights of the reweighted part is scaled by `f_k^2` by
/// default: the factor multiplies every event weight, so `sum (f w)^2 = f^2 sum w^2`.
/// gato-hep scales it by `f_k`; ``SumW2Scaling/linear`` reproduces that.
public struct BackgroundReweighting: Sendable, Equatable, Codable {
    /// How the factors scale the sum of squared weights.
    public enum SumW2Scaling: String, Sendable, Codable, CaseIterable {
        /// `f^2` (correct for a factor on every event weight). The default.
        case squared
        /// `f` (gato-hep 0.2.1).
        case linear
    }

    /// One factor per category.
    public var factors: [Double]
    /// The background processes the factors apply to; nil means every background.
    public var processes: [String]?
    /// How the sum of squared weights scales.
    public var sumW2Scaling: SumW2Scaling

    public init(factors: [Double], processes: [String]? = nil, sumW2Scaling: SumW2Scaling = .squared) {
        self.factors = factors
        self.processes = processes
        self.sumW2Scaling = sumW2Scaling
    }

    /// Whether background process `name` is reweighted.
    public func applies(to name: String) -> Bool { processes?.contains(name) ?? true }
}

extension SoftYields {
    /// Per-process, per-category scales (`P x K`) for the background total:
    /// 1 for static backgrounds, `f_k` (or its square for `squared`) for reweighted
    /// ones, 1 for signal processes other than `includingSignalsExcept` when given
    /// (they count as background for that signal), 0 for everything else.
    public func backgroundScales(
        reweighting: BackgroundReweighting?, squared: Bool, includingSignalsExcept signal: Int? = nil
    ) -> [Double] {
        let k = categoryCount
        if let reweighting {
            require(reweighting.factors.count == k, "one background factor per category (\(k))")
        }
        var scales = [Double](repeating: 0, count: processCount * k)
        for p in 0..<processCount {
            switch roles[p] {
            case .background:
                for c in 0..<k {
                    var scale = 1.0
                    if let reweighting, reweighting.applies(to: processNames[p]) {
                        let f = reweighting.factors[c]
                        scale = squared && reweighting.sumW2Scaling == .squared ? f * f : f
                    }
                    scales[p * k + c] = scale
                }
            case .signal:
                if let signal, p != signal {
                    for c in 0..<k { scales[p * k + c] = 1 }
                }
            }
        }
        return scales
    }

    /// The background yield per category, `B_k` (background processes only,
    /// reweighted as given).
    @differentiable(reverse, wrt: self)
    public func backgroundYields(reweighting: BackgroundReweighting? = nil) -> [Double] {
        weightedTotal(scales: withoutDerivative(at: self).backgroundScales(reweighting: reweighting, squared: false))
    }

    /// The background sum of squared weights per category, `B2_k`.
    @differentiable(reverse, wrt: self)
    public func backgroundSumW2(reweighting: BackgroundReweighting? = nil) -> [Double] {
        weightedTotal(
            scales: withoutDerivative(at: self).backgroundScales(reweighting: reweighting, squared: true),
            squared: true)
    }

    /// The significance of each signal in `signals`:
    /// `Z_s = sqrt(sum_k Z_A(S_sk, B_k + sum_{s' != s} S_s'k)^2)`.
    ///
    /// For signal s, every other process is background: the background processes
    /// (reweighted as given) and every other signal-role process (never reweighted).
    ///
    /// - Precondition: every name in `signals` is a signal process of these yields.
    @differentiable(reverse, wrt: self)
    public func significances(
        signals: [String], reweighting: BackgroundReweighting? = nil, formula: AsimovFormula = .exact
    ) -> [Double] {
        var result: [Double] = []
        for name in signals {
            let index = withoutDerivative(at: self).requireSignalIndex(name)
            let scales = withoutDerivative(at: self).backgroundScales(
                reweighting: reweighting, squared: false, includingSignalsExcept: index)
            let background = weightedTotal(scales: scales)
            result.append(Significance.combined(signal: yields(index), background: background, formula: formula))
        }
        return result
    }

    func requireSignalIndex(_ name: String) -> Int {
        let index = requireIndex(name)
        require(roles[index] == .signal, "process '\(name)' is not a signal process")
        return index
    }
}

extension HardYields {
    /// The same numbers as a ``SoftYields`` value, so that every statistic written
    /// over soft yields applies to hard yields too.
    public var table: SoftYields {
        SoftYields(sumW: sumW, sumW2: sumW2, processNames: processNames, roles: roles, categories: categoryCount)
    }

    /// The significance of each signal from the hard yields, with the stable exact
    /// formula unless told otherwise (see ``SoftYields/significances(signals:reweighting:formula:)``).
    public func significances(
        signals: [String], reweighting: BackgroundReweighting? = nil, formula: AsimovFormula = .exact
    ) -> [Double] {
        table.significances(signals: signals, reweighting: reweighting, formula: formula)
    }
}
