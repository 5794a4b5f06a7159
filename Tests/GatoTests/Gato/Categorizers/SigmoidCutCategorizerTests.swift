import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct SigmoidCutCategorizerTests {
    /// A mass in GeV and a score in [0, 1], steepness 0.5 / GeV and 50.
    static func massAndScore() throws -> SigmoidCutCategorizer {
        var generator = Xoshiro256StarStar(seed: 3)
        return try SigmoidCutCategorizer(
            variables: [
                CutVariable(name: "mass", bins: 2, range: 100...180, steepness: 0.5),
                CutVariable(name: "score", bins: 3, range: 0...1, steepness: 50),
            ], generator: &generator)
    }

    @Test func scheduleKeepsTheRatiosBetweenVariables() throws {
        var model = try Self.massAndScore()
        #expect(model.annealedValue == 0.5)
        model.annealedValue = 2
        // Factor 4 on both: 2 and 200.
        #expect(model.steepness == [2, 200])
        model.annealedValue = 0.25
        #expect(model.steepness == [0.25, 25])
    }

    @Test func equalSteepnessesAllFollowTheSchedule() throws {
        var generator = Xoshiro256StarStar(seed: 3)
        var model = try SigmoidCutCategorizer(
            variables: [CutVariable(name: "a", bins: 2), CutVariable(name: "b", bins: 4)], defaultSteepness: 50,
            generator: &generator)
        for value in [50.0, 733.1, 10_000] {
            model.annealedValue = value
            #expect(model.steepness == [value, value])
        }
    }

    /// The trainer's steepness schedule (cosine 1 -> 0.1 over 4 epochs, set before
    /// each step) leaves the mass at `0.1 + 0.9 (1 + cos(3 pi / 4)) / 2` and the
    /// score at 100 times that.
    @Test func trainerAnnealsEveryVariable() throws {
        let data = TestData.random(dimension: 2, processes: [("sig", .signal, 300), ("bkg", .background, 500)])
        let objective = try SignificanceObjective(signals: ["sig"])
        let options = TrainingOptions(
            epochs: 4, learningRate: .constant(0.01), annealing: try Schedule(.cosine, from: 1, to: 0.1, epochs: 4),
            biasInterval: 0)
        var trainer = try Trainer(model: try Self.massAndScore(), options: options)
        try trainer.train { m in objective.evaluate(m, on: data) }
        let last = 0.1 + 0.9 * (1 + cos(Double.pi * 3 / 4)) / 2
        #expect(abs(trainer.model.steepness[0] - last) < 1e-15)
        #expect(abs(trainer.model.steepness[1] - 100 * last) < 1e-12)
    }
}
