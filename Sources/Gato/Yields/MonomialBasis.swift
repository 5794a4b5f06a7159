/// The monomials `phi(x)` of ``QuadraticForms`` for four events at a time, with the
/// two operations the kernel needs: the dot product `theta_k . phi` and the
/// accumulation `acc_f += g phi_f`.
///
/// The bases for D = 1, 2, 3 hold the monomials as named vectors, so that after
/// specialisation they stay in registers for all K categories and the loops over F
/// are unrolled; ``DynamicBasis`` covers any D through scratch memory.
protocol MonomialBasis {
    associatedtype Values
    /// D.
    var dimension: Int { get }
    /// F = D(D+1)/2 + D + 1.
    var count: Int { get }
    /// The monomials of events `start ..< start + valid` (`valid` in 1...4); missing
    /// lanes repeat the last event.
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> Values
    /// `theta . phi` for one category's coefficient row (F values, constant last).
    func dot(_ row: UnsafePointer<Double>, _ phi: Values) -> SIMD4<Double>
    /// Writes the F monomials to `target`.
    func store(_ phi: Values, to target: UnsafeMutablePointer<SIMD4<Double>>)
    /// `acc[f] += sum_b g[b * stride] * phi_b[f]` over `blocks` blocks whose
    /// monomials were stored contiguously (F vectors each) at `monomials`; the F
    /// running sums stay in registers for the fixed-D bases.
    func accumulate(
        gradients g: UnsafePointer<SIMD4<Double>>, stride: Int, monomials: UnsafePointer<SIMD4<Double>>,
        blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>)
}

extension MonomialBasis {
    /// Writes `l_c = theta_c . phi` for the `categories` coefficient rows (F values
    /// each, contiguous in `theta`) to `logits` and returns their lane-wise maximum,
    /// the shift that keeps the softmax exponentials at most 1.
    @inline(__always)
    func logits(
        _ theta: UnsafePointer<Double>, categories: Int, _ phi: Values, into logits: UnsafeMutablePointer<SIMD4<Double>>
    ) -> SIMD4<Double> {
        var maximum = dot(theta, phi)
        logits[0] = maximum
        for c in 1..<categories {
            let l = dot(theta + c * count, phi)
            logits[c] = l
            maximum = VectorMath.max(maximum, l)
        }
        return maximum
    }
}

@inline(__always)
private func broadcast(_ row: UnsafePointer<Double>, _ j: Int) -> SIMD4<Double> { SIMD4(repeating: row[j]) }

@inline(__always)
private func gather(_ features: UnsafePointer<Float>, start: Int, valid: Int, stride: Int, offset: Int)
    -> SIMD4<Double>
{
    if valid == 4 {
        return SIMD4(
            Double(features[start * stride + offset]), Double(features[(start + 1) * stride + offset]),
            Double(features[(start + 2) * stride + offset]), Double(features[(start + 3) * stride + offset]))
    }
    var v = SIMD4<Double>.zero
    for lane in 0..<4 { v[lane] = Double(features[(start + min(lane, valid - 1)) * stride + offset]) }
    return v
}

/// D = 1: phi = (x^2, x, 1).
struct Basis1: MonomialBasis {
    struct Values {
        var x: SIMD4<Double>
        var xx: SIMD4<Double>
    }
    var dimension: Int { 1 }
    var count: Int { 3 }

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> Values {
        let x: SIMD4<Double>
        if valid == 4 {
            x = SIMD4<Double>(UnsafeRawPointer(features + start).loadUnaligned(as: SIMD4<Float>.self))
        } else {
            x = gather(features, start: start, valid: valid, stride: 1, offset: 0)
        }
        return Values(x: x, xx: x * x)
    }

    @inline(__always)
    func dot(_ row: UnsafePointer<Double>, _ phi: Values) -> SIMD4<Double> {
        // (theta_0 x + theta_1) x + theta_2
        VectorMath.fma(VectorMath.fma(broadcast(row, 0), phi.x, broadcast(row, 1)), phi.x, broadcast(row, 2))
    }

