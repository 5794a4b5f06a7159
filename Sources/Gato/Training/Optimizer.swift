/// A first-order optimizer of a flat parameter vector, with the update rules and
/// defaults of Keras 3 (what gato-hep 0.2.1 trains with).
///
/// The parameters are one `[Double]` holding all of a model's variables
/// concatenated. Keras updates each variable elementwise, so one update of the
/// concatenation equals Keras's per-variable updates; only the order of the
/// elements has to stay the same from call to call.
///
/// The optimizer's state (moments, velocities, momenta) starts at zero and is
/// created on the first ``update(_:gradient:)``, sized like the parameters;
/// ``iterations`` counts the updates applied so far (Keras's `iterations`).
/// ``learningRate`` may be changed between updates, which is what a learning-rate
/// ``Schedule`` does before each epoch's step (as gato-hep assigns
/// `optimizer.learning_rate`). Nothing else depends on the history of the
/// learning rate: Adam's bias correction uses the step count only.
///
/// The optimizers compute in `Double`. gato-hep runs Keras in float32, where the
/// learning rate is also stored as a float32 variable; the tests compare with
/// Keras 3 run in float64 (`keras.config.set_floatx("float64")`).
public protocol Optimizer: Sendable {
    /// The step size of the next update (Keras's `learning_rate`).
    var learningRate: Double { get set }
    /// The number of updates applied so far.
    var iterations: Int { get }
    /// Applies one update to `parameters` with `gradient` (of the loss, which is
    /// minimised), then increments ``iterations``.
    ///
    /// - Precondition: `gradient.count == parameters.count`, and the count is the
    ///   same as on every earlier call (the state is sized on the first call).
    mutating func update(_ parameters: inout [Double], gradient: [Double])
}

/// The optimizers by name, with Keras 3's defaults for everything except the
/// learning rate. The raw values are Keras's lower-case names.
public enum OptimizerKind: String, Sendable, Codable, CaseIterable {
    /// ``Adam``: beta1 0.9, beta2 0.999, epsilon 1e-7, no AMSGrad.
    case adam
    /// ``RMSprop``: rho 0.9, epsilon 1e-7, no momentum, not centered (gato-hep's choice).
    case rmsprop
    /// ``SGD``: no momentum.
    case sgd

    /// A fresh optimizer of this kind with the given learning rate and Keras 3's
    /// defaults otherwise.
    public func make(learningRate: Double) -> any Optimizer {
        switch self {
        case .adam: return Adam(learningRate: learningRate)
        case .rmsprop: return RMSprop(learningRate: learningRate)
        case .sgd: return SGD(learningRate: learningRate)
        }
    }
}

/// Checks the sizes of one update: the gradient must match the parameters, and the
/// parameter count must match the optimizer's state (`stateCount`, nil before the
/// first update). Returns the count.
@inline(__always)
func checkUpdateShape(
    optimizer name: StaticString, parameters: Int, gradient: Int, stateCount: Int?
) -> Int {
    require(
        gradient == parameters,
        "\(name).update: the gradient has \(gradient) values but there are \(parameters) parameters")
    if let stateCount {
        require(
            parameters == stateCount,
            "\(name).update: \(parameters) parameters, but the optimizer's state was created for \(stateCount) on the first update")
    }
    return parameters
}
