import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct RestartSettingsTests {
    static func data(signals: [Int], backgrounds: [Int]) -> Dataset {
        TestData.random(
            dimension: 1,
            processes: signals.enumerated().map { ("s\($0.offset)", ProcessRole.signal, $0.element) }
                + backgrounds.enumerated().map { ("b\($0.offset)", ProcessRole.background, $0.element) })
    }

    /// Every signal, and the backgrounds together, keep at least 10 000 events:
    /// factor = min(4, max(1, n_min / 10 000)), worked out by hand per case.
    @Test func theScreeningSubsampleKeepsEnoughEvents() {
        let restarts = TrainingRecipe.standard.restarts
        #expect(restarts.subsample == 4 && restarts.minimumScreeningEvents == 10_000)
        // A 3.3k-event sample: screened on every event.
        #expect(restarts.subsample(for: Self.data(signals: [300], backgrounds: [2000, 1000])) == 1)
        // The examples' sizes: 100k per signal, 300k of background: the factor 4.
        #expect(restarts.subsample(for: Self.data(signals: [40_000, 45_000], backgrounds: [4000, 40_000])) == 4)
        // 25k signal events: 25 000 / 10 000 = 2.
        #expect(restarts.subsample(for: Self.data(signals: [25_000], backgrounds: [60_000])) == 2)
        // A small background alone, 19 999 events in all: 1.
        #expect(restarts.subsample(for: Self.data(signals: [50_000], backgrounds: [9_999, 10_000])) == 1)
        // Several small backgrounds count together: 3 x 8 000 = 24 000 -> 2.
        #expect(restarts.subsample(for: Self.data(signals: [50_000], backgrounds: [8_000, 8_000, 8_000])) == 2)
        // A process without events does not count; a lower maximum wins.
        var two = restarts
        two.subsample = 2
        #expect(two.subsample(for: Self.data(signals: [0, 90_000], backgrounds: [90_000])) == 2)
    }

    /// On a small sample the runner screens on every event: its screened losses
    /// are bit for bit those of a screening told to use every event
    /// (`subsample: 1`), and differ from a screening on every 4th event.
    @Test func aSmallSampleIsScreenedOnEveryEvent() throws {
        let data = Self.data(signals: [300], backgrounds: [2000, 1000])
        func screenedLosses(_ restarts: RestartSettings) throws -> [Double] {
            var analysis = Analysis(
                name: "small", data: data,
                model: .gaussianMixture(meanNormalization: .sigmoid, meanRange: [0...1], offDiagonalDamping: 0.1),
                objective: try SignificanceObjective(signals: ["s0"]), categoryCounts: [3], epochs: 10,
                learningRate: ScheduleSettings(.constant, from: 0.05, to: 0.05),
                annealing: ScheduleSettings(.constant, from: 1, to: 1))
            analysis.restarts = restarts
            let screened = ScreenedLosses()
            _ = try AnalysisRunner(analysis: analysis) { event in
                if case let .screened(_, start, _, _, loss) = event { screened.append(start, loss) }
            }.run(output: nil, report: false)
            return screened.values.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let standard = try screenedLosses(RestartSettings(starts: 3))
        let everyEvent = try screenedLosses(RestartSettings(starts: 3, subsample: 1))
        let everyFourth = try screenedLosses(RestartSettings(starts: 3, subsample: 4, minimumScreeningEvents: 0))
        #expect(standard.count == 3 && standard == everyEvent)
        #expect(everyFourth.count == 3 && everyFourth != standard)
    }
}

/// Screened losses collected from the runner's progress callback.
final class ScreenedLosses: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Int, Double)] = []
    func append(_ start: Int, _ loss: Double) { lock.withLock { list.append((start, loss)) } }
    var values: [(Int, Double)] { lock.withLock { list } }
}
