import Dispatch
import Foundation

/// Seeded toy event generators with the distributions of gato-hep's examples.
///
/// Every generator draws from seven three-dimensional Gaussians (two signals, five
/// backgrounds, see ``Component``) that share one covariance,
/// `Sigma = 0.8 I + 0.2 J` (1.0 on the diagonal, 0.2 off it). Each sampled
/// coordinate is then multiplied by an independent `Normal(1, noise)` factor, a crude
/// model of detector smearing that makes the classes overlap more than the Gaussians
/// alone. The features are likelihood-ratio scores computed from the noisy point with
/// the noiseless densities (an ideal classifier trained on the wrong, noise-free
/// model), exactly as gato-hep does:
///
/// - ``threeClass(_:)``: scores `(p1, p2, pB) / (p1 + p2 + pB + 1e-12)`, D = 3;
/// - ``oneDimensional(_:)``: `lr / (1 + lr)` with `lr = p1 / (pB + 1e-12)`, D = 1;
/// - ``resonance(_:)``: the three-class data plus a per-event `"mass"` column.
///
/// Here `p1`, `p2` are the signal densities and
/// `pB = sum_b (xs_b / sum xs_bkg) N(x; mu_b, Sigma)` is the cross-section-weighted
/// background mixture; every density is the full normalised multivariate normal pdf.
///
/// Event counts and weights follow gato-hep: the backgrounds share the requested
/// background count in proportion to their cross sections
/// (`n_b = floor(n_bkg xs_b / sum xs_bkg)` for all but the last background, which takes
/// the rest), and every event of a process has the weight
/// `xs x luminosity / n_generated` (cross sections in pb and luminosity in pb^-1 in
/// gato-hep's examples; only the product matters), so a process's weights add up to its
/// expected yield `xs x luminosity` whatever the number of generated events.
///
/// Reproducibility: the events depend only on the options (seed included), never on
/// the number of threads. Process `i` (in dataset order) draws its points from stream
/// `i` of ``Xoshiro256StarStar`` for the seed and its masses from stream `100 + i`, so
/// processes can be generated in parallel and adding a mass column leaves the
/// features untouched. The random numbers differ from gato-hep's (NumPy's); the
/// distributions are the same.
///
/// Errors: every generator throws ``ToyDataError`` for an invalid option (negative
/// event count, negative or non-finite noise, non-positive luminosity, ...) and
/// ``EventDataError/emptyDataset`` when all event counts are zero. A process may have
/// zero events.
public enum ToyData {
    /// The seven Gaussian components of the toy model, in gato-hep's order.
    public enum Component: Int, CaseIterable, Sendable, Hashable {
        case signal1, signal2, bkg1, bkg2, bkg3, bkg4, bkg5

        /// gato-hep's name for the component ("signal1", ..., "bkg5").
        public var name: String {
            switch self {
            case .signal1: "signal1"
            case .signal2: "signal2"
            case .bkg1: "bkg1"
            case .bkg2: "bkg2"
            case .bkg3: "bkg3"
            case .bkg4: "bkg4"
            case .bkg5: "bkg5"
            }
        }

        /// The mean of the component's Gaussian (gato-hep's `MEANS`).
        public var mean: SIMD3<Double> {
            switch self {
            case .signal1: SIMD3(1.5, -1.0, -1.0)
            case .signal2: SIMD3(-1.0, 1.5, -1.0)
            case .bkg1: SIMD3(-0.5, -0.5, 1.0)
            case .bkg2: SIMD3(0.5, -0.5, 0.8)
            case .bkg3: SIMD3(0.5, 0.5, -0.6)
            case .bkg4: SIMD3(-0.5, 1.0, -0.4)
            case .bkg5: SIMD3(-0.5, 0.5, -0.2)
            }
        }

        /// The five background components, in order.
        public static let backgrounds: [Component] = [.bkg1, .bkg2, .bkg3, .bkg4, .bkg5]
    }

    /// The covariance shared by all components, as rows: 1.0 on the diagonal and 0.2
    /// off it (gato-hep's `COV`). Its determinant is `0.8^2 x 1.4 = 0.896`.
    public static let covariance: [SIMD3<Double>] = [
        SIMD3(1.0, 0.2, 0.2),
        SIMD3(0.2, 1.0, 0.2),
        SIMD3(0.2, 0.2, 1.0),
    ]

