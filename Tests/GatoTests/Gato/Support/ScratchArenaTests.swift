import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct ScratchArenaTests {
    @Test func arraysAreAlignedDisjointAndWithinTheCountedBytes() {
        let bytes = ScratchArena.byteCount(UInt8.self, count: 3) + ScratchArena.byteCount(SIMD4<Double>.self, count: 5)
            + ScratchArena.byteCount(SIMD8<Float>.self, count: 2) + ScratchArena.byteCount(Int32.self, count: 7)
        let base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer { base.deallocate() }
        var arena = ScratchArena(base: base, byteCount: bytes)
        let a = UnsafeMutableRawPointer(arena.take(UInt8.self, count: 3))
        let b = UnsafeMutableRawPointer(arena.take(SIMD4<Double>.self, count: 5))
        let c = UnsafeMutableRawPointer(arena.take(SIMD8<Float>.self, count: 2))
        let d = UnsafeMutableRawPointer(arena.take(Int32.self, count: 7))
        #expect(a == base)
        #expect(Int(bitPattern: b) % MemoryLayout<SIMD4<Double>>.alignment == 0 && b >= a + 3)
        #expect(Int(bitPattern: c) % MemoryLayout<SIMD8<Float>>.alignment == 0 && c == b + 5 * 32)
        #expect(Int(bitPattern: d) % 4 == 0 && d == c + 2 * 32)
        #expect(d + 7 * 4 <= base + bytes)
    }

    @Test func emptyArraysTakeNoBytes() {
        #expect(ScratchArena.byteCount(SIMD4<Double>.self, count: 0) == 0)
    }
}
