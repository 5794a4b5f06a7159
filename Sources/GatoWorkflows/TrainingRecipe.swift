import Foundation
import Gato

/// Every default of the training, written once: what `gato run` uses where its
/// configuration is silent, and, with ``example(_:)``'s overrides, what each
/// `gato example` workflow uses where no flag is given.
///
/// The configuration reader, the example workflows, the `gato example --help` texts
/// and the tables of `docs/configuration.md` and `docs/examples.md` all take their
/// defaults from here; `TrainingRecipeTests` fails when the documentation states
/// another value. ``inWords`` gives each default as the documentation writes it
/// ("cosine 0.05 -> 0.001").
///
/// Most values are gato-hep 0.2.1's: the defaults of its example scripts' flags and
/// of its penalty functions. The model's own settings (the GMM's mean normalization
/// and damping, a cut variable's bins) and the sideband fit's range, window and bins
/// are not part of the recipe: they describe the model and the data, not the training.
public struct TrainingRecipe: Sendable, Equatable {
    /// Full-batch steps per model (each step sees every event).
    ///
    /// Default 250: the `--epochs` default of gato-hep's example scripts. At the end
    /// of a cosine schedule the learning rate is small, so more epochs rarely help.
    public var epochs = 250

    /// The numbers of categories K to train, one model each.
    ///
    /// Default 3, 5 and 10: the `--gato-bins` default of gato-hep's example scripts.
    /// A cut model with several variables ignores it (the variables' bins fix K).
    public var categoryCounts = [3, 5, 10]

    /// The optimizer, with Keras 3's defaults for everything but the learning rate.
    ///
    /// Default RMSprop: the optimizer of every gato-hep example
    /// (``TrainingOptions/defaultOptimizer``, the library's default too).
    public var optimizer = TrainingOptions.defaultOptimizer

    /// The learning rate per epoch; its epochs are the recipe's ``epochs``.
    ///
    /// Default cosine 0.05 -> 0.001: the rate of gato-hep's bump-hunt script, the
    /// example closest to a real analysis (two signals, a two-dimensional GMM on
    /// softmax scores); gato's three-class example uses it too. The 1-D examples
    /// start higher, at 0.1, as gato-hep's 1-D scripts do.
    public var learningRate = ScheduleSettings(.cosine, from: 0.05, to: 0.001)

    /// The softmax temperature of a Gaussian mixture per epoch (dimensionless; lower
    /// is harder assignment). Must stay positive.
    ///
    /// Default cosine 1 -> 0.05: gato-hep's GMM examples. The low final temperature
    /// brings the soft yields that training optimises close to the hard yields that
    /// the results count.
    public var temperature = ScheduleSettings(.cosine, from: 1, to: 0.05)

    /// The sigmoid steepness of a cut model's first variable per epoch, per unit of
    /// the variable (the other variables keep their ratio to it). Must stay positive.
    ///
    /// Default cosine 50 -> 10000: gato-hep's 1-D cuts example. At 10000 a sigmoid
    /// rises from 1% to 99% within 0.001 of the variable: the cuts are hard.
    public var steepness = ScheduleSettings(.cosine, from: 50, to: 10_000)

    /// The seed of the initial parameters (and of the examples' toy events); model K
    /// draws from stream K.
    ///
    /// Default 42: the seed of gato-hep's examples, so the results can be compared
    /// run by run.
    public var seed: UInt64 = 42

    /// Random starts screened briefly on a subsample before the best one is trained
    /// to the end (see ``RestartSettings``).
    ///
    /// Default 4 starts, each screened for 30% of the epochs on every 4th event:
    /// 4 x 0.3 / 4 + 0.7 = 1, the work of one training, spent on four chances to
    /// find a good basin. gato-hep trains a single start (`starts: 1`). Every
    /// signal, and the backgrounds together, keep at least 10 000 events in the
    /// subsample (smaller samples are subsampled less, or not at all): on a sample
    /// of a few thousand events a quarter of them ranked the starts by their
    /// fluctuations and chose an outlier; the examples (100 000 events per signal,
    /// 300 000 or more of background) keep the factor 4.
    public var restarts = RestartSettings(
        starts: 4, screeningFraction: 0.3, subsample: 4, minimumScreeningEvents: 10_000)

    /// The arithmetic of a GMM's event loops during training; the results are
    /// always evaluated in double precision.
    ///
    /// Default single: twice as fast (per-event values in `Float`, every sum over
    /// events in `Double`); gato-hep computes in float32 throughout.
    public var precision = KernelPrecision.single

    /// Record the mean |bias| (hard versus soft yields) every this many epochs; 0
    /// never.
    ///
    /// Default 10: 25 points of the bias curve over 250 epochs, for one extra
    /// forward pass per 10 steps (``TrainingOptions/defaultBiasInterval``, the
    /// library's default too).
    public var biasInterval = TrainingOptions.defaultBiasInterval

    /// The weight lambda of the low-background penalty; 0 turns it off.
    ///
    /// Default 0: gato-hep's examples train on the significance alone unless
    /// `--lam-yield` is given.
    public var yieldPenaltyWeight = 0.0

    /// The background yield (in events) below which a category is penalised.
    ///
    /// Default 10: gato-hep's default (``Penalty/defaultYieldThreshold``, which
    /// holds the value): a fit of the category's background needs events.
    public var yieldThreshold = Penalty.defaultYieldThreshold

    /// The weight lambda of the background-uncertainty penalty; 0 turns it off.
    ///
    /// Default 0: as ``yieldPenaltyWeight``, off unless `--lam-unc` is given.
    public var uncertaintyPenaltyWeight = 0.0

