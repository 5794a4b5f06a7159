import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct SummaryTests {
    static func result(
        order: [Int], backgroundYield: [Double], yields: [String: [Double]] = [:], sumw2: [String: [Double]] = [:]
    ) -> Summary.Result {
        let k = order.count
        return Summary.Result(
            nCats: k, significance: ["s": 1], merit: 1, significanceGatoHepFormula: ["s": 1], yields: yields, sumw2: sumw2,
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
        let two = Self.result(order: [3, 1, 0, 4, 2], backgroundYield: [0, 7, -0.5, 0, 1e-3])
        #expect(two.categoriesWithoutBackground == [0, 3, 4])
        #expect(two.backgroundWarning?.hasPrefix("5 categories: categories 3, 4 hold no background events and "
            + "category 0 holds background events whose negative weights make the background yield -0.5 (<= 0)") == true)
        #expect(Self.result(order: [0, 1], backgroundYield: [1e-6, 2]).backgroundWarning == nil)
    }

    /// A background whose weights are all negative, or cancel, is not "no events":
    /// the background's sum of squared weights tells the two apart. Here category 1
    /// holds one background event of weight -2 (yield -2, sum w^2 4), category 2 two
    /// events of weights +1 and -1 (yield 0, sum w^2 2) and category 0 none; the
    /// signal's sum of squares (in every category) must not count as background.
    @Test func negativeBackgroundIsToldApartFromNoBackground() {
        let result = Self.result(
            order: [0, 1, 2, 3], backgroundYield: [0, -2, 0, 5],
            yields: ["s": [1, 1, 1, 1], "b": [0, -2, 0, 5]], sumw2: ["s": [1, 1, 1, 1], "b": [0, 4, 2, 5]])
        #expect(result.missingBackground.map(\.category) == [0, 1, 2])
        #expect(result.missingBackground.map(\.reason) == [.noEvents, .nonPositiveYield(-2), .nonPositiveYield(0)])
        #expect(result.backgroundWarning == "4 categories: category 0 holds no background events and categories 1, 2 "
            + "hold background events whose negative weights make the background yield -2, 0 (<= 0), so no background "
            + "estimate stands behind their significance; the yield or uncertainty penalty prevents this")
        let negativeOnly = Self.result(
            order: [1, 0], backgroundYield: [-3, 4], yields: ["s": [1, 1], "b": [4, -3]], sumw2: ["s": [1, 1], "b": [4, 9]])
        #expect(negativeOnly.backgroundWarning == "2 categories: category 1 holds background events whose negative "
            + "weights make the background yield -3 (<= 0), so no background estimate stands behind its significance; "
            + "the yield or uncertainty penalty prevents this")
    }
}
