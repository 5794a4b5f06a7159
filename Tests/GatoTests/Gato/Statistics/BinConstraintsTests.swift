import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct BinConstraintsTests {
    /// Four categories, worked out by hand against B >= 5, sqrt(sum w^2) / B <= 0.2
    /// and n >= 10:
    /// 0: B = 100, sqrt(100) / 100 = 0.1, 50 events: meets all;
    /// 1: B = 4, sqrt(4) / 4 = 0.5, 4 events: breaks all three;
    /// 2: B = 20, sqrt(25) / 20 = 0.25, 30 events: the uncertainty only;
    /// 3: B = -1 (negative weights), undefined uncertainty, 12 events: yield and uncertainty.
    @Test func violationsAreNamedWithTheirValuesAndLimits() {
        let constraints = BinConstraints(
            minimumBackground: 5, maximumRelativeUncertainty: 0.2, minimumBackgroundEvents: 10)
        let found = constraints.violations(
            backgroundYield: [100, 4, 20, -1], backgroundSumW2: [100, 4, 25, 3], backgroundEvents: [50, 4, 30, 12])
        #expect(found == [
            .init(category: 1, requirement: .minimumBackground, value: 4, limit: 5),
            .init(category: 1, requirement: .maximumRelativeUncertainty, value: 0.5, limit: 0.2),
            .init(category: 1, requirement: .minimumBackgroundEvents, value: 4, limit: 10),
            .init(category: 2, requirement: .maximumRelativeUncertainty, value: 0.25, limit: 0.2),
            .init(category: 3, requirement: .minimumBackground, value: -1, limit: 5),
            .init(category: 3, requirement: .maximumRelativeUncertainty, value: .infinity, limit: 0.2),
        ])
        #expect(found.map(\.words) == [
            "background yield 4 < 5", "relative MC uncertainty 0.5 > 0.2", "4 background MC events < 10",
            "relative MC uncertainty 0.25 > 0.2", "background yield -1 < 5", "relative MC uncertainty undefined > 0.2",
        ])
        // A requirement left out is not checked.
        let yieldOnly = BinConstraints(minimumBackground: 5, maximumRelativeUncertainty: nil, minimumBackgroundEvents: nil)
        #expect(yieldOnly.violations(backgroundYield: [100, 4], backgroundSumW2: [1e6, 1e6], backgroundEvents: [0, 0])
            == [.init(category: 1, requirement: .minimumBackground, value: 4, limit: 5)])
    }

    /// JSON has no infinity: an undefined uncertainty is written as null and read back.
    @Test func anUndefinedUncertaintyRoundTripsThroughJSON() throws {
        let violation = BinConstraints.Violation(category: 3, requirement: .maximumRelativeUncertainty, value: .infinity, limit: 0.2)
        let data = try JSONEncoder().encode(violation)
        #expect(String(decoding: data, as: UTF8.self).contains("\"value\":null"))
        #expect(try JSONDecoder().decode(BinConstraints.Violation.self, from: data) == violation)
    }
}