    /// The background cross sections of gato-hep's examples, bkg1 to bkg5: 100, 80,
    /// 50, 20, 10 (the same units as the signal cross sections).
    public static let defaultBackgroundCrossSections: [Double] = [100, 80, 50, 20, 10]

    /// The number of events of each background when `total` events are shared in
    /// proportion to `crossSections`: `floor(total xs_b / sum xs)` for every background
    /// but the last, which takes the rest (gato-hep's rule, computed in the same
    /// floating-point order). For example 1000 events and the default cross sections
    /// give 384, 307, 192, 76 and 41.
    public static func backgroundCounts(total: Int, crossSections: [Double]) -> [Int] {
        require(total >= 0 && !crossSections.isEmpty, "need a non-negative total and a cross section")
        let sum = crossSections.reduce(0, +)
        var counts = crossSections.dropLast().map { Int(Double(total) * $0 / sum) }
        counts.append(total - counts.reduce(0, +))
        return counts
    }
}

/// An invalid option passed to a ``ToyData`` generator.
public struct ToyDataError: InputError, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the option.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ToyDataError: LocalizedError {
    public var errorDescription: String? { message }
}

// MARK: - The Gaussian model

extension ToyData {
    /// The shared covariance in the forms the generators need, computed once: its
    /// lower Cholesky factor (sampling: `x = mu + L z`), its inverse (densities) and
    /// the pdf normalisation `1 / sqrt((2 pi)^3 det Sigma)`.
    struct GaussianShape: Sendable {
        /// Rows of the lower Cholesky factor L, `L L^T = Sigma`.
        let cholesky: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)
        /// Rows of `Sigma^-1` (symmetric).
        let inverse: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)
        /// `1 / sqrt((2 pi)^3 det Sigma)`.
        let normalization: Double

        init(covariance c: [SIMD3<Double>]) {
            require(c.count == 3, "the covariance needs three rows")
            // Cholesky, written out for 3 x 3.
            let l00 = c[0][0].squareRoot()
            let l10 = c[1][0] / l00
            let l11 = (c[1][1] - l10 * l10).squareRoot()
            let l20 = c[2][0] / l00
            let l21 = (c[2][1] - l20 * l10) / l11
            let l22 = (c[2][2] - l20 * l20 - l21 * l21).squareRoot()
            require(l11 > 0 && l22 > 0, "the covariance must be positive definite")
            cholesky = (SIMD3(l00, 0, 0), SIMD3(l10, l11, 0), SIMD3(l20, l21, l22))
            // Inverse by cofactors (the matrix is symmetric, so the adjugate is too).
            let a = c[0][0], b = c[0][1], d = c[0][2]
            let e = c[1][1], f = c[1][2], g = c[2][2]
            let c00 = e * g - f * f
            let c01 = d * f - b * g
            let c02 = b * f - d * e
            let c11 = a * g - d * d
            let c12 = b * d - a * f
            let c22 = a * e - b * b
            let determinant = a * c00 + b * c01 + d * c02
            inverse = (
                SIMD3(c00, c01, c02) / determinant,
                SIMD3(c01, c11, c12) / determinant,
                SIMD3(c02, c12, c22) / determinant
            )
            normalization = 1 / (pow(2 * Double.pi, 3) * determinant).squareRoot()
        }

        /// The pdf `N(x; mean, Sigma) = exp(-(x - mean)^T Sigma^-1 (x - mean) / 2) / sqrt((2 pi)^3 det Sigma)`.
        @inline(__always)
        func density(at x: SIMD3<Double>, mean: SIMD3<Double>) -> Double {
            let d = x - mean
            let q = d.x * (inverse.0 * d).sum() + d.y * (inverse.1 * d).sum() + d.z * (inverse.2 * d).sum()
            return normalization * exp(-0.5 * q)
        }

        /// One point of `N(mean, Sigma)` with every coordinate multiplied by an
        /// independent `Normal(1, noise)` factor. Draws three standard normals for the
        /// Gaussian, then (when `noise > 0`) three for the factors; with `noise == 0`
        /// the factors are exactly 1 and nothing more is drawn.
        @inline(__always)
        func noisyPoint(mean: SIMD3<Double>, noise: Double, generator: inout Xoshiro256StarStar) -> SIMD3<Double> {
            let z = SIMD3(generator.nextNormal(), generator.nextNormal(), generator.nextNormal())
            var x = mean + SIMD3((cholesky.0 * z).sum(), (cholesky.1 * z).sum(), (cholesky.2 * z).sum())
            if noise > 0 {
                x *= SIMD3(
                    generator.nextNormal(mean: 1, standardDeviation: noise),
                    generator.nextNormal(mean: 1, standardDeviation: noise),
                    generator.nextNormal(mean: 1, standardDeviation: noise))
            }
            return x
        }
    }

    /// The shape of gato-hep's covariance, computed once.
    static let gaussian = GaussianShape(covariance: covariance)

    /// The densities the scores need at one point: the two signal pdfs and the
    /// background mixture `pB = sum_b f_b N(x; mu_b, Sigma)` with `f_b = xs_b / sum xs`.
    ///
    /// The seven quadratic forms `(x - mu_k)^T Sigma^-1 (x - mu_k)` are computed
    /// together in the lanes of `SIMD8` vectors (lane 0 signal1, 1 signal2, 2 to 6
    /// bkg1 to bkg5, lane 7 unused), then one `exp` per lane that is needed.
    struct Densities: Sendable {
        let shape: GaussianShape
        /// The coordinates of the seven means, one component per lane.
        let meanX: SIMD8<Double>, meanY: SIMD8<Double>, meanZ: SIMD8<Double>
        /// `f_b` in lanes 2 to 6, zero elsewhere.
        let backgroundFractions: SIMD8<Double>

        init(backgroundCrossSections: [Double]) {
            require(backgroundCrossSections.count == Component.backgrounds.count, "need five background cross sections")
            let total = backgroundCrossSections.reduce(0, +)
            shape = ToyData.gaussian
            var mx = SIMD8<Double>(), my = SIMD8<Double>(), mz = SIMD8<Double>(), f = SIMD8<Double>()
            for component in Component.allCases {
                mx[component.rawValue] = component.mean.x
                my[component.rawValue] = component.mean.y
                mz[component.rawValue] = component.mean.z
            }
            for (b, xs) in backgroundCrossSections.enumerated() { f[2 + b] = xs / total }
            meanX = mx
            meanY = my
            meanZ = mz
            backgroundFractions = f
        }

        /// The unnormalised densities `exp(-q_k / 2)` of the seven components at `x`;
        /// lane 1 (signal2) only when `signal2` is true, lane 7 is 0.
        @inline(__always)
        func kernels(at x: SIMD3<Double>, signal2: Bool) -> SIMD8<Double> {
            let dx = x.x - meanX, dy = x.y - meanY, dz = x.z - meanZ
            let a = shape.inverse
            let diagonal = a.0.x * dx * dx + a.1.y * dy * dy + a.2.z * dz * dz
            let offDiagonal = a.0.y * dx * dy + a.0.z * dx * dz + a.1.z * dy * dz
            let exponent = -0.5 * diagonal - offDiagonal
            var e = SIMD8<Double>()
            e[0] = exp(exponent[0])
            if signal2 { e[1] = exp(exponent[1]) }
            for k in 2..<7 { e[k] = exp(exponent[k]) }
            return e
        }

        /// The background mixture density `pB` at `x`.
        func background(at x: SIMD3<Double>) -> Double {
            shape.normalization * (backgroundFractions * kernels(at: x, signal2: false)).sum()
        }

        /// The three-class scores `(p1, p2, pB) / (p1 + p2 + pB + 1e-12)` at `x`.
        @inline(__always)
        func threeClassScores(at x: SIMD3<Double>) -> SIMD3<Double> {
            let e = kernels(at: x, signal2: true)
            let p1 = shape.normalization * e[0]
            let p2 = shape.normalization * e[1]
            let pB = shape.normalization * (backgroundFractions * e).sum()
            return SIMD3(p1, p2, pB) / (p1 + p2 + pB + 1e-12)
        }

        /// The one-dimensional discriminant `lr / (1 + lr)`, `lr = p1 / (pB + 1e-12)`, at `x`.
        @inline(__always)
        func discriminant(at x: SIMD3<Double>) -> Double {
            let e = kernels(at: x, signal2: false)
            let p1 = shape.normalization * e[0]
            let pB = shape.normalization * (backgroundFractions * e).sum()
            let lr = p1 / (pB + 1e-12)
            return lr / (1 + lr)
        }
    }

    /// The three-class scores of a raw (noisy) point; for tests.
    static func threeClassScores(
        at x: SIMD3<Double>, backgroundCrossSections: [Double] = defaultBackgroundCrossSections
    ) -> SIMD3<Double> {
        Densities(backgroundCrossSections: backgroundCrossSections).threeClassScores(at: x)
    }

    /// The one-dimensional discriminant of a raw (noisy) point; for tests.
    static func oneDimensionalDiscriminant(
        at x: SIMD3<Double>, backgroundCrossSections: [Double] = defaultBackgroundCrossSections
    ) -> Double {
        Densities(backgroundCrossSections: backgroundCrossSections).discriminant(at: x)
    }
}

