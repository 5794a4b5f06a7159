import Foundation

/// The arithmetic of a Gaussian mixture's event loops.
public enum KernelPrecision: String, Sendable, Codable, CaseIterable {
    /// Per-event arithmetic in `Float`, eight events per AVX register
    /// (``SinglePrecisionKernel``): logits and exponentials to about 1e-6 relative,
    /// categories more than e^40 below an event's leading one set to zero; every sum
    /// over events in `Double`. Twice as fast; gato-hep computes in float32 throughout.
    case single
    /// Everything in `Double` (``QuadraticLogitKernel``, exponentials to 5e-16): the
    /// reference, used for final results and gradient checks.
    case double
}

/// A Gaussian mixture laid out for ``SinglePrecisionKernel``: per component k, the
/// mean `mu_k` (D values), `A~_k = L_k^-1 / sqrt(T)` packed by rows of its lower
/// triangle (D(D+1)/2 values) and `c_k = (log pi_k - log|L_k| - D/2 log 2pi) / T`, so
/// that the logit is `c_k - |A~_k (x - mu_k)|^2 / 2` in the centred form (no
/// cancellation between large terms, which matters in Float).
struct CenteredComponents: Sendable {
    let categories: Int
    let dimension: Int
    /// K rows of `rowLength` Floats.
    let table: [Float]

    var rowLength: Int { Self.rowLength(dimension: dimension) }
    static func rowLength(dimension d: Int) -> Int { d + d * (d + 1) / 2 + 1 }

    init(_ model: GaussianMixtureCategorizer, compiled: GaussianMixtureCategorizer.Compiled) {
        let (k, d) = (model.categoryCount, model.dimension)
        let scale = 1 / model.temperature.squareRoot()
        let logPi = model.logMixtureWeights()
        var table: [Float] = []
        table.reserveCapacity(k * Self.rowLength(dimension: d))
        for c in 0..<k {
            let base = c * d * d
            for j in 0..<d { table.append(Float(compiled.means[c * d + j])) }
            var logDet = 0.0
            for i in 0..<d {
                logDet += log(compiled.factors[base + i * d + i])
                for j in 0...i { table.append(Float(compiled.inverses[base + i * d + j] * scale)) }
            }
            let constant = (logPi[c] - logDet - Double(d) * 0.5 * log(2 * Double.pi)) / model.temperature
            table.append(Float(constant))
        }
        self.categories = k
        self.dimension = d
        self.table = table
    }
}

/// The single-precision event loop of a Gaussian mixture: soft (and optionally
/// hard) yields, and the centred sums of the backward pass.
///
/// Per block of eight events (`SIMD8<Float>`): for each component the offsets
/// `d = x - mu_k`, `z = A~_k d`, the logit, a running max; the exponentials
/// (``VectorMath/exp(_:)-5ifbv``, set to zero below e^-40 so that no subnormal
/// number slows the loop); the weighted soft assignments. Sums are kept in Float
/// lanes for at most 64 events, then added to Double accumulators, so the relative
/// error of a chunk's sums stays near 1e-7 whatever its size.
///
/// The backward pass returns, per component, `sum_i g_ik d d^T` (upper triangle, row
/// by row), `sum_i g_ik d` and `sum_i g_ik` with `d = x_i - mu_k` and
/// `g_ik = dL/dl_ik`: the layout of ``QuadraticForms`` (quadratic, linear, constant),
/// but centred on each component's mean.
enum SinglePrecisionKernel {
    /// Events whose exponential is below e^-40 relative to their leading category
    /// contribute exactly zero (their weight would be below Float's 6e-8 resolution
    /// of the total by more than ten orders of magnitude).
    static let cutoff: Float = -40
    /// Blocks of eight events summed in Float before being added in Double.
    static let batchBlocks = 8

    // MARK: Forward

    static func forward(_ data: Dataset, components: CenteredComponents, hard: Bool, threads: Int?) -> YieldSums {
        let driver = ChunkedKernelDriver(data, threads: threads)
        let k = components.categories
        let sums = components.table.withUnsafeBufferPointer { table in
            driver.sum(
                slotSize: YieldSums.slotSize(categories: k), scratchBytes: Scratch.byteCount(components),
                reduction: .perProcess
            ) { chunk, arena, slot in
                let sample = data.processes[chunk.process]
                let scratch = Scratch(arena, components: components)
                let pass = ForwardPass(
                    features: sample.features.baseAddress!, weights: sample.weights.baseAddress!,
                    range: chunk.range, categories: k, table: table.baseAddress!,
                    rowLength: components.rowLength, hard: hard, scratch: scratch, slot: slot)
                withBasis(dimension: components.dimension, scratch: scratch, pass)
            }
        }
        return YieldSums(perProcess: sums, categories: k, hard: hard)
    }

