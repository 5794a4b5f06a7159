extension ToyData {
    /// The options of ``ToyData/threeClass(_:)``; the defaults are gato-hep's
    /// (`generate_toy_data_3class_3D`), with seed 42 as in its examples.
    ///
    /// The three-class workflow of the examples uses `backgroundEvents: 1_000_000`.
    public struct ThreeClassOptions: Sendable, Equatable {
        /// Generated events of signal1. Default 100 000.
        public var signal1Events: Int
        /// Generated events of signal2. Default 100 000.
        public var signal2Events: Int
        /// Generated background events, shared by bkg1 to bkg5 in proportion to their
        /// cross sections (see ``ToyData/backgroundCounts(total:crossSections:)``).
        /// Default 500 000.
        public var backgroundEvents: Int
        /// Cross section of signal1. Default 0.5.
        public var signal1CrossSection: Double
        /// Cross section of signal2. Default 0.1.
        public var signal2CrossSection: Double
        /// Cross sections of bkg1 to bkg5 (five values, not all zero). They set both the
        /// event weights and the mixture weights of the background density `pB`.
        /// Default 100, 80, 50, 20, 10.
        public var backgroundCrossSections: [Double]
        /// Integrated luminosity; weights are `xs x luminosity / n`. Default 100.
        public var luminosity: Double
        /// Standard deviation of the multiplicative `Normal(1, noise)` factor applied to
        /// each coordinate (0 means no smearing). Default 0.3.
        public var noise: Double
        /// The seed of the random streams. Default 42.
        public var seed: UInt64

        public init(
            signal1Events: Int = 100_000, signal2Events: Int = 100_000, backgroundEvents: Int = 500_000,
            signal1CrossSection: Double = 0.5, signal2CrossSection: Double = 0.1,
            backgroundCrossSections: [Double] = ToyData.defaultBackgroundCrossSections,
            luminosity: Double = 100, noise: Double = 0.3, seed: UInt64 = 42
        ) {
            self.signal1Events = signal1Events
            self.signal2Events = signal2Events
            self.backgroundEvents = backgroundEvents
            self.signal1CrossSection = signal1CrossSection
            self.signal2CrossSection = signal2CrossSection
            self.backgroundCrossSections = backgroundCrossSections
            self.luminosity = luminosity
            self.noise = noise
            self.seed = seed
        }

        /// Throws ``ToyDataError`` naming the first invalid option.
        public func validate() throws {
            try ToyData.checkCount(signal1Events, "signal1Events")
            try ToyData.checkCount(signal2Events, "signal2Events")
            try ToyData.checkCount(backgroundEvents, "backgroundEvents")
            try ToyData.checkCrossSection(signal1CrossSection, "signal1CrossSection")
            try ToyData.checkCrossSection(signal2CrossSection, "signal2CrossSection")
            try ToyData.checkCommon(
                noise: noise, luminosity: luminosity, backgroundCrossSections: backgroundCrossSections)
        }

        /// The processes in dataset order: signal1, signal2, bkg1 to bkg5.
        func plans() -> [ProcessPlan] {
            [
                ProcessPlan(
                    name: "signal1", role: .signal, component: .signal1, count: signal1Events,
                    crossSection: signal1CrossSection, stream: 0),
                ProcessPlan(
                    name: "signal2", role: .signal, component: .signal2, count: signal2Events,
                    crossSection: signal2CrossSection, stream: 1),
            ]
                + ToyData.backgroundPlans(
                    total: backgroundEvents, crossSections: backgroundCrossSections, firstStream: 2)
        }
    }

    /// Three-class toy data: processes signal1, signal2 (signals) and bkg1 to bkg5
    /// (backgrounds), in that order, each event carrying D = 3 features, the
    /// pseudo-softmax scores
    ///
    ///     (p1, p2, pB) / (p1 + p2 + pB + 1e-12)
    ///
    /// of its noisy point `x`, where `p1 = N(x; mu_signal1, Sigma)`,
    /// `p2 = N(x; mu_signal2, Sigma)` and `pB` is the cross-section-weighted mixture of
    /// the five background densities. The scores lie in [0, 1] and add up to
    /// `tot / (tot + 1e-12)` with `tot = p1 + p2 + pB`, that is to 1 unless the point is
    /// far from every component.
    ///
    /// The scores are computed in double precision and stored as `Float`. The cost is
    /// about 0.2 microseconds per event and core in a release build (two thirds of it
    /// the six normal variates): 1.2M events take about 0.2 s on two cores.
    ///
    /// - Throws: ``ToyDataError`` for an invalid option, ``EventDataError/emptyDataset``
    ///   when every count is zero.
    public static func threeClass(_ options: ThreeClassOptions = .init()) throws -> Dataset {
        try options.validate()
        return try generate(
            plans: options.plans(), featureMap: .threeClass, noise: options.noise, luminosity: options.luminosity,
            seed: options.seed, backgroundCrossSections: options.backgroundCrossSections)
    }
}
