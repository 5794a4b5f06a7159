/// One worker's scratch memory, handed out front to back as typed arrays.
///
/// ``ChunkedKernelDriver`` gives every worker (thread) a zeroed, 64-byte aligned
/// block of `scratchBytes` bytes; a kernel carves its vectors out of it with
/// ``take(_:count:)`` in a fixed order at the start of each chunk. Carving is a few
/// pointer additions, so doing it per chunk (every 8192 events) costs nothing
/// measurable, and a kernel needs no scratch class of its own.
///
/// A kernel computes the size it asks for with ``byteCount(_:count:)`` over the
/// same arrays, in the same order. The SIMD vectors the kernels use
/// (`SIMD4<Double>`, `SIMD8<Float>`: 32 bytes, aligned to 32 on x86-64 with AVX)
/// are their own alignment's multiple, so consecutive arrays need no padding; for
/// other types ``take(_:count:)`` rounds up to the type's alignment, and debug
/// builds check that the carving stays within the block.
struct ScratchArena {
    private var next: UnsafeMutableRawPointer
    private let end: UnsafeMutableRawPointer

    /// An arena over `byteCount` bytes at `base`.
    init(base: UnsafeMutableRawPointer, byteCount: Int) {
        next = base
        end = base + byteCount
    }

    /// The next `count` values of type `T`, aligned to `T`'s alignment.
    ///
    /// The memory is bound to `T`; its contents are whatever the previous chunk of
    /// this worker left there (zero for the first chunk).
    @inline(__always)
    mutating func take<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let aligned = next.alignedUp(for: T.self)
        next = aligned + count * MemoryLayout<T>.stride
        assert(next <= end, "scratch carving exceeds the size the kernel asked for")
        return aligned.bindMemory(to: T.self, capacity: count)
    }

    /// The bytes that `take(type, count: count)` uses at most, alignment padding
    /// included: the terms to add up for a kernel's `scratchBytes`.
    static func byteCount<T>(_ type: T.Type, count: Int) -> Int {
        count * MemoryLayout<T>.stride + (count > 0 ? MemoryLayout<T>.alignment - 1 : 0)
    }
}