// MARK: - Shared generation machinery

extension ToyData {
    /// The distribution of a per-event mass.
    enum MassShape: Sendable {
        /// `Normal(mean, sigma)` clipped to the range.
        case gaussian(mean: Double, sigma: Double)
        /// `exp(-slope m)` truncated to the range; uniform when `slope <= 0`.
        case truncatedExponential(slope: Double)
    }

    /// One process to generate.
    struct ProcessPlan: Sendable {
        var name: String
        var role: ProcessRole
        var component: Component
        var count: Int
        var crossSection: Double
        /// Position in the dataset: the point stream, and `100 + stream` for masses.
        var stream: Int
        var mass: MassShape?
    }

    /// The plans of bkg1 to bkg5: `total` events shared by cross section, streams
    /// from `firstStream` on.
    static func backgroundPlans(total: Int, crossSections: [Double], firstStream: Int) -> [ProcessPlan] {
        let counts = backgroundCounts(total: total, crossSections: crossSections)
        return Component.backgrounds.enumerated().map { b, component in
            ProcessPlan(
                name: component.name, role: .background, component: component, count: counts[b],
                crossSection: crossSections[b], stream: firstStream + b)
        }
    }

    /// How the features of an event are computed from its noisy point.
    enum FeatureMap: Sendable {
        case threeClass
        case oneDimensional

