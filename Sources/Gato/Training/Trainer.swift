import Foundation
import _Differentiation

/// A problem during training. The epochs are stored counting from 0 (as in the
/// history); the messages count from 1, as the progress line does.
public enum TrainingError: InputError, Equatable, Sendable, CustomStringConvertible {
    case invalidOptions(String)
    case nonFiniteLoss(epoch: Int, value: Double)
    case nonFiniteGradient(epoch: Int)
    case nonFiniteParameters(epoch: Int)
    case nonFiniteResult(categories: Int)

    /// Invalid options are the user's input; a loss, gradient or result that is not
    /// finite is a failure of the run.
    public var isInputError: Bool {
        if case .invalidOptions = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .invalidOptions(message):
            return message
        case let .nonFiniteLoss(epoch, value):
            return "epoch \(epoch + 1): the loss is \(value.isNaN ? "NaN" : "\(value)"); lower the learning rate or check the inputs"
        case let .nonFiniteGradient(epoch):
            return "epoch \(epoch + 1): the gradient is not finite; lower the learning rate or check the inputs"
        case let .nonFiniteParameters(epoch):
            return "epoch \(epoch + 1): the step made a parameter infinite or NaN; lower the learning rate"
        case let .nonFiniteResult(categories):
            return "the trained \(categories)-category model gives infinite or NaN yields; lower the learning rate or check the inputs"
        }
    }
}

extension TrainingError: LocalizedError {
    public var errorDescription: String? { description }
}

/// How to train: the number of epochs, the optimizer and the schedules.
public struct TrainingOptions: Sendable, Equatable {
    /// The number of full-batch steps.
    public var epochs: Int
    /// The optimizer (with Keras 3's defaults for everything but the learning rate).
    public var optimizer: OptimizerKind
    /// The learning rate per epoch.
    public var learningRate: Schedule
    /// The temperature (GMM) or steepness (cuts) per epoch; nil keeps the model's value.
    public var annealing: Schedule?
    /// Compute the mean |bias| every this many epochs (and at the last epoch);
    /// it costs one extra forward pass. 0 disables it.
    public var biasInterval: Int
    /// Threads for the event loops (default: every core). Results do not depend on it.
    public var threads: Int?
    /// The unit the loss is measured in for the optimizer: the gradient is divided
    /// by it before each step (the recorded losses are not). nil (the default) takes
    /// |loss| at the first epoch (1 if that is 0 or subnormal), see ``Trainer/lossUnit``.
    public var lossUnit: Double?

    /// The default optimizer: RMSprop, the optimizer of every gato-hep example.
    public static let defaultOptimizer = OptimizerKind.rmsprop
    /// The default bias interval: 10, so 25 points of the bias curve over 250
    /// epochs, for one extra forward pass per 10 steps.
    public static let defaultBiasInterval = 10

    public init(
        epochs: Int, optimizer: OptimizerKind = defaultOptimizer, learningRate: Schedule,
        annealing: Schedule? = nil, biasInterval: Int = defaultBiasInterval, threads: Int? = nil,
        lossUnit: Double? = nil
    ) {
        self.epochs = epochs
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.annealing = annealing
        self.biasInterval = biasInterval
        self.threads = threads
        self.lossUnit = lossUnit
    }

    func validate() throws {
        guard epochs >= 0 else { throw TrainingError.invalidOptions("epochs must be >= 0, got \(epochs)") }
        guard biasInterval >= 0 else {
            throw TrainingError.invalidOptions("the bias interval must be >= 0, got \(biasInterval)")
        }
        if let threads, threads < 1 { throw TrainingError.invalidOptions("threads must be >= 1, got \(threads)") }
        if let lossUnit, !(lossUnit > 0 && lossUnit.isFinite) {
            throw TrainingError.invalidOptions("the loss unit must be positive and finite, got \(lossUnit)")
        }
        // Every schedule is monotonic between its two ends.
        if let annealing, min(annealing.initial, annealing.final) <= 0 {
            throw TrainingError.invalidOptions(
                "the temperature or steepness must stay positive, got \(annealing.initial) -> \(annealing.final)")
        }
        try Self.validateLearningRate(initial: learningRate.initial, final: learningRate.final)
    }

    /// Throws unless a learning-rate schedule starts above 0 and ends at 0 or above,
    /// both finite. A start of 0 would leave the model where it is for the first
    /// epoch (and for every epoch of a constant or exponential schedule) while the
    /// run reports a trained result; a negative rate climbs the loss instead of
    /// descending it. A cosine schedule may end at 0: its last epoch's value is
    /// still positive (see ``Schedule``).
    public static func validateLearningRate(initial: Double, final: Double) throws {
        guard initial.isFinite, final.isFinite else {
            throw TrainingError.invalidOptions(
                "the learning rate must be finite, got \(initial) -> \(final)")
        }
        guard min(initial, final) >= 0 else {
            throw TrainingError.invalidOptions(
                "the learning rate must not be negative, got \(initial) -> \(final)")
        }
        guard initial > 0 else {
            throw TrainingError.invalidOptions(
                "the learning rate must start above 0, got \(initial) -> \(final) (a rate of 0 does not train)")
        }
    }
}

