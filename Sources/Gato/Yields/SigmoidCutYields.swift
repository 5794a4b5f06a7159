import Foundation
import _Differentiation

/// Soft yields of a ``SigmoidCutCategorizer`` and their vector-Jacobian product.
///
/// The kernel's backward pass (``SigmoidCutKernel``) returns `G_m = dL/db_m` for
/// every physical boundary. The rest is written by hand here: with
/// `b_m = lo + span * u_m`, `u = cumsum(p)[0..<n-1]`, `p = softmax([raw, 0])`:
/// - `dL/du_m = span G_m`;
/// - `dL/dp_a = sum_{m >= a} dL/du_m` (the reverse cumulative sum);
/// - `dL/draw_b = p_b (dL/dp_b - sum_a p_a dL/dp_a)` for b < n - 1.
extension SigmoidCutCategorizer {
    /// The soft yields per process and category (differentiable).
    ///
    /// - Parameters:
    ///   - data: events whose feature j is variable j.
    ///   - threads: the number of threads (default: every core). The result does
    ///     not depend on it.
    @differentiable(reverse)
    public func softYields(_ data: Dataset, threads: Int? = nil) -> SoftYields {
        requireDimension(of: data)
        return SigmoidCutKernel.forward(data, layout: CutLayout(self), hard: false, threads: threads)
            .soft(data, categories: categoryCount)
    }

    @derivative(of: softYields(_:threads:))
    @usableFromInline
    func vjpSoftYields(_ data: Dataset, threads: Int?) -> (
        value: SoftYields, pullback: (SoftYields.TangentVector) -> TangentVector
    ) {
        requireDimension(of: data)
        let layout = CutLayout(self)
        let value = SigmoidCutKernel.forward(data, layout: layout, hard: false, threads: threads)
            .soft(data, categories: categoryCount)
        let count = value.sumW.count
        return (value, { [self] upstream in
            guard let (gW, gW2) = SoftYields.dense(upstream, count: count) else { return .zero }
            let boundaryGradient = SigmoidCutKernel.backward(
                data, layout: layout, upstreamW: gW, upstreamW2: gW2, threads: threads)
            return rawGradient(boundaryGradient: boundaryGradient)
        })
    }

    /// Chains `dL/db` (physical boundaries, all variables) back to `raw`.
    func rawGradient(boundaryGradient: [Double]) -> TangentVector {
        var result = [Double](repeating: 0, count: raw.count)
        for (j, variable) in variables.enumerated() {
            let n = variable.bins
            let offset = rawOffset(j)
            let span = variable.range.upperBound - variable.range.lowerBound
            let logits = Array(raw[offset..<(offset + n - 1)]) + [0]
            let maximum = logits.max()!
            let exps = logits.map { exp($0 - maximum) }
            let total = exps.reduce(0, +)
            let p = exps.map { $0 / total }
            // dL/dp_a = sum_{m >= a, m < n - 1} span G_m.
            var gP = [Double](repeating: 0, count: n)
            var running = 0.0
            for a in stride(from: n - 2, through: 0, by: -1) {
                running += span * boundaryGradient[offset + a]
                gP[a] = running
            }
            let weighted = zip(p, gP).reduce(0) { $0 + $1.0 * $1.1 }
            for b in 0..<(n - 1) { result[offset + b] = p[b] * (gP[b] - weighted) }
        }
        return TangentVector(raw: .init(result))
    }

    func requireDimension(of data: Dataset) {
        require(
            data.dimension == dimension,
            "the events have \(data.dimension) feature dimensions but the cut model has \(dimension) variables")
    }
}

extension SigmoidCutCategorizer: Categorizer {
    public static var kind: String { "cuts" }
    public static var annealedValueName: String { "steepness" }

    /// The steepness of the first variable; setting it scales every variable's by the
    /// same factor (``SigmoidCutCategorizer/annealSteepness(to:)``).
    public var annealedValue: Double {
        get { steepness[0] }
        set { annealSteepness(to: newValue) }
    }

    /// `raw`: each variable's n_j - 1 values, in variable order.
    public var parameterVector: [Double] {
        get { raw }
        set {
            require(newValue.count == raw.count, "parameter vector has the wrong length")
            raw = newValue
        }
    }

    public func flatten(_ tangent: TangentVector) -> [Double] {
        tangent.raw.base.isEmpty ? [Double](repeating: 0, count: raw.count) : tangent.raw.base
    }

    public func softAndHardYields(_ data: Dataset, threads: Int? = nil) -> (soft: SoftYields, hard: HardYields) {
        requireDimension(of: data)
        let sums = SigmoidCutKernel.forward(data, layout: CutLayout(self), hard: true, threads: threads)
        return (sums.soft(data, categories: categoryCount), sums.hard(data, categories: categoryCount))
    }

    public func hardAssignments(_ sample: ProcessSample, threads: Int? = nil) -> [Int32] {
        require(sample.dimension == dimension, "the events have \(sample.dimension) dimensions, the model \(dimension)")
        return SigmoidCutKernel.hardAssignments(sample, layout: CutLayout(self))
    }

    public func softAssignments(_ sample: ProcessSample, threads: Int? = nil) -> [Double] {
        require(sample.dimension == dimension, "the events have \(sample.dimension) dimensions, the model \(dimension)")
        return SigmoidCutKernel.softAssignments(sample, layout: CutLayout(self), threads: threads)
    }
}
