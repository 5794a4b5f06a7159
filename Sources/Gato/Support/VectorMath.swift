import _Differentiation

/// Elementary functions on `SIMD4<Double>` for the event kernels.
///
/// The standard library has no vector `exp`; calling the scalar libm `exp` four
/// times per vector would dominate the yield kernel. ``VectorMath/exp(_:)`` is a
/// branch-free implementation:
///
/// 1. clamp `x` to [-708, 709] (below, `exp` underflows towards 0: the result
///    there is `exp(-708)` ~ 3e-308, which is 0 for every sum it enters; above, it
///    would overflow);
/// 2. write `x = n ln2 + r` with `n = round(x / ln2)` and `|r| <= ln2 / 2`, using a
///    two-part `ln2` (Cody-Waite) so that `r` is exact to about 1e-19;
/// 3. `exp(r)` by its Taylor polynomial of degree 12, evaluated by Estrin's scheme
///    (dependency depth 5): the truncation error is below `r^13 / 13! <= 1.7e-16`
///    relative;
/// 4. multiply by `2^n`, built directly in the exponent bits.
///
/// Measured against glibc's `exp` on 4 million points of [-700, 700]: largest
/// relative error 4.8e-16 (about 2 ulp), with and without fused multiply-adds;
/// see `VectorMathTests`.
package enum VectorMath {
    @usableFromInline static let log2e = 1.4426950408889634
    @usableFromInline static let ln2High = 0.693_147_180_369_123_816_490  // 0x3FE62E42FEE00000
    @usableFromInline static let ln2Low = 1.908_214_929_270_587_700_02e-10  // ln2 - ln2High
    /// 1.5 x 2^52: adding it to a double in [-2^31, 2^31] leaves the rounded
    /// integer in the low mantissa bits.
    @usableFromInline static let roundingShift = 6_755_399_441_055_744.0

    /// `exp(x)` for each lane, relative error below 5e-16 for x in [-708, 709].
    @inlinable @inline(__always)
    package static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let low = SIMD4<Double>(repeating: -708.0)
        let high = SIMD4<Double>(repeating: 709.0)
        var clamped = x.replacing(with: low, where: x .< low)
        clamped.replace(with: high, where: clamped .> high)
        // n = round(x / ln2) via the shift trick: `shifted` holds n in its low bits.
        let shifted = fma(clamped, SIMD4(repeating: log2e), SIMD4(repeating: roundingShift))
        let n = shifted - roundingShift
        let r = fma(n, SIMD4(repeating: -ln2Low), fma(n, SIMD4(repeating: -ln2High), clamped))
        // Taylor coefficients c_j = 1/j!, j = 0 ... 12, by Estrin's scheme: pairs,
        // then pairs of pairs in r^2, r^4, r^8. The dependency chain is 5 operations
        // deep instead of Horner's 12, so the exponentials of several categories
        // overlap in the pipeline; the loop would otherwise wait on FMA latency.
        let r2 = r * r
        let r4 = r2 * r2
        let r8 = r4 * r4
        let q0 = fma(r, SIMD4(repeating: 1.0), SIMD4(repeating: 1.0))  // 1 + r
        let q1 = fma(r, SIMD4(repeating: 1.666_666_666_666_666_6e-1), SIMD4(repeating: 0.5))  // 1/2! + r/3!
        let q2 = fma(r, SIMD4(repeating: 8.333_333_333_333_333_2e-3), SIMD4(repeating: 4.166_666_666_666_666_4e-2))
        let q3 = fma(r, SIMD4(repeating: 1.984_126_984_126_984_1e-4), SIMD4(repeating: 1.388_888_888_888_888_9e-3))
        let q4 = fma(r, SIMD4(repeating: 2.755_731_922_398_589_2e-6), SIMD4(repeating: 2.480_158_730_158_730_2e-5))
        let q5 = fma(r, SIMD4(repeating: 2.505_210_838_544_171_8e-8), SIMD4(repeating: 2.755_731_922_398_589_2e-7))
        let q6 = SIMD4<Double>(repeating: 2.087_675_698_786_809_9e-9)  // 1/12!
        let s0 = fma(r2, q1, q0)
        let s1 = fma(r2, q3, q2)
        let s2 = fma(r2, q5, q4)
        let t0 = fma(r4, s1, s0)
        let t1 = fma(r4, q6, s2)
        let p = fma(r8, t1, t0)
        // 2^n: (n + 1023) << 52. The low 12 bits of `shifted`'s pattern hold
        // n + 1023 (mod 4096) after adding 1023; the shift discards everything else.
        let bits = unsafeBitCast(shifted, to: SIMD4<UInt64>.self)
        let scale = unsafeBitCast((bits &+ 1023) &<< 52, to: SIMD4<Double>.self)
        return p * scale
    }

    /// `a * b + c`, fused (one rounding) in release builds where the CPU has
    /// fused multiply-add (`GATO_FMA`), else a multiply and an add: without hardware
    /// support a fused operation would be a library call per lane.
    @inlinable @inline(__always)
    package static func fma(_ a: SIMD4<Double>, _ b: SIMD4<Double>, _ c: SIMD4<Double>) -> SIMD4<Double> {
        #if GATO_FMA
        return c.addingProduct(a, b)
        #else
        return a * b + c
        #endif
    }

    /// The lane-wise maximum (NaN-free inputs).
    @inlinable @inline(__always)
    package static func max(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        a.replacing(with: b, where: b .> a)
    }

    /// Horizontal sum of the four lanes, in a fixed order ((0 + 1) + (2 + 3)).
    @inlinable @inline(__always)
    package static func laneSum(_ v: SIMD4<Double>) -> Double {
        (v[0] + v[1]) + (v[2] + v[3])
    }

    // MARK: Single precision, eight lanes

    @usableFromInline static let log2eFloat: Float = 1.442_695_04
    @usableFromInline static let ln2HighFloat: Float = 0.693_359_375  // 0x3F318000: 9 significant bits
    @usableFromInline static let ln2LowFloat: Float = -2.121_944_4e-4  // ln2 - ln2HighFloat
    /// 1.5 x 2^23: the rounding shift for Float.
    @usableFromInline static let roundingShiftFloat: Float = 12_582_912

    /// `exp(x)` for each of eight Float lanes, x clamped to [-87, 88] (the range of
    /// normal results).
    ///
    /// Cody-Waite reduction `x = n ln2 + r` (|r| <= ln2/2, two-part ln2) and Cephes'
    /// `expf` polynomial `1 + r + r^2 p(r)` with p of degree 5 (S. Moshier, Cephes Math
    /// Library): relative error below 2e-7 against the correctly rounded value
    /// (about 2 ulp), see `VectorMathTests`.
    @inlinable @inline(__always)
    package static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -87)
        let high = SIMD8<Float>(repeating: 88)
        var clamped = x.replacing(with: low, where: x .< low)
        clamped.replace(with: high, where: clamped .> high)
        let shifted = fma(clamped, SIMD8(repeating: log2eFloat), SIMD8(repeating: roundingShiftFloat))
        let n = shifted - roundingShiftFloat
        let r = fma(n, SIMD8(repeating: -ln2LowFloat), fma(n, SIMD8(repeating: -ln2HighFloat), clamped))
        var p = SIMD8<Float>(repeating: 1.987_569_150_0e-4)
        p = fma(p, r, SIMD8(repeating: 1.398_199_950_7e-3))
        p = fma(p, r, SIMD8(repeating: 8.333_451_907_3e-3))
        p = fma(p, r, SIMD8(repeating: 4.166_579_589_4e-2))
        p = fma(p, r, SIMD8(repeating: 1.666_666_545_9e-1))
        p = fma(p, r, SIMD8(repeating: 5.000_000_120_1e-1))
        let result = fma(p, r * r, r + 1)
        // 2^n: (n + 127) << 23; the low bits of `shifted` hold n (mod 2^22).
        let bits = unsafeBitCast(shifted, to: SIMD8<UInt32>.self)
        let scale = unsafeBitCast((bits &+ 127) &<< 23, to: SIMD8<Float>.self)
        return result * scale
    }

    /// `a * b + c` on eight Float lanes, fused where the CPU has it (see the Double version).
    @inlinable @inline(__always)
    package static func fma(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
        #if GATO_FMA
        return c.addingProduct(a, b)
        #else
        return a * b + c
        #endif
    }

    /// The lane-wise maximum of eight Float lanes (NaN-free inputs).
    @inlinable @inline(__always)
    package static func max(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        a.replacing(with: b, where: b .> a)
    }

    /// The eight lanes widened to Double, as two halves.
    @inlinable @inline(__always)
    package static func widen(_ v: SIMD8<Float>) -> (SIMD4<Double>, SIMD4<Double>) {
        (SIMD4<Double>(v.lowHalf), SIMD4<Double>(v.highHalf))
    }
}
