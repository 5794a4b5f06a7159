import Foundation
import Gato
import GatoIO
import GatoReports

/// The model family of an analysis and its settings, independent of the number of
/// categories.
public enum ModelSettings: Sendable, Equatable {
    /// A ``GaussianMixtureCategorizer``; the dimension is the data's.
    case gaussianMixture(meanNormalization: MeanNormalization, meanRange: [ClosedRange<Double>], offDiagonalDamping: Double)
    /// A ``SigmoidCutCategorizer``. With one variable, its number of bins is set to
    /// each of the analysis's category counts; with several, the variables' bins
    /// fix K (their product).
    case sigmoidCuts(variables: [CutVariable])

    /// "gmm" or "cuts".
    public var kind: String {
        switch self {
        case .gaussianMixture: return GaussianMixtureCategorizer.kind
        case .sigmoidCuts: return SigmoidCutCategorizer.kind
        }
    }
}

/// A schedule's shape and end points; the number of epochs comes from the analysis.
public struct ScheduleSettings: Sendable, Equatable {
    public var kind: Schedule.Kind
    public var initial: Double
    public var final: Double

    public init(_ kind: Schedule.Kind, from initial: Double, to final: Double) {
        self.kind = kind
        self.initial = initial
        self.final = final
    }

    /// The schedule over `epochs` epochs.
    public func schedule(epochs: Int) throws -> Schedule {
        try Schedule(kind, from: initial, to: kind == .constant ? initial : final, epochs: epochs)
    }
}

/// Background factors refitted during training from the mass sidebands of each
/// category (the bump hunt).
public struct SidebandReweighting: Sendable, Equatable {
    /// The fit.
    public var fit: MassSidebandFit
    /// Refit every this many epochs (at epochs 0, interval, 2 interval, ...).
    public var interval: Int
    /// The backgrounds that are fitted and scaled; nil means every background.
    public var processes: [String]?

    public init(fit: MassSidebandFit = MassSidebandFit(), interval: Int, processes: [String]? = nil) {
        self.fit = fit
        self.interval = interval
        self.processes = processes
    }
}

/// Several random starts, screened briefly on a subsample; the best one is trained
/// to the end.
///
/// The loss landscape has several basins (which categories serve which signal);
/// a single random start can end in a poor one. Each start trains for the first
/// `screeningFraction` of the epochs (same schedules) on every `subsample`-th event
/// (weights scaled up, so yields stay unbiased); the start with the lowest loss
/// then continues on all events for the remaining epochs. With 4 starts, 30% and a
/// subsample of 4 the total work equals one full training: 4 x 0.3 / 4 + 0.7 = 1.
/// Start 0 is the single-start model, so `starts: 1` reproduces it.
///
/// The subsample must be large enough for the choice to be stable: on a small
/// sample, a quarter of the events can rank the starts by their statistical
/// fluctuations rather than by their basins. So every signal process, and the
/// backgrounds together, keep at least ``minimumScreeningEvents`` events: the
/// starts are screened on every ``subsample(for:)``-th event,
/// `min(subsample, max(1, n_min / minimumScreeningEvents))` with `n_min` the
/// smaller of the fewest events of a signal and the events of all backgrounds, so
/// on every event when either has fewer than `2 x minimumScreeningEvents`.
public struct RestartSettings: Sendable, Equatable {
    /// The number of starts (1: no screening).
    public var starts: Int
    /// The fraction of the epochs the starts are screened for.
    public var screeningFraction: Double
    /// Screen on every this-many-th event, at most (see ``subsample(for:)``).
    public var subsample: Int
    /// The fewest events each signal, and the backgrounds together, keep in the
    /// screening subsample.
    public var minimumScreeningEvents: Int

    /// The defaults are ``TrainingRecipe/restarts``'s.
    public init(
        starts: Int = TrainingRecipe.standard.restarts.starts,
        screeningFraction: Double = TrainingRecipe.standard.restarts.screeningFraction,
        subsample: Int = TrainingRecipe.standard.restarts.subsample,
        minimumScreeningEvents: Int = TrainingRecipe.standard.restarts.minimumScreeningEvents
    ) {
        self.starts = starts
        self.screeningFraction = screeningFraction
        self.subsample = subsample
        self.minimumScreeningEvents = minimumScreeningEvents
    }

    /// The subsampling factor for `data`: ``subsample``, lowered so that every
    /// signal process, and the backgrounds together, keep at least
    /// ``minimumScreeningEvents`` events (1, no subsampling, for small samples).
    public func subsample(for data: Dataset) -> Int {
        let signals = data.processes.filter { $0.role == .signal }.map(\.count)
        let backgrounds = data.processes.filter { $0.role == .background }.reduce(0) { $0 + $1.count }
        let smallest = (signals + [backgrounds]).filter { $0 > 0 }.min() ?? 0
        return min(subsample, max(1, smallest / max(1, minimumScreeningEvents)))
    }