    private struct ForwardPass: CenteredVisitor {
        let features: UnsafePointer<Float>
        let weights: UnsafePointer<Double>
        let range: Range<Int>
        let categories: Int
        let table: UnsafePointer<Float>
        let rowLength: Int
        let hard: Bool
        let scratch: Scratch
        let slot: UnsafeMutablePointer<Double>

        @inline(__always)
        func visit<B: CenteredBasis>(_ basis: B) {
            let k = categories
            let logits = scratch.logits
            let accW = scratch.floatAccumulators
            let accW2 = accW + k
            let total = scratch.doubleAccumulators  // 2 K pairs of SIMD4<Double>
            for c in 0..<(2 * k) { accW[c] = .zero }
            for c in 0..<(4 * k) { total[c] = .zero }
            // The hard sums go straight to the slot, which is zero on entry.
            let hardW = slot + 2 * k
            let hardW2 = slot + 3 * k

            var start = range.lowerBound
            var blocks = 0
            while start < range.upperBound {
                let valid = min(8, range.upperBound - start)
                let w = loadWeights(weights, start: start, valid: valid)
                let x = basis.load(features, start: start, valid: valid)
                let maximum = basis.logits(table, rowLength: rowLength, categories: k, x, into: logits, offsets: nil)
                if hard {
                    var chosen = SIMD8<Int32>(repeating: Int32(k - 1))
                    for c in stride(from: k - 2, through: 0, by: -1) {
                        chosen.replace(with: Int32(c), where: logits[c] .== maximum)
                    }
                    for lane in 0..<valid {
                        let c = Int(chosen[lane])
                        let weight = weights[start + lane]
                        hardW[c] += weight
                        hardW2[c] += weight * weight
                    }
                }
                var sum = SIMD8<Float>.zero
                for c in 0..<k {
                    let shifted = logits[c] - maximum
                    let e = VectorMath.exp(shifted).replacing(with: 0, where: shifted .< cutoff)
                    logits[c] = e
                    sum += e
                }
                let wn = w / sum
                let w2n = w * wn
                for c in 0..<k {
                    accW[c] = VectorMath.fma(wn, logits[c], accW[c])
                    accW2[c] = VectorMath.fma(w2n, logits[c], accW2[c])
                }
                blocks += 1
                start += 8
                if blocks == batchBlocks || start >= range.upperBound {
                    for c in 0..<(2 * k) {
                        let (low, high) = VectorMath.widen(accW[c])
                        total[2 * c] += low
                        total[2 * c + 1] += high
                        accW[c] = .zero
                    }
                    blocks = 0
                }
            }
            for c in 0..<(2 * k) {
                slot[c] = VectorMath.laneSum(total[2 * c]) + VectorMath.laneSum(total[2 * c + 1])
            }
        }
    }

    // MARK: Backward

    /// The centred sums per component (K x F, the layout of ``QuadraticForms``).
    static func backward(
        _ data: Dataset, components: CenteredComponents, upstreamW: [Double], upstreamW2: [Double], threads: Int?
    ) -> [Double] {
        let driver = ChunkedKernelDriver(data, threads: threads)
        let k = components.categories
        let f = QuadraticForms.monomialCount(dimension: components.dimension)
        let gy = upstreamW.map(Float.init)
        let gq = upstreamW2.map(Float.init)
        return components.table.withUnsafeBufferPointer { table in
            gy.withUnsafeBufferPointer { gy in
                gq.withUnsafeBufferPointer { gq in
                    driver.sum(slotSize: k * f, scratchBytes: Scratch.byteCount(components), reduction: .total) {
                        chunk, arena, slot in
                        let sample = data.processes[chunk.process]
                        let scratch = Scratch(arena, components: components)
                        let pass = BackwardPass(
                            features: sample.features.baseAddress!, weights: sample.weights.baseAddress!,
                            range: chunk.range, categories: k, table: table.baseAddress!,
                            rowLength: components.rowLength, upstreamW: gy.baseAddress! + chunk.process * k,
                            upstreamW2: gq.baseAddress! + chunk.process * k, scratch: scratch, slot: slot)
                        withBasis(dimension: components.dimension, scratch: scratch, pass)
                    }
                }
            }
        }
    }

