import Foundation

/// The hard background yield and its relative Monte-Carlo uncertainty in one category.
public struct BackgroundStatistic: Sendable, Equatable {
    /// The category index (0..<K) in the model.
    public var category: Int
    /// `B = sum w` of the background events in the category.
    public var yield: Double
    /// `sqrt(sum w^2) / max(B, 1e-8 sqrt(sum w^2))` (see ``CategoryDiagnostics/relativeUncertainty(yield:sumW2:)``).
    public var relativeUncertainty: Double
}

/// Diagnostics of a categorisation: the bias of the soft yields, the background
/// statistics per category, and the display order of the categories.
public enum CategoryDiagnostics {
    /// The bias per category, `(hard_k - soft_k) / max(hard_k, 1e-8 H)`, with
    /// `hard_k` and `soft_k` summed over every process and `H = sum_k |hard_k|` the
    /// total hard yield (dimensionless: a ratio of yields). It measures how far the
    /// soft training objective is from the hard result; it goes to 0 as T -> 0 (or
    /// the steepness -> infinity). The floor is relative to the total, so the bias
    /// does not depend on the units of the weights: a category that holds no events
    /// counts its soft yield as a fraction of the total, times 1e8. With no yield at
    /// all (H = 0) the bias is 0.
    public static func bias(soft: SoftYields, hard: HardYields) -> [Double] {
        let softTotal = soft.totalYields
        let hardTotal = hard.totalYields
        let floor = 1e-8 * hardTotal.reduce(0) { $0 + abs($1) }
        return zip(hardTotal, softTotal).map { h, s in
            let denominator = max(h, floor)
            return denominator > 0 ? (h - s) / denominator : 0
        }
    }

    /// The mean of |bias| over the categories.
    public static func meanAbsoluteBias(soft: SoftYields, hard: HardYields) -> Double {
        let b = bias(soft: soft, hard: hard)
        return b.reduce(0) { $0 + abs($1) } / Double(b.count)
    }

    /// `sqrt(B2) / max(B, 1e-8 sqrt(B2))`, with `B2 = max(sum w^2, 0)`: the relative
    /// Monte-Carlo uncertainty of a background yield B. Dimensionless and unchanged
    /// when every weight is rescaled (the floor is relative to sqrt(B2)); at most
    /// 1e8, reached when B <= 0 (negative weights); 0 when B2 = 0 (no events).
    public static func relativeUncertainty(yield b: Double, sumW2: Double) -> Double {
        let sigma = max(sumW2, 0).squareRoot()
        guard sigma > 0 else { return sumW2.isNaN || b.isNaN ? .nan : 0 }
        return sigma / max(b, 1e-8 * sigma)
    }

    /// The background statistics per category in the order given.
    public static func backgroundStatistics(_ hard: HardYields, order: [Int]) -> [BackgroundStatistic] {
        let background = hard.indices(role: .background)
        let b = hard.total(of: background)
        let b2 = hard.totalSumW2(of: background)
        return order.map { k in
            BackgroundStatistic(
                category: k, yield: b[k], relativeUncertainty: relativeUncertainty(yield: b[k], sumW2: b2[k]))
        }
    }

    /// The categories ordered by `Z_A(S_k, B_k)` descending (stable exact formula;
    /// S summed over the signal processes, B over the backgrounds, hard yields):
    /// the display order for more than one dimension. Ties keep index order.
    public static func orderBySignificance(_ hard: HardYields) -> [Int] {
        let s = hard.total(of: hard.indices(role: .signal))
        let b = hard.total(of: hard.indices(role: .background))
        let z = (0..<hard.categoryCount).map { Significance.asimov(signal: s[$0], background: b[$0]) }
        return (0..<hard.categoryCount).sorted { z[$0] != z[$1] ? z[$0] > z[$1] : $0 < $1 }
    }

    /// The display order of the categories of `model` (tables, plots, `summary.json`): left to right in one dimension
    /// (``GaussianMixtureCategorizer/effectiveBoundaries1D(probes:)`` for a GMM; the
    /// natural order for cuts), else by significance.
    public static func order<Model: Categorizer>(_ model: Model, hard: HardYields) -> [Int] {
        if model.dimension == 1 {
            if let gmm = model as? GaussianMixtureCategorizer { return gmm.effectiveBoundaries1D().order }
            if model is SigmoidCutCategorizer { return Array(0..<model.categoryCount) }
        }
        return orderBySignificance(hard)
    }
}
