/// Category logits that are quadratic forms of the features,
/// `l_k(x) = theta_k . phi(x)`, with the monomials
/// `phi(x) = (x_d x_e for d <= e, x_d for every d, 1)`: F = D(D+1)/2 + D + 1 terms.
///
/// A Gaussian mixture's `(log N_k(x) + log pi_k) / T` is such a form. Expanding it
/// makes the event loop a dense K x F product (6 multiply-adds per category in 2-D)
/// and makes the gradient with respect to all of a component's parameters follow
/// from F sums per category, `sum_i g_ik phi(x_i)`.
struct QuadraticForms: Sendable {
    let categories: Int
    let dimension: Int
    /// theta, K x F row-major.
    var coefficients: [Double]

    /// F for dimension D.
    static func monomialCount(dimension: Int) -> Int { dimension * (dimension + 1) / 2 + dimension + 1 }

    var monomialCount: Int { Self.monomialCount(dimension: dimension) }

    /// The index in phi of `x_d x_e` (d <= e).
    static func quadraticIndex(_ d: Int, _ e: Int, dimension: Int) -> Int {
        // rows d' < d contribute D - d' entries each.
        d * dimension - d * (d - 1) / 2 + (e - d)
    }

    /// The index in phi of `x_d`.
    static func linearIndex(_ d: Int, dimension: Int) -> Int { dimension * (dimension + 1) / 2 + d }

    /// The index in phi of the constant 1.
    static func constantIndex(dimension: Int) -> Int { monomialCount(dimension: dimension) - 1 }
}

/// The event loop for quadratic-form logits: soft (and optionally hard) yields per
/// process and category in one pass, and the gradient sums for the backward pass.
///
/// Vectorisation: four events at a time in `SIMD4<Double>` lanes (one AVX register);
/// features are converted from `Float` on load. Per block of four events the work is
/// the F monomials (``MonomialBasis``, held in registers for D <= 3), K dot products
/// of length F, a running max, K exponentials (``VectorMath/exp(_:)``), one division
/// and 2K (forward) or K (F + 4) (backward) multiply-adds into per-worker
/// accumulators (the backward pass in batches of 32 events, see `BackwardPass`). Nothing of size N x K is stored.
///
/// Chunks, threads, scratch and the reduction: ``ChunkedKernelDriver`` (results do
/// not depend on the number of threads).
enum QuadraticLogitKernel {
    // MARK: Forward

    static func forward(_ data: Dataset, forms: QuadraticForms, hard: Bool, threads: Int?) -> YieldSums {
        let driver = ChunkedKernelDriver(data, threads: threads)
        let k = forms.categories
        let sums = forms.coefficients.withUnsafeBufferPointer { theta in
            driver.sum(
                slotSize: YieldSums.slotSize(categories: k), scratchBytes: WorkerScratch.byteCount(forms),
                reduction: .perProcess
            ) { chunk, arena, slot in
                let sample = data.processes[chunk.process]
                let scratch = WorkerScratch(arena, forms: forms)
                let pass = ForwardPass(
                    features: sample.features.baseAddress!, weights: sample.weights.baseAddress!,
                    range: chunk.range, categories: k, theta: theta.baseAddress!, hard: hard,
                    scratch: scratch, slot: slot)
                withBasis(dimension: forms.dimension, scratch: scratch.monomials, pass)
            }
        }
        return YieldSums(perProcess: sums, categories: k, hard: hard)
    }

    /// One chunk of the forward pass.
    private struct ForwardPass: BasisVisitor {
        let features: UnsafePointer<Float>
        let weights: UnsafePointer<Double>
        let range: Range<Int>
        let categories: Int
        let theta: UnsafePointer<Double>
        let hard: Bool
        let scratch: WorkerScratch
        let slot: UnsafeMutablePointer<Double>

