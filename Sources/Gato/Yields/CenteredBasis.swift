/// The per-component arithmetic of ``SinglePrecisionKernel`` for eight events: the
/// centred logit `c - |A~ (x - mu)|^2 / 2` from a component row
/// `(mu (D), A~ packed lower triangle by rows (D(D+1)/2), c)`, and the accumulation
/// of `g`, `g d` and `g d d^T` into Double sums.
///
/// The bases for D = 1, 2, 3 keep the point in registers and unroll everything;
/// ``CenteredBasisN`` covers any D through scratch memory.
protocol CenteredBasis {
    associatedtype Point
    /// D.
    var dimension: Int { get }
    /// F = D(D+1)/2 + D + 1, the number of sums per component.
    var sums: Int { get }
    /// Events `start ..< start + valid` (`valid` in 1...8); missing lanes repeat the last.
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> Point
    /// The logit of the component at `row`; writes `d = x - mu` (D vectors) to
    /// `offsets` when given.
    func logit(_ row: UnsafePointer<Float>, _ x: Point, offsets: UnsafeMutablePointer<SIMD8<Float>>?) -> SIMD8<Float>
    /// Adds `sum_b g_b m(d_b)` with `m = (d_i d_j for i <= j, d_i, 1)` over `blocks`
    /// blocks to `acc` (F pairs of `SIMD4<Double>`, low and high lanes).
    func accumulate(
        gradients g: UnsafePointer<SIMD8<Float>>, gradientStride: Int, offsets: UnsafePointer<SIMD8<Float>>,
        offsetStride: Int, blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>)
}

extension CenteredBasis {
    var sums: Int { QuadraticForms.monomialCount(dimension: dimension) }

    /// Writes the logits of the `categories` components (rows `rowLength` apart in
    /// `table`) for one block of events to `logits` and returns their lane-wise
    /// maximum, the shift that keeps the softmax exponentials at most 1. With
    /// `offsets`, component c's `d = x - mu` goes to `offsets + c * D`.
    @inline(__always)
    func logits(
        _ table: UnsafePointer<Float>, rowLength: Int, categories: Int, _ x: Point,
        into logits: UnsafeMutablePointer<SIMD8<Float>>, offsets: UnsafeMutablePointer<SIMD8<Float>>?
    ) -> SIMD8<Float> {
        var maximum = logit(table, x, offsets: offsets)
        logits[0] = maximum
        for c in 1..<categories {
            let l = logit(table + c * rowLength, x, offsets: offsets.map { $0 + c * dimension })
            logits[c] = l
            maximum = VectorMath.max(maximum, l)
        }
        return maximum
    }

    /// Adds a Float sum to its Double pair.
    @inline(__always)
    func add(_ value: SIMD8<Float>, to acc: UnsafeMutablePointer<SIMD4<Double>>, _ index: Int) {
        let (low, high) = VectorMath.widen(value)
        acc[2 * index] += low
        acc[2 * index + 1] += high
    }
}

@inline(__always)
private func splat(_ row: UnsafePointer<Float>, _ j: Int) -> SIMD8<Float> { SIMD8(repeating: row[j]) }

@inline(__always)
private func gather8(_ features: UnsafePointer<Float>, start: Int, valid: Int, stride: Int, offset: Int) -> SIMD8<Float> {
    var v = SIMD8<Float>.zero
    for lane in 0..<8 { v[lane] = features[(start + min(lane, valid - 1)) * stride + offset] }
    return v
}

/// D = 1: row (mu, a, c).
struct CenteredBasis1: CenteredBasis {
    var dimension: Int { 1 }

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> SIMD8<Float> {
        valid == 8
            ? UnsafeRawPointer(features + start).loadUnaligned(as: SIMD8<Float>.self)
            : gather8(features, start: start, valid: valid, stride: 1, offset: 0)
    }

