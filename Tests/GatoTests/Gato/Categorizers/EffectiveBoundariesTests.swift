import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct EffectiveBoundariesTests {
    /// A 1-D mixture whose wide component (category 1) lies under two narrow ones
    /// (0 at 0.3, 2 at 0.7): along the axis the categories run 1 0 1 2 1.
    static func split() throws -> GaussianMixtureCategorizer {
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        return try GaussianMixtureCategorizer(
            categories: 3, dimension: 1, meanNormalization: .sigmoid, mixtureLogits: [0, 0, 0],
            means: [logit(0.3), logit(0.5), logit(0.7)], unconstrainedL: [-3, -1, -3])
    }

    @Test func aCategoryWithTwoDisjointIntervalsIsListedAsSuch() throws {
        let model = try Self.split()
        let effective = model.effectiveBoundaries1D()

        #expect(effective.intervals == [1, 0, 1, 2, 1])
        #expect(effective.categoriesWithSeveralIntervals == [1])
        // Independent check: every interval's midpoint, and points just inside its
        // ends, are assigned to the interval's category by the model itself.
        for k in 0..<3 {
            for interval in effective.intervals(of: k) {
                let width = interval.upperBound - interval.lowerBound
                let points = [interval.lowerBound + 0.01 * width, 0.5 * (interval.lowerBound + interval.upperBound),
                              interval.upperBound - 0.01 * width]
                let sample = try ProcessSample(
                    name: "p", role: .background, features: points.map { Float($0) }, dimension: 1, weights: [1, 1, 1])
                #expect(model.hardAssignments(sample).allSatisfy { $0 == Int32(k) }, "category \(k) on \(interval)")
            }
        }
        #expect(effective.intervals(of: 1).count == 3 && effective.intervals(of: 0).count == 1)
        #expect(effective.intervals(of: 1).first?.lowerBound == 0 && effective.intervals(of: 1).last?.upperBound == 1)
        let text = ModelDescription.describe(model, file: "split.json")
        #expect(text.contains("category 1 covers 3 disjoint intervals: [0.00000, "))
    }
}