        @inline(__always)
        func visit<B: MonomialBasis>(_ basis: B) {
            let k = categories
            let logits = scratch.logits
            let accW = scratch.accumulators
            let accW2 = scratch.accumulators + k
            let hardW = scratch.accumulators + 2 * k
            let hardW2 = scratch.accumulators + 3 * k
            for c in 0..<(4 * k) { accW[c] = .zero }

            var start = range.lowerBound
            while start < range.upperBound {
                let valid = min(4, range.upperBound - start)
                let w = loadWeights(weights, start: start, valid: valid)
                let phi = basis.load(features, start: start, valid: valid)
                let maximum = basis.logits(theta, categories: k, phi, into: logits)
                if hard {
                    // The first category reaching the maximum, per lane.
                    var chosen = SIMD4<Double>(repeating: Double(k - 1))
                    for c in stride(from: k - 2, through: 0, by: -1) {
                        chosen.replace(with: Double(c), where: logits[c] .== maximum)
                    }
                    for lane in 0..<valid {
                        let c = Int(chosen[lane])
                        hardW[c][lane] += w[lane]
                        hardW2[c][lane] += w[lane] * w[lane]
                    }
                }
                var total = SIMD4<Double>.zero
                for c in 0..<k {
                    let e = VectorMath.exp(logits[c] - maximum)
                    logits[c] = e
                    total += e
                }
                let inverse = 1 / total
                let wn = w * inverse
                let w2n = w * wn
                for c in 0..<k {
                    accW[c] = VectorMath.fma(wn, logits[c], accW[c])
                    accW2[c] = VectorMath.fma(w2n, logits[c], accW2[c])
                }
                start += 4
            }
            for c in 0..<(4 * k) { slot[c] = VectorMath.laneSum(accW[c]) }
        }
    }

    // MARK: Backward

    /// `G[k][f] = sum_i dL/dl_ik phi_f(x_i)`, where `l_ik = theta_k . phi(x_i)` and
    /// `dL/dl_ik = gamma_ik (c_ik - sum_j gamma_ij c_ij)` (the softmax VJP) with
    /// `c_ik = w_i dL/dy_pk + w_i^2 dL/dq_pk` for event i of process p.
    ///
    /// - Parameters:
    ///   - upstreamW: dL/d(sum w gamma), P x K.
    ///   - upstreamW2: dL/d(sum w^2 gamma), P x K.
    /// - Returns: G, K x F row-major.
    static func backward(
        _ data: Dataset, forms: QuadraticForms, upstreamW: [Double], upstreamW2: [Double], threads: Int?
    ) -> [Double] {
        let driver = ChunkedKernelDriver(data, threads: threads)
        let k = forms.categories
        return forms.coefficients.withUnsafeBufferPointer { theta in
            upstreamW.withUnsafeBufferPointer { gW in
                upstreamW2.withUnsafeBufferPointer { gW2 in
                    driver.sum(
                        slotSize: k * forms.monomialCount, scratchBytes: WorkerScratch.byteCount(forms),
                        reduction: .total
                    ) { chunk, arena, slot in
                        let sample = data.processes[chunk.process]
                        let scratch = WorkerScratch(arena, forms: forms)
                        let pass = BackwardPass(
                            features: sample.features.baseAddress!, weights: sample.weights.baseAddress!,
                            range: chunk.range, categories: k, theta: theta.baseAddress!,
                            upstreamW: gW.baseAddress! + chunk.process * k,
                            upstreamW2: gW2.baseAddress! + chunk.process * k,
                            scratch: scratch, slot: slot)
                        withBasis(dimension: forms.dimension, scratch: scratch.monomials, pass)
                    }
                }
            }
        }
    }

    /// One chunk of the backward pass.
    private struct BackwardPass: BasisVisitor {
        let features: UnsafePointer<Float>
        let weights: UnsafePointer<Double>
        let range: Range<Int>
        let categories: Int
        let theta: UnsafePointer<Double>
        let upstreamW: UnsafePointer<Double>
        let upstreamW2: UnsafePointer<Double>
        let scratch: WorkerScratch
        let slot: UnsafeMutablePointer<Double>

