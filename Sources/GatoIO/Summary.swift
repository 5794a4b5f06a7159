import Foundation
import Gato

/// `summary.json`: the results of one `gato example` or `gato run`, version 1.
///
/// ```
/// {"format": "gato-summary", "version": 1,
///  "results": [{"n_cats": 3, "significance": {"signal1": 1.3, "signal2": 0.19},
///               "merit": 0.5, "yields": {"<process>": [K]}, "sumw2": {"<process>": [K]},
///               "bias": [K], "order": [K], "background_yield": [K],
///               "relative_mc_uncertainty": [K], "boundaries": [...] (1-D only),
///               "checkpoint": "checkpoints/3_bins.json", "history": "history_3.csv",
///               "epochs": 250, "train_seconds": 1.2, "starts": 4, "chosen_start": 2,
///               "screening_epochs": 75, "significance_gato_hep_formula": {...}}],
///  "baselines": [{"name": "argmax-equidistant", "n_bins": 5,
///                 "significance": {"signal1": 1.1, "signal2": 0.15}, "merit": 0.4}]}
/// ```
///
/// Every significance is computed from HARD assignments with the stable exact
/// Asimov formula (``Significance/asimov(signal:background:)``); `merit` combines
/// them as the objective does. `yields`, `sumw2`, `bias` are per category in model
/// order; `order` lists the categories in display order (``CategoryDiagnostics/order(_:hard:)``: left to right in 1-D, else by
/// Z_A descending) and `background_yield`, `relative_mc_uncertainty` follow it.
public struct Summary: Codable, Sendable, Equatable {
    public static let format = "gato-summary"
    public static let version = 1

    /// The trained categories for one number of categories: hard significances,
    /// yields, diagnostics and where the checkpoint and history are.
    public struct Result: Codable, Sendable, Equatable {
        public var nCats: Int
        public var significance: [String: Double]
        public var merit: Double
        /// The same hard yields with gato-hep's switched formula, for comparison with
        /// numbers gato-hep prints (not used anywhere else).
        public var significanceGatoHepFormula: [String: Double]
        public var yields: [String: [Double]]
        public var sumw2: [String: [Double]]
        public var bias: [Double]
        public var order: [Int]
        public var backgroundYield: [Double]
        public var relativeMCUncertainty: [Double]
        /// 1-D models: the boundaries in the units of the discriminant.
        public var boundaries: [Double]?
        public var checkpoint: String
        public var history: String
        public var epochs: Int
        public var trainSeconds: Double
        /// The number of random starts screened, and the one trained to the end.
        public var starts: Int
        public var chosenStart: Int
        /// The epochs the starts were screened for on the subsample (0: one start, no
        /// screening); the chosen start's history continues on every event after them.
        public var screeningEpochs: Int
        /// Every requirement of the analysis's ``BinConstraints`` that a hard
        /// category breaks (model order of the categories), checked whether the
        /// penalties are on or off; nil in summaries written before gato checked them.
        public var constraintViolations: [BinConstraints.Violation]?

        package init(
            nCats: Int, significance: [String: Double], merit: Double, significanceGatoHepFormula: [String: Double], yields: [String: [Double]], sumw2: [String: [Double]], bias: [Double], order: [Int], backgroundYield: [Double], relativeMCUncertainty: [Double], boundaries: [Double]?, checkpoint: String, history: String, epochs: Int, trainSeconds: Double, starts: Int, chosenStart: Int, screeningEpochs: Int,
            constraintViolations: [BinConstraints.Violation]? = nil
        ) {
            self.nCats = nCats
            self.significance = significance
            self.merit = merit
            self.significanceGatoHepFormula = significanceGatoHepFormula
            self.yields = yields
            self.sumw2 = sumw2
            self.bias = bias
            self.order = order
            self.backgroundYield = backgroundYield
            self.relativeMCUncertainty = relativeMCUncertainty
            self.boundaries = boundaries
            self.checkpoint = checkpoint
            self.history = history
            self.epochs = epochs
            self.trainSeconds = trainSeconds
            self.starts = starts
            self.chosenStart = chosenStart
            self.screeningEpochs = screeningEpochs
            self.constraintViolations = constraintViolations
        }

        /// The categories (model order) whose hard background yield is zero or
        /// negative. Their Z_A has no background estimate behind it (with one signal
        /// it rests on the floor put under the background, a tiny fraction of the
        /// signal, see ``Significance/backgroundFloorFraction``, and grows without
        /// bound with the signal): a result to distrust, which the yield and
        /// uncertainty penalties prevent.
        public var categoriesWithoutBackground: [Int] {
            zip(order, backgroundYield).filter { $0.1 <= 0 }.map(\.0).sorted()
        }

        /// Why a category of ``categoriesWithoutBackground`` has no background.
        public enum MissingBackground: Equatable, Sendable {
            /// No background event (with a non-zero weight) falls in the category:
            /// the background's sum of squared weights is 0.
            case noEvents
            /// Background events fall in the category, but their weights (some
            /// negative) sum to `yield` <= 0.
            case nonPositiveYield(Double)
        }