    @inline(__always)
    func logit(_ row: UnsafePointer<Float>, _ x: SIMD8<Float>, offsets: UnsafeMutablePointer<SIMD8<Float>>?) -> SIMD8<Float> {
        let d = x - row[0]
        offsets?[0] = d
        let z = splat(row, 1) * d
        return VectorMath.fma(SIMD8(repeating: -0.5) * z, z, splat(row, 2))
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD8<Float>>, gradientStride: Int, offsets: UnsafePointer<SIMD8<Float>>,
        offsetStride: Int, blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        var s2 = SIMD8<Float>.zero, s1 = SIMD8<Float>.zero, s0 = SIMD8<Float>.zero
        for b in 0..<blocks {
            let gb = g[b * gradientStride]
            let d = offsets[b * offsetStride]
            let t = gb * d
            s2 = VectorMath.fma(t, d, s2)
            s1 += t
            s0 += gb
        }
        add(s2, to: acc, 0)
        add(s1, to: acc, 1)
        add(s0, to: acc, 2)
    }
}

/// D = 2: row (mu0, mu1, a00, a10, a11, c).
struct CenteredBasis2: CenteredBasis {
    struct Point {
        var x0: SIMD8<Float>
        var x1: SIMD8<Float>
    }
    var dimension: Int { 2 }

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> Point {
        if valid == 8 {
            let raw = UnsafeRawPointer(features + 2 * start).loadUnaligned(as: SIMD16<Float>.self)
            return Point(x0: raw.evenHalf, x1: raw.oddHalf)
        }
        return Point(
            x0: gather8(features, start: start, valid: valid, stride: 2, offset: 0),
            x1: gather8(features, start: start, valid: valid, stride: 2, offset: 1))
    }

    @inline(__always)
    func logit(_ row: UnsafePointer<Float>, _ x: Point, offsets: UnsafeMutablePointer<SIMD8<Float>>?) -> SIMD8<Float> {
        let d0 = x.x0 - row[0]
        let d1 = x.x1 - row[1]
        if let offsets {
            offsets[0] = d0
            offsets[1] = d1
        }
        let z0 = splat(row, 2) * d0
        let z1 = VectorMath.fma(splat(row, 3), d0, splat(row, 4) * d1)
        let q = VectorMath.fma(z0, z0, z1 * z1)
        return VectorMath.fma(SIMD8(repeating: -0.5), q, splat(row, 5))
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD8<Float>>, gradientStride: Int, offsets: UnsafePointer<SIMD8<Float>>,
        offsetStride: Int, blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        var s00 = SIMD8<Float>.zero, s01 = SIMD8<Float>.zero, s11 = SIMD8<Float>.zero
        var s0 = SIMD8<Float>.zero, s1 = SIMD8<Float>.zero, sc = SIMD8<Float>.zero
        for b in 0..<blocks {
            let gb = g[b * gradientStride]
            let d = offsets + b * offsetStride
            let d0 = d[0], d1 = d[1]
            let t0 = gb * d0
            let t1 = gb * d1
            s00 = VectorMath.fma(t0, d0, s00)
            s01 = VectorMath.fma(t0, d1, s01)
            s11 = VectorMath.fma(t1, d1, s11)
            s0 += t0
            s1 += t1
            sc += gb
        }
        add(s00, to: acc, 0)
        add(s01, to: acc, 1)
        add(s11, to: acc, 2)
        add(s0, to: acc, 3)
        add(s1, to: acc, 4)
        add(sc, to: acc, 5)
    }
}

/// D = 3: row (mu0, mu1, mu2, a00, a10, a11, a20, a21, a22, c).
struct CenteredBasis3: CenteredBasis {
    struct Point {
        var x0, x1, x2: SIMD8<Float>
    }
    var dimension: Int { 3 }

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> Point {
        Point(
            x0: gather8(features, start: start, valid: valid, stride: 3, offset: 0),
            x1: gather8(features, start: start, valid: valid, stride: 3, offset: 1),
            x2: gather8(features, start: start, valid: valid, stride: 3, offset: 2))
    }

