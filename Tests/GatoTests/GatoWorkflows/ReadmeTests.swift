import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// The README's code is compiled and run: the ten-line example is the
/// `ReadmeExample` target verbatim, and the custom-loss snippet is below.
@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static func swiftBlocks() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    @Test func tenLineExampleIsTheReadmeExampleTarget() throws {
        let example = try String(
            contentsOf: Self.root.appendingPathComponent("Examples/ReadmeExample/main.swift"), encoding: .utf8)
        #expect(try Self.swiftBlocks().first == example)
    }

    @Test func customLossSnippetCompilesAndRuns() throws {
        let events = try ToyData.threeClass(.init(signal1Events: 500, signal2Events: 500, backgroundEvents: 3000))
            .selectingDimensions([0, 1])
        var generator = Xoshiro256StarStar(seed: 1)
        let model = try GaussianMixtureCategorizer(categories: 3, dimension: 2, generator: &generator)
        // --- README snippet, verbatim from here ---
        let loss: @differentiable(reverse) (GaussianMixtureCategorizer) -> LossEvaluation = { m in
            let y = m.softYields(events)                       // sum w gamma, sum w^2 gamma per process and category
            let z = Significance.combined(signal: y.yields(of: "signal1"), background: y.backgroundYields())
            return LossEvaluation(loss: -z + 0.1 * Penalty.lowBackground(y.backgroundYields(), threshold: 5))
        }
        // --- to here ---
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let snippet = source.components(separatedBy: "// --- README snippet, verbatim from here ---\n")[1]
            .components(separatedBy: "        // --- to here ---")[0]
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.dropFirst(8) }.joined(separator: "\n")
        #expect(try Self.swiftBlocks()[1].contains(snippet))
        let g = model.flatten(gradient(at: model) { m in loss(m).loss })
        #expect(TestData.allFinite(g) && g.contains { $0 != 0 })
    }
}
