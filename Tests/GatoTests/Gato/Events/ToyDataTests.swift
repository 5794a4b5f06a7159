import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct ToyDataTests {
    static let backgroundNames = ["bkg1", "bkg2", "bkg3", "bkg4", "bkg5"]
    static let backgroundXS = [100.0, 80, 50, 20, 10]

    /// Asserts `|a - b| <= tolerance * max(|b|, 1e-300)`.
    static func expectRelative(
        _ a: Double, _ b: Double, _ tolerance: Double, _ label: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(abs(a - b) <= tolerance * max(abs(b), 1e-300), "\(label): \(a) vs \(b)", sourceLocation: sourceLocation)
    }

    /// Mean and (population) standard deviation.
    static func meanAndStd(_ values: some Collection<Double>) -> (mean: Double, std: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return (mean, variance.squareRoot())
    }

    /// The mean of feature `d` of a process.
    static func featureMean(_ sample: ProcessSample, _ d: Int) -> Double {
        meanAndStd((0..<sample.count).map { Double(sample.feature($0, d)) }).mean
    }

    // MARK: Counts and weights

    @Test func backgroundSplitIsTheFloorOfTheCrossSectionShare() {
        // 1000 x (100, 80, 50, 20) / 260 = 384.6, 307.7, 192.3, 76.9 -> floors; the
        // last takes 1000 - 959 = 41.
        #expect(ToyData.backgroundCounts(total: 1000, crossSections: Self.backgroundXS) == [384, 307, 192, 76, 41])
        // 20000 x ... / 260 = 7692.3, 6153.8, 3846.2, 1538.5 -> 19229; rest 771.
        #expect(ToyData.backgroundCounts(total: 20000, crossSections: Self.backgroundXS) == [7692, 6153, 3846, 1538, 771])
        // 1e6: 384615, 307692, 192307, 76923 -> 961537; rest 38463.
        #expect(
            ToyData.backgroundCounts(total: 1_000_000, crossSections: Self.backgroundXS)
                == [384_615, 307_692, 192_307, 76_923, 38_463])
        #expect(ToyData.backgroundCounts(total: 0, crossSections: Self.backgroundXS) == [0, 0, 0, 0, 0])
        // 260 events share exactly: 100, 80, 50, 20, 10.
        #expect(ToyData.backgroundCounts(total: 260, crossSections: Self.backgroundXS) == [100, 80, 50, 20, 10])
    }

    @Test func threeClassProcessesCountsAndWeights() throws {
        let data = try ToyData.threeClass(
            .init(signal1Events: 3000, signal2Events: 2000, backgroundEvents: 1000, seed: 5))
        #expect(data.processNames == ["signal1", "signal2"] + Self.backgroundNames)
        #expect(data.roles == [.signal, .signal] + Array(repeating: .background, count: 5))
        #expect(data.dimension == 3)
        let counts = [3000, 2000, 384, 307, 192, 76, 41]
        let xs = [0.5, 0.1] + Self.backgroundXS
        for (p, process) in data.processes.enumerated() {
            #expect(process.count == counts[p], "\(process.name)")
            // weight = xs * lumi / n, lumi = 100: e.g. signal1 0.5 * 100 / 3000 = 1/60.
            let expected = xs[p] * 100 / Double(counts[p])
            #expect(process.weights.allSatisfy { abs($0 - expected) <= 1e-14 * expected }, "\(process.name)")
            // so the process's weights add up to xs * lumi.
            Self.expectRelative(process.totalWeight, xs[p] * 100, 1e-12, process.name)
        }
        Self.expectRelative(data.processes[0].weight(0), 1.0 / 60, 1e-14, "signal1 weight")
        Self.expectRelative(data.processes[2].weight(0), 10_000.0 / 384, 1e-14, "bkg1 weight")
        #expect(data.processes[0].columnNames.isEmpty)
    }

    @Test func weightsFollowLuminosityAndCrossSections() throws {
        let xs = [1.0, 2, 3, 4, 5]
        let data = try ToyData.threeClass(
            .init(
                signal1Events: 100, signal2Events: 50, backgroundEvents: 150, signal1CrossSection: 2,
                signal2CrossSection: 3, backgroundCrossSections: xs, luminosity: 40))
        // 150 x (1, 2, 3, 4) / 15 = 10, 20, 30, 40; the last takes 50.
        let counts = [100, 50, 10, 20, 30, 40, 50]
        let allXS = [2.0, 3] + xs
        for (p, process) in data.processes.enumerated() {
            #expect(process.count == counts[p])
            Self.expectRelative(process.weight(0), allXS[p] * 40 / Double(counts[p]), 1e-14, process.name)
        }
    }

    // MARK: Feature ranges

    @Test func threeClassScoresAreProbabilities() throws {
        let data = try ToyData.threeClass(.init(signal1Events: 5000, signal2Events: 5000, backgroundEvents: 10000))
        var total = 0
        var summingToOne = 0
        for process in data.processes {
            for event in 0..<process.count {
                let s = (0..<3).map { Double(process.feature(event, $0)) }
                #expect(s.allSatisfy { (0...1).contains($0) })
                let sum = s.reduce(0, +)
                // The sum is tot / (tot + 1e-12) <= 1 (tot = p1 + p2 + pB), up to the
                // rounding of three Floats (3 x 2^-24 < 1e-6).
                #expect(sum <= 1 + 1e-6)
                total += 1
                if abs(sum - 1) <= 1e-6 { summingToOne += 1 }
            }
        }
        // The sum falls short of 1 by more than 1e-6 only where tot < 1e-6, i.e. far
        // from every Gaussian (gato-hep's 1e-12 regulariser). A NumPy sample of 4M
        // events per process (noise 0.3) has 0.34% such events for signal1 and 0.25%
        // for bkg1; 1% bounds it with a margin of more than 10 standard deviations for
        // 20 000 events.
        #expect(Double(summingToOne) >= 0.99 * Double(total), "\(total - summingToOne) of \(total) do not sum to 1")
    }

    @Test func oneDimensionalProcessesCountsWeightsAndRange() throws {
        let data = try ToyData.oneDimensional(.init(signalEvents: 2000, backgroundEvents: 1000, seed: 3))
        #expect(data.processNames == ["signal"] + Self.backgroundNames)
        #expect(data.roles == [.signal] + Array(repeating: .background, count: 5))
        #expect(data.dimension == 1)
        let counts = [2000, 384, 307, 192, 76, 41]
        let xs = [0.5] + Self.backgroundXS
        for (p, process) in data.processes.enumerated() {
            #expect(process.count == counts[p])
            let expected = xs[p] * 100 / Double(counts[p])
            #expect(process.weights.allSatisfy { abs($0 - expected) <= 1e-14 * expected }, "\(process.name)")
            #expect(process.features.allSatisfy { (0...1).contains($0) }, "\(process.name)")
        }
    }

    // MARK: Reproducibility

    static func identical(_ a: Dataset, _ b: Dataset) -> Bool {
        guard a.processNames == b.processNames else { return false }
        return zip(a.processes, b.processes).allSatisfy { x, y in
            x.features.elementsEqual(y.features) && x.weights.elementsEqual(y.weights)
                && x.columnNames == y.columnNames
                && x.columnNames.allSatisfy { x.column($0)!.elementsEqual(y.column($0)!) }
        }
    }

    @Test func sameSeedSameEventsOtherSeedOtherEvents() throws {
        let options = ToyData.ThreeClassOptions(signal1Events: 1000, signal2Events: 1000, backgroundEvents: 2000, seed: 11)
        let a = try ToyData.threeClass(options)
        let b = try ToyData.threeClass(options)
        #expect(Self.identical(a, b))
        var other = options
        other.seed = 12
        let c = try ToyData.threeClass(other)
        for (x, y) in zip(a.processes, c.processes) {
            #expect(x.count == y.count)
            #expect(!x.features.elementsEqual(y.features), "\(x.name) is the same for seeds 11 and 12")
        }

        let oneD = ToyData.OneDimensionalOptions(signalEvents: 1000, backgroundEvents: 2000, seed: 11)
        #expect(Self.identical(try ToyData.oneDimensional(oneD), try ToyData.oneDimensional(oneD)))
        var oneDOther = oneD
        oneDOther.seed = 12
        #expect(!Self.identical(try ToyData.oneDimensional(oneD), try ToyData.oneDimensional(oneDOther)))

        let resonance = ToyData.ResonanceOptions(signal1Events: 500, signal2Events: 500, backgroundEvents: 1000, seed: 11)
        #expect(Self.identical(try ToyData.resonance(resonance), try ToyData.resonance(resonance)))
    }

    @Test func processesDoNotDependOnOtherProcessesCounts() throws {
        // One stream per process: changing the number of signal2 events leaves signal1
        // and the backgrounds untouched.
        let a = try ToyData.threeClass(.init(signal1Events: 500, signal2Events: 300, backgroundEvents: 1000))
        let b = try ToyData.threeClass(.init(signal1Events: 500, signal2Events: 700, backgroundEvents: 1000))
        for p in [0, 2, 3, 4, 5, 6] {
            #expect(a.processes[p].features.elementsEqual(b.processes[p].features))
        }
        // and a larger sample starts with the smaller one.
        let c = try ToyData.threeClass(.init(signal1Events: 800, signal2Events: 300, backgroundEvents: 1000))
        #expect(a.processes[0].features.elementsEqual(c.processes[0].features.prefix(1500)))
    }

    // MARK: Densities and scores against SciPy

    @Test func gaussianShapeOfTheSharedCovariance() {
        let shape = ToyData.gaussian
        // Sigma = 0.8 I + 0.2 J: det = 0.8^2 x 1.4 = 0.896;
        // Sigma^-1 = (I - J/7) / 0.8: diagonal 15/14, off-diagonal -5/28.
        let inverse = [shape.inverse.0, shape.inverse.1, shape.inverse.2]
        for i in 0..<3 {
            for j in 0..<3 {
                Self.expectRelative(inverse[i][j], i == j ? 15.0 / 14 : -5.0 / 28, 1e-14, "inverse[\(i)][\(j)]")
            }
        }
        Self.expectRelative(shape.normalization, 1 / (pow(2 * Double.pi, 3) * 0.896).squareRoot(), 1e-14)
        // L L^T = Sigma with L = [[1, 0, 0], [0.2, sqrt(0.96), 0], [0.2, 0.16/sqrt(0.96), sqrt(0.96 - 0.0256/0.96)]].
        let l = [shape.cholesky.0, shape.cholesky.1, shape.cholesky.2]
        let expected: [[Double]] = [
            [1, 0, 0], [0.2, 0.96.squareRoot(), 0], [0.2, 0.16 / 0.96.squareRoot(), (0.96 - 0.0256 / 0.96).squareRoot()],
        ]
        for i in 0..<3 {
            for j in 0..<3 {
                #expect(abs(l[i][j] - expected[i][j]) <= 1e-15, "L[\(i)][\(j)]")
            }
        }
    }

    /// Fixed points and, for each, (p1, p2, pB, scores, discriminant) computed with
    /// SciPy 1.17.1 (`scipy.stats.multivariate_normal(MEANS[p], COV).pdf(x)`, gato-hep's
    /// MEANS and COV, background mixture weights xs_b / sum xs_b), in double precision:
    ///
    ///     tot = p1 + p2 + pB + 1e-12; scores = (p1, p2, pB) / tot
    ///     lr = p1 / (pB + 1e-12); disc = lr / (1 + lr)
    ///
    /// The last point lies far from every mean (tot ~ 1e-9), where the 1e-12 matters.
    static let scipyReference: [(x: SIMD3<Double>, p1: Double, p2: Double, pB: Double, scores: [Double], disc: Double)] = [
        (
            SIMD3(0, 0, 0), 0.0048158787969479885, 0.004815878796947981, 0.03245139062875327,
            [0.1144372272567202, 0.11443722725672002, 0.7711255454627974], 0.12922542678958676
        ),
        (
            SIMD3(1.5, -1, -1), 0.06707739569750899, 2.7142544139983443e-05, 0.0033120278072093523,
            [0.9525797615580255, 0.00038545679891242087, 0.04703478162886098], 0.9529470814895893
        ),
        (
            SIMD3(-1, 1.5, -1), 2.7142544139983443e-05, 0.06707739569750899, 0.005772625505381313,
            [0.0003724423776126585, 0.9204172095586246, 0.07921034805004105], 0.0046799361463332675
        ),
        (
            SIMD3(0.3, -0.2, 0.7), 0.0034920535381384, 0.000731974186135089, 0.04006833049492675,
            [0.07884099376189442, 0.01652597006680174, 0.9046330361487267], 0.080165811564185
        ),
        (
            SIMD3(2.5, 2.0, -3.0), 1.5191639573873997e-05, 3.1843406441792523e-06, 8.098854536432839e-06,
            [0.5738143086043439, 0.12027801319370507, 0.3059076404302342], 0.6522677814243278
        ),
        (
            SIMD3(4.0, -4.0, 3.0), 6.595863850946394e-10, 9.16029869028886e-21, 3.5268086302747874e-10,
            [0.6509500690080369, 9.040358017278039e-12, 0.348063024515903], 0.6509500690139218
        ),
    ]

    @Test func densitiesScoresAndDiscriminantMatchSciPy() {
        let densities = ToyData.Densities(backgroundCrossSections: Self.backgroundXS)
        for reference in Self.scipyReference {
            let x = reference.x
            Self.expectRelative(densities.shape.density(at: x, mean: ToyData.Component.signal1.mean), reference.p1, 1e-12, "p1 at \(x)")
            Self.expectRelative(densities.shape.density(at: x, mean: ToyData.Component.signal2.mean), reference.p2, 1e-12, "p2 at \(x)")
            Self.expectRelative(densities.background(at: x), reference.pB, 1e-12, "pB at \(x)")
            let scores = ToyData.threeClassScores(at: x)
            for d in 0..<3 {
                Self.expectRelative(scores[d], reference.scores[d], 1e-11, "score \(d) at \(x)")
            }
            Self.expectRelative(ToyData.oneDimensionalDiscriminant(at: x), reference.disc, 1e-11, "discriminant at \(x)")
        }
    }

    @Test func backgroundMixtureUsesTheGivenCrossSections() {
        // The same SciPy computation with background cross sections 1, 2, 3, 4, 5.
        let xs = [1.0, 2, 3, 4, 5]
        let cases: [(SIMD3<Double>, [Double], Double)] = [
            (SIMD3(0, 0, 0), [0.10158931527618711, 0.10158931527618695, 0.7968213694265314], 0.113076699780588),
            (SIMD3(-1, 1.5, -1), [0.00031350142233457735, 0.7747563695287835, 0.2249301290373318], 0.0013918325755925831),
            (SIMD3(2.5, 2.0, -3.0), [0.5547462594040256, 0.11628113295056096, 0.32897257112886397], 0.6277406538305701),
            (SIMD3(4.0, -4.0, 3.0), [0.8127311469994841, 1.1287164546836616e-11, 0.1860366699645854], 0.8127311470086576),
        ]
        for (x, expectedScores, expectedDisc) in cases {
            let scores = ToyData.threeClassScores(at: x, backgroundCrossSections: xs)
            for d in 0..<3 { Self.expectRelative(scores[d], expectedScores[d], 1e-11, "score \(d) at \(x)") }
            Self.expectRelative(
                ToyData.oneDimensionalDiscriminant(at: x, backgroundCrossSections: xs), expectedDisc, 1e-11, "disc at \(x)")
        }
    }

    // MARK: The generated points

    /// The noisy point the generators draw, rebuilt by hand: three standard normals z,
    /// `x = mu + L z` with the Cholesky factor of the covariance written out, then
    /// (noise > 0) each coordinate times `Normal(1, noise)`.
    static func handDrawnPoint(_ mean: SIMD3<Double>, noise: Double, _ g: inout Xoshiro256StarStar) -> SIMD3<Double> {
        let z0 = g.nextNormal(), z1 = g.nextNormal(), z2 = g.nextNormal()
        let l21 = 0.16 / 0.96.squareRoot()
        let l22 = (0.96 - 0.0256 / 0.96).squareRoot()
        var x = mean + SIMD3(z0, 0.2 * z0 + 0.96.squareRoot() * z1, 0.2 * z0 + l21 * z1 + l22 * z2)
        if noise > 0 {
            x.x *= 1 + noise * g.nextNormal()
            x.y *= 1 + noise * g.nextNormal()
            x.z *= 1 + noise * g.nextNormal()
        }
        return x
    }

    @Test(arguments: [0.3, 0.0])
    func featuresAreTheScoresOfTheDrawnPoints(noise: Double) throws {
        let data = try ToyData.threeClass(
            .init(signal1Events: 20, signal2Events: 20, backgroundEvents: 260, noise: noise, seed: 9))
        let oneD = try ToyData.oneDimensional(.init(signalEvents: 20, backgroundEvents: 260, noise: noise, seed: 9))
        let components = ToyData.Component.allCases
        for (p, process) in data.processes.enumerated() {
            // Process p draws from stream p of the seed.
            var generator = Xoshiro256StarStar(seed: 9, stream: p)
            for event in 0..<process.count {
                let x = Self.handDrawnPoint(components[p].mean, noise: noise, &generator)
                let scores = ToyData.threeClassScores(at: x)
                for d in 0..<3 {
                    #expect(process.feature(event, d) == Float(scores[d]), "\(process.name) event \(event)")
                }
            }
        }
        // 1-D: signal (signal1's Gaussian) on stream 0, bkg b on stream b.
        for (p, process) in oneD.processes.enumerated() {
            var generator = Xoshiro256StarStar(seed: 9, stream: p)
            let component = p == 0 ? ToyData.Component.signal1 : ToyData.Component.backgrounds[p - 1]
            for event in 0..<process.count {
                let x = Self.handDrawnPoint(component.mean, noise: noise, &generator)
                #expect(process.feature(event, 0) == Float(ToyData.oneDimensionalDiscriminant(at: x)))
            }
        }
    }

    @Test func zeroNoiseDiffersFromSmearedAndSharpensTheScores() throws {
        let sharp = try ToyData.threeClass(.init(signal1Events: 3000, signal2Events: 10, backgroundEvents: 10, noise: 0))
        let smeared = try ToyData.threeClass(.init(signal1Events: 3000, signal2Events: 10, backgroundEvents: 10, noise: 0.3))
        #expect(!sharp.processes[0].features.elementsEqual(smeared.processes[0].features))
        // Reference (NumPy, 4M events): E[score1 | signal1] = 0.8244 without noise,
        // 0.8061 with noise 0.3; standard deviations 0.235 and 0.249, so the
        // statistical error on 3000 events is 0.0045 and 5 sigma is 0.023.
        #expect(abs(Self.featureMean(sharp.processes[0], 0) - 0.82442) <= 0.023)
        #expect(abs(Self.featureMean(smeared.processes[0], 0) - 0.80610) <= 0.023)
    }

    @Test func meanScoresMatchAnIndependentNumPySample() throws {
        // Reference: gato-hep's procedure in NumPy (rng.multivariate_normal, noise
        // factors rng.normal(1, 0.3), SciPy pdfs), 4M events per process:
        //   signal1: mean scores (0.80610, 0.02320, 0.17066), std (0.249, 0.082, 0.214)
        //   bkg1:    mean scores (0.07041, 0.08352, 0.84604), std (0.151, 0.171, 0.211)
        //   1-D discriminant: signal 0.81495 (std 0.239), bkg1 0.07358 (std 0.154).
        // Tolerance: 5 standard errors of the Swift sample (the NumPy error is 8x
        // smaller than that of 20 000 events and is neglected).
        let data = try ToyData.threeClass(.init(signal1Events: 20000, signal2Events: 10, backgroundEvents: 20000, seed: 21))
        let signal1 = data.processes[0], bkg1 = data.processes[2]
        for (d, (mean, std)) in [(0.80610, 0.249), (0.02320, 0.082), (0.17066, 0.214)].enumerated() {
            #expect(abs(Self.featureMean(signal1, d) - mean) <= 5 * std / Double(signal1.count).squareRoot(), "signal1 \(d)")
        }
        for (d, (mean, std)) in [(0.07041, 0.151), (0.08352, 0.171), (0.84604, 0.211)].enumerated() {
            #expect(abs(Self.featureMean(bkg1, d) - mean) <= 5 * std / Double(bkg1.count).squareRoot(), "bkg1 \(d)")
        }
        let oneD = try ToyData.oneDimensional(.init(signalEvents: 20000, backgroundEvents: 20000, seed: 21))
        let signal = oneD.processes[0], oneDBkg1 = oneD.processes[1]
        #expect(abs(Self.featureMean(signal, 0) - 0.81495) <= 5 * 0.239 / Double(signal.count).squareRoot())
        #expect(abs(Self.featureMean(oneDBkg1, 0) - 0.07358) <= 5 * 0.154 / Double(oneDBkg1.count).squareRoot())
    }

    // MARK: Resonance

    @Test func resonanceDefaultsAreTheBumpHuntSettings() {
        let options = ToyData.ResonanceOptions()
        #expect(options.signal1Events == 100_000 && options.signal2Events == 100_000)
        #expect(options.backgroundEvents == 1_000_000)
        #expect(options.noise == 0.2 && options.massSigma == 1.5 && options.signalMass == 125)
        #expect(options.massRange == 100...180)
        #expect(options.backgroundSlopes == [0.05, 0.04, 0.035, 0.03, 0.025])
        #expect((0..<5).map(options.slope(ofBackground:)) == [0.05, 0.04, 0.035, 0.03, 0.025])
        #expect(options.threeClassOptions.noise == 0.2 && options.threeClassOptions.backgroundEvents == 1_000_000)
        let three = ToyData.ThreeClassOptions()
        #expect(three.signal1Events == 100_000 && three.backgroundEvents == 500_000 && three.noise == 0.3)
        #expect(three.luminosity == 100 && three.seed == 42 && three.signal1CrossSection == 0.5)
        let oneD = ToyData.OneDimensionalOptions()
        #expect(oneD.signalEvents == 100_000 && oneD.backgroundEvents == 100_000 && oneD.noise == 0.3)
    }

    @Test func resonanceFeaturesAreThoseOfThreeClass() throws {
        let options = ToyData.ResonanceOptions(signal1Events: 700, signal2Events: 300, backgroundEvents: 1300, seed: 8)
        let resonance = try ToyData.resonance(options)
        let three = try ToyData.threeClass(options.threeClassOptions)
        #expect(resonance.processNames == three.processNames)
        #expect(resonance.roles == three.roles)
        for (r, t) in zip(resonance.processes, three.processes) {
            #expect(r.features.elementsEqual(t.features), "\(r.name)")
            #expect(r.weights.elementsEqual(t.weights), "\(r.name)")
            #expect(r.columnNames == ["mass"])
            #expect(r.column("mass")!.count == r.count)
        }
    }

    @Test func resonanceMasses() throws {
        // Slopes 0.05 and 0 cycled: bkg1, bkg3, bkg5 fall as exp(-0.05 m); bkg2, bkg4 flat.
        let options = ToyData.ResonanceOptions(
            signal1Events: 4000, signal2Events: 4000, backgroundEvents: 26000, seed: 3, backgroundSlopes: [0.05, 0])
        let data = try ToyData.resonance(options)
        for process in data.processes {
            #expect(process.column("mass")!.allSatisfy { (100...180).contains($0) }, "\(process.name)")
        }
        // Signals: Normal(125, 1.5) (clipping at 16 sigma never acts). On 4000 events
        // the standard error of the mean is 1.5 / sqrt(4000) = 0.024 and that of the
        // standard deviation 1.5 / sqrt(2 x 4000) = 0.017; we allow 5 of each.
        for name in ["signal1", "signal2"] {
            let (mean, std) = Self.meanAndStd(data[name]!.column("mass")!)
            #expect(abs(mean - 125) <= 5 * 1.5 / 4000.0.squareRoot(), "\(name) mean \(mean)")
            #expect(abs(std - 1.5) <= 5 * 1.5 / 8000.0.squareRoot(), "\(name) std \(std)")
        }
        // Truncated exponential on [a, b] = [100, 180] with slope l = 0.05, L = 80:
        //   mean = a + 1/l - L e^(-lL) / (1 - e^(-lL)) = 100 + 20 - 80 e^-4 / (1 - e^-4) = 118.50741
        //   std  = sqrt(1/l^2 - L^2 e^(-lL) / (1 - e^(-lL))^2) = 16.684
        //   P(m < 110) = (1 - e^-0.5) / (1 - e^-4) = 0.400811
        // (checked against scipy.stats.truncexpon(b=4, loc=100, scale=20)).
        // bkg1 has 10000 events (standard error 0.167 on the mean, 0.0049 on the fraction),
        // bkg3 5000 (0.236 and 0.0069).
        for name in ["bkg1", "bkg3"] {
            let masses = data[name]!.column("mass")!
            let n = Double(masses.count)
            let (mean, _) = Self.meanAndStd(masses)
            #expect(abs(mean - 118.50741) <= 5 * 16.684 / n.squareRoot(), "\(name) mean \(mean)")
            let below = Double(masses.filter { $0 < 110 }.count) / n
            #expect(abs(below - 0.400811) <= 5 * (0.400811 * 0.599189 / n).squareRoot(), "\(name) P(m < 110) = \(below)")
        }
        // Slope 0: uniform on [100, 180], mean 140, std 80 / sqrt(12) = 23.094.
        for name in ["bkg2", "bkg4"] {
            let masses = data[name]!.column("mass")!
            let (mean, std) = Self.meanAndStd(masses)
            let n = Double(masses.count)
            #expect(abs(mean - 140) <= 5 * 23.094 / n.squareRoot(), "\(name) mean \(mean)")
            // Var(s^2) = (mu4 - sigma^4) / n = L^4 (1/80 - 1/144) / n = L^4 / (180 n), so
            // se(s) = se(s^2) / (2 sigma) = L^2 / (2 sigma sqrt(180 n)) = 0.10 for n = 10000.
            #expect(abs(std - 23.094) <= 5 * 80 * 80 / (2 * 23.094 * (180 * n).squareRoot()), "\(name) std \(std)")
        }
    }

    @Test func truncatedExponentialMeansForTheBumpHuntSlopes() {
        // Analytic means (formula above; SciPy truncexpon agrees to 1e-14) and standard
        // deviations for slopes 0.04, 0.025; 20 000 draws each, 5 standard errors.
        for (slope, mean, std) in [(0.04, 121.60045, 18.479), (0.025, 127.47859, 21.012)] {
            var generator = Xoshiro256StarStar(seed: 77)
            let masses = ToyData.sampleMasses(
                count: 20000, shape: .truncatedExponential(slope: slope), range: 100...180, generator: &generator)
            let (sampleMean, _) = Self.meanAndStd(masses)
            #expect(abs(sampleMean - mean) <= 5 * std / 20000.0.squareRoot(), "slope \(slope): \(sampleMean)")
            #expect(masses.allSatisfy { (100...180).contains($0) })
        }
    }

    // MARK: Options

    @Test func invalidOptionsThrow() {
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(signal1Events: -1)) }
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(backgroundEvents: -5)) }
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(noise: -0.1)) }
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(noise: .nan)) }
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(luminosity: 0)) }
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(signal2CrossSection: -1)) }
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(backgroundCrossSections: [1, 2, 3])) }
        #expect(throws: ToyDataError.self) { try ToyData.threeClass(.init(backgroundCrossSections: [0, 0, 0, 0, 0])) }
        #expect(throws: ToyDataError.self) { try ToyData.oneDimensional(.init(signalEvents: -1)) }
        #expect(throws: ToyDataError.self) { try ToyData.oneDimensional(.init(noise: .infinity)) }
        #expect(throws: ToyDataError.self) { try ToyData.resonance(.init(massSigma: -1)) }
        #expect(throws: ToyDataError.self) { try ToyData.resonance(.init(massRange: 100...100)) }
        #expect(throws: ToyDataError.self) { try ToyData.resonance(.init(backgroundSlopes: [])) }
        #expect(throws: ToyDataError.self) { try ToyData.resonance(.init(backgroundSlopes: [.nan])) }
        #expect(throws: EventDataError.emptyDataset) {
            try ToyData.threeClass(.init(signal1Events: 0, signal2Events: 0, backgroundEvents: 0))
        }
    }

    @Test func emptyProcessesAreAllowed() throws {
        // 3 background events: floor(3 x (100, 80, 50, 20) / 260) = 1, 0, 0, 0; bkg5 gets 2.
        let data = try ToyData.resonance(.init(signal1Events: 10, signal2Events: 0, backgroundEvents: 3))
        #expect(data.processes.map(\.count) == [10, 0, 1, 0, 0, 0, 2])
        #expect(data["signal2"]!.column("mass")!.isEmpty)
        #expect(data["signal2"]!.totalWeight == 0)
    }
}