    private struct BackwardPass: CenteredVisitor {
        let features: UnsafePointer<Float>
        let weights: UnsafePointer<Double>
        let range: Range<Int>
        let categories: Int
        let table: UnsafePointer<Float>
        let rowLength: Int
        let upstreamW: UnsafePointer<Float>
        let upstreamW2: UnsafePointer<Float>
        let scratch: Scratch
        let slot: UnsafeMutablePointer<Double>

        @inline(__always)
        func visit<B: CenteredBasis>(_ basis: B) {
            let k = categories
            let d = basis.dimension
            let f = basis.sums
            let logits = scratch.logits
            let costs = scratch.costs
            let gradients = scratch.gradients  // batchBlocks x K
            let offsets = scratch.offsets  // batchBlocks x K x D
            let total = scratch.doubleAccumulators  // K x F pairs of SIMD4<Double>
            for j in 0..<(2 * k * f) { total[j] = .zero }

            var start = range.lowerBound
            while start < range.upperBound {
                var blocks = 0
                while blocks < batchBlocks && start < range.upperBound {
                    let valid = min(8, range.upperBound - start)
                    let w = loadWeights(weights, start: start, valid: valid)
                    let w2 = w * w
                    let x = basis.load(features, start: start, valid: valid)
                    let blockOffsets = offsets + blocks * k * d
                    let maximum = basis.logits(
                        table, rowLength: rowLength, categories: k, x, into: logits, offsets: blockOffsets)
                    var sum = SIMD8<Float>.zero
                    var weightedCost = SIMD8<Float>.zero
                    for c in 0..<k {
                        let shifted = logits[c] - maximum
                        let e = VectorMath.exp(shifted).replacing(with: 0, where: shifted .< cutoff)
                        let cost = VectorMath.fma(w2, SIMD8(repeating: upstreamW2[c]), w * upstreamW[c])
                        logits[c] = e
                        costs[c] = cost
                        sum += e
                        weightedCost = VectorMath.fma(e, cost, weightedCost)
                    }
                    let inverse = 1 / sum
                    let meanCost = weightedCost * inverse
                    let row = gradients + blocks * k
                    for c in 0..<k { row[c] = (logits[c] * inverse) * (costs[c] - meanCost) }
                    blocks += 1
                    start += 8
                }
                for c in 0..<k {
                    basis.accumulate(
                        gradients: gradients + c, gradientStride: k, offsets: offsets + c * d, offsetStride: k * d,
                        blocks: blocks, into: total + 2 * c * f)
                }
            }
            for j in 0..<(k * f) { slot[j] = VectorMath.laneSum(total[2 * j]) + VectorMath.laneSum(total[2 * j + 1]) }
        }
    }

    // MARK: Per-event outputs

    /// The argmax category of each event (ties to the lower index).
    static func hardAssignments(_ sample: ProcessSample, components: CenteredComponents, threads: Int?) -> [Int32] {
        perEvent(sample, components: components, soft: false, threads: threads).map { Int32($0) }
    }

    /// The soft assignments, `count x K` row-major.
    static func softAssignments(_ sample: ProcessSample, components: CenteredComponents, threads: Int?) -> [Double] {
        perEvent(sample, components: components, soft: true, threads: threads)
    }

