/// The boundaries and steepnesses of a ``SigmoidCutCategorizer`` laid out for the
/// event loop.
struct CutLayout: Sendable {
    /// n_j per variable.
    let bins: [Int]
    /// Physical boundaries of all variables, concatenated (n_j - 1 each).
    let boundaries: [Double]
    /// k_j per variable.
    let steepness: [Double]
    /// Offset of variable j in `boundaries`.
    let boundaryOffsets: [Int]
    /// Offset of variable j in a concatenation of all variables' bins.
    let binOffsets: [Int]
    /// K.
    let categories: Int
    /// For category k and variable j, the offset of k's bin of j in the bin
    /// concatenation: `categoryBins[k * J + j]`.
    let categoryBins: [Int]
    /// The sigmoid where `-k (x - b)` is clipped at +75 and at -75, computed exactly
    /// as in the event loop (kept here: a static constant would be checked for lazy
    /// initialisation at every use in the loop).
    let saturatedLow = 1 / (1 + VectorMath.exp(SIMD4<Double>(repeating: SigmoidCutKernel.clip)))
    let saturatedHigh = 1 / (1 + VectorMath.exp(SIMD4<Double>(repeating: -SigmoidCutKernel.clip)))

    var dimension: Int { bins.count }
    var boundaryCount: Int { boundaries.count }
    var binCount: Int { bins.reduce(0, +) }

    init(_ model: SigmoidCutCategorizer) {
        bins = model.variables.map(\.bins)
        boundaries = model.allBoundaries().flatMap { $0 }
        steepness = model.steepness
        var boundaryOffsets: [Int] = []
        var binOffsets: [Int] = []
        var b = 0
        var u = 0
        for n in bins {
            boundaryOffsets.append(b)
            binOffsets.append(u)
            b += n - 1
            u += n
        }
        self.boundaryOffsets = boundaryOffsets
        self.binOffsets = binOffsets
        categories = model.categoryCount
        var table: [Int] = []
        for k in 0..<model.categoryCount {
            for (j, bin) in model.binIndices(ofCategory: k).enumerated() { table.append(binOffsets[j] + bin) }
        }
        categoryBins = table
    }
}

/// The event loop of the sigmoid-cut model: soft (and optionally hard) yields in
/// one pass, and `sum_i dL/db_m` for every boundary in the backward pass.
///
/// Per block of four events (`SIMD4<Double>` lanes): one clipped sigmoid per
/// boundary (``VectorMath/exp(_:)`` and a division), the bin weights of each
/// variable, and their products over the K categories. The backward pass forms
/// `dL/du_ja = sum_{k in bin a of j} c_k prod_{j' != j} u_j'` with
/// `c_k = w dL/dy_pk + w^2 dL/dq_pk`, then `dL/ds_m = dL/du_(m+1) - dL/du_m` and
/// `dL/db_m += dL/ds_m (-k s_m (1 - s_m))` where the clip is inactive.
/// Chunks, threads, scratch and the reduction: ``ChunkedKernelDriver``.
enum SigmoidCutKernel {
    static let clip = 75.0

    /// Soft sums per process and category, with hard sums when asked for.
    static func forward(_ data: Dataset, layout: CutLayout, hard: Bool, threads: Int?) -> YieldSums {
        let driver = ChunkedKernelDriver(data, threads: threads)
        let k = layout.categories
        let sums = driver.sum(
            slotSize: YieldSums.slotSize(categories: k), scratchBytes: CutScratch.byteCount(layout),
            reduction: .perProcess
        ) { chunk, arena, slot in
            let sample = data.processes[chunk.process]
            let features = sample.features.baseAddress!
            let weights = sample.weights.baseAddress!
            let local = CutScratch(arena, layout: layout)
            let accW = local.accumulators
            let accW2 = accW + k
            for c in 0..<(2 * k) { accW[c] = .zero }
            // The hard sums go straight to the slot, which is zero on entry.
            let hardW = slot + 2 * k
            let hardW2 = slot + 3 * k
            var start = chunk.start
            while start < chunk.end {
                let valid = min(4, chunk.end - start)
                let w = QuadraticLogitKernel.loadWeights(weights, start: start, valid: valid)
                let w2 = w * w
                binWeights(features, start: start, valid: valid, layout: layout, scratch: local)
                categoryWeights(layout: layout, scratch: local)
                for c in 0..<k {
                    accW[c] = VectorMath.fma(w, local.gamma[c], accW[c])
                    accW2[c] = VectorMath.fma(w2, local.gamma[c], accW2[c])
                }
                if hard {
                    for lane in 0..<valid {
                        let c = hardCategory(features, event: start + lane, layout: layout)
                        hardW[c] += w[lane]
                        hardW2[c] += w2[lane]
                    }
                }
                start += 4
            }
            for c in 0..<k {
                slot[c] = VectorMath.laneSum(accW[c])
                slot[k + c] = VectorMath.laneSum(accW2[c])
            }
        }
        return YieldSums(perProcess: sums, categories: k, hard: hard)
    }

