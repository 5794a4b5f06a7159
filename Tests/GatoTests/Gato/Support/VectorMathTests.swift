import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct VectorMathTests {
    /// The largest relative error of VectorMath.exp against the C library's exp
    /// on a dense grid (glibc's exp is correctly rounded to < 1 ulp).
    static func worstRelativeError(in range: ClosedRange<Double>, points: Int) -> Double {
        var worst = 0.0
        let step = (range.upperBound - range.lowerBound) / Double(points - 1)
        var i = 0
        while i < points {
            let x = SIMD4<Double>((0..<4).map { range.lowerBound + Double(min(i + $0, points - 1)) * step })
            let e = VectorMath.exp(x)
            for lane in 0..<4 {
                let reference = Foundation.exp(x[lane])
                worst = max(worst, abs(e[lane] - reference) / reference)
            }
            i += 4
        }
        return worst
    }

    @Test func expIsAccurateToAFewUlp() {
        #expect(Self.worstRelativeError(in: -700...700, points: 400_003) < 5e-16)
        #expect(Self.worstRelativeError(in: -1...1, points: 100_003) < 5e-16)
    }

    @Test func expHandlesTheEdges() {
        let e = VectorMath.exp(SIMD4(0, -1e6, 1e6, -745))
        #expect(e[0] == 1)
        #expect(e[1] >= 0 && e[1] < 1e-300)  // clamped at exp(-708)
        #expect(e[2].isFinite && e[2] > 1e307)  // clamped at exp(709)
        #expect(e[3] < 1e-300)
    }
}
