import Foundation
import Gato
import GatoIO
import GatoReports

/// gato-hep's four example workflows, as ``Analysis`` values; `docs/examples.md`
/// describes them.
///
/// The training defaults are each workflow's ``TrainingRecipe/example(_:)``: the
/// flags of gato-hep's example scripts, with a few deliberate differences that
/// `docs/examples.md` lists. The three-class learning rate is the bump hunt's (its
/// own script starts higher); the bump hunt sets its schedules before each step like
/// the other examples (its script after) and reports hard, in-window significances
/// (its script prints the soft objective). Every workflow uses the recipe's seed
/// unless `--seed` says otherwise (gato-hep's bump hunt uses its generator's seed 7).
public enum ExampleWorkflow: String, CaseIterable, Sendable {
    case oneDimensionalCuts = "1d-cuts"
    case oneDimensionalGMM = "1d-gmm"
    case threeClass = "three-class"
    case bumpHunt = "bump-hunt"

    /// Settings a user may override; nil means the workflow's default (its
    /// ``recipe`` or its ``defaults``).
    public struct Options: Sendable, Equatable {
        public var epochs: Int?
        public var categoryCounts: [Int]?
        public var lambdaYield: Double?
        public var lambdaUncertainty: Double?
        public var thresholdYield: Double?
        public var thresholdUncertainty: Double?
        public var backgroundEvents: Int?
        public var signalEvents: Int?
        public var seed: UInt64
        public var refitInterval: Int?
        public var massSigma: Double?
        public var threads: Int?
        public var precision: KernelPrecision
        /// Random starts screened per number of categories (``RestartSettings``);
        /// 1 trains one start on all events from the first epoch, as gato-hep does.
        public var starts: Int

        public init(
            epochs: Int? = nil, categoryCounts: [Int]? = nil, lambdaYield: Double? = nil,
            lambdaUncertainty: Double? = nil, thresholdYield: Double? = nil, thresholdUncertainty: Double? = nil,
            backgroundEvents: Int? = nil, signalEvents: Int? = nil, seed: UInt64 = TrainingRecipe.standard.seed,
            refitInterval: Int? = nil, massSigma: Double? = nil, threads: Int? = nil,
            precision: KernelPrecision = TrainingRecipe.standard.precision,
            starts: Int = TrainingRecipe.standard.restarts.starts
        ) {
            self.epochs = epochs
            self.categoryCounts = categoryCounts
            self.lambdaYield = lambdaYield
            self.lambdaUncertainty = lambdaUncertainty
            self.thresholdYield = thresholdYield
            self.thresholdUncertainty = thresholdUncertainty
            self.backgroundEvents = backgroundEvents
            self.signalEvents = signalEvents
            self.seed = seed
            self.refitInterval = refitInterval
            self.massSigma = massSigma
            self.threads = threads
            self.precision = precision
            self.starts = starts
        }
    }

    /// The defaults of the workflow's toy events (its training defaults are its
    /// ``recipe``), those of gato-hep's example scripts.
    public struct Defaults: Sendable, Equatable {
        /// Generated background events in all: 300k for the 1-D workflows, 1M for
        /// the others (`--n-bkg`).
        public var backgroundEvents: Int
        /// Generated events per signal: 100k (`--n-signal`).
        public var signalEvents: Int
        /// The bump hunt's signal peak width in GeV: 1.5, so the window 125 +- 1.5 is
        /// ``MassSidebandFit``'s default window.
        public var massSigma: Double
    }

    public var defaults: Defaults {
        switch self {
        case .oneDimensionalCuts, .oneDimensionalGMM:
            return Defaults(backgroundEvents: 300_000, signalEvents: 100_000, massSigma: 1.5)
        case .threeClass, .bumpHunt:
            return Defaults(backgroundEvents: 1_000_000, signalEvents: 100_000, massSigma: 1.5)
        }
    }

    /// A default across the workflows in words, for help texts: the value of most
    /// workflows (of the first, on a tie), then the others', as "250; bump-hunt 200".
    public static func defaultInWords(_ words: (ExampleWorkflow) -> String) -> String {
        var groups: [(words: String, workflows: [ExampleWorkflow])] = []
        for workflow in allCases {
            let text = words(workflow)
            if let index = groups.firstIndex(where: { $0.words == text }) {
                groups[index].workflows.append(workflow)
            } else {
                groups.append((text, [workflow]))
            }
        }
        let main = groups.indices.reduce(0) { best, index in
            groups[index].workflows.count > groups[best].workflows.count ? index : best
        }
        return ([groups[main].words] + groups.indices.filter { $0 != main }.map { index in
            groups[index].workflows.map(\.rawValue).joined(separator: ", ") + " " + groups[index].words
        }).joined(separator: "; ")
    }

