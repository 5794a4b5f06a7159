import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct GaussianMixtureCategorizerTests {
    /// Two features, the second a "mass" in GeV on [100, 180]: the events of `unit`
    /// with that feature mapped by `100 + 80 u` (values exact in Float).
    static func events(physical: Bool) throws -> Dataset {
        func sample(_ name: String, _ role: ProcessRole, _ offset: Int) throws -> ProcessSample {
            var rows: [[Double]] = []
            for i in 0..<200 {
                let x = Double((i * 37 + offset) % 64) / 64
                let u = Double((i * 11 + 3 * offset) % 64) / 64
                rows.append([x, physical ? 100 + 80 * u : u])
            }
            return try ProcessSample(
                name: name, role: role, rows: rows, weights: (0..<200).map { 0.01 * Double($0 % 7 + 1) })
        }
        return try Dataset([try sample("signal", .signal, 5), try sample("background", .background, 0)])
    }

    static func model(range: ClosedRange<Double>) throws -> GaussianMixtureCategorizer {
        var generator = Xoshiro256StarStar(seed: 3)
        return try GaussianMixtureCategorizer(
            categories: 3, dimension: 2, temperature: 0.5, meanNormalization: .sigmoid,
            meanRange: [0...1, range], generator: &generator)
    }

    @Test func initialWidthsAreInUnitsOfTheRange() throws {
        let unit = try Self.model(range: 0...1)
        let physical = try Self.model(range: 100...180)
        // gato-hep's zeros for a range of width 1; log(80) on the GeV dimension.
        #expect(unit.unconstrainedL.allSatisfy { $0 == 0 })
        for k in 0..<3 {
            #expect(physical.unconstrainedL[k * 4 + 0] == 0)
            #expect(abs(physical.unconstrainedL[k * 4 + 3] - log(80)) < 1e-15)
            #expect(physical.unconstrainedL[k * 4 + 1] == 0 && physical.unconstrainedL[k * 4 + 2] == 0)
        }
        let sigma = GaussianMixtureCategorizer.sigmaBase(categories: 3, dimension: 2)
        let factors = physical.choleskyFactors()
        #expect(abs(factors[3] - 80 * sigma) < 1e-12 && abs(factors[0] - sigma) < 1e-15)
    }

    /// A mass in GeV trains as the same mass rescaled to [0, 1] would: the soft yields
    /// and the gradient of the significance with respect to every parameter agree.
    @Test func aFeatureInPhysicalUnitsBehavesAsTheRescaledFeature() throws {
        let unit = try Self.model(range: 0...1)
        let physical = try Self.model(range: 100...180)
        let unitData = try Self.events(physical: false)
        let physicalData = try Self.events(physical: true)
        let a = unit.softYields(unitData)
        let b = physical.softYields(physicalData)
        for (x, y) in zip(a.sumW, b.sumW) { #expect(abs(x - y) < 1e-12) }
        let objective = try SignificanceObjective(signals: ["signal"])
        let gUnit = gradient(at: unit) { m in objective.evaluate(m, on: unitData).loss }
        let gPhysical = gradient(at: physical) { m in objective.evaluate(m, on: physicalData).loss }
        let scale = gUnit.means.base.map(abs).max()!
        #expect(scale > 1e-5, "the significance depends on the means")
        for (x, y) in zip(gUnit.means.base + gUnit.mixtureLogits.base, gPhysical.means.base + gPhysical.mixtureLogits.base) {
            #expect(abs(x - y) < 1e-9 * scale)
        }
        // Diagonal of L: the same (log-scale parameters). The off-diagonal entry of the
        // mass row is in GeV: its gradient is 1/80 of the unit one.
        for k in 0..<3 {
            for (index, factor) in [(0, 1.0), (3, 1.0), (2, 1.0 / 80)] {
                let x = gUnit.unconstrainedL.base[k * 4 + index]
                let y = gPhysical.unconstrainedL.base[k * 4 + index]
                #expect(abs(x * factor - y) < 1e-9 * scale, "k \(k) entry \(index): \(x) \(y)")
            }
        }
    }
}
