import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// gato-hep's three-class workflow at small scale: the trained categories must
/// beat the classifier-argmax categorisation with the same number of categories.
@Suite struct EndToEndTests {
    @Test func threeClassTrainingBeatsTheArgmaxBaseline() throws {
        let full = try ToyData.threeClass(
            .init(signal1Events: 2_000, signal2Events: 2_000, backgroundEvents: 16_000, seed: 42))
        let data = try full.selectingDimensions([0, 1])
        var generator = Xoshiro256StarStar(seed: 42)
        let model = try GaussianMixtureCategorizer(categories: 3, dimension: 2, generator: &generator)
        let objective = try SignificanceObjective(signals: ["signal1", "signal2"], combination: .geometricMean)
        let options = TrainingOptions(
            epochs: 100, learningRate: try Schedule(.cosine, from: 0.05, to: 0.001, epochs: 100),
            annealing: try Schedule(.cosine, from: 1.0, to: 0.05, epochs: 100))
        var trainer = try Trainer(model: model, options: options)
        let history = try trainer.train(biasData: data) { m in objective.evaluate(m, on: data) }

        let trained = trainer.model.hardYields(data).significances(signals: ["signal1", "signal2"])
        let baselineAssignments = Baselines.argmaxEquidistant(full, signalScores: 2, binsPerSignal: 1)
        let baseline = HardYields(assignments: baselineAssignments, data: full, categories: 3)
            .significances(signals: ["signal1", "signal2"])
        let trainedMerit = (trained[0] * trained[1]).squareRoot()
        let baselineMerit = (baseline[0] * baseline[1]).squareRoot()
        print("end-to-end: GATO Z = \(trained), sqrt(Z1 Z2) = \(trainedMerit); argmax Z = \(baseline), \(baselineMerit); final bias \(history.records.last!.meanAbsoluteBias!)")
        #expect(trainedMerit > baselineMerit)
        #expect(history.records.last!.loss < history.records.first!.loss)
    }
}