    /// `dL/db` for every (physical) boundary, in `layout.boundaries` order.
    static func backward(
        _ data: Dataset, layout: CutLayout, upstreamW: [Double], upstreamW2: [Double], threads: Int?
    ) -> [Double] {
        let driver = ChunkedKernelDriver(data, threads: threads)
        let k = layout.categories
        let nb = layout.boundaryCount
        return upstreamW.withUnsafeBufferPointer { gW in
            upstreamW2.withUnsafeBufferPointer { gW2 in
                driver.sum(slotSize: nb, scratchBytes: CutScratch.byteCount(layout), reduction: .total) {
                    chunk, arena, slot in
                    let sample = data.processes[chunk.process]
                    let features = sample.features.baseAddress!
                    let weights = sample.weights.baseAddress!
                    let local = CutScratch(arena, layout: layout)
                    let gy = gW.baseAddress! + chunk.process * k
                    let gq = gW2.baseAddress! + chunk.process * k
                    let acc = local.accumulators
                    for m in 0..<nb { acc[m] = .zero }
                    var start = chunk.start
                    while start < chunk.end {
                        let valid = min(4, chunk.end - start)
                        let w = QuadraticLogitKernel.loadWeights(weights, start: start, valid: valid)
                        let w2 = w * w
                        binWeights(features, start: start, valid: valid, layout: layout, scratch: local)
                        binGradients(w: w, w2: w2, gy: gy, gq: gq, layout: layout, scratch: local)
                        for j in 0..<layout.dimension {
                            let boundaryBase = layout.boundaryOffsets[j]
                            let binBase = layout.binOffsets[j]
                            let slope = SIMD4<Double>(repeating: -layout.steepness[j])
                            for m in 0..<(layout.bins[j] - 1) {
                                let s = local.sigmoids[boundaryBase + m]
                                let ds = local.binGradient[binBase + m + 1] - local.binGradient[binBase + m]
                                let derivative = slope * s * (1 - s) * local.clipMasks[boundaryBase + m]
                                acc[boundaryBase + m] = VectorMath.fma(ds, derivative, acc[boundaryBase + m])
                            }
                        }
                        start += 4
                    }
                    for m in 0..<nb { slot[m] = VectorMath.laneSum(acc[m]) }
                }
            }
        }
    }