    @inline(__always)
    func store(_ phi: Values, to target: UnsafeMutablePointer<SIMD4<Double>>) {
        target[0] = phi.xx
        target[1] = phi.x
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD4<Double>>, stride: Int, monomials m: UnsafePointer<SIMD4<Double>>,
        blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        var a0 = acc[0], a1 = acc[1], a2 = acc[2]
        for b in 0..<blocks {
            let gb = g[b * stride]
            let phi = m + b * 3
            a0 = VectorMath.fma(gb, phi[0], a0)
            a1 = VectorMath.fma(gb, phi[1], a1)
            a2 += gb
        }
        acc[0] = a0
        acc[1] = a1
        acc[2] = a2
    }
}

/// D = 2: phi = (x0^2, x0 x1, x1^2, x0, x1, 1).
struct Basis2: MonomialBasis {
    struct Values {
        var x0: SIMD4<Double>
        var x1: SIMD4<Double>
        var x00: SIMD4<Double>
        var x01: SIMD4<Double>
        var x11: SIMD4<Double>
    }
    var dimension: Int { 2 }
    var count: Int { 6 }

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> Values {
        let x0: SIMD4<Double>
        let x1: SIMD4<Double>
        if valid == 4 {
            let raw = UnsafeRawPointer(features + 2 * start).loadUnaligned(as: SIMD8<Float>.self)
            x0 = SIMD4<Double>(raw.evenHalf)
            x1 = SIMD4<Double>(raw.oddHalf)
        } else {
            x0 = gather(features, start: start, valid: valid, stride: 2, offset: 0)
            x1 = gather(features, start: start, valid: valid, stride: 2, offset: 1)
        }
        return Values(x0: x0, x1: x1, x00: x0 * x0, x01: x0 * x1, x11: x1 * x1)
    }

    @inline(__always)
    func dot(_ row: UnsafePointer<Double>, _ phi: Values) -> SIMD4<Double> {
        var l = VectorMath.fma(broadcast(row, 0), phi.x00, broadcast(row, 5))
        l = VectorMath.fma(broadcast(row, 1), phi.x01, l)
        l = VectorMath.fma(broadcast(row, 2), phi.x11, l)
        l = VectorMath.fma(broadcast(row, 3), phi.x0, l)
        return VectorMath.fma(broadcast(row, 4), phi.x1, l)
    }

    @inline(__always)
    func store(_ phi: Values, to target: UnsafeMutablePointer<SIMD4<Double>>) {
        target[0] = phi.x00
        target[1] = phi.x01
        target[2] = phi.x11
        target[3] = phi.x0
        target[4] = phi.x1
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD4<Double>>, stride: Int, monomials m: UnsafePointer<SIMD4<Double>>,
        blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        var a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3], a4 = acc[4], a5 = acc[5]
        for b in 0..<blocks {
            let gb = g[b * stride]
            let phi = m + b * 6
            a0 = VectorMath.fma(gb, phi[0], a0)
            a1 = VectorMath.fma(gb, phi[1], a1)
            a2 = VectorMath.fma(gb, phi[2], a2)
            a3 = VectorMath.fma(gb, phi[3], a3)
            a4 = VectorMath.fma(gb, phi[4], a4)
            a5 += gb
        }
        acc[0] = a0
        acc[1] = a1
        acc[2] = a2
        acc[3] = a3
        acc[4] = a4
        acc[5] = a5
    }
}

/// D = 3: phi = (x0^2, x0 x1, x0 x2, x1^2, x1 x2, x2^2, x0, x1, x2, 1).
struct Basis3: MonomialBasis {
    struct Values {
        var x0, x1, x2: SIMD4<Double>
        var x00, x01, x02, x11, x12, x22: SIMD4<Double>
    }
    var dimension: Int { 3 }
    var count: Int { 10 }

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> Values {
        let x0 = gather(features, start: start, valid: valid, stride: 3, offset: 0)
        let x1 = gather(features, start: start, valid: valid, stride: 3, offset: 1)
        let x2 = gather(features, start: start, valid: valid, stride: 3, offset: 2)
        return Values(
            x0: x0, x1: x1, x2: x2, x00: x0 * x0, x01: x0 * x1, x02: x0 * x2, x11: x1 * x1, x12: x1 * x2,
            x22: x2 * x2)
    }