/// Full-batch gradient descent on a differentiable objective, as gato-hep's
/// example loops: each epoch sets the learning rate and the temperature (or
/// steepness) from their schedules, evaluates the loss and its gradient on every
/// event, applies one optimizer step, and records the epoch.
///
/// ```swift
/// var trainer = try Trainer(model: model, options: options)
/// let history = try trainer.train { m in objective.evaluate(m, on: data) }
/// let trained = trainer.model
/// ```
///
/// ``step(loss:biasData:)`` runs one epoch, for loops that change the objective
/// between epochs (the bump hunt refits its background factors every 50 epochs).
///
/// The optimizer sees the gradient of `loss / u`, with the unit u = ``lossUnit``
/// (by default |loss| at the first epoch). A significance loss is in units of
/// `sqrt(weight)`, so its gradient scales as `sqrt(lambda)` when every weight is
/// multiplied by lambda; RMSprop's and Adam's epsilon (1e-7, Keras's) is absolute,
/// so without the unit a training on weights of 1e-12 would take steps
/// `g / sqrt(g^2 + 1e-7)` about a thousand times smaller than on weights of 1 (and
/// SGD's steps would scale with the weights). Divided by u, the gradient, and so
/// every step, is the same for any unit of the weights. Objectives with absolute
/// thresholds (the yield penalty's, in events) still change meaning with the units.
public struct Trainer<Model: Categorizer> {
    /// The model, updated after every step.
    public private(set) var model: Model
    /// The optimizer and its state.
    public private(set) var optimizer: any Optimizer
    /// The options.
    public let options: TrainingOptions
    /// The epochs run so far.
    public private(set) var history: TrainingHistory
    /// The index of the next epoch.
    public private(set) var epoch = 0
    /// The unit the gradient is divided by before each optimizer step:
    /// `options.lossUnit`, else |loss| at the first epoch (1 when that loss is 0 or
    /// so small that its reciprocal overflows);
    /// nil until the first step. It stays fixed afterwards, so the objective may
    /// change between epochs (a subsample, refitted background factors) without
    /// changing the scale the optimizer's state was built with.
    public private(set) var lossUnit: Double?

    /// - Throws: ``TrainingError/invalidOptions(_:)``.
    public init(model: Model, options: TrainingOptions, optimizer: (any Optimizer)? = nil) throws {
        try options.validate()
        self.model = model
        self.options = options
        self.optimizer = optimizer ?? options.optimizer.make(learningRate: options.learningRate.value(atEpoch: 0))
        self.history = TrainingHistory(annealedValueName: Model.annealedValueName)
    }

    /// Runs one epoch and returns its record.
    ///
    /// - Parameters:
    ///   - loss: the objective, differentiable with respect to the model.
    ///   - biasData: the events for the mean |bias| (computed every
    ///     `options.biasInterval` epochs and at the last one); nil skips it.
    /// - Throws: ``TrainingError`` when the loss, the gradient or the updated
    ///   parameters are not finite; the model, its temperature or steepness, and the
    ///   optimizer's state are then left as they were before the step.
    @discardableResult
    public mutating func step(
        loss: @differentiable(reverse) (Model) -> LossEvaluation, biasData: Dataset? = nil
    ) throws -> EpochRecord {
        // Work on copies (value types) so that a failed step changes nothing.
        let learningRate = options.learningRate.value(atEpoch: epoch)
        var stepOptimizer = optimizer
        stepOptimizer.learningRate = learningRate
        var stepModel = model
        if let annealing = options.annealing { stepModel.annealedValue = annealing.value(atEpoch: epoch) }

        let (value, pullback) = valueWithPullback(at: stepModel, of: loss)
        guard value.loss.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, value: value.loss) }
        var unit = lossUnit ?? options.lossUnit ?? abs(value.loss)
        if !(unit > 0 && (1 / unit).isFinite) { unit = 1 }
        let gradient = stepModel.flatten(pullback(LossEvaluation.TangentVector(loss: 1 / unit)))
        guard gradient.allSatisfy({ $0.isFinite }) else { throw TrainingError.nonFiniteGradient(epoch: epoch) }

        var bias: Double?
        let interval = options.biasInterval
        if let biasData, interval > 0, epoch % interval == 0 || epoch == options.epochs - 1 {
            let (soft, hard) = stepModel.softAndHardYields(biasData, threads: options.threads)
            bias = CategoryDiagnostics.meanAbsoluteBias(soft: soft, hard: hard)
        }

        var parameters = stepModel.parameterVector
        stepOptimizer.update(&parameters, gradient: gradient)
        guard parameters.allSatisfy({ $0.isFinite }) else { throw TrainingError.nonFiniteParameters(epoch: epoch) }
        stepModel.parameterVector = parameters
        model = stepModel
        optimizer = stepOptimizer
        lossUnit = unit

        let record = EpochRecord(
            epoch: epoch, learningRate: learningRate, annealedValue: model.annealedValue, loss: value.loss,
            terms: value.terms, meanAbsoluteBias: bias)
        history.records.append(record)
        epoch += 1
        return record
    }

    /// Runs the remaining epochs (up to `options.epochs`) and returns the history.
    ///
    /// - Parameter progress: called after every epoch with its record and the
    ///   seconds elapsed since `train` started.
    @discardableResult
    public mutating func train(
        biasData: Dataset? = nil, progress: ((EpochRecord, Double) -> Void)? = nil,
        loss: @differentiable(reverse) (Model) -> LossEvaluation
    ) throws -> TrainingHistory {
        let start = Date()
        while epoch < options.epochs {
            let record = try step(loss: loss, biasData: biasData)
            progress?(record, Date().timeIntervalSince(start))
        }
        return history
    }
}