    /// The relative Monte-Carlo uncertainty of the background, sqrt(sum w^2) / sum w,
    /// above which a category is penalised.
    ///
    /// Default 0.2: gato-hep's default (``Penalty/defaultUncertaintyThreshold``,
    /// which holds the value).
    public var uncertaintyThreshold = Penalty.defaultUncertaintyThreshold

    /// With background factors from sideband fits: refit them every this many epochs
    /// (at epochs 0, interval, 2 interval, ...).
    ///
    /// Default 50: the `--rewt-interval` default of gato-hep's bump hunt (refits at
    /// epochs 0, 50, 100, 150 and 200 of 250).
    public var refitInterval = 50

    /// The defaults of `gato run`.
    public init() {}

    /// The defaults of `gato run`: the values above.
    public static let standard = TrainingRecipe()

    /// The annealed schedule for a model: the temperature for a Gaussian mixture,
    /// the steepness for cuts.
    public func annealing(for model: ModelSettings) -> ScheduleSettings {
        switch model {
        case .gaussianMixture: return temperature
        case .sigmoidCuts: return steepness
        }
    }
}

// MARK: - The examples' overrides

extension TrainingRecipe {
    /// The recipe of one of gato-hep's example workflows: ``standard`` with the
    /// defaults of that workflow's gato-hep script, where they differ.
    ///
    /// Every example lowers the yield threshold to 5 (the scripts' `--thr-yield`);
    /// the 1-D examples start the learning rate at 0.1; the bump hunt trains 200
    /// epochs for 3 and 5 categories, cools the temperature only to 0.1, and uses
    /// thresholds 10 and 0.1 (its script's `--thr-yield` and `--thr-unc`).
    /// `docs/examples.md` lists these values and where gato departs from the scripts.
    public static func example(_ workflow: ExampleWorkflow) -> TrainingRecipe {
        var recipe = TrainingRecipe.standard
        recipe.yieldThreshold = 5
        switch workflow {
        case .oneDimensionalCuts, .oneDimensionalGMM:
            recipe.learningRate = ScheduleSettings(.cosine, from: 0.1, to: 0.001)
        case .threeClass:
            break
        case .bumpHunt:
            recipe.epochs = 200
            recipe.categoryCounts = [3, 5]
            recipe.temperature = ScheduleSettings(.cosine, from: 1, to: 0.1)
            recipe.yieldThreshold = 10
            recipe.uncertaintyThreshold = 0.1
        }
        return recipe
    }
}

extension ExampleWorkflow {
    /// The workflow's training defaults (``TrainingRecipe/example(_:)``).
    public var recipe: TrainingRecipe { .example(self) }
}

// MARK: - In words

extension TrainingRecipe {
    /// One default as the documentation states it.
    public struct Default: Sendable, Equatable {
        /// The configuration key, as a path: `training.epochs`.
        public var key: String
        /// The value in words: `250`, `cosine 0.05 -> 0.001`.
        public var words: String
    }

    /// Every default of the recipe, keyed by where a configuration file sets it, in
    /// the words of `docs/configuration.md`'s tables. The screening fraction and
    /// subsample, which a configuration cannot change, are part of `training.starts`.
    public var inWords: [Default] {
        [
            Default(key: "training.categories", words: "[" + Self.list(categoryCounts, separator: ", ") + "]"),
            Default(key: "training.epochs", words: "\(epochs)"),
            Default(key: "training.optimizer", words: optimizer.rawValue),
            Default(key: "training.learning_rate", words: Self.words(learningRate)),
            Default(key: "training.temperature", words: Self.words(temperature)),
            Default(key: "training.steepness", words: Self.words(steepness)),
            Default(key: "training.seed", words: "\(seed)"),
            Default(key: "training.starts", words: Self.words(restarts)),
            Default(key: "training.precision", words: precision.rawValue),
            Default(key: "training.bias_interval", words: "\(biasInterval)"),
            Default(key: "objective.penalties.yield.lambda", words: Self.words(yieldPenaltyWeight)),
            Default(key: "objective.penalties.yield.threshold", words: Self.words(yieldThreshold)),
            Default(key: "objective.penalties.uncertainty.lambda", words: Self.words(uncertaintyPenaltyWeight)),
            Default(key: "objective.penalties.uncertainty.threshold", words: Self.words(uncertaintyThreshold)),
            Default(key: "background_factors.interval", words: "\(refitInterval)"),
        ]
    }

    /// A number as the documentation writes it: integers without a decimal point
    /// ("1", "10000"), others in Swift's shortest form ("0.05", "0.001").
    public static func words(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return "\(Int(value))" }
        return "\(value)"
    }

    /// A schedule in words: "cosine 0.05 -> 0.001", or the number for a constant.
    public static func words(_ schedule: ScheduleSettings) -> String {
        schedule.kind == .constant
            ? words(schedule.initial)
            : "\(schedule.kind.rawValue) \(words(schedule.initial)) -> \(words(schedule.final))"
    }

    /// Restarts in words: "4, each screened for 30% of the epochs on 1/4 of the
    /// events", or "1" for a single start (no screening).
    public static func words(_ restarts: RestartSettings) -> String {
        guard restarts.starts > 1 else { return "\(restarts.starts)" }
        return "\(restarts.starts), each screened for \(words((restarts.screeningFraction * 100).rounded()))% "
            + "of the epochs on 1/\(restarts.subsample) of the events"
    }

    /// Integers joined by `separator`: "3 5 10" or "3, 5, 10".
    public static func list(_ values: [Int], separator: String = " ") -> String {
        values.map(String.init).joined(separator: separator)
    }
}
