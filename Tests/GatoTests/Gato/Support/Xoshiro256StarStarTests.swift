import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct Xoshiro256StarStarTests {
    /// Reference outputs from randomgen's independent Xoshiro256 (xoshiro256**),
    /// set to the SplitMix64 state of seed 42:
    /// (0xbdd732262feb6e95, 0x28efe333b266f103, 0x47526757130f9f52, 0x581ce1ff0e4ae394).
    @Test func matchesAnIndependentImplementation() {
        var generator = Xoshiro256StarStar(seed: 42)
        let expected: [UInt64] = [
            1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
            17_057_574_109_182_124_193, 18_295_552_978_065_317_476,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
        var jumped = Xoshiro256StarStar(seed: 42, stream: 1)
        #expect((0..<3).map { _ in jumped.next() } == [5_766_981_335_298_035_530, 13_414_075_677_763_163_907, 6_818_771_422_820_058_410])
    }

    @Test func uniformsAndNormalsHaveTheRightMoments() {
        var generator = Xoshiro256StarStar(seed: 1)
        let n = 200_000
        var uniformSum = 0.0, normalSum = 0.0, normalSquares = 0.0, normalFourth = 0.0
        for _ in 0..<n {
            let u = generator.nextUniform()
            #expect(u >= 0 && u < 1)
            uniformSum += u
            let z = generator.nextNormal()
            normalSum += z
            normalSquares += z * z
            normalFourth += z * z * z * z
        }
        // Standard errors: uniform mean 0.289 / sqrt(n) = 6.5e-4; normal mean 1 / sqrt(n)
        // = 2.2e-3; variance sqrt(2 / n) = 3.2e-3; fourth moment (3) sqrt(96 / n) = 0.022.
        #expect(abs(uniformSum / Double(n) - 0.5) < 5 * 6.5e-4)
        #expect(abs(normalSum / Double(n)) < 5 * 2.2e-3)
        #expect(abs(normalSquares / Double(n) - 1) < 5 * 3.2e-3)
        #expect(abs(normalFourth / Double(n) - 3) < 5 * 0.022)
    }

    @Test func sameSeedSameStreamDifferentStreamsDiffer() {
        var a = Xoshiro256StarStar(seed: 5, stream: 3)
        var b = Xoshiro256StarStar(seed: 5, stream: 3)
        var c = Xoshiro256StarStar(seed: 5, stream: 4)
        let first = (0..<10).map { _ in a.nextNormal() }
        #expect(first == (0..<10).map { _ in b.nextNormal() })
        #expect(first != (0..<10).map { _ in c.nextNormal() })
    }
}
