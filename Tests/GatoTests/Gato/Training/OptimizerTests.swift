import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Three steps of each optimizer against Keras 3.6.0 itself.
///
/// The reference values come from `scripts/keras-optimizer-reference.py`, run as
///
///     python3 -m venv /tmp/kerasvenv
///     /tmp/kerasvenv/bin/pip install keras==3.6.0 jax jaxlib
///     KERAS_BACKEND=numpy /tmp/kerasvenv/bin/python scripts/keras-optimizer-reference.py
///
/// (keras 3.6.0, numpy backend, numpy 2.4.6). Its core, per case:
///
///     keras.config.set_floatx("float64")   # the learning-rate variable in float64 too
///     opt = keras.optimizers.Adam()        # or RMSprop(...), SGD(...)
///     var = keras.Variable(np.array([0.5, -1.25, 2.0, 0.0]), dtype="float64")
///     for i, g in enumerate(GRADS):
///         if lrs is not None: opt.learning_rate = lrs[i]
///         opt.apply_gradients([(np.array(g), var)])
///         print([repr(float(x)) for x in np.asarray(var.value)])
///
/// Each row below is the parameter vector after step 1, 2, 3.
@Suite struct OptimizerTests {
    static let start: [Double] = [0.5, -1.25, 2.0, 0.0]
    static let gradients: [[Double]] = [
        [0.3, -0.7, 1.5, 0.02],
        [-0.1, -0.4, 2.0, -0.05],
        [0.01, 0.2, -0.5, 0.0],
    ]
    /// Learning rates set before steps 1, 2, 3 in the "varying" cases.
    static let learningRates: [Double] = [0.1, 0.05, 0.02]

    /// Runs the three steps, setting the learning rate first when `learningRates`
    /// is given, and returns the parameters after each step.
    static func run<O: Optimizer>(_ optimizer: O, learningRates: [Double]? = nil) -> (O, [[Double]]) {
        var optimizer = optimizer
        var parameters = start
        var history: [[Double]] = []
        for (step, gradient) in gradients.enumerated() {
            if let learningRates { optimizer.learningRate = learningRates[step] }
            optimizer.update(&parameters, gradient: gradient)
            history.append(parameters)
        }
        return (optimizer, history)
    }

    /// Asserts agreement with Keras to 1e-12 relative in every component of every step.
    static func check<O: Optimizer>(
        _ optimizer: O, learningRates: [Double]? = nil, _ expected: [[Double]], _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let (final, history) = run(optimizer, learningRates: learningRates)
        #expect(final.iterations == 3, sourceLocation: sourceLocation)
        for step in 0..<3 {
            TestData.expectClose(
                history[step], expected[step], tolerance: 1e-12, floor: 0, "\(label) step \(step + 1)",
                sourceLocation: sourceLocation)
        }
    }

    // MARK: Adam

    @Test func adamDefaults() {
        // keras.optimizers.Adam()
        Self.check(Adam(), [
            [0.49900001054081444, -1.2490000045175191, 1.9990000021081806, -0.0009998419111130396],
            [0.4985997959728079, -1.2480489719359518, 1.9980026804920736, -0.0005576526153701619],
            [0.498270373868194, -1.2474894188810983, 1.997372102226803, -0.0002158390182020969],
        ], "Adam()")
    }

    @Test func adamAmsgrad() {
        // keras.optimizers.Adam(learning_rate=0.01, amsgrad=True): the third step of
        // the last component (g = 0 after g = -0.05) differs from plain Adam.
        Self.check(Adam(learningRate: 0.01, amsgrad: true), [
            [0.49000010540814426, -1.2400000451751911, 1.9900000210818067, -0.009998419111130395],
            [0.48599795972807863, -1.2304897193595172, 1.9800268049207363, -0.0055765261537016175],
            [0.4827037386819398, -1.224894188810982, 1.9737210222680288, -0.002160099577101512],
        ], "Adam(amsgrad)")
    }

