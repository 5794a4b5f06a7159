import _Differentiation

/// The penalties gato-hep adds to the loss to keep categories usable in an
/// analysis. Both are differentiable with hand-written derivatives (0 where the
/// penalty is inactive, so that `sqrt` at an empty category never enters).
public enum Penalty {
    /// gato-hep's default threshold for ``lowBackground(_:threshold:)``: 10 events.
    public static let defaultYieldThreshold = 10.0
    /// gato-hep's default threshold for ``backgroundUncertainty(background:sumW2:threshold:)``: 20%.
    public static let defaultUncertaintyThreshold = 0.2

    /// `sum_k relu(threshold - B_k)^2`: penalises categories with too little
    /// background (a fit needs events to constrain the background).
    @differentiable(reverse, wrt: background)
    public static func lowBackground(_ background: [Double], threshold: Double = defaultYieldThreshold) -> Double {
        var total = 0.0
        // `!(b >= threshold)` lets a NaN yield through, so the loss becomes NaN.
        for b in background where !(b >= threshold) { total += (threshold - b) * (threshold - b) }
        return total  // differentiated by vjpLowBackground
    }

    /// `sum_k relu(sqrt(max(B2_k, 0)) / max(B_k, 1e-8) - threshold)^2`: penalises
    /// categories whose background has a large relative Monte-Carlo uncertainty.
    @differentiable(reverse, wrt: (background, sumW2))
    public static func backgroundUncertainty(
        background: [Double], sumW2: [Double], threshold: Double = defaultUncertaintyThreshold
    ) -> Double {
        require(background.count == sumW2.count, "one sum of squared weights per background yield")
        var total = 0.0
        for k in background.indices {
            if background[k].isNaN || sumW2[k].isNaN { return .nan }
            let over = relativeUncertainty(background[k], sumW2[k]) - threshold
            if over > 0 { total += over * over }
        }
        return total
    }

    /// `sqrt(max(B2, 0)) / max(B, 1e-8)`.
    static func relativeUncertainty(_ b: Double, _ b2: Double) -> Double {
        Swift.max(b2, 0).squareRoot() / Swift.max(b, 1e-8)
    }
}

extension Penalty {
    @derivative(of: lowBackground, wrt: background)
    @usableFromInline
    static func vjpLowBackground(_ background: [Double], threshold: Double) -> (
        value: Double, pullback: (Double) -> Array<Double>.TangentVector
    ) {
        let value = lowBackground(background, threshold: threshold)
        return (value, { upstream in
            .init(background.map { b in b < threshold ? -2 * (threshold - b) * upstream : 0 })
        })
    }

    @derivative(of: backgroundUncertainty, wrt: (background, sumW2))
    @usableFromInline
    static func vjpBackgroundUncertainty(background: [Double], sumW2: [Double], threshold: Double) -> (
        value: Double, pullback: (Double) -> (Array<Double>.TangentVector, Array<Double>.TangentVector)
    ) {
        let value = backgroundUncertainty(background: background, sumW2: sumW2, threshold: threshold)
        return (value, { upstream in
            var gB = [Double](repeating: 0, count: background.count)
            var gB2 = [Double](repeating: 0, count: background.count)
            for k in background.indices {
                let (b, b2) = (background[k], sumW2[k])
                let over = relativeUncertainty(b, b2) - threshold
                guard over > 0 else { continue }
                // rel = sqrt(B2) / B where both clamps are inactive (rel > threshold > 0
                // needs B2 > 0); d rel / dB2 = 1 / (2 sqrt(B2) B), d rel / dB = -rel / B.
                let factor = 2 * over * upstream
                let sigma = b2.squareRoot()
                let denominator = Swift.max(b, 1e-8)
                if b2 > 0 { gB2[k] = factor / (2 * sigma * denominator) }
                if b > 1e-8 { gB[k] = -factor * sigma / (denominator * denominator) }
            }
            return (.init(gB), .init(gB2))
        })
    }
}
