import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// The runner's screening of random starts, through its progress events.
@Suite struct AnalysisRunnerTests {
    static func analysis(learningRate: Double, starts: Int) throws -> Analysis {
        let data = TestData.random(dimension: 2, simplex: true)
        return Analysis(
            name: "screening", data: data,
            model: .gaussianMixture(meanNormalization: .softmax, meanRange: [0...1], offDiagonalDamping: 0.1),
            objective: try SignificanceObjective(signals: ["sig"]), categoryCounts: [3], epochs: 10,
            learningRate: ScheduleSettings(.constant, from: learningRate, to: learningRate),
            annealing: ScheduleSettings(.cosine, from: 1, to: 0.1),
            restarts: RestartSettings(starts: starts, screeningFraction: 0.3, subsample: 2), precision: .double)
    }

    /// Collects the runner's progress events (the runner calls back on its own thread).
    final class Events: @unchecked Sendable {
        var all: [AnalysisProgress] = []
    }

    @Test func theStartWithTheLowestScreenedLossContinues() throws {
        let events = Events()
        let runner = AnalysisRunner(analysis: try Self.analysis(learningRate: 0.05, starts: 3)) { events.all.append($0) }
        let summary = try runner.run(report: false)
        var losses: [Double] = []
        var chosen: Int?
        for event in events.all {
            if case let .screened(_, _, _, epochs, loss) = event {
                #expect(epochs == 3)  // 30% of 10
                losses.append(loss)
            }
            if case let .chose(_, start) = event { chosen = start }
        }
        #expect(losses.count == 3)
        #expect(chosen == losses.indices.min { losses[$0] < losses[$1] })
        #expect(summary.results[0].chosenStart == chosen && summary.results[0].screeningEpochs == 3)
    }

    /// RMSprop's first step is about 3.2 lr: lr = 1e308 overflows every start; each
    /// is reported and left out, and the run fails with the first one's error.
    @Test func whenEveryStartFailsTheRunFails() throws {
        let events = Events()
        let runner = AnalysisRunner(analysis: try Self.analysis(learningRate: 1e308, starts: 2)) { events.all.append($0) }
        #expect(throws: TrainingError.nonFiniteParameters(epoch: 0)) { try runner.run(report: false) }
        let failed = events.all.compactMap { event -> Int? in
            if case let .screeningFailed(_, start, _, _) = event { return start }
            return nil
        }
        #expect(failed == [0, 1])
    }

    /// An analysis whose learning rate starts at 0 is refused before any training,
    /// naming the setting.
    @Test func aLearningRateOfZeroIsRefusedBeforeTraining() throws {
        let events = Events()
        let runner = AnalysisRunner(analysis: try Self.analysis(learningRate: 0, starts: 1)) { events.all.append($0) }
        #expect(throws: TrainingError.invalidOptions(
            "the learning rate must start above 0, got 0.0 -> 0.0 (a rate of 0 does not train)")) {
            try runner.run(report: false)
        }
        #expect(events.all.isEmpty)
    }
}