    /// One start, no screening.
    public static let single = RestartSettings(starts: 1)
}

/// A fixed categorisation to compare with: one category per event.
public struct BaselineSpecification: Sendable {
    /// The name in `summary.json` (for example "equidistant").
    public var name: String
    /// The number of categories.
    public var categories: Int
    /// The category of each event of the analysis's evaluation data, one array per process.
    public var assignments: [[Int32]]

    public init(name: String, categories: Int, assignments: [[Int32]]) {
        self.name = name
        self.categories = categories
        self.assignments = assignments
    }
}

/// Everything one `gato example` or `gato run` does: the events, the model family,
/// the objective, the numbers of categories to train, the training recipe, and the
/// baselines to compare with.
public struct Analysis: Sendable {
    /// The workflow's name, recorded in `summary.json`.
    public var name: String
    /// The events the model is trained on.
    public var data: Dataset
    /// The events the hard results are computed on: the same processes in the same
    /// order with the same features; the weights may differ (the bump hunt keeps only
    /// events inside the mass window). Defaults to `data`.
    public var evaluationData: Dataset
    /// The events drawn in the input and mass-spectrum plots: the same processes and
    /// features with every event's weight (the bump hunt trains on signal weights
    /// inside the mass window only, but shows the whole peak). Defaults to `data`.
    public var plotData: Dataset
    public var model: ModelSettings
    public var objective: SignificanceObjective
    /// The numbers of categories to train, one model each.
    public var categoryCounts: [Int]
    public var epochs: Int
    public var optimizer: OptimizerKind
    public var learningRate: ScheduleSettings
    /// The temperature (GMM) or steepness (cuts) schedule.
    public var annealing: ScheduleSettings
    /// The seed of the initial parameters; model K draws from stream K, so a model
    /// does not depend on which other K are trained.
    public var seed: UInt64
    /// Record the mean |bias| every this many epochs.
    public var biasInterval: Int
    /// Threads for the event loops (nil: every core).
    public var threads: Int?
    /// Background factors from sideband fits, refitted during training.
    public var sideband: SidebandReweighting?
    /// Multi-start screening.
    public var restarts: RestartSettings
    /// The features' names, for plots (default x0, x1, ...).
    public var featureNames: [String]?
    /// The arithmetic of the GMM's event loops during training (default `.single`,
    /// twice as fast; hard results are always evaluated in `.double`).
    public var precision: KernelPrecision
    public var baselines: [BaselineSpecification]
    /// The requirements every trained category is checked against (by default the
    /// penalties' thresholds, ``BinConstraints/default``); `summary.json`, the
    /// results table and the report list the categories that break them.
    public var constraints = BinConstraints.default

    public init(
        name: String, data: Dataset, evaluationData: Dataset? = nil, plotData: Dataset? = nil, model: ModelSettings,
        objective: SignificanceObjective, categoryCounts: [Int], epochs: Int,
        optimizer: OptimizerKind = TrainingRecipe.standard.optimizer, learningRate: ScheduleSettings,
        annealing: ScheduleSettings, seed: UInt64 = TrainingRecipe.standard.seed,
        biasInterval: Int = TrainingRecipe.standard.biasInterval, threads: Int? = nil,
        sideband: SidebandReweighting? = nil, restarts: RestartSettings = TrainingRecipe.standard.restarts,
        precision: KernelPrecision = TrainingRecipe.standard.precision, featureNames: [String]? = nil,
        baselines: [BaselineSpecification] = []
    ) {
        self.name = name
        self.data = data
        self.evaluationData = evaluationData ?? data
        self.plotData = plotData ?? data
        self.model = model
        self.objective = objective
        self.categoryCounts = categoryCounts
        self.epochs = epochs
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.annealing = annealing
        self.seed = seed
        self.biasInterval = biasInterval
        self.threads = threads
        self.sideband = sideband
        self.restarts = restarts
        self.precision = precision
        self.featureNames = featureNames
        self.baselines = baselines
    }

