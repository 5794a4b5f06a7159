import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct MassSidebandFitTests {
    @Test func factorsFromHandBuiltHistograms() throws {
        // Category 0: background masses exactly at the bin centres with weights
        // 1000 exp(-0.05 (m - 104)) -> the fit is exact, the factor analytic.
        let centers = (0..<10).map { 104.0 + 8.0 * Double($0) }
        var masses = centers
        var weights = centers.map { 1000 * exp(-0.05 * ($0 - 104)) }
        // One event in the window so the category counts (the window is 123.5-126.5;
        // 124 is not a bin centre, so it also enters the 120-128 bin).
        masses.append(124)
        weights.append(1e-9)
        let background = try ProcessSample(
            name: "bkg", role: .background, features: [Float](repeating: 0.5, count: masses.count), dimension: 1,
            weights: weights, columns: ["mass": masses])
        let signal = try ProcessSample(
            name: "sig", role: .signal, features: [0.5], dimension: 1, weights: [1], columns: ["mass": [125]])
        let data = try Dataset([signal, background])
        // Everything in category 0; category 1 empty; category 2 gets nothing either.
        let assignments: [[Int32]] = [[0], [Int32](repeating: 0, count: masses.count)]
        let factors = try MassSidebandFit().factors(assignments: assignments, data: data, categories: 3)
        let b = -0.05
        let expected = (exp(b * 126.5) - exp(b * 123.5)) / (exp(b * 180) - exp(b * 100))
        #expect(abs(factors[0] / expected - 1) < 1e-6)
        #expect(factors[1] == 3.0 / 80 && factors[2] == 3.0 / 80)
    }

    @Test func noBackgroundInTheWindowFallsBackToTheDefault() throws {
        let background = try ProcessSample(
            name: "bkg", role: .background, features: [0.1, 0.2], dimension: 1, weights: [5, 3],
            columns: ["mass": [101, 170]])
        let signal = try ProcessSample(name: "sig", role: .signal, features: [0.5], dimension: 1, weights: [1], columns: [:])
        let data = try Dataset([signal, background])
        let factors = try MassSidebandFit().factors(assignments: [[0], [0, 0]], data: data, categories: 2)
        #expect(factors == [3.0 / 80, 3.0 / 80])
        // A fitted process without the column is an error naming it.
        let noMass = try Dataset([signal, try ProcessSample(name: "b2", role: .background, features: [0.1], dimension: 1, weights: [1])])
        #expect(throws: EventDataError.invalidSelection(process: "b2", detail: "no 'mass' column to fit")) {
            try MassSidebandFit().factors(assignments: [[0], [0]], data: noMass, categories: 1)
        }
    }
}
