import Foundation
import Testing
import _Differentiation

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Small random datasets and numerical helpers shared by the tests.
enum TestData {
    /// The description of the error `body` throws, or "no error".
    static func errorMessage(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// A dataset with `dimension` features per event, uniform in [0.05, 0.95]^D
    /// (or inside the simplex when `simplex`), weights uniform in [0.5, 1.5] (a
    /// fifth of them negative when `negativeWeights`).
    static func random(
        dimension: Int, processes: [(String, ProcessRole, Int)] = [
            ("sig", .signal, 300), ("bkg1", .background, 500), ("bkg2", .background, 400),
        ], seed: UInt64 = 1, negativeWeights: Bool = false, simplex: Bool = false
    ) -> Dataset {
        var generator = Xoshiro256StarStar(seed: seed)
        var samples: [ProcessSample] = []
        for (index, (name, role, count)) in processes.enumerated() {
            var features: [Float] = []
            var weights: [Double] = []
            for _ in 0..<count {
                var row: [Double] = (0..<dimension).map { _ in generator.nextUniform(in: 0.05, 0.95) }
                if simplex {
                    let scale = row.reduce(0, +) + generator.nextUniform(in: 0.05, 1)
                    row = row.map { $0 / scale }
                }
                // Shift each process a little so the yields differ between processes.
                features.append(contentsOf: row.map { Float(min(max($0 + 0.03 * Double(index), 0), 1)) })
                var w = generator.nextUniform(in: 0.5, 1.5) * (role == .signal ? 0.2 : 1.0)
                if negativeWeights && generator.nextUniform() < 0.2 { w = -w }
                weights.append(w)
            }
            samples.append(try! ProcessSample(name: name, role: role, features: features, dimension: dimension, weights: weights))
        }
        return try! Dataset(samples)
    }

    /// True when every value is finite.
    static func allFinite(_ values: [Double]) -> Bool { values.allSatisfy { $0.isFinite } }

    /// Central finite differences of `f` at `x`, one coordinate at a time.
    static func finiteDifferences(_ x: [Double], step: Double = 1e-5, _ f: ([Double]) -> Double) -> [Double] {
        (0..<x.count).map { i in
            var plus = x
            var minus = x
            let h = step * max(1, abs(x[i]))
            plus[i] += h
            minus[i] -= h
            return (f(plus) - f(minus)) / (2 * h)
        }
    }

    /// Asserts `|a_i - b_i| <= tolerance * max(|b_i|, floor * max_j |b_j|)` for all i:
    /// a relative error, with a floor at `floor` of the largest component so that
    /// components that vanish up to rounding do not demand impossible precision.
    static func expectClose(
        _ a: [Double], _ b: [Double], tolerance: Double, floor: Double = 1e-3,
        _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.count == b.count, "\(label): sizes differ", sourceLocation: sourceLocation)
        let scale = b.map(abs).max() ?? 0
        for i in 0..<min(a.count, b.count) {
            let allowed = tolerance * max(abs(b[i]), floor * scale, 1e-300)
            #expect(
                abs(a[i] - b[i]) <= allowed,
                "\(label)[\(i)]: \(a[i]) vs \(b[i]) (allowed \(allowed))", sourceLocation: sourceLocation)
        }
    }
}
