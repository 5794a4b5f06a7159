import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct ExactBaselineTests {
    /// The 1-D examples' "exact" baseline assigns the events so that the hard
    /// yields, computed independently of the dynamic programme by `HardYields`,
    /// give its optimum, and every category meets the requirements (background >= 5,
    /// the examples' threshold, and relative MC uncertainty <= 0.2).
    @Test func theExactBaselineIsTheOptimumUnderTheRequirements() throws {
        let analysis = try ExampleWorkflow.oneDimensionalCuts.analysis(
            .init(categoryCounts: [3, 5], backgroundEvents: 40_000, signalEvents: 10_000, starts: 1))
        #expect(analysis.constraints == BinConstraints(minimumBackground: 5, maximumRelativeUncertainty: 0.2))
        let exact = analysis.baselines.filter { $0.name == "exact" }
        #expect(exact.map(\.categories) == [3, 5])
        let optimum = try ExactBinning.optimize(
            analysis.evaluationData, signal: "signal", bins: 5, constraints: analysis.constraints)
        for baseline in exact {
            let hard = HardYields(
                assignments: baseline.assignments, data: analysis.evaluationData, categories: baseline.categories)
            let z = hard.significances(signals: ["signal"])[0]
            let expected = try #require(optimum.partition(bins: baseline.categories)).combinedSignificance
            #expect(abs(z - expected) <= 1e-12 * expected, "K = \(baseline.categories): \(z) vs \(expected)")
            let backgrounds = hard.indices(role: .background)
            let b = hard.total(of: backgrounds)
            let w2 = hard.totalSumW2(of: backgrounds)
            for k in 0..<baseline.categories {
                #expect(b[k] >= 5 && w2[k].squareRoot() / b[k] <= 0.2, "K = \(baseline.categories), category \(k)")
            }
        }
    }
}
