extension ToyData {
    /// The options of ``ToyData/oneDimensional(_:)``; the defaults are gato-hep's
    /// (`generate_toy_data_1D`), with seed 42 as in its examples.
    ///
    /// The one-dimensional workflows of the examples use `backgroundEvents: 300_000`.
    public struct OneDimensionalOptions: Sendable, Equatable {
        /// Generated signal events. Default 100 000.
        public var signalEvents: Int
        /// Generated background events, shared by bkg1 to bkg5 in proportion to their
        /// cross sections (see ``ToyData/backgroundCounts(total:crossSections:)``).
        /// Default 100 000.
        public var backgroundEvents: Int
        /// Cross section of the signal (drawn from signal1's Gaussian). Default 0.5.
        public var signalCrossSection: Double
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
            signalEvents: Int = 100_000, backgroundEvents: Int = 100_000, signalCrossSection: Double = 0.5,
            backgroundCrossSections: [Double] = ToyData.defaultBackgroundCrossSections,
            luminosity: Double = 100, noise: Double = 0.3, seed: UInt64 = 42
        ) {
            self.signalEvents = signalEvents
            self.backgroundEvents = backgroundEvents
            self.signalCrossSection = signalCrossSection
            self.backgroundCrossSections = backgroundCrossSections
            self.luminosity = luminosity
            self.noise = noise
            self.seed = seed
        }

        /// Throws ``ToyDataError`` naming the first invalid option.
        public func validate() throws {
            try ToyData.checkCount(signalEvents, "signalEvents")
            try ToyData.checkCount(backgroundEvents, "backgroundEvents")
            try ToyData.checkCrossSection(signalCrossSection, "signalCrossSection")
            try ToyData.checkCommon(
                noise: noise, luminosity: luminosity, backgroundCrossSections: backgroundCrossSections)
        }

        /// The processes in dataset order: signal, bkg1 to bkg5.
        func plans() -> [ProcessPlan] {
            [
                ProcessPlan(
                    name: "signal", role: .signal, component: .signal1, count: signalEvents,
                    crossSection: signalCrossSection, stream: 0)
            ]
                + ToyData.backgroundPlans(
                    total: backgroundEvents, crossSections: backgroundCrossSections, firstStream: 1)
        }
    }

    /// One-dimensional toy data: processes signal (drawn from signal1's Gaussian) and
    /// bkg1 to bkg5, in that order, each event carrying one feature, the discriminant
    ///
    ///     lr / (1 + lr),   lr = p_sig / (pB + 1e-12)
    ///
    /// of its noisy point `x`, where `p_sig = N(x; mu_signal1, Sigma)` and `pB` is the
    /// cross-section-weighted mixture of the five background densities. It is a
    /// monotonic function of the likelihood ratio, mapped into [0, 1) (signal-like
    /// events near 1).
    ///
    /// - Throws: ``ToyDataError`` for an invalid option, ``EventDataError/emptyDataset``
    ///   when every count is zero.
    public static func oneDimensional(_ options: OneDimensionalOptions = .init()) throws -> Dataset {
        try options.validate()
        return try generate(
            plans: options.plans(), featureMap: .oneDimensional, noise: options.noise,
            luminosity: options.luminosity, seed: options.seed,
            backgroundCrossSections: options.backgroundCrossSections)
    }
}