    @inline(__always)
    func logit(_ row: UnsafePointer<Float>, _ x: Point, offsets: UnsafeMutablePointer<SIMD8<Float>>?) -> SIMD8<Float> {
        let d0 = x.x0 - row[0]
        let d1 = x.x1 - row[1]
        let d2 = x.x2 - row[2]
        if let offsets {
            offsets[0] = d0
            offsets[1] = d1
            offsets[2] = d2
        }
        let z0 = splat(row, 3) * d0
        let z1 = VectorMath.fma(splat(row, 4), d0, splat(row, 5) * d1)
        let z2 = VectorMath.fma(splat(row, 6), d0, VectorMath.fma(splat(row, 7), d1, splat(row, 8) * d2))
        let q = VectorMath.fma(z0, z0, VectorMath.fma(z1, z1, z2 * z2))
        return VectorMath.fma(SIMD8(repeating: -0.5), q, splat(row, 9))
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD8<Float>>, gradientStride: Int, offsets: UnsafePointer<SIMD8<Float>>,
        offsetStride: Int, blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        var s00 = SIMD8<Float>.zero, s01 = SIMD8<Float>.zero, s02 = SIMD8<Float>.zero
        var s11 = SIMD8<Float>.zero, s12 = SIMD8<Float>.zero, s22 = SIMD8<Float>.zero
        var s0 = SIMD8<Float>.zero, s1 = SIMD8<Float>.zero, s2 = SIMD8<Float>.zero, sc = SIMD8<Float>.zero
        for b in 0..<blocks {
            let gb = g[b * gradientStride]
            let d = offsets + b * offsetStride
            let d0 = d[0], d1 = d[1], d2 = d[2]
            let t0 = gb * d0, t1 = gb * d1, t2 = gb * d2
            s00 = VectorMath.fma(t0, d0, s00)
            s01 = VectorMath.fma(t0, d1, s01)
            s02 = VectorMath.fma(t0, d2, s02)
            s11 = VectorMath.fma(t1, d1, s11)
            s12 = VectorMath.fma(t1, d2, s12)
            s22 = VectorMath.fma(t2, d2, s22)
            s0 += t0
            s1 += t1
            s2 += t2
            sc += gb
        }
        for (index, value) in [s00, s01, s02, s11, s12, s22, s0, s1, s2, sc].enumerated() { add(value, to: acc, index) }
    }
}

/// Any D: the point lives in scratch memory (D vectors).
struct CenteredBasisN: CenteredBasis {
    let dimension: Int
    let point: UnsafeMutablePointer<SIMD8<Float>>

    @inline(__always)
    func load(_ features: UnsafePointer<Float>, start: Int, valid: Int) -> UnsafeMutablePointer<SIMD8<Float>> {
        for j in 0..<dimension {
            point[j] = gather8(features, start: start, valid: valid, stride: dimension, offset: j)
        }
        return point
    }

    @inline(__always)
    func logit(
        _ row: UnsafePointer<Float>, _ x: UnsafeMutablePointer<SIMD8<Float>>, offsets: UnsafeMutablePointer<SIMD8<Float>>?
    ) -> SIMD8<Float> {
        let dim = dimension
        var q = SIMD8<Float>.zero
        var a = dim  // position of row i of the packed triangle
        for i in 0..<dim {
            var z = SIMD8<Float>.zero
            for j in 0...i { z = VectorMath.fma(splat(row, a + j), x[j] - row[j], z) }
            q = VectorMath.fma(z, z, q)
            a += i + 1
        }
        if let offsets { for j in 0..<dim { offsets[j] = x[j] - row[j] } }
        return VectorMath.fma(SIMD8(repeating: -0.5), q, splat(row, a))
    }

    @inline(__always)
    func accumulate(
        gradients g: UnsafePointer<SIMD8<Float>>, gradientStride: Int, offsets: UnsafePointer<SIMD8<Float>>,
        offsetStride: Int, blocks: Int, into acc: UnsafeMutablePointer<SIMD4<Double>>
    ) {
        let dim = dimension
        for b in 0..<blocks {
            let gb = g[b * gradientStride]
            let d = offsets + b * offsetStride
            var index = 0
            for i in 0..<dim {
                let t = gb * d[i]
                for j in i..<dim {
                    add(t * d[j], to: acc, index)
                    index += 1
                }
            }
            for i in 0..<dim { add(gb * d[i], to: acc, index + i) }
            add(gb, to: acc, index + dim)
        }
    }
}
