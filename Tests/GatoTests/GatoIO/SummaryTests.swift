import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct SummaryTests {
    static func result(order: [Int], backgroundYield: [Double]) -> Summary.Result {
        let k = order.count
        return Summary.Result(
            nCats: k, significance: ["s": 1], merit: 1, significanceGatoHepFormula: ["s": 1], yields: [:], sumw2: [:],
            bias: Array(repeating: 0, count: k), order: order, backgroundYield: backgroundYield,
            relativeMCUncertainty: Array(repeating: 0, count: k), boundaries: nil, checkpoint: "c", history: "h",
            epochs: 1, trainSeconds: 0, starts: 1, chosenStart: 0, screeningEpochs: 0)
    }

    /// `background_yield` follows `order`: the empty entries name categories by model index.
    @Test func categoriesWithoutBackgroundAreNamedInModelOrder() {
        let one = Self.result(order: [2, 0, 1], backgroundYield: [5, 0, 3])
        #expect(one.categoriesWithoutBackground == [0])
        #expect(one.backgroundWarning == "3 categories: category 0 holds no background events, so no background "
            + "estimate stands behind its significance; the yield or uncertainty penalty prevents this")
        let two = Self.result(order: [3, 1, 0, 2], backgroundYield: [0, 7, -0.5, 1e-3])
        #expect(two.categoriesWithoutBackground == [0, 3])
        #expect(two.backgroundWarning?.hasPrefix("4 categories: categories 0, 3 hold no background events") == true)
        #expect(Self.result(order: [0, 1], backgroundYield: [1e-6, 2]).backgroundWarning == nil)
    }
}
