import Foundation

/// The xoshiro256** pseudo-random generator (Blackman and Vigna, 2018), seeded
/// through SplitMix64, with a uniform and a normal sampler of our own.
///
/// Every random number in gato (toy events, initial parameters) comes from this
/// generator, so a run is reproducible from its seed alone: the algorithm is fixed
/// here rather than borrowed from the standard library (whose `random(in:using:)`
/// may change between Swift versions), and nothing depends on the number of
/// threads. Independent streams for parallel work are made with ``jumped(times:)``,
/// which advances the state by 2^128 draws per jump.
///
/// - `nextUniform()` returns `k / 2^53` for a uniform 53-bit integer `k`: every
///   value in [0, 1) representable with 53 bits, each with probability 2^-53.
/// - `nextNormal()` uses the Box-Muller transform on `u1` in (0, 1] and `u2` in
///   [0, 1); it returns both variates of a pair in turn (the second is cached),
///   so it is exact in distribution up to the 53-bit resolution of the uniforms.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    private var cachedNormal: Double?

    /// Creates a generator whose 256-bit state is filled by SplitMix64 from `seed`
    /// (the seeding recommended by the xoshiro authors; any seed, including 0, is fine).
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next()
        s1 = next()
        s2 = next()
        s3 = next()
        cachedNormal = nil
    }

    /// Creates the generator for sub-stream `stream` of `seed`: the seed's generator
    /// advanced by `stream` jumps of 2^128 draws. Streams never overlap in practice.
    public init(seed: UInt64, stream: Int) {
        self = Xoshiro256StarStar(seed: seed).jumped(times: stream)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    @inline(__always)
    public mutating func nextUniform(in low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// A standard normal variate (mean 0, variance 1), by Box-Muller.
    public mutating func nextNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = 1.0 - nextUniform()  // (0, 1]: log(u1) is finite
        let u2 = nextUniform()
        let radius = (-2.0 * log(u1)).squareRoot()
        let angle = 2.0 * Double.pi * u2
        cachedNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// A normal variate with the given mean and standard deviation.
    @inline(__always)
    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// This generator advanced by `times` x 2^128 draws (the xoshiro256 jump).
    public func jumped(times: Int) -> Xoshiro256StarStar {
        require(times >= 0, "jump count must be non-negative")
        var generator = self
        generator.cachedNormal = nil
        let polynomial: [UInt64] = [
            0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C,
            0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
        ]
        for _ in 0..<times {
            var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
            for word in polynomial {
                for bit in 0..<64 {
                    if word & (UInt64(1) << UInt64(bit)) != 0 {
                        t0 ^= generator.s0
                        t1 ^= generator.s1
                        t2 ^= generator.s2
                        t3 ^= generator.s3
                    }
                    _ = generator.next()
                }
            }
            generator.s0 = t0
            generator.s1 = t1
            generator.s2 = t2
            generator.s3 = t3
        }
        return generator
    }
}
