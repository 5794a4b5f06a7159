import Foundation
import _Differentiation

/// Soft yields of a ``GaussianMixtureCategorizer`` and their vector-Jacobian product.
///
/// Forward: the categorizer is compiled into quadratic forms
/// `l_k(x) = (log pi_k - log|L_k| - D/2 log 2pi - |A_k (x - mu_k)|^2 / 2) / T`
/// with `A_k = L_k^-1`, expanded in the monomials of x (``QuadraticForms``), and
/// ``QuadraticLogitKernel`` makes one pass over the events.
///
/// Backward (written by hand): the kernel's second pass returns, per category,
/// `S0 = sum_i g_ik`, `S1 = sum_i g_ik x_i` and `S2 = sum_i g_ik x_i x_i^T`, where
/// `g_ik = dL/dl_ik` is the softmax VJP. With `f_k = T l_k` and `d = x - mu_k`:
/// - `dL/dlog pi_k = S0 / T`, `dL/dlog|L_k| = -S0 / T`;
/// - `dL/dmu_k = P_k (S1 - S0 mu_k) / T` with `P_k = A_k^T A_k`;
/// - `dL/dA_k = -A_k M_k / T` with `M_k = sum_i g_ik d_i d_i^T
///   = S2 - S1 mu^T - mu S1^T + S0 mu mu^T`;
/// - `dL/dL_k = -A_k^T (dL/dA_k) A_k^T` (lower triangle), plus `dL/dlog|L_k| / L_k,dd`
///   on the diagonal;
/// then through `L_dd = sigmaBase exp(u_dd)`, `L_de = damping u_de`, the log-softmax
/// of the mixture logits and the mean normalisation.
extension GaussianMixtureCategorizer {
    /// The quantities the forward pass derives from the parameters, kept for the
    /// backward pass.
    struct Compiled {
        var forms: QuadraticForms
        /// mu, K x D.
        var means: [Double]
        /// L, K x D x D (lower).
        var factors: [Double]
        /// A = L^-1, K x D x D (lower).
        var inverses: [Double]
        /// P = A^T A, K x D x D (symmetric).
        var precisions: [Double]
        /// softmax(mixtureLogits).
        var mixtureProbabilities: [Double]
    }

    /// Compiles the model into quadratic forms at temperature `temperature`.
    func compiled(temperature: Double? = nil) -> Compiled {
        let (k, d) = (categoryCount, dimension)
        let f = QuadraticForms.monomialCount(dimension: d)
        let t = temperature ?? self.temperature
        let mu = effectiveMeans()
        let factors = choleskyFactors()
        let logPi = logMixtureWeights()
        var inverses = [Double](repeating: 0, count: k * d * d)
        var precisions = [Double](repeating: 0, count: k * d * d)
        var theta = [Double](repeating: 0, count: k * f)
        let halfLogTwoPi = 0.5 * log(2 * Double.pi)
        for c in 0..<k {
            let base = c * d * d
            // A = L^-1 by forward substitution, column by column.
            for j in 0..<d {
                inverses[base + j * d + j] = 1 / factors[base + j * d + j]
                if j + 1 < d {
                    for i in (j + 1)..<d {
                        var total = 0.0
                        for m in j..<i { total += factors[base + i * d + m] * inverses[base + m * d + j] }
                        inverses[base + i * d + j] = -total / factors[base + i * d + i]
                    }
                }
            }
            // P = A^T A.
            for i in 0..<d {
                for j in 0..<d {
                    var total = 0.0
                    for m in max(i, j)..<d { total += inverses[base + m * d + i] * inverses[base + m * d + j] }
                    precisions[base + i * d + j] = total
                }
            }
            var logDet = 0.0
            for j in 0..<d { logDet += log(factors[base + j * d + j]) }
            var quadratic = 0.0  // mu^T P mu
            let row = c * f
            for i in 0..<d {
                var pMu = 0.0
                for j in 0..<d { pMu += precisions[base + i * d + j] * mu[c * d + j] }
                quadratic += mu[c * d + i] * pMu
                theta[row + QuadraticForms.linearIndex(i, dimension: d)] = pMu / t
                for j in i..<d {
                    let value = i == j ? -0.5 * precisions[base + i * d + i] : -precisions[base + i * d + j]
                    theta[row + QuadraticForms.quadraticIndex(i, j, dimension: d)] = value / t
                }
            }
            let constant = logPi[c] - logDet - Double(d) * halfLogTwoPi - 0.5 * quadratic
            theta[row + QuadraticForms.constantIndex(dimension: d)] = constant / t
        }
        return Compiled(
            forms: QuadraticForms(categories: k, dimension: d, coefficients: theta),
            means: mu, factors: factors, inverses: inverses, precisions: precisions,
            mixtureProbabilities: logPi.map { exp($0) })
    }