        var dimension: Int {
            switch self {
            case .threeClass: 3
            case .oneDimensional: 1
            }
        }
    }

    /// Generates every planned process, in parallel over processes (one stream each,
    /// so the result does not depend on the number of threads), filling each
    /// process's storage in place.
    static func generate(
        plans: [ProcessPlan], featureMap: FeatureMap, noise: Double, luminosity: Double, seed: UInt64,
        backgroundCrossSections: [Double], massRange: ClosedRange<Double>? = nil
    ) throws -> Dataset {
        let densities = Densities(backgroundCrossSections: backgroundCrossSections)
        let dimension = featureMap.dimension
        let results = ResultSlots(count: plans.count)
        // Largest processes first, so that the last one to start is a small one.
        let order = plans.indices.sorted { plans[$0].count > plans[$1].count }
        DispatchQueue.concurrentPerform(iterations: plans.count) { iteration in
            let plan = plans[order[iteration]]
            results.set(order[iteration]) {
                try makeSample(
                    plan: plan, featureMap: featureMap, dimension: dimension, densities: densities,
                    noise: noise, luminosity: luminosity, seed: seed, massRange: massRange)
            }
        }
        return try Dataset(results.values())
    }

    private static func makeSample(
        plan: ProcessPlan, featureMap: FeatureMap, dimension: Int, densities: Densities, noise: Double,
        luminosity: Double, seed: UInt64, massRange: ClosedRange<Double>?
    ) throws -> ProcessSample {
        let count = plan.count
        let weight = count > 0 ? plan.crossSection * luminosity / Double(count) : 0
        var columns: [String: [Double]] = [:]
        if let shape = plan.mass, let range = massRange {
            var generator = Xoshiro256StarStar(seed: seed, stream: 100 + plan.stream)
            columns["mass"] = sampleMasses(count: count, shape: shape, range: range, generator: &generator)
        }
        let mean = plan.component.mean
        let shape = densities.shape
        return try ProcessSample(
            name: plan.name, role: plan.role, count: count, dimension: dimension,
            fillFeatures: { features in
                var generator = Xoshiro256StarStar(seed: seed, stream: plan.stream)
                switch featureMap {
                case .threeClass:
                    for event in 0..<count {
                        let x = shape.noisyPoint(mean: mean, noise: noise, generator: &generator)
                        let scores = densities.threeClassScores(at: x)
                        features[3 * event] = Float(scores.x)
                        features[3 * event + 1] = Float(scores.y)
                        features[3 * event + 2] = Float(scores.z)
                    }
                case .oneDimensional:
                    for event in 0..<count {
                        let x = shape.noisyPoint(mean: mean, noise: noise, generator: &generator)
                        features[event] = Float(densities.discriminant(at: x))
                    }
                }
            },
            fillWeights: { weights in weights.initialize(repeating: weight) },
            columns: columns)
    }