        @inline(__always)
        func visit<B: MonomialBasis>(_ basis: B) {
            let k = categories
            let f = basis.count
            let acc = scratch.accumulators
            for j in 0..<(k * f) { acc[j] = .zero }
            let logits = scratch.logits
            let costs = scratch.upstream
            // Events go in batches of `batchBlocks` blocks: first g_k and phi of every
            // block of the batch are written to scratch, then each category's F sums
            // are updated once per batch with the running sums in registers. (Updating
            // them per block would be F loads and stores per category and block: the
            // loop would be bound by stores.)
            let batchGradients = scratch.batchGradients
            let batchMonomials = scratch.batchMonomials

            var start = range.lowerBound
            while start < range.upperBound {
                var blocks = 0
                while blocks < QuadraticLogitKernel.batchBlocks && start < range.upperBound {
                    let valid = min(4, range.upperBound - start)
                    let w = loadWeights(weights, start: start, valid: valid)
                    let w2 = w * w
                    let phi = basis.load(features, start: start, valid: valid)
                    basis.store(phi, to: batchMonomials + blocks * f)
                    let maximum = basis.logits(theta, categories: k, phi, into: logits)
                    // e_k = exp(l_k - max); c_k = w gy_k + w^2 gq_k; cbar = sum e c / sum e.
                    var total = SIMD4<Double>.zero
                    var weightedCost = SIMD4<Double>.zero
                    for c in 0..<k {
                        let e = VectorMath.exp(logits[c] - maximum)
                        let cost = VectorMath.fma(w2, SIMD4(repeating: upstreamW2[c]), w * upstreamW[c])
                        logits[c] = e
                        costs[c] = cost
                        total += e
                        weightedCost = VectorMath.fma(e, cost, weightedCost)
                    }
                    let inverse = 1 / total
                    let meanCost = weightedCost * inverse
                    let row = batchGradients + blocks * k
                    for c in 0..<k { row[c] = (logits[c] * inverse) * (costs[c] - meanCost) }
                    blocks += 1
                    start += 4
                }
                for c in 0..<k {
                    basis.accumulate(
                        gradients: batchGradients + c, stride: k, monomials: batchMonomials, blocks: blocks,
                        into: acc + c * f)
                }
            }
            for j in 0..<(k * f) { slot[j] = VectorMath.laneSum(acc[j]) }
        }
    }

    // MARK: Per-event outputs

    /// The argmax category of each event (ties to the lower index).
    static func hardAssignments(_ sample: ProcessSample, forms: QuadraticForms, threads: Int?) -> [Int32] {
        perEvent(sample, forms: forms, soft: false, threads: threads).map { Int32($0) }
    }

    /// The soft assignments gamma, `count x K` row-major; rows sum to 1.
    static func softAssignments(_ sample: ProcessSample, forms: QuadraticForms, threads: Int?) -> [Double] {
        perEvent(sample, forms: forms, soft: true, threads: threads)
    }

