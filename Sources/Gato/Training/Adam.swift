import Foundation

/// Adam (Kingma and Ba, 2014), with the update rule and defaults of Keras 3's
/// `keras.optimizers.Adam`.
///
/// Each update, with step number `t = iterations + 1`, gradient `g` and
/// elementwise operations:
///
/// ```
/// alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
/// m += (g - m) * (1 - beta1)
/// v += (g^2 - v) * (1 - beta2)
/// vhat = max(vhat, v)                       // AMSGrad only; then v := vhat below
/// p -= alpha * m / (sqrt(v) + epsilon)
/// ```
///
/// `m`, `v` (and `vhat`) start at zero. As in Keras, epsilon is added to
/// `sqrt(v)` outside the bias correction (the paper's "epsilon hat"), and the bias
/// correction uses the step count, whatever the learning rate was on earlier steps.
///
/// Defaults (Keras 3's): learning rate 0.001, beta1 0.9, beta2 0.999,
/// epsilon 1e-7, no AMSGrad. Keras's weight decay, gradient clipping, EMA and
/// gradient accumulation are not implemented (gato-hep uses none of them).
public struct Adam: Optimizer {
    public var learningRate: Double
    /// The decay rate of the first-moment estimate `m`.
    public let beta1: Double
    /// The decay rate of the second-moment estimate `v`.
    public let beta2: Double
    /// Added to `sqrt(v)` in the denominator.
    public let epsilon: Double
    /// Whether to divide by the running maximum of `v` (AMSGrad, Reddi et al. 2018).
    public let amsgrad: Bool
    public private(set) var iterations: Int = 0

    /// The first-moment estimates (empty before the first update).
    public private(set) var momentums: [Double] = []
    /// The second-moment estimates (empty before the first update).
    public private(set) var velocities: [Double] = []
    /// The running maxima of `velocities` (AMSGrad only; otherwise empty).
    public private(set) var velocityHats: [Double] = []
    private var parameterCount: Int?

    /// Creates an Adam optimizer; the defaults are Keras 3's.
    public init(
        learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-7, amsgrad: Bool = false
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
    }

    public mutating func update(_ parameters: inout [Double], gradient: [Double]) {
        let n = checkUpdateShape(
            optimizer: "Adam", parameters: parameters.count, gradient: gradient.count,
            stateCount: parameterCount)
        if parameterCount == nil {
            parameterCount = n
            momentums = Array(repeating: 0, count: n)
            velocities = Array(repeating: 0, count: n)
            if amsgrad { velocityHats = Array(repeating: 0, count: n) }
        }
        let t = Double(iterations + 1)
        let beta1Power = pow(beta1, t)
        let beta2Power = pow(beta2, t)
        let alpha = learningRate * (1 - beta2Power).squareRoot() / (1 - beta1Power)
        let oneMinusBeta1 = 1 - beta1
        let oneMinusBeta2 = 1 - beta2
        let epsilon = self.epsilon
        let amsgrad = self.amsgrad
        for i in 0..<n {
            let g = gradient[i]
            let m = momentums[i] + (g - momentums[i]) * oneMinusBeta1
            var v = velocities[i] + (g * g - velocities[i]) * oneMinusBeta2
            momentums[i] = m
            velocities[i] = v
            if amsgrad {
                v = max(velocityHats[i], v)
                velocityHats[i] = v
            }
            parameters[i] -= (m * alpha) / (v.squareRoot() + epsilon)
        }
        iterations += 1
    }
}