    /// `count` masses of `shape` in `range`.
    ///
    /// The truncated exponential is sampled by inverting its CDF, as gato-hep's
    /// `sample_truncated_exponential`: with `u` uniform in [0, 1) and
    /// `s = 1 - exp(-slope (high - low))`, `m = low - log(1 - u s) / slope`
    /// (written with `expm1` and `log1p` for accuracy at small slopes), which has the
    /// density `slope exp(-slope (m - low)) / s` on [low, high]. Masses are finally
    /// clamped to the range to absorb rounding. `slope <= 0` gives a uniform mass.
    static func sampleMasses(
        count: Int, shape: MassShape, range: ClosedRange<Double>, generator: inout Xoshiro256StarStar
    ) -> [Double] {
        let low = range.lowerBound, high = range.upperBound
        let span = high - low
        var masses = [Double](repeating: 0, count: count)
        switch shape {
        case let .gaussian(mean, sigma):
            for i in 0..<count {
                masses[i] = min(max(generator.nextNormal(mean: mean, standardDeviation: sigma), low), high)
            }
        case let .truncatedExponential(slope) where slope <= 0:
            for i in 0..<count { masses[i] = low + span * generator.nextUniform() }
        case let .truncatedExponential(slope):
            let norm = -expm1(-slope * span)
            for i in 0..<count {
                // u s < 1 always (u < 1, s <= 1), so the logarithm is finite: the
                // clip to `tiny` of gato-hep is never needed.
                let u = generator.nextUniform()
                masses[i] = min(max(low - log1p(-u * norm) / slope, low), high)
            }
        }
        return masses
    }

    /// Checks an event count.
    static func checkCount(_ value: Int, _ name: String) throws {
        guard value >= 0 else { throw ToyDataError("\(name) must be non-negative, got \(value)") }
    }

    /// Checks the options every generator shares.
    static func checkCommon(noise: Double, luminosity: Double, backgroundCrossSections: [Double]) throws {
        guard noise.isFinite, noise >= 0 else {
            throw ToyDataError("noise must be finite and non-negative, got \(noise)")
        }
        guard luminosity.isFinite, luminosity > 0 else {
            throw ToyDataError("luminosity must be finite and positive, got \(luminosity)")
        }
        guard backgroundCrossSections.count == Component.backgrounds.count else {
            throw ToyDataError(
                "backgroundCrossSections needs \(Component.backgrounds.count) values (bkg1 to bkg5), got \(backgroundCrossSections.count)")
        }
        for (index, xs) in backgroundCrossSections.enumerated() {
            try checkCrossSection(xs, "cross section of bkg\(index + 1)")
        }
        guard backgroundCrossSections.reduce(0, +) > 0 else {
            throw ToyDataError("the background cross sections must not all be zero")
        }
    }

    /// Checks a cross section: finite and non-negative.
    static func checkCrossSection(_ value: Double, _ name: String) throws {
        guard value.isFinite, value >= 0 else {
            throw ToyDataError("\(name) must be finite and non-negative, got \(value)")
        }
    }
}

/// One slot per process for the results of a parallel loop; each slot is written by
/// exactly one iteration, and read only after the loop has finished.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<ProcessSample, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ body: () throws -> ProcessSample) {
        let result = Result { try body() }
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// The samples in order, or the first error (in process order).
    func values() throws -> [ProcessSample] {
        try slots.map { try $0!.get() }
    }
}
