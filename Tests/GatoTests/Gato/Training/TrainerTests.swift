import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct TrainerTests {
    static let data = TestData.random(dimension: 2, processes: [("sig", .signal, 400), ("bkg", .background, 900)], simplex: true)

    static func model() -> GaussianMixtureCategorizer {
        GaussianMixtureYieldsTests.model(categories: 3, dimension: 2, normalization: .softmax, temperature: 1)
    }

    static let objective = try! SignificanceObjective(signals: ["sig"])

    @Test func schedulesAreAppliedBeforeEachStep() throws {
        let options = TrainingOptions(
            epochs: 6, learningRate: try Schedule(.cosine, from: 0.05, to: 0.001, epochs: 6),
            annealing: try Schedule(.exponential, from: 1, to: 0.05, epochs: 6), biasInterval: 0)
        var trainer = try Trainer(model: Self.model(), options: options)
        let history = try trainer.train { m in Self.objective.evaluate(m, on: Self.data) }
        #expect(history.records.count == 6 && trainer.epoch == 6)
        for record in history.records {
            #expect(record.learningRate == options.learningRate.value(atEpoch: record.epoch))
            #expect(record.annealedValue == options.annealing!.value(atEpoch: record.epoch))
        }
        #expect(trainer.model.temperature == options.annealing!.value(atEpoch: 5))
        #expect(history.records.allSatisfy { $0.meanAbsoluteBias == nil })
    }

    /// Two epochs of the trainer equal two hand-made RMSprop steps (Keras 3 rule)
    /// on gradients taken with `gradient(at:)`, divided by the loss unit |L_0| (the
    /// magnitude of the loss of the initial model), or by a unit given in the options.
    @Test(arguments: [nil, 1.0, 0.003])
    func stepsAreRMSpropOnTheObjectiveGradient(unit: Double?) throws {
        let options = TrainingOptions(epochs: 2, learningRate: .constant(0.05), biasInterval: 0, lossUnit: unit)
        var trainer = try Trainer(model: Self.model(), options: options)
        try trainer.train { m in Self.objective.evaluate(m, on: Self.data) }

        var model = Self.model()
        let initialLoss = Self.objective.evaluate(model, on: Self.data).loss
        #expect(initialLoss < 0)
        let expectedUnit = unit ?? abs(initialLoss)
        #expect(trainer.lossUnit == expectedUnit)
        var velocity = [Double](repeating: 0, count: model.parameterVector.count)
        for _ in 0..<2 {
            let g = model.flatten(gradient(at: model) { m in Self.objective.evaluate(m, on: Self.data).loss })
                .map { $0 / expectedUnit }
            var p = model.parameterVector
            for i in p.indices {
                velocity[i] = 0.9 * velocity[i] + 0.1 * g[i] * g[i]
                p[i] -= 0.05 * g[i] / (velocity[i] + 1e-7).squareRoot()
            }
            model.parameterVector = p
        }
        TestData.expectClose(trainer.model.parameterVector, model.parameterVector, tolerance: 1e-12, floor: 0)
    }

    @Test func biasIsRecordedAtTheIntervalAndTheLastEpoch() throws {
        let options = TrainingOptions(epochs: 7, learningRate: .constant(0.01), biasInterval: 3)
        var trainer = try Trainer(model: Self.model(), options: options)
        let history = try trainer.train(biasData: Self.data) { m in Self.objective.evaluate(m, on: Self.data) }
        #expect(history.records.filter { $0.meanAbsoluteBias != nil }.map(\.epoch) == [0, 3, 6])
        // Epoch 0's bias is the model's bias before any step.
        let (soft, hard) = Self.model().softAndHardYields(Self.data)
        let expected = CategoryDiagnostics.meanAbsoluteBias(soft: soft, hard: hard)
        #expect(abs(history.records[0].meanAbsoluteBias! - expected) < 1e-15)
    }

    @Test func historyCSVHasOneRowPerEpoch() throws {
        let options = TrainingOptions(epochs: 3, learningRate: .constant(0.01), biasInterval: 2)
        var trainer = try Trainer(model: Self.model(), options: options)
        let objective = try SignificanceObjective(signals: ["sig"], yieldPenalty: PenaltySetting(lambda: 1, threshold: 5))
        let history = try trainer.train(biasData: Self.data) { m in objective.evaluate(m, on: Self.data) }
        let lines = history.csv().split(separator: "\n").map(String.init)
        #expect(lines[0] == "epoch,learning_rate,temperature,loss,soft_Z_sig,penalty_yield,mean_abs_bias")
        #expect(lines.count == 4)
        let fields = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(fields[0] == "1" && Double(fields[3]) == history.records[1].loss && fields[6] == "")
        #expect(Double(lines[3].split(separator: ",").last!) == history.records[2].meanAbsoluteBias)
        // The same column through values(of:).
        let column = lines.dropFirst().map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
        #expect(history.values(of: "soft_Z_sig") == column && column.allSatisfy { $0 != nil })
        #expect(history.values(of: "soft_Z_other") == [nil, nil, nil])
    }

    @Test func aNonFiniteLossStopsWithTheEpoch() throws {
        let options = TrainingOptions(epochs: 5, learningRate: .constant(0.01), biasInterval: 0)
        var trainer = try Trainer(model: Self.model(), options: options)
        #expect(throws: TrainingError.nonFiniteLoss(epoch: 0, value: .infinity)) {
            try trainer.train { m in
                let y = m.softYields(Self.data)
                return LossEvaluation(loss: y.yield(process: 0, category: 0) / 0)
            }
        }
        // NaN soft yields (a model thrown to infinity) reach the objective's loss.
        var diverged = Self.model()
        diverged.means[0] = .infinity
        var stopped = try Trainer(model: diverged, options: options)
        #expect(throws: TrainingError.self) {
            try stopped.train { m in Self.objective.evaluate(m, on: Self.data) }
        }
        #expect(stopped.epoch == 0)
        #expect(throws: TrainingError.self) { try Trainer(model: Self.model(), options: TrainingOptions(epochs: -1, learningRate: .constant(1))) }
        // A cosine from 1 to -0.5 would make the temperature negative two thirds in.
        #expect(throws: TrainingError.invalidOptions("the temperature or steepness must stay positive, got 1.0 -> -0.5")) {
            try Trainer(
                model: Self.model(),
                options: TrainingOptions(epochs: 3, learningRate: .constant(1), annealing: .cosine(from: 1, to: -0.5, epochs: 3)))
        }
        #expect(throws: TrainingError.invalidOptions("the learning rate must not be negative, got -0.1 -> -0.1")) {
            try Trainer(model: Self.model(), options: TrainingOptions(epochs: 3, learningRate: .constant(-0.1)))
        }
    }

    /// A learning rate that starts at 0 would leave the categories where they
    /// started while the run reports them as trained: refused, like a negative one.
    /// A cosine schedule may end at 0 (its last epoch still has a positive rate).
    @Test func aLearningRateStartingAtZeroIsRefused() throws {
        #expect(throws: TrainingError.invalidOptions(
            "the learning rate must start above 0, got 0.0 -> 0.0 (a rate of 0 does not train)")) {
            try Trainer(model: Self.model(), options: TrainingOptions(epochs: 3, learningRate: .constant(0)))
        }
        #expect(throws: TrainingError.invalidOptions(
            "the learning rate must start above 0, got 0.0 -> 0.01 (a rate of 0 does not train)")) {
            try Trainer(model: Self.model(), options: TrainingOptions(epochs: 3, learningRate: .cosine(from: 0, to: 0.01, epochs: 3)))
        }
        #expect(throws: TrainingError.invalidOptions("the learning rate must not be negative, got 0.05 -> -0.01")) {
            try Trainer(model: Self.model(), options: TrainingOptions(epochs: 3, learningRate: .cosine(from: 0.05, to: -0.01, epochs: 3)))
        }
        #expect(throws: TrainingError.invalidOptions("the learning rate must be finite, got nan -> 0.0")) {
            try TrainingOptions.validateLearningRate(initial: .nan, final: 0)
        }
        _ = try Trainer(model: Self.model(), options: TrainingOptions(epochs: 3, learningRate: .cosine(from: 0.05, to: 0, epochs: 3)))
    }

    /// RMSprop's first step is `lr g / sqrt(0.1 g^2)`, about 3.2 lr: with lr = 1e308
    /// the parameters overflow, and the failed step leaves everything as it was.
    @Test func aFailedStepChangesNothing() throws {
        let options = TrainingOptions(
            epochs: 3, learningRate: .constant(1e308), annealing: try Schedule(.cosine, from: 0.5, to: 0.1, epochs: 3),
            biasInterval: 0)
        let initial = Self.model()
        var trainer = try Trainer(model: initial, options: options)
        #expect(throws: TrainingError.nonFiniteParameters(epoch: 0)) {
            try trainer.step { m in Self.objective.evaluate(m, on: Self.data) }
        }
        #expect(trainer.model.parameterVector == initial.parameterVector)
        #expect(trainer.model.temperature == 1)  // not the schedule's 0.5
        #expect(trainer.epoch == 0 && trainer.history.records.isEmpty)
        let optimizer = try #require(trainer.optimizer as? RMSprop)
        #expect(optimizer.iterations == 0 && optimizer.velocities.isEmpty)
    }

    @Test func trainingImprovesTheObjective() throws {
        let options = TrainingOptions(
            epochs: 40, learningRate: try Schedule(.cosine, from: 0.05, to: 0.001, epochs: 40),
            annealing: try Schedule(.cosine, from: 1, to: 0.1, epochs: 40))
        var trainer = try Trainer(model: Self.model(), options: options)
        let history = try trainer.train { m in Self.objective.evaluate(m, on: Self.data) }
        #expect(history.records.last!.loss < history.records.first!.loss)
    }
}
