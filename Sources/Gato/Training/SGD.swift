/// Stochastic gradient descent, optionally with (Nesterov) momentum, with the
/// update rule and defaults of Keras 3's `keras.optimizers.SGD`.
///
/// Each update, with gradient `g` and elementwise operations:
///
/// ```
/// momentum == 0:  p -= lr * g
/// otherwise:      m = momentum * m - lr * g
///                 nesterov:  p += momentum * m - lr * g
///                 otherwise: p += m
/// ```
///
/// `m` starts at zero. `nesterov` has no effect without momentum.
///
/// Defaults (Keras 3's): learning rate 0.01, momentum 0, no Nesterov. As in
/// Keras, the momentum must lie in [0, 1]. Keras's weight decay, gradient
/// clipping, EMA and gradient accumulation are not implemented.
public struct SGD: Optimizer {
    public var learningRate: Double
    /// The momentum coefficient, in [0, 1]; 0 is plain gradient descent.
    public let momentum: Double
    /// Whether to apply Nesterov momentum.
    public let nesterov: Bool
    public private(set) var iterations: Int = 0

    /// The velocities (empty before the first update, and without momentum).
    public private(set) var momentums: [Double] = []
    private var parameterCount: Int?

    /// Creates an SGD optimizer; the defaults are Keras 3's.
    ///
    /// - Precondition: `0 <= momentum <= 1` (Keras raises a `ValueError` otherwise).
    public init(learningRate: Double = 0.01, momentum: Double = 0, nesterov: Bool = false) {
        require(
            momentum >= 0 && momentum <= 1, "SGD: momentum must be in [0, 1], got \(momentum)")
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public mutating func update(_ parameters: inout [Double], gradient: [Double]) {
        let n = checkUpdateShape(
            optimizer: "SGD", parameters: parameters.count, gradient: gradient.count,
            stateCount: parameterCount)
        let useMomentum = momentum != 0
        if parameterCount == nil {
            parameterCount = n
            if useMomentum { momentums = Array(repeating: 0, count: n) }
        }
        let lr = learningRate
        let momentum = self.momentum
        if useMomentum {
            let nesterov = self.nesterov
            for i in 0..<n {
                let g = gradient[i]
                let m = momentums[i] * momentum - g * lr
                momentums[i] = m
                if nesterov {
                    parameters[i] += m * momentum - g * lr
                } else {
                    parameters[i] += m
                }
            }
        } else {
            for i in 0..<n {
                parameters[i] -= gradient[i] * lr
            }
        }
        iterations += 1
    }
}