    @Test func adamCustomHyperparameters() {
        // keras.optimizers.Adam(learning_rate=0.05, beta_1=0.8, beta_2=0.99, epsilon=1e-3)
        Self.check(Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-3), [
            [0.45161290322580644, -1.2007042253521127, 1.9503311258278146, -0.03333333333333334],
            [0.4347227334989269, -1.1544439776172524, 1.9002838650953402, -0.012455587333539988],
            [0.4213995455434046, -1.1303864302526405, 1.8716740070853222, 0.00266104180877858],
        ], "Adam(custom)")
    }

    @Test func adamVaryingLearningRate() {
        // keras.optimizers.Adam(learning_rate=0.1), opt.learning_rate = 0.1, 0.05, 0.02
        // before steps 1, 2, 3: the bias correction follows the step count only.
        Self.check(Adam(learningRate: 0.1), learningRates: Self.learningRates, [
            [0.4000010540814424, -1.1500004517519107, 1.9000002108180662, -0.09998419111130395],
            [0.37999032568111424, -1.102448822673541, 1.8501341300127148, -0.07787472632416007],
            [0.3734018835888365, -1.0912577615764705, 1.8375225647072997, -0.07103845438079877],
        ], "Adam(varying lr)")
    }

    // MARK: RMSprop

    @Test func rmspropDefaults() {
        // keras.optimizers.RMSprop()
        Self.check(RMSprop(), [
            [0.4968377399078944, -1.2468377255666405, 1.9968377230425598, -0.0031583322092743273],
            [0.497886018984857, -1.2452060928911755, 1.9942610967507843, -0.00020228697528758364],
            [0.49777558813213896, -1.2460359034059745, 1.9949249662467499, -0.00020228697528758364],
        ], "RMSprop()")
    }

    @Test func rmspropMomentum() {
        // keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.9)
        Self.check(RMSprop(learningRate: 0.01, momentum: 0.9), [
            [0.46837739907894443, -1.218377255666406, 1.9683772304255975, -0.031583322092743275],
            [0.4503998490196204, -1.173600459011521, 1.914150474890881, -0.030447859636344787],
            [0.4331157454390483, -1.1415994471701136, 1.8719850898692905, -0.029425943425586146],
        ], "RMSprop(momentum)")
    }

    @Test func rmspropCentered() {
        // keras.optimizers.RMSprop(learning_rate=0.01, centered=True)
        Self.check(RMSprop(learningRate: 0.01, centered: true), [
            [0.46666687242607835, -1.2166667044594974, 1.9666666748971162, -0.03328713326493031],
            [0.47732019150660604, -1.198686424978851, 1.9381032633582655, -0.0031830339273653876],
            [0.47619754590069713, -1.2073899113484534, 1.945146230503221, -0.0031830339273653876],
        ], "RMSprop(centered)")
    }

    @Test func rmspropCenteredWithMomentum() {
        // keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, epsilon=1e-4, centered=True)
        Self.check(RMSprop(learningRate: 0.01, rho: 0.8, momentum: 0.5, epsilon: 1e-4, centered: true), [
            [0.475086356043878, -1.2250159286413114, 1.97500347149901, -0.015617376188860608],
            [0.4706063393313883, -1.1977833019415993, 1.9394188906376544, -0.0033092080505714317],
            [0.4674770341018361, -1.1910876507478616, 1.9271878022192315, 0.0028448760185731566],
        ], "RMSprop(centered, momentum)")
    }

    @Test func rmspropVaryingLearningRate() {
        // keras.optimizers.RMSprop(learning_rate=0.1, momentum=0.5), learning_rate
        // 0.1, 0.05, 0.02 before steps 1, 2, 3
        Self.check(RMSprop(learningRate: 0.1, momentum: 0.5), learningRates: Self.learningRates, [
            [0.18377399078944434, -0.933772556664062, 1.6837723042559753, -0.3158332209274327],
            [0.07807494003229622, -0.6940772012228398, 1.3968271417951919, -0.3259475696918118],
            [0.023016797599361323, -0.590825733798207, 1.2666319504841086, -0.3310047440740014],
        ], "RMSprop(varying lr)")
    }

    /// Keras puts epsilon inside the square root (the textbook and
    /// PyTorch form is `sqrt(v) + eps`). With g = 1e-3, lr = 1, rho = 0.9 the first step
    /// has v = 0.1 * 1e-6 = 1e-7, so the step is 1e-3 / sqrt(1e-7 + 1e-7) =
    /// 1e-3 / sqrt(2e-7) = 2.2360679774997896, not 1e-3 / (sqrt(1e-7) + 1e-7) =
    /// 3.161276...
    @Test func rmspropEpsilonInsideSquareRoot() {
        var optimizer = RMSprop(learningRate: 1)
        var parameters = [0.0]
        optimizer.update(&parameters, gradient: [1e-3])
        let keras3 = 1e-3 / (2e-7).squareRoot()
        let textbook = 1e-3 / ((1e-7).squareRoot() + 1e-7)
        #expect(abs(-parameters[0] - keras3) <= 1e-14 * keras3)
        #expect(abs(-parameters[0] - textbook) > 0.9)
    }

    // MARK: SGD

    @Test func sgdDefaults() {
        // keras.optimizers.SGD()
        Self.check(SGD(), [
            [0.497, -1.243, 1.985, -0.0002],
            [0.498, -1.239, 1.965, 0.00030000000000000003],
            [0.4979, -1.241, 1.97, 0.00030000000000000003],
        ], "SGD()")
    }

    @Test func sgdMomentum() {
        // keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
        Self.check(SGD(learningRate: 0.1, momentum: 0.9), [
            [0.47, -1.18, 1.85, -0.002],
            [0.45299999999999996, -1.077, 1.5150000000000001, 0.0012000000000000005],
            [0.4367, -1.0043, 1.2635, 0.004080000000000001],
        ], "SGD(momentum)")
    }

    @Test func sgdNesterov() {
        // keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
        Self.check(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), [
            [0.443, -1.117, 1.7149999999999999, -0.0038000000000000004],
            [0.43770000000000003, -0.9843, 1.2134999999999998, 0.004080000000000001],
            [0.42203, -0.93887, 1.0371499999999996, 0.006672000000000002],
        ], "SGD(nesterov)")
    }

    @Test func sgdVaryingLearningRate() {
        // keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
        // learning_rate 0.1, 0.05, 0.02 before steps 1, 2, 3
        Self.check(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), learningRates: Self.learningRates, [
            [0.443, -1.117, 1.7149999999999999, -0.0038000000000000004],
            [0.4282, -1.0223, 1.4034999999999997, -0.0006699999999999996],
            [0.41000000000000003, -0.96267, 1.2321499999999996, -0.00010299999999999925],
        ], "SGD(varying lr)")
    }

    // MARK: Defaults, state, kinds

    @Test func defaultsAreKeras3() {
        let adam = Adam()
        #expect(adam.learningRate == 0.001 && adam.beta1 == 0.9 && adam.beta2 == 0.999)
        #expect(adam.epsilon == 1e-7 && !adam.amsgrad && adam.iterations == 0)
        let rmsprop = RMSprop()
        #expect(rmsprop.learningRate == 0.001 && rmsprop.rho == 0.9 && rmsprop.momentum == 0)
        #expect(rmsprop.epsilon == 1e-7 && !rmsprop.centered && rmsprop.iterations == 0)
        let sgd = SGD()
        #expect(sgd.learningRate == 0.01 && sgd.momentum == 0 && !sgd.nesterov && sgd.iterations == 0)
    }

    @Test func stateIsCreatedOnFirstUpdate() {
        var adam = Adam(amsgrad: true)
        #expect(adam.momentums.isEmpty && adam.velocities.isEmpty && adam.velocityHats.isEmpty)
        var parameters = Self.start
        adam.update(&parameters, gradient: Self.gradients[0])
        #expect(adam.momentums.count == 4 && adam.velocities.count == 4 && adam.velocityHats.count == 4)
        #expect(adam.iterations == 1)

        var rmsprop = RMSprop()
        parameters = Self.start
        rmsprop.update(&parameters, gradient: Self.gradients[0])
        #expect(rmsprop.velocities.count == 4 && rmsprop.momentums.isEmpty && rmsprop.averageGradients.isEmpty)

        var sgd = SGD()
        parameters = Self.start
        sgd.update(&parameters, gradient: Self.gradients[0])
        #expect(sgd.momentums.isEmpty && sgd.iterations == 1)
    }

    @Test func emptyParameterVector() {
        var optimizer = Adam()
        var parameters: [Double] = []
        optimizer.update(&parameters, gradient: [])
        optimizer.update(&parameters, gradient: [])
        #expect(parameters.isEmpty && optimizer.iterations == 2)
    }

    @Test func kindsMakeKerasDefaults() {
        #expect(OptimizerKind(rawValue: "rmsprop") == .rmsprop)
        #expect(OptimizerKind.allCases.map(\.rawValue) == ["adam", "rmsprop", "sgd"])
        for kind in OptimizerKind.allCases {
            var made = kind.make(learningRate: 0.05)
            #expect(made.learningRate == 0.05)
            var parameters = Self.start
            made.update(&parameters, gradient: Self.gradients[0])
            var reference: any Optimizer
            switch kind {
            case .adam: reference = Adam(learningRate: 0.05)
            case .rmsprop: reference = RMSprop(learningRate: 0.05)
            case .sgd: reference = SGD(learningRate: 0.05)
            }
            var expected = Self.start
            reference.update(&expected, gradient: Self.gradients[0])
            #expect(parameters == expected, "\(kind)")
        }
    }

    /// A schedule drives the learning rate: Keras 3 computes the same as with the
    /// literal learning rates above.
    @Test func scheduleSetsLearningRate() {
        let schedule = Schedule.cosine(from: 0.1, to: 0.001, epochs: 3)
        var optimizer = RMSprop(learningRate: schedule.value(atEpoch: 0))
        var manual = RMSprop(learningRate: 0)
        var a = Self.start
        var b = Self.start
        for epoch in 0..<3 {
            optimizer.learningRate = schedule.value(atEpoch: epoch)
            optimizer.update(&a, gradient: Self.gradients[epoch])
            manual.learningRate = [0.1, 0.07525, 0.02575][epoch]
            manual.update(&b, gradient: Self.gradients[epoch])
        }
        TestData.expectClose(a, b, tolerance: 1e-13, floor: 0, "schedule-driven RMSprop")
    }

    // MARK: Preconditions

    @Test func gradientCountMismatchTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var optimizer = Adam()
            var parameters = [1.0, 2.0]
            optimizer.update(&parameters, gradient: [1.0])
        }
        // Release builds drop precondition messages.
        _ = result
        #if DEBUG
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Adam.update: the gradient has 1 values but there are 2 parameters"))
        #endif
    }

    @Test func parameterCountChangeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var optimizer = SGD()
            var parameters = [1.0, 2.0]
            optimizer.update(&parameters, gradient: [1.0, 1.0])
            var more = [1.0, 2.0, 3.0]
            optimizer.update(&more, gradient: [1.0, 1.0, 1.0])
        }
        // Release builds drop precondition messages.
        _ = result
        #if DEBUG
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("SGD.update: 3 parameters, but the optimizer's state was created for 2"))
        #endif
    }
}