    /// The soft yields per process and category (differentiable; see the extension's
    /// documentation for the hand-written VJP).
    ///
    /// - Parameters:
    ///   - data: events with the model's dimension.
    ///   - threads: the number of threads (default: every core). The result does
    ///     not depend on it.
    @differentiable(reverse)
    public func softYields(_ data: Dataset, threads: Int? = nil) -> SoftYields {
        requireDimension(of: data)
        return forward(data, compiled: compiled(), hard: false, threads: threads).soft(data, categories: categoryCount)
    }

    /// One forward pass with the kernel of ``precision``.
    func forward(_ data: Dataset, compiled: Compiled, hard: Bool, threads: Int?) -> YieldSums {
        switch precision {
        case .double:
            return QuadraticLogitKernel.forward(data, forms: compiled.forms, hard: hard, threads: threads)
        case .single:
            return SinglePrecisionKernel.forward(
                data, components: CenteredComponents(self, compiled: compiled), hard: hard, threads: threads)
        }
    }

    /// The backward pass with the kernel of ``precision``: the centred sums per
    /// component (see ``parameterGradient(centeredSums:compiled:)``).
    func backward(_ data: Dataset, compiled: Compiled, upstreamW: [Double], upstreamW2: [Double], threads: Int?)
        -> [Double]
    {
        switch precision {
        case .double:
            let sums = QuadraticLogitKernel.backward(
                data, forms: compiled.forms, upstreamW: upstreamW, upstreamW2: upstreamW2, threads: threads)
            return centered(monomialSums: sums, compiled: compiled)
        case .single:
            return SinglePrecisionKernel.backward(
                data, components: CenteredComponents(self, compiled: compiled), upstreamW: upstreamW,
                upstreamW2: upstreamW2, threads: threads)
        }
    }

    @derivative(of: softYields(_:threads:))
    @usableFromInline
    func vjpSoftYields(_ data: Dataset, threads: Int?) -> (
        value: SoftYields, pullback: (SoftYields.TangentVector) -> TangentVector
    ) {
        requireDimension(of: data)
        let compiled = compiled()
        let value = forward(data, compiled: compiled, hard: false, threads: threads).soft(data, categories: categoryCount)
        let count = value.sumW.count
        return (value, { [self] upstream in
            guard let (gW, gW2) = SoftYields.dense(upstream, count: count) else { return .zero }
            let sums = backward(data, compiled: compiled, upstreamW: gW, upstreamW2: gW2, threads: threads)
            return parameterGradient(centeredSums: sums, compiled: compiled)
        })
    }

    /// Converts `sum_i g phi(x_i)` (monomials of x) into the centred sums of each
    /// component: `M = S2 - S1 mu^T - mu S1^T + S0 mu mu^T`, `S1 - S0 mu`, `S0`.
    func centered(monomialSums g: [Double], compiled: Compiled) -> [Double] {
        let (k, d) = (categoryCount, dimension)
        let f = QuadraticForms.monomialCount(dimension: d)
        var result = g
        for c in 0..<k {
            let row = c * f
            let mu = Array(compiled.means[(c * d)..<((c + 1) * d)])
            let s0 = g[row + QuadraticForms.constantIndex(dimension: d)]
            let s1 = (0..<d).map { g[row + QuadraticForms.linearIndex($0, dimension: d)] }
            for i in 0..<d {
                result[row + QuadraticForms.linearIndex(i, dimension: d)] = s1[i] - s0 * mu[i]
                for j in i..<d {
                    let index = row + QuadraticForms.quadraticIndex(i, j, dimension: d)
                    result[index] = g[index] - s1[i] * mu[j] - mu[i] * s1[j] + s0 * mu[i] * mu[j]
                }
            }
        }
        return result
    }