    @inline(__always)
    func dot(_ row: UnsafePointer<Double>, _ phi: Values) -> SIMD4<Double> {
        var l = VectorMath.fma(broadcast(row, 0), phi.x00, broadcast(row, 9))
        l = VectorMath.fma(broadcast(row, 1), phi.x01, l)
        l = VectorMath.fma(broadcast(row, 2), phi.x02, l)
        l = VectorMath.fma(broadcast(row, 3), phi.x11, l)
        l = VectorMath.fma(broadcast(row, 4), phi.x12, l)
        l = VectorMath.fma(broadcast(row, 5), phi.x22, l)
        l = VectorMath.fma(broadcast(row, 6), phi.x0, l)
        l = VectorMath.fma(broadcast(row, 7), phi.x1, l)
        return VectorMath.fma(broadcast(row, 8), phi.x2, l)
    }

    @inline(__always)
    func store(_ phi: Values, to target: UnsafeMutablePointer<SIMD4<Double>>) {
        target[0] = phi.x00
        target[1] = phi.x01
        target[2] = phi.x02
        target[3] = phi.x11
        target[4] = phi.x12
        target[5] = phi.x22
        target[6] = phi.x0
        target[7] = phi.x1
        target[8] = phi.x2
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD4<Double>>, stride: Int, monomials m: UnsafePointer<SIMD4<Double>>,
        blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        var a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3], a4 = acc[4]
        var a5 = acc[5], a6 = acc[6], a7 = acc[7], a8 = acc[8], a9 = acc[9]
        for b in 0..<blocks {
            let gb = g[b * stride]
            let phi = m + b * 10
            a0 = VectorMath.fma(gb, phi[0], a0)
            a1 = VectorMath.fma(gb, phi[1], a1)
            a2 = VectorMath.fma(gb, phi[2], a2)
            a3 = VectorMath.fma(gb, phi[3], a3)
            a4 = VectorMath.fma(gb, phi[4], a4)
            a5 = VectorMath.fma(gb, phi[5], a5)
            a6 = VectorMath.fma(gb, phi[6], a6)
            a7 = VectorMath.fma(gb, phi[7], a7)
            a8 = VectorMath.fma(gb, phi[8], a8)
            a9 += gb
        }
        acc[0] = a0
        acc[1] = a1
        acc[2] = a2
        acc[3] = a3
        acc[4] = a4
        acc[5] = a5
        acc[6] = a6
        acc[7] = a7
        acc[8] = a8
        acc[9] = a9
    }
}

/// Any D: the monomials live in caller-provided scratch memory (F vectors).
struct DynamicBasis: MonomialBasis {
    let dimension: Int
    let count: Int
    /// F vectors owned by one worker.
    let scratch: UnsafeMutablePointer<SIMD4<Double>>

    init(dimension: Int, scratch: UnsafeMutablePointer<SIMD4<Double>>) {
        self.dimension = dimension
        self.count = QuadraticForms.monomialCount(dimension: dimension)
        self.scratch = scratch
    }

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> UnsafeMutablePointer<SIMD4<Double>> {
        let linear = QuadraticForms.linearIndex(0, dimension: dimension)
        for d in 0..<dimension {
            scratch[linear + d] = gather(features, start: start, valid: valid, stride: dimension, offset: d)
        }
        var j = 0
        for d in 0..<dimension {
            for e in d..<dimension {
                scratch[j] = scratch[linear + d] * scratch[linear + e]
                j += 1
            }
        }
        scratch[count - 1] = SIMD4(repeating: 1)
        return scratch
    }

    @inline(__always)
    func dot(_ row: UnsafePointer<Double>, _ phi: UnsafeMutablePointer<SIMD4<Double>>) -> SIMD4<Double> {
        var l = broadcast(row, count - 1)
        for j in 0..<(count - 1) { l = VectorMath.fma(broadcast(row, j), phi[j], l) }
        return l
    }

    @inline(__always)
    func store(_ phi: UnsafeMutablePointer<SIMD4<Double>>, to target: UnsafeMutablePointer<SIMD4<Double>>) {
        target.update(from: phi, count: count)
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD4<Double>>, stride: Int, monomials m: UnsafePointer<SIMD4<Double>>,
        blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        for b in 0..<blocks {
            let gb = g[b * stride]
            let phi = m + b * count
            for j in 0..<count { acc[j] = VectorMath.fma(gb, phi[j], acc[j]) }
        }
    }
}