    private static func perEvent(_ sample: ProcessSample, components: CenteredComponents, soft: Bool, threads: Int?)
        -> [Double]
    {
        let driver = ChunkedKernelDriver(eventCounts: [sample.count], threads: threads)
        let columns = soft ? components.categories : 1
        var output = [Double](repeating: 0, count: sample.count * columns)
        guard sample.count > 0 else { return output }
        output.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            components.table.withUnsafeBufferPointer { table in
                driver.forEachChunk(scratchBytes: Scratch.byteCount(components)) { chunk, arena in
                    let scratch = Scratch(arena, components: components)
                    let pass = PerEventPass(
                        features: sample.features.baseAddress!, range: chunk.range,
                        categories: components.categories, table: table.baseAddress!, rowLength: components.rowLength,
                        soft: soft, scratch: scratch, output: base)
                    withBasis(dimension: components.dimension, scratch: scratch, pass)
                }
            }
        }
        return output
    }

    private struct PerEventPass: CenteredVisitor {
        let features: UnsafePointer<Float>
        let range: Range<Int>
        let categories: Int
        let table: UnsafePointer<Float>
        let rowLength: Int
        let soft: Bool
        let scratch: Scratch
        let output: UnsafeMutablePointer<Double>

        @inline(__always)
        func visit<B: CenteredBasis>(_ basis: B) {
            let k = categories
            let logits = scratch.logits
            var start = range.lowerBound
            while start < range.upperBound {
                let valid = min(8, range.upperBound - start)
                let x = basis.load(features, start: start, valid: valid)
                let maximum = basis.logits(table, rowLength: rowLength, categories: k, x, into: logits, offsets: nil)
                if soft {
                    var sum = SIMD8<Float>.zero
                    for c in 0..<k {
                        let shifted = logits[c] - maximum
                        let e = VectorMath.exp(shifted).replacing(with: 0, where: shifted .< cutoff)
                        logits[c] = e
                        sum += e
                    }
                    let inverse = 1 / sum
                    for lane in 0..<valid {
                        for c in 0..<k { output[(start + lane) * k + c] = Double(logits[c][lane] * inverse[lane]) }
                    }
                } else {
                    var chosen = SIMD8<Int32>(repeating: Int32(k - 1))
                    for c in stride(from: k - 2, through: 0, by: -1) {
                        chosen.replace(with: Int32(c), where: logits[c] .== maximum)
                    }
                    for lane in 0..<valid { output[start + lane] = Double(chosen[lane]) }
                }
                start += 8
            }
        }
    }

    // MARK: Helpers

    /// Eight weights as Float (missing lanes zero).
    @inline(__always)
    static func loadWeights(_ weights: UnsafePointer<Double>, start: Int, valid: Int) -> SIMD8<Float> {
        if valid == 8 {
            let raw = UnsafeRawPointer(weights + start)
            let low = raw.loadUnaligned(as: SIMD4<Double>.self)
            let high = raw.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
            return SIMD8(lowHalf: SIMD4<Float>(low), highHalf: SIMD4<Float>(high))
        }
        var w = SIMD8<Float>.zero
        for lane in 0..<valid { w[lane] = Float(weights[start + lane]) }
        return w
    }

    @inline(__always)
    static func withBasis<V: CenteredVisitor>(dimension: Int, scratch: Scratch, _ visitor: V) {
        switch dimension {
        case 1: visitor.visit(CenteredBasis1())
        case 2: visitor.visit(CenteredBasis2())
        case 3: visitor.visit(CenteredBasis3())
        default: visitor.visit(CenteredBasisN(dimension: dimension, point: scratch.point))
        }
    }
}

/// A computation over a chunk, generic over the centred basis.
protocol CenteredVisitor {
    func visit<B: CenteredBasis>(_ basis: B)
}

extension SinglePrecisionKernel {
    /// One worker's scratch, carved from its ``ScratchArena``: K logits, K costs,
    /// 2K Float accumulators, the backward batch's g (`batchBlocks x K`) and offsets
    /// d (`batchBlocks x K x D`), D point vectors (general-D basis only), and
    /// max(2K, K F) pairs of Double accumulators.
    struct Scratch {
        let logits: UnsafeMutablePointer<SIMD8<Float>>
        let costs: UnsafeMutablePointer<SIMD8<Float>>
        let floatAccumulators: UnsafeMutablePointer<SIMD8<Float>>
        let gradients: UnsafeMutablePointer<SIMD8<Float>>
        let offsets: UnsafeMutablePointer<SIMD8<Float>>
        let point: UnsafeMutablePointer<SIMD8<Float>>
        let doubleAccumulators: UnsafeMutablePointer<SIMD4<Double>>

        @inline(__always)
        init(_ arena: ScratchArena, components: CenteredComponents) {
            var arena = arena
            let (k, d) = (components.categories, components.dimension)
            let f = QuadraticForms.monomialCount(dimension: d)
            logits = arena.take(SIMD8<Float>.self, count: k)
            costs = arena.take(SIMD8<Float>.self, count: k)
            floatAccumulators = arena.take(SIMD8<Float>.self, count: 2 * k)
            gradients = arena.take(SIMD8<Float>.self, count: batchBlocks * k)
            offsets = arena.take(SIMD8<Float>.self, count: batchBlocks * k * d)
            point = arena.take(SIMD8<Float>.self, count: d)
            doubleAccumulators = arena.take(SIMD4<Double>.self, count: 2 * max(2 * k, k * f))
        }

        /// The bytes ``init(_:components:)`` carves.
        static func byteCount(_ components: CenteredComponents) -> Int {
            let (k, d) = (components.categories, components.dimension)
            let f = QuadraticForms.monomialCount(dimension: d)
            let floats = [k, k, 2 * k, batchBlocks * k, batchBlocks * k * d, d]
                .reduce(0) { $0 + ScratchArena.byteCount(SIMD8<Float>.self, count: $1) }
            return floats + ScratchArena.byteCount(SIMD4<Double>.self, count: 2 * max(2 * k, k * f))
        }
    }
}