    /// Checks that the pieces fit together before anything is trained.
    /// - Throws: ``CategorizerError`` or ``TrainingError`` naming the problem.
    public func validate() throws {
        guard !categoryCounts.isEmpty else { throw CategorizerError("no number of categories to train") }
        guard epochs >= 1 else { throw TrainingError.invalidOptions("epochs must be at least 1, got \(epochs)") }
        for (other, role) in [(evaluationData, "evaluation"), (plotData, "plotted")] {
            guard other.processNames == data.processNames, other.dimension == data.dimension else {
                throw CategorizerError("the \(role) events must have the training events' processes and dimension")
            }
        }
        for k in categoryCounts {
            guard k >= 2 else { throw CategorizerError("a number of categories must be at least 2, got \(k)") }
            let categories = self.categories(for: k)
            guard categories <= data.eventCount else {
                throw CategorizerError("\(categories) categories for \(data.eventCount) events: more categories than events")
            }
            try objective.validate(for: data, categories: categories)
        }
        switch model {
        case .gaussianMixture:
            break
        case .sigmoidCuts(let variables):
            guard variables.count == data.dimension else {
                throw CategorizerError(
                    "the cut model has \(variables.count) variables but the events have \(data.dimension) features")
            }
        }
        if let sideband {
            guard sideband.interval >= 1 else {
                throw TrainingError.invalidOptions("the refit interval must be at least 1, got \(sideband.interval)")
            }
        }
        guard restarts.starts >= 1, restarts.subsample >= 1, restarts.minimumScreeningEvents >= 0,
            restarts.screeningFraction > 0,
            restarts.screeningFraction < 1
        else {
            throw TrainingError.invalidOptions(
                "restarts need starts >= 1, a subsample >= 1 and a screening fraction in (0, 1)")
        }
        _ = try learningRate.schedule(epochs: epochs)
        try TrainingOptions.validateLearningRate(
            initial: learningRate.initial, final: learningRate.kind == .constant ? learningRate.initial : learningRate.final)
        _ = try annealing.schedule(epochs: epochs)
        for baseline in baselines {
            guard baseline.assignments.count == evaluationData.processes.count,
                zip(baseline.assignments, evaluationData.processes).allSatisfy({ $0.count == $1.count })
            else { throw CategorizerError("baseline '\(baseline.name)' does not assign every event") }
        }
    }

    /// The actual number of categories trained for a requested count: the count
    /// itself, except for a cut model with several variables (the product of their bins).
    public func categories(for requested: Int) -> Int {
        if case .sigmoidCuts(let variables) = model, variables.count > 1 {
            return variables.reduce(1) { $0 * $1.bins }
        }
        return requested
    }
}

extension Analysis {
    /// The settings in words, for the report.
    public var settingsDescription: [[String]] {
        let events = data.processes.map { "\($0.name) (\($0.role.rawValue)) \($0.count)" }.joined(separator: ", ")
        var model: String
        switch self.model {
        case let .gaussianMixture(normalization, range, damping):
            model = "Gaussian mixture in \(data.dimension) dimensions, \(normalization.rawValue) means on "
                + range.map { "[\($0.lowerBound), \($0.upperBound)]" }.joined(separator: " x ")
                + ", off-diagonal damping \(damping)"
        case let .sigmoidCuts(variables):
            model = "sigmoid cuts on " + variables.map { "\($0.name) [\($0.range.lowerBound), \($0.range.upperBound)]" }
                .joined(separator: ", ")
        }
        var objectiveText = "\(objective.combination.rawValue) of Z(\(objective.signals.joined(separator: ", "))), \(objective.formula.rawValue) Asimov formula"
        if let p = objective.yieldPenalty { objectiveText += "; low-background penalty lambda \(p.lambda), threshold \(p.threshold)" }
        if let p = objective.uncertaintyPenalty { objectiveText += "; uncertainty penalty lambda \(p.lambda), threshold \(p.threshold)" }
        var rows = [
            ["workflow", name], ["events", events], ["model", model], ["objective", objectiveText],
            ["categories", categoryCounts.map(String.init).joined(separator: ", ")],
            ["training", "\(epochs) epochs, \(optimizer.rawValue), learning rate \(TrainingRecipe.words(learningRate)), "
                + "\(self.model.kind == "gmm" ? "temperature" : "steepness") \(TrainingRecipe.words(annealing))"],
            ["starts", TrainingRecipe.words(restarts)],
            ["precision", self.model.kind == "gmm" ? "\(precision.rawValue) (training), double (results)" : "double"],
            ["seed", "\(seed)"],
        ]
        if let sideband {
            rows.append([
                "background factors",
                "A exp(B m) fits to '\(sideband.fit.column)' in \(sideband.fit.bins) bins on [\(sideband.fit.range.lowerBound), \(sideband.fit.range.upperBound)], window [\(sideband.fit.window.lowerBound), \(sideband.fit.window.upperBound)], every \(sideband.interval) epochs",
            ])
        }
        return rows
    }
}