    /// A one-line description for `--help` and logs.
    public var summary: String {
        switch self {
        case .oneDimensionalCuts: return "sigmoid cuts on a 1-D discriminant (one signal, five backgrounds)"
        case .oneDimensionalGMM: return "a 1-D Gaussian mixture on the same discriminant"
        case .threeClass: return "a 2-D Gaussian mixture on two softmax scores, two signals"
        case .bumpHunt: return "the three-class categories with sideband-fitted backgrounds under a mass peak"
        }
    }

    /// Builds the analysis: generates the toy events and sets the training from the
    /// workflow's ``recipe`` and the options.
    public func analysis(_ options: Options = Options()) throws -> Analysis {
        var analysis = try makeAnalysis(options)
        let recipe = self.recipe
        analysis.optimizer = recipe.optimizer
        analysis.biasInterval = recipe.biasInterval
        analysis.restarts = recipe.restarts
        analysis.restarts.starts = options.starts
        // The categories are checked against the thresholds, penalties on or off.
        analysis.constraints.minimumBackground = options.thresholdYield ?? recipe.yieldThreshold
        analysis.constraints.maximumRelativeUncertainty = options.thresholdUncertainty ?? recipe.uncertaintyThreshold
        if self == .oneDimensionalCuts || self == .oneDimensionalGMM {
            analysis.baselines += try Self.exactBaselines(
                analysis.evaluationData, counts: analysis.categoryCounts, constraints: analysis.constraints,
                threads: options.threads)
        }
        return analysis
    }

    /// The exact optimum of the 1-D examples for each number of categories trained,
    /// under the same requirements the trained categories are checked against
    /// (``ExactBinning``, 1000 quantile pre-bins), as the baseline "exact": the
    /// best any contiguous binning can do. A number of categories no binning can
    /// meet the requirements with is left out.
    static func exactBaselines(
        _ data: Dataset, counts: [Int], constraints: BinConstraints, threads: Int?
    ) throws -> [BaselineSpecification] {
        guard let largest = counts.max() else { return [] }
        var result: ExactBinning.Result?
        do {
            result = try ExactBinning.optimize(data, signal: "signal", bins: largest, constraints: constraints, threads: threads)
        } catch let ExactBinningError.infeasible(_, _, feasible, _) {
            if let feasible {
                result = try ExactBinning.optimize(
                    data, signal: "signal", bins: feasible, constraints: constraints, threads: threads)
            }
        }
        guard let result else { return [] }
        return counts.sorted().compactMap { k in
            guard let partition = result.partition(bins: k) else { return nil }
            let assignments = data.processes.map { sample in
                sample.features.map { Int32(partition.bin(of: Double($0))) }
            }
            return BaselineSpecification(name: "exact", categories: k, assignments: assignments)
        }
    }