    private static func perEvent(_ sample: ProcessSample, forms: QuadraticForms, soft: Bool, threads: Int?) -> [Double] {
        let driver = ChunkedKernelDriver(eventCounts: [sample.count], threads: threads)
        let columns = soft ? forms.categories : 1
        var output = [Double](repeating: 0, count: sample.count * columns)
        guard sample.count > 0 else { return output }
        output.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            forms.coefficients.withUnsafeBufferPointer { theta in
                driver.forEachChunk(scratchBytes: WorkerScratch.byteCount(forms)) { chunk, arena in
                    let scratch = WorkerScratch(arena, forms: forms)
                    let pass = PerEventPass(
                        features: sample.features.baseAddress!, range: chunk.range,
                        categories: forms.categories, theta: theta.baseAddress!, soft: soft,
                        scratch: scratch, output: base)
                    withBasis(dimension: forms.dimension, scratch: scratch.monomials, pass)
                }
            }
        }
        return output
    }

    /// Writes each event's argmax (`soft == false`) or its K soft assignments.
    private struct PerEventPass: BasisVisitor {
        let features: UnsafePointer<Float>
        let range: Range<Int>
        let categories: Int
        let theta: UnsafePointer<Double>
        let soft: Bool
        let scratch: WorkerScratch
        let output: UnsafeMutablePointer<Double>

        @inline(__always)
        func visit<B: MonomialBasis>(_ basis: B) {
            let k = categories
            let logits = scratch.logits
            var start = range.lowerBound
            while start < range.upperBound {
                let valid = min(4, range.upperBound - start)
                let phi = basis.load(features, start: start, valid: valid)
                let maximum = basis.logits(theta, categories: k, phi, into: logits)
                if soft {
                    var total = SIMD4<Double>.zero
                    for c in 0..<k {
                        let e = VectorMath.exp(logits[c] - maximum)
                        logits[c] = e
                        total += e
                    }
                    let inverse = 1 / total
                    for lane in 0..<valid {
                        for c in 0..<k { output[(start + lane) * k + c] = logits[c][lane] * inverse[lane] }
                    }
                } else {
                    var chosen = SIMD4<Double>(repeating: Double(k - 1))
                    for c in stride(from: k - 2, through: 0, by: -1) {
                        chosen.replace(with: Double(c), where: logits[c] .== maximum)
                    }
                    for lane in 0..<valid { output[start + lane] = chosen[lane] }
                }
                start += 4
            }
        }
    }

    // MARK: Helpers

    @inline(__always)
    static func loadWeights(_ weights: UnsafePointer<Double>, start: Int, valid: Int) -> SIMD4<Double> {
        if valid == 4 {
            return UnsafeRawPointer(weights + start).loadUnaligned(as: SIMD4<Double>.self)
        }
        var w = SIMD4<Double>.zero
        for lane in 0..<valid { w[lane] = weights[start + lane] }
        return w
    }

    /// Calls `visitor` with the specialised basis for D = 1, 2, 3, else the dynamic one.
    @inline(__always)
    static func withBasis<V: BasisVisitor>(
        dimension: Int, scratch: UnsafeMutablePointer<SIMD4<Double>>, _ visitor: V
    ) {
        switch dimension {
        case 1: visitor.visit(Basis1())
        case 2: visitor.visit(Basis2())
        case 3: visitor.visit(Basis3())
        default: visitor.visit(DynamicBasis(dimension: dimension, scratch: scratch))
        }
    }

    // MARK: Scratch space

    /// Blocks of four events per backward batch: 32 events; the batch's g and
    /// phi stay in the L1 cache for any K and D in use (K = 20, D = 5: 13 KB).
    static let batchBlocks = 8

    /// One worker's scratch vectors, carved from its ``ScratchArena``: F monomials
    /// (dynamic basis only), K logits, K upstream costs, max(4K, K F) accumulators
    /// and the backward pass's batch of g and phi.
    struct WorkerScratch {
        let monomials: UnsafeMutablePointer<SIMD4<Double>>
        let logits: UnsafeMutablePointer<SIMD4<Double>>
        let upstream: UnsafeMutablePointer<SIMD4<Double>>
        let accumulators: UnsafeMutablePointer<SIMD4<Double>>
        /// `batchBlocks x K` per-block gradients g (backward pass).
        let batchGradients: UnsafeMutablePointer<SIMD4<Double>>
        /// `batchBlocks x F` per-block monomials (backward pass).
        let batchMonomials: UnsafeMutablePointer<SIMD4<Double>>

        @inline(__always)
        init(_ arena: ScratchArena, forms: QuadraticForms) {
            var arena = arena
            let (k, f) = (forms.categories, forms.monomialCount)
            monomials = arena.take(SIMD4<Double>.self, count: f)
            logits = arena.take(SIMD4<Double>.self, count: k)
            upstream = arena.take(SIMD4<Double>.self, count: k)
            accumulators = arena.take(SIMD4<Double>.self, count: max(4 * k, k * f))
            batchGradients = arena.take(SIMD4<Double>.self, count: batchBlocks * k)
            batchMonomials = arena.take(SIMD4<Double>.self, count: batchBlocks * f)
        }

        /// The bytes ``init(_:forms:)`` carves.
        static func byteCount(_ forms: QuadraticForms) -> Int {
            let (k, f) = (forms.categories, forms.monomialCount)
            return [f, k, k, max(4 * k, k * f), batchBlocks * k, batchBlocks * f]
                .reduce(0) { $0 + ScratchArena.byteCount(SIMD4<Double>.self, count: $1) }
        }
    }
}

/// A computation over a chunk of events, generic over the monomial basis so that
/// it is compiled once per specialised dimension.
protocol BasisVisitor {
    func visit<B: MonomialBasis>(_ basis: B)
}