    /// Chains the centred sums of each component (`sum_i g_ik d d^T` upper triangle,
    /// `sum_i g_ik d`, `sum_i g_ik` with `d = x_i - mu_k`, in the layout of
    /// ``QuadraticForms``) back to the parameters.
    func parameterGradient(centeredSums g: [Double], compiled: Compiled) -> TangentVector {
        let (k, d) = (categoryCount, dimension)
        let f = QuadraticForms.monomialCount(dimension: d)
        let inverseT = 1 / temperature
        var gLogPi = [Double](repeating: 0, count: k)
        var gMeansRaw = [Double](repeating: 0, count: k * d)
        var gU = [Double](repeating: 0, count: k * d * d)
        for c in 0..<k {
            let base = c * d * d
            let row = c * f
            let mu = Array(compiled.means[(c * d)..<((c + 1) * d)])
            let s0 = g[row + QuadraticForms.constantIndex(dimension: d)]
            let s1 = (0..<d).map { g[row + QuadraticForms.linearIndex($0, dimension: d)] }  // sum g d
            var moment = [Double](repeating: 0, count: d * d)  // M = sum g d d^T
            for i in 0..<d {
                for j in i..<d {
                    let value = g[row + QuadraticForms.quadraticIndex(i, j, dimension: d)]
                    moment[i * d + j] = value
                    moment[j * d + i] = value
                }
            }
            gLogPi[c] = s0 * inverseT
            let gLogDet = -s0 * inverseT
            // dL/dmu = P sum g d / T.
            var gMu = [Double](repeating: 0, count: d)
            for i in 0..<d {
                var total = 0.0
                for j in 0..<d { total += compiled.precisions[base + i * d + j] * s1[j] }
                gMu[i] = total * inverseT
            }
            // dL/dA = -A M / T.
            var gA = [Double](repeating: 0, count: d * d)
            for i in 0..<d {
                for j in 0...i {
                    var total = 0.0
                    for m in 0...i { total += compiled.inverses[base + i * d + m] * moment[m * d + j] }
                    gA[i * d + j] = -total * inverseT
                }
            }
            // dL/dL = -A^T gA A^T on the lower triangle: sum_{a >= i, b <= j} A_ai gA_ab A_jb.
            for i in 0..<d {
                for j in 0...i {
                    var total = 0.0
                    for a in i..<d {
                        for b in 0...j where b <= a {
                            total += compiled.inverses[base + a * d + i] * gA[a * d + b]
                                * compiled.inverses[base + j * d + b]
                        }
                    }
                    var gL = -total
                    if i == j { gL += gLogDet / compiled.factors[base + i * d + i] }
                    gU[base + i * d + j] = i == j
                        ? gL * compiled.factors[base + i * d + i]
                        : gL * offDiagonalDamping
                }
            }
            // Means: through the normalisation.
            switch meanNormalization {
            case .softmax:
                var weighted = 0.0
                for a in 0..<d { weighted += gMu[a] * mu[a] }
                for b in 0..<d { gMeansRaw[c * d + b] = mu[b] * (gMu[b] - weighted) }
            case .sigmoid:
                for b in 0..<d {
                    let s = Self.sigmoid(means[c * d + b])
                    let span = meanRange[b].upperBound - meanRange[b].lowerBound
                    gMeansRaw[c * d + b] = gMu[b] * span * s * (1 - s)
                }
            }
        }
        // log_softmax: dL/dz_j = g_j - p_j sum_k g_k.
        let totalLogPi = gLogPi.reduce(0, +)
        let gLogits = (0..<k).map { gLogPi[$0] - compiled.mixtureProbabilities[$0] * totalLogPi }
        return TangentVector(mixtureLogits: .init(gLogits), means: .init(gMeansRaw), unconstrainedL: .init(gU))
    }

    func requireDimension(of data: Dataset) {
        require(
            data.dimension == dimension,
            "the events have \(data.dimension) feature dimensions but the model has \(dimension)")
    }
}

extension GaussianMixtureCategorizer: Categorizer {
    public static var kind: String { "gmm" }
    public static var annealedValueName: String { "temperature" }

    public var annealedValue: Double {
        get { temperature }
        set { temperature = newValue }
    }

    /// `mixtureLogits`, then `means` (K x D), then `unconstrainedL` (K x D x D).
    public var parameterVector: [Double] {
        get { mixtureLogits + means + unconstrainedL }
        set {
            let (k, d) = (categoryCount, dimension)
            require(newValue.count == k + k * d + k * d * d, "parameter vector has the wrong length")
            mixtureLogits = Array(newValue[0..<k])
            means = Array(newValue[k..<(k + k * d)])
            unconstrainedL = Array(newValue[(k + k * d)...])
        }
    }

    public func flatten(_ tangent: TangentVector) -> [Double] {
        let (k, d) = (categoryCount, dimension)
        func values(_ view: Array<Double>.DifferentiableView, _ count: Int) -> [Double] {
            view.base.isEmpty ? [Double](repeating: 0, count: count) : view.base
        }
        return values(tangent.mixtureLogits, k) + values(tangent.means, k * d)
            + values(tangent.unconstrainedL, k * d * d)
    }

    public func softAndHardYields(_ data: Dataset, threads: Int? = nil) -> (soft: SoftYields, hard: HardYields) {
        requireDimension(of: data)
        let sums = forward(data, compiled: compiled(), hard: true, threads: threads)
        return (sums.soft(data, categories: categoryCount), sums.hard(data, categories: categoryCount))
    }

    public func hardAssignments(_ sample: ProcessSample, threads: Int? = nil) -> [Int32] {
        require(sample.dimension == dimension, "the events have \(sample.dimension) dimensions, the model \(dimension)")
        switch precision {
        case .double:
            return QuadraticLogitKernel.hardAssignments(sample, forms: compiled().forms, threads: threads)
        case .single:
            return SinglePrecisionKernel.hardAssignments(
                sample, components: CenteredComponents(self, compiled: compiled()), threads: threads)
        }
    }

    public func softAssignments(_ sample: ProcessSample, threads: Int? = nil) -> [Double] {
        require(sample.dimension == dimension, "the events have \(sample.dimension) dimensions, the model \(dimension)")
        switch precision {
        case .double:
            return QuadraticLogitKernel.softAssignments(sample, forms: compiled().forms, threads: threads)
        case .single:
            return SinglePrecisionKernel.softAssignments(
                sample, components: CenteredComponents(self, compiled: compiled()), threads: threads)
        }
    }
}