    private func makeAnalysis(_ options: Options) throws -> Analysis {
        let d = defaults
        let r = recipe
        let epochs = options.epochs ?? r.epochs
        let counts = options.categoryCounts ?? r.categoryCounts
        let backgroundEvents = options.backgroundEvents ?? d.backgroundEvents
        let signalEvents = options.signalEvents ?? d.signalEvents
        func penalties(signals: [String], combination: SignificanceCombination) throws -> SignificanceObjective {
            let lambdaYield = options.lambdaYield ?? r.yieldPenaltyWeight
            let lambdaUncertainty = options.lambdaUncertainty ?? r.uncertaintyPenaltyWeight
            return try SignificanceObjective(
                signals: signals, combination: combination,
                yieldPenalty: lambdaYield > 0
                    ? PenaltySetting(lambda: lambdaYield, threshold: options.thresholdYield ?? r.yieldThreshold) : nil,
                uncertaintyPenalty: lambdaUncertainty > 0
                    ? PenaltySetting(
                        lambda: lambdaUncertainty, threshold: options.thresholdUncertainty ?? r.uncertaintyThreshold)
                    : nil)
        }

        switch self {
        case .oneDimensionalCuts, .oneDimensionalGMM:
            let data = try ToyData.oneDimensional(
                .init(signalEvents: signalEvents, backgroundEvents: backgroundEvents, seed: options.seed))
            let baselines = [2, 5, 10, 20].map { bins in
                BaselineSpecification(name: "equidistant", categories: bins, assignments: Baselines.equidistant(data, bins: bins))
            }
            let objective = try penalties(signals: ["signal"], combination: .single)
            if self == .oneDimensionalCuts {
                return Analysis(
                    name: rawValue, data: data,
                    model: .sigmoidCuts(variables: [CutVariable(name: "discriminant", bins: 2, range: 0...1)]),
                    objective: objective, categoryCounts: counts, epochs: epochs,
                    learningRate: r.learningRate, annealing: r.steepness, seed: options.seed,
                    threads: options.threads, precision: options.precision, featureNames: ["Discriminant"],
                    baselines: baselines)
            }
            return Analysis(
                name: rawValue, data: data,
                model: .gaussianMixture(meanNormalization: .sigmoid, meanRange: [0...1], offDiagonalDamping: GaussianMixtureCategorizer.defaultOffDiagonalDamping),
                objective: objective, categoryCounts: counts, epochs: epochs,
                learningRate: r.learningRate, annealing: r.temperature, seed: options.seed,
                threads: options.threads, precision: options.precision, featureNames: ["Discriminant"],
                baselines: baselines)

        case .threeClass:
            let full = try ToyData.threeClass(
                .init(
                    signal1Events: signalEvents, signal2Events: signalEvents, backgroundEvents: backgroundEvents,
                    seed: options.seed))
            return Analysis(
                name: rawValue, data: try full.selectingDimensions([0, 1]),
                model: .gaussianMixture(meanNormalization: .softmax, meanRange: [0...1], offDiagonalDamping: GaussianMixtureCategorizer.defaultOffDiagonalDamping),
                objective: try penalties(signals: ["signal1", "signal2"], combination: .geometricMean),
                categoryCounts: counts, epochs: epochs,
                learningRate: r.learningRate, annealing: r.temperature, seed: options.seed,
                threads: options.threads, precision: options.precision,
                featureNames: ["signal1 score", "signal2 score"], baselines: Self.argmaxBaselines(full))

        case .bumpHunt:
            let sigma = options.massSigma ?? d.massSigma
            let full = try ToyData.resonance(
                .init(
                    signal1Events: signalEvents, signal2Events: signalEvents, backgroundEvents: backgroundEvents,
                    seed: options.seed, massSigma: sigma))
            let window = (125 - sigma)...(125 + sigma)
            let features = try full.selectingDimensions([0, 1])
            // Training: signal weights only inside the window (backgrounds over the full
            // range, scaled by the sideband factors); evaluation: every process inside it.
            let training = try Self.restrictingWeights(features, to: window, roles: [.signal])
            let evaluation = try Self.restrictingWeights(features, to: window, roles: [.signal, .background])
            let fit = MassSidebandFit(column: "mass", range: 100...180, window: window, bins: 10)
            return Analysis(
                name: rawValue, data: training, evaluationData: evaluation, plotData: features,
                model: .gaussianMixture(meanNormalization: .softmax, meanRange: [0...1], offDiagonalDamping: GaussianMixtureCategorizer.defaultOffDiagonalDamping),
                objective: try penalties(signals: ["signal1", "signal2"], combination: .geometricMean),
                categoryCounts: counts, epochs: epochs,
                learningRate: r.learningRate, annealing: r.temperature, seed: options.seed,
                threads: options.threads,
                sideband: SidebandReweighting(fit: fit, interval: options.refitInterval ?? r.refitInterval),
                precision: options.precision, featureNames: ["signal1 score", "signal2 score"],
                baselines: Self.argmaxBaselines(full))
        }
    }

    /// The argmax baselines of the three-class example: n = 2, 5, 10 equidistant bins
    /// in the winning signal score on [0.33, 1], plus one category for events whose
    /// largest score is the background's: 2n + 1 categories. Every category counts in
    /// the significances (gato-hep's script scores signal i only in its own n bins,
    /// which gives a slightly lower baseline).
    static func argmaxBaselines(_ full: Dataset) -> [BaselineSpecification] {
        [2, 5, 10].map { n in
            BaselineSpecification(
                name: "argmax-equidistant", categories: 2 * n + 1,
                assignments: Baselines.argmaxEquidistant(full, signalScores: 2, binsPerSignal: n))
        }
    }

    /// The same events with the weights of processes of `roles` set to zero where the
    /// mass is outside `window` (closed interval, as gato-hep's signal mask).
    static func restrictingWeights(_ data: Dataset, to window: ClosedRange<Double>, roles: Set<ProcessRole>) throws
        -> Dataset
    {
        try Dataset(
            data.processes.map { sample in
                roles.contains(sample.role) ? try sample.restrictingWeights(column: "mass", to: window) : sample
            })
    }
}