        /// For each category of ``categoriesWithoutBackground`` (model order), why:
        /// a negative yield, or a yield of 0 with a positive background sum of squared
        /// weights (`sumw2` of the processes that are not signals, that is not keys of
        /// `significance`), comes from negative weights; a yield of 0 with a sum of
        /// squares of 0 means no background events.
        public var missingBackground: [(category: Int, reason: MissingBackground)] {
            let backgrounds = sumw2.keys.filter { significance[$0] == nil }
            return zip(order, backgroundYield).filter { $0.1 <= 0 }.sorted { $0.0 < $1.0 }.map { k, yield in
                let sumW2 = backgrounds.reduce(0.0) { total, name in
                    let values = sumw2[name] ?? []
                    return total + (values.indices.contains(k) ? values[k] : 0)
                }
                return (k, yield < 0 || sumW2 > 0 ? .nonPositiveYield(yield) : .noEvents)
            }
        }

        /// A one-line warning listing the categories that break a requirement
        /// (``constraintViolations``), or nil: "5 categories: category 3 (background
        /// yield 2.1 < 5, 4 background MC events < 10); category 4 (...)".
        public var constraintWarning: String? {
            guard let violations = constraintViolations, !violations.isEmpty else { return nil }
            let categories = Array(Set(violations.map(\.category))).sorted()
            let parts = categories.map { k in
                "category \(k) (" + violations.filter { $0.category == k }.map(\.words).joined(separator: ", ") + ")"
            }
            return "\(nCats) categories: " + parts.joined(separator: "; ")
                + "; their significance rests on too little simulated background"
        }

        /// A one-line warning about ``categoriesWithoutBackground``, or nil. It says
        /// which categories hold no background events at all and which hold
        /// background events whose negative weights make the yield zero or negative.
        public var backgroundWarning: String? {
            let missing = missingBackground
            guard !missing.isEmpty else { return nil }
            let empty = missing.filter { $0.reason == .noEvents }.map(\.category)
            let negative = missing.compactMap { entry -> (Int, Double)? in
                if case let .nonPositiveYield(yield) = entry.reason { return (entry.category, yield) }
                return nil
            }
            func categories(_ list: [Int]) -> String {
                list.count == 1 ? "category \(list[0])" : "categories \(list.map(String.init).joined(separator: ", "))"
            }
            var parts: [String] = []
            if !empty.isEmpty {
                parts.append("\(categories(empty)) \(empty.count == 1 ? "holds" : "hold") no background events")
            }
            if !negative.isEmpty {
                let yields = negative.map { String(format: "%.4g", $0.1) }.joined(separator: ", ")
                parts.append(
                    "\(categories(negative.map(\.0))) \(negative.count == 1 ? "holds" : "hold") background events "
                        + "whose negative weights make the background yield \(yields) (<= 0)")
            }
            let its = missing.count == 1 ? "its" : "their"
            return "\(nCats) categories: \(parts.joined(separator: " and ")), so no background estimate stands behind "
                + "\(its) significance; the yield or uncertainty penalty prevents this"
        }

        enum CodingKeys: String, CodingKey {
            case nCats = "n_cats", significance, merit, yields, sumw2, bias, order
            case significanceGatoHepFormula = "significance_gato_hep_formula"
            case backgroundYield = "background_yield", relativeMCUncertainty = "relative_mc_uncertainty"
            case boundaries, checkpoint, history, epochs, trainSeconds = "train_seconds"
            case starts, chosenStart = "chosen_start", screeningEpochs = "screening_epochs"
            case constraintViolations = "constraint_violations"
        }
    }

    /// A fixed categorisation to compare with (for example equidistant bins) and
    /// its hard significances.
    public struct Baseline: Codable, Sendable, Equatable {
        public var name: String
        public var nBins: Int
        public var significance: [String: Double]
        public var merit: Double
        public var significanceGatoHepFormula: [String: Double]

        package init(
            name: String, nBins: Int, significance: [String: Double], merit: Double, significanceGatoHepFormula: [String: Double]
        ) {
            self.name = name
            self.nBins = nBins
            self.significance = significance
            self.merit = merit
            self.significanceGatoHepFormula = significanceGatoHepFormula
        }

        enum CodingKeys: String, CodingKey {
            case name, nBins = "n_bins", significance, merit
            case significanceGatoHepFormula = "significance_gato_hep_formula"
        }
    }

    public var format: String = Summary.format
    public var version: Int = Summary.version
    /// The workflow ("three-class", or the configuration's name).
    public var workflow: String
    /// The signals, in the objective's order.
    public var signals: [String]
    /// How `merit` combines the significances.
    public var combination: SignificanceCombination
    /// The arithmetic of the training's event loops ("single" or "double"; results
    /// are always evaluated in double precision).
    public var trainingPrecision: KernelPrecision
    public var results: [Result]
    public var baselines: [Baseline]
    /// The settings of the run, as (name, value) pairs for people (the report shows them).
    public var settings: [[String]]

    enum CodingKeys: String, CodingKey {
        case format, version, workflow, signals, combination, results, baselines, settings
        case trainingPrecision = "training_precision"
    }

    public init(
        workflow: String, signals: [String], combination: SignificanceCombination,
        trainingPrecision: KernelPrecision = .double, results: [Result], baselines: [Baseline],
        settings: [[String]] = []
    ) {
        self.workflow = workflow
        self.signals = signals
        self.combination = combination
        self.trainingPrecision = trainingPrecision
        self.settings = settings
        self.results = results
        self.baselines = baselines
    }

    /// The JSON text (sorted keys, indented).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a summary and checks its format and version.
    public static func read(from url: URL) throws -> Summary {
        try VersionedJSON.read(Summary.self, from: url, format: format, version: version)
    }
}
