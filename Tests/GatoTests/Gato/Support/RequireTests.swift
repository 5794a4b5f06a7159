import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Misuse of the API stops with a message that names the problem (in release builds
/// too: ``require(_:_:file:line:)`` uses `fatalError`, whose message `-O` keeps).
@Suite struct RequireTests {
    @Test func anUnknownProcessNameStopsWithTheNames() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let yields = SoftYields(
                sumW: [1, 2], sumW2: [1, 2], processNames: ["signal", "background"], roles: [.signal, .background],
                categories: 1)
            _ = yields.yields(of: "Sig")
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Gato: no process named 'Sig' in the yields (signal, background)"), "\(stderr)")
    }

    @Test func aModelOfAnotherDimensionStopsWithBoth() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let data = TestData.random(dimension: 2)
            var generator = Xoshiro256StarStar(seed: 1)
            let model = try GaussianMixtureCategorizer(categories: 3, dimension: 1, generator: &generator)
            _ = model.softYields(data)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Gato: the events have 2 feature dimensions but the model has 1"), "\(stderr)")
    }
}
