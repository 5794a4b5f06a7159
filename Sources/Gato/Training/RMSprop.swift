/// RMSprop (Hinton, 2012), with the update rule and defaults of Keras 3's
/// `keras.optimizers.RMSprop`, gato-hep's optimizer.
///
/// Each update, with gradient `g` and elementwise operations:
///
/// ```
/// v = rho * v + (1 - rho) * g^2
/// centered:      a = rho * a + (1 - rho) * g
///                increment = lr * g / sqrt(v - a^2 + epsilon)
/// not centered:  increment = lr * g / sqrt(v + epsilon)
/// momentum > 0:  mom = momentum * mom + increment;  p -= mom
/// otherwise:     p -= increment
/// ```
///
/// `v`, `a` and `mom` start at zero.
///
/// Keras 3 adds epsilon **inside** the square root, as do tf-keras 2.x (gato-hep
/// 0.2.1 pins tf-keras 2.19 next to TensorFlow 2.17-2.19, whose `tf.keras` is
/// Keras 3 unless `TF_USE_LEGACY_KERAS=1`; both have this rule) and TensorFlow's
/// `ApplyRMSProp` op. The textbook form (and PyTorch's) is `p -= lr * g / (sqrt(v) + epsilon)` instead; this type follows
/// Keras. The two differ noticeably only while `v` is of order
/// epsilon: on the first step with `|g| = 1e-3` (`v = 1e-7`), Keras 3 divides by
/// `sqrt(2e-7)` and the textbook form by `sqrt(1e-7) + 1e-7`, so the Keras step is
/// about 30 % smaller. Once `v` is well above epsilon the relative difference of the steps is
/// about `epsilon / (2 v)` (5e-5 at `v = 1e-3`, that is `|g|` around 0.03-0.1).
///
/// Momentum is used only when `momentum > 0` (as in Keras, a negative value acts
/// as zero).
///
/// Defaults (Keras 3's): learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7,
/// not centered. gato-hep's examples use these with learning rates from a cosine
/// schedule (0.1 or 0.05 down to 0.001). Keras's weight decay, gradient clipping,
/// EMA and gradient accumulation are not implemented (gato-hep uses none of them).
public struct RMSprop: Optimizer {
    public var learningRate: Double
    /// The decay rate of the moving averages.
    public let rho: Double
    /// The momentum coefficient; momentum is used when it is positive.
    public let momentum: Double
    /// Added to the mean square inside the square root.
    public let epsilon: Double
    /// Whether to normalise by the estimated variance `v - a^2` instead of `v`.
    public let centered: Bool
    public private(set) var iterations: Int = 0

    /// The moving averages of `g^2` (empty before the first update).
    public private(set) var velocities: [Double] = []
    /// The momenta (empty unless `momentum > 0`).
    public private(set) var momentums: [Double] = []
    /// The moving averages of `g` (empty unless centered).
    public private(set) var averageGradients: [Double] = []
    private var parameterCount: Int?

    /// Creates an RMSprop optimizer; the defaults are Keras 3's.
    public init(
        learningRate: Double = 0.001, rho: Double = 0.9, momentum: Double = 0,
        epsilon: Double = 1e-7, centered: Bool = false
    ) {
        self.learningRate = learningRate
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
    }

    public mutating func update(_ parameters: inout [Double], gradient: [Double]) {
        let n = checkUpdateShape(
            optimizer: "RMSprop", parameters: parameters.count, gradient: gradient.count,
            stateCount: parameterCount)
        let useMomentum = momentum > 0
        if parameterCount == nil {
            parameterCount = n
            velocities = Array(repeating: 0, count: n)
            if useMomentum { momentums = Array(repeating: 0, count: n) }
            if centered { averageGradients = Array(repeating: 0, count: n) }
        }
        let lr = learningRate
        let rho = self.rho
        let oneMinusRho = 1 - rho
        let epsilon = self.epsilon
        let momentum = self.momentum
        let centered = self.centered
        for i in 0..<n {
            let g = gradient[i]
            let v = rho * velocities[i] + oneMinusRho * (g * g)
            velocities[i] = v
            let denominator: Double
            if centered {
                let a = rho * averageGradients[i] + oneMinusRho * g
                averageGradients[i] = a
                denominator = v - a * a + epsilon
            } else {
                denominator = v + epsilon
            }
            let increment = (lr * g) / denominator.squareRoot()
            if useMomentum {
                let mom = momentum * momentums[i] + increment
                momentums[i] = mom
                parameters[i] -= mom
            } else {
                parameters[i] -= increment
            }
        }
        iterations += 1
    }
}