    /// The soft assignments, `count x K` row-major.
    static func softAssignments(_ sample: ProcessSample, layout: CutLayout, threads: Int?) -> [Double] {
        let k = layout.categories
        let driver = ChunkedKernelDriver(eventCounts: [sample.count], threads: threads)
        var output = [Double](repeating: 0, count: sample.count * k)
        guard sample.count > 0 else { return output }
        output.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            driver.forEachChunk(scratchBytes: CutScratch.byteCount(layout)) { chunk, arena in
                let local = CutScratch(arena, layout: layout)
                var start = chunk.start
                while start < chunk.end {
                    let valid = min(4, chunk.end - start)
                    binWeights(sample.features.baseAddress!, start: start, valid: valid, layout: layout, scratch: local)
                    categoryWeights(layout: layout, scratch: local)
                    for lane in 0..<valid {
                        for c in 0..<k { base[(start + lane) * k + c] = local.gamma[c][lane] }
                    }
                    start += 4
                }
            }
        }
        return output
    }

    /// The category of each event: per variable, the bin that contains x.
    static func hardAssignments(_ sample: ProcessSample, layout: CutLayout) -> [Int32] {
        let features = sample.features.baseAddress
        return (0..<sample.count).map { Int32(hardCategory(features!, event: $0, layout: layout)) }
    }

    // MARK: Pieces

    /// The category containing event `event`: per variable j, the number of its
    /// boundaries strictly below x_j (x equal to a boundary goes left).
    @inline(__always)
    static func hardCategory(_ features: UnsafePointer<Float>, event: Int, layout: CutLayout) -> Int {
        var category = 0
        for j in 0..<layout.dimension {
            let x = Double(features[event * layout.dimension + j])
            var bin = 0
            let base = layout.boundaryOffsets[j]
            for m in 0..<(layout.bins[j] - 1) where x > layout.boundaries[base + m] { bin = m + 1 }
            category = category * layout.bins[j] + bin
        }
        return category
    }

    /// Fills `sigmoids`, `clipMasks` and the per-variable bin weights `bins`.
    @inline(__always)
    static func binWeights(
        _ features: UnsafePointer<Float>, start: Int, valid: Int, layout: CutLayout, scratch: CutScratch
    ) {
        let d = layout.dimension
        let low = SIMD4<Double>(repeating: -75)
        let high = SIMD4<Double>(repeating: 75)
        for j in 0..<d {
            var x = SIMD4<Double>.zero
            for lane in 0..<4 { x[lane] = Double(features[(start + min(lane, valid - 1)) * d + j]) }
            let k = SIMD4<Double>(repeating: layout.steepness[j])
            let boundaryBase = layout.boundaryOffsets[j]
            let binBase = layout.binOffsets[j]
            let n = layout.bins[j]
            var previous = SIMD4<Double>(repeating: 1)
            for m in 0..<(n - 1) {
                let z = -k * (x - layout.boundaries[boundaryBase + m])
                let s: SIMD4<Double>
                if all(z .> high) || all(z .< low) {
                    // Every lane is clipped (most events once the steepness is large):
                    // the sigmoid is a constant there and its derivative zero, so the
                    // exponential is skipped; the values are those computed below.
                    s = all(z .> high) ? layout.saturatedLow : layout.saturatedHigh
                    scratch.clipMasks[boundaryBase + m] = .zero
                } else {
                    let inside = (z .>= low) .& (z .<= high)
                    var clipped = z.replacing(with: low, where: z .< low)
                    clipped.replace(with: high, where: z .> high)
                    s = 1 / (1 + VectorMath.exp(clipped))
                    scratch.clipMasks[boundaryBase + m] = SIMD4<Double>.zero.replacing(with: 1, where: inside)
                }
                scratch.sigmoids[boundaryBase + m] = s
                scratch.bins[binBase + m] = previous - s
                previous = s
            }
            scratch.bins[binBase + n - 1] = previous
        }
    }

    /// gamma_k = prod_j (bin weight of k's bin of j).
    @inline(__always)
    static func categoryWeights(layout: CutLayout, scratch: CutScratch) {
        let d = layout.dimension
        for c in 0..<layout.categories {
            var g = scratch.bins[layout.categoryBins[c * d]]
            for j in 1..<d { g *= scratch.bins[layout.categoryBins[c * d + j]] }
            scratch.gamma[c] = g
        }
    }

    /// `binGradient[u] = dL/d(bin weight u)` for the current block.
    @inline(__always)
    static func binGradients(
        w: SIMD4<Double>, w2: SIMD4<Double>, gy: UnsafePointer<Double>, gq: UnsafePointer<Double>,
        layout: CutLayout, scratch: CutScratch
    ) {
        let d = layout.dimension
        for u in 0..<layout.binCount { scratch.binGradient[u] = .zero }
        for c in 0..<layout.categories {
            let cost = VectorMath.fma(w2, SIMD4(repeating: gq[c]), w * gy[c])
            for j in 0..<d {
                var product = cost
                for other in 0..<d where other != j {
                    product *= scratch.bins[layout.categoryBins[c * d + other]]
                }
                let u = layout.categoryBins[c * d + j]
                scratch.binGradient[u] += product
            }
        }
    }
}

/// One worker's scratch vectors for ``SigmoidCutKernel``, carved from its
/// ``ScratchArena``: per boundary a sigmoid and a clip mask, per bin its weight and
/// its gradient, per category gamma, and max(2K, boundaries) accumulators.
struct CutScratch {
    let sigmoids: UnsafeMutablePointer<SIMD4<Double>>
    let clipMasks: UnsafeMutablePointer<SIMD4<Double>>
    let bins: UnsafeMutablePointer<SIMD4<Double>>
    let binGradient: UnsafeMutablePointer<SIMD4<Double>>
    let gamma: UnsafeMutablePointer<SIMD4<Double>>
    let accumulators: UnsafeMutablePointer<SIMD4<Double>>

    @inline(__always)
    init(_ arena: ScratchArena, layout: CutLayout) {
        var arena = arena
        sigmoids = arena.take(SIMD4<Double>.self, count: layout.boundaryCount)
        clipMasks = arena.take(SIMD4<Double>.self, count: layout.boundaryCount)
        bins = arena.take(SIMD4<Double>.self, count: layout.binCount)
        binGradient = arena.take(SIMD4<Double>.self, count: layout.binCount)
        gamma = arena.take(SIMD4<Double>.self, count: layout.categories)
        accumulators = arena.take(SIMD4<Double>.self, count: max(2 * layout.categories, layout.boundaryCount))
    }

    /// The bytes ``init(_:layout:)`` carves.
    static func byteCount(_ layout: CutLayout) -> Int {
        let counts = [
            layout.boundaryCount, layout.boundaryCount, layout.binCount, layout.binCount, layout.categories,
            max(2 * layout.categories, layout.boundaryCount),
        ]
        return counts.reduce(0) { $0 + ScratchArena.byteCount(SIMD4<Double>.self, count: $1) }
    }
}
