extension ToyData {
    /// The options of ``ToyData/resonance(_:)``. The defaults are the bump-hunt
    /// workflow's (100k + 100k signal, 1M background, noise 0.2, slopes 0.05, 0.04,
    /// 0.035, 0.03, 0.025), not those of gato-hep's `generate_resonance_toy_data`
    /// function (60k + 60k, 400k, one slope 0.02, seed 7).
    public struct ResonanceOptions: Sendable, Equatable {
        /// Generated events of signal1. Default 100 000.
        public var signal1Events: Int
        /// Generated events of signal2. Default 100 000.
        public var signal2Events: Int
        /// Generated background events, shared by bkg1 to bkg5 in proportion to their
        /// cross sections. Default 1 000 000.
        public var backgroundEvents: Int
        /// Cross section of signal1. Default 0.5.
        public var signal1CrossSection: Double
        /// Cross section of signal2. Default 0.1.
        public var signal2CrossSection: Double
        /// Cross sections of bkg1 to bkg5. Default 100, 80, 50, 20, 10.
        public var backgroundCrossSections: [Double]
        /// Integrated luminosity; weights are `xs x luminosity / n`. Default 100.
        public var luminosity: Double
        /// Standard deviation of the multiplicative feature noise. Default 0.2.
        public var noise: Double
        /// The seed of the random streams. Default 42.
        public var seed: UInt64
        /// The mass of the resonance, the mean of the signal masses (GeV). Default 125.
        public var signalMass: Double
        /// The width of the signal mass peak (GeV), `sigma` of the Gaussian. Default 1.5.
        public var massSigma: Double
        /// The mass range (GeV): signal masses are clipped to it and background masses
        /// drawn inside it. Default 100...180.
        public var massRange: ClosedRange<Double>
        /// The slopes `lambda` (1/GeV) of the background spectra `exp(-lambda m)`, cycled
        /// over bkg1 to bkg5 (one value serves all five); a slope <= 0 gives a flat
        /// spectrum. Default 0.05, 0.04, 0.035, 0.03, 0.025.
        public var backgroundSlopes: [Double]

        public init(
            signal1Events: Int = 100_000, signal2Events: Int = 100_000, backgroundEvents: Int = 1_000_000,
            signal1CrossSection: Double = 0.5, signal2CrossSection: Double = 0.1,
            backgroundCrossSections: [Double] = ToyData.defaultBackgroundCrossSections,
            luminosity: Double = 100, noise: Double = 0.2, seed: UInt64 = 42, signalMass: Double = 125,
            massSigma: Double = 1.5, massRange: ClosedRange<Double> = 100...180,
            backgroundSlopes: [Double] = [0.05, 0.04, 0.035, 0.03, 0.025]
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
            self.signalMass = signalMass
            self.massSigma = massSigma
            self.massRange = massRange
            self.backgroundSlopes = backgroundSlopes
        }

        /// The options of the three-class data underneath: ``ToyData/resonance(_:)``
        /// has exactly the features of ``ToyData/threeClass(_:)`` with these options.
        public var threeClassOptions: ThreeClassOptions {
            ThreeClassOptions(
                signal1Events: signal1Events, signal2Events: signal2Events, backgroundEvents: backgroundEvents,
                signal1CrossSection: signal1CrossSection, signal2CrossSection: signal2CrossSection,
                backgroundCrossSections: backgroundCrossSections, luminosity: luminosity, noise: noise, seed: seed)
        }

        /// The slope of background `b` (0 for bkg1): the slopes cycled.
        public func slope(ofBackground b: Int) -> Double {
            backgroundSlopes[b % backgroundSlopes.count]
        }

        /// Throws ``ToyDataError`` naming the first invalid option.
        public func validate() throws {
            try threeClassOptions.validate()
            guard signalMass.isFinite else { throw ToyDataError("signalMass must be finite, got \(signalMass)") }
            guard massSigma.isFinite, massSigma >= 0 else {
                throw ToyDataError("massSigma must be finite and non-negative, got \(massSigma)")
            }
            guard massRange.lowerBound.isFinite, massRange.upperBound.isFinite,
                massRange.lowerBound < massRange.upperBound
            else {
                throw ToyDataError("massRange must be finite with lower < upper, got \(massRange)")
            }
            guard !backgroundSlopes.isEmpty else { throw ToyDataError("backgroundSlopes must not be empty") }
            for slope in backgroundSlopes where !slope.isFinite {
                throw ToyDataError("backgroundSlopes must be finite, got \(slope)")
            }
        }
    }

    /// Resonance (bump-hunt) toy data: the three-class data of ``threeClass(_:)`` (the
    /// same processes, features and weights, bit for bit, for the same options) plus a
    /// per-event column `"mass"` (GeV):
    ///
    /// - signals: `Normal(signalMass, massSigma)` clipped to `massRange`, a narrow
    ///   resonance (by default 125 +- 1.5 GeV);
    /// - background `b`: the smoothly falling continuum `exp(-slope_b m)` truncated to
    ///   `massRange`, sampled by inverting its CDF as gato-hep's
    ///   `sample_truncated_exponential` (uniform when `slope_b <= 0`), with the slopes
    ///   cycled over bkg1 to bkg5.
    ///
    /// The mass of an event is independent of its features: the masses come from their
    /// own streams (`100 + process index`).
    ///
    /// - Throws: ``ToyDataError`` for an invalid option, ``EventDataError/emptyDataset``
    ///   when every count is zero.
    public static func resonance(_ options: ResonanceOptions = .init()) throws -> Dataset {
        try options.validate()
        let features = options.threeClassOptions
        var plans = features.plans()
        var background = 0
        for index in plans.indices {
            switch plans[index].role {
            case .signal:
                plans[index].mass = .gaussian(mean: options.signalMass, sigma: options.massSigma)
            case .background:
                plans[index].mass = .truncatedExponential(slope: options.slope(ofBackground: background))
                background += 1
            }
        }
        return try generate(
            plans: plans, featureMap: .threeClass, noise: features.noise, luminosity: features.luminosity,
            seed: features.seed, backgroundCrossSections: features.backgroundCrossSections,
            massRange: options.massRange)
    }
}
