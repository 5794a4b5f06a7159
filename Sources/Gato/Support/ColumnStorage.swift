/// An immutable, heap-allocated array with a stable address.
///
/// The event kernels read features and weights through raw pointers from several
/// threads at once. Swift arrays only lend their storage inside
/// `withUnsafeBufferPointer`, which cannot span a variable number of processes;
/// this class owns one allocation for its whole life instead, so a pointer taken
/// from it stays valid as long as the storage is alive. It is never written after
/// initialisation, which makes sharing it across threads safe.
package final class ColumnStorage<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The elements, valid for the life of this object.
    package let buffer: UnsafeBufferPointer<Element>

    /// Copies `elements` into a new allocation.
    package init(_ elements: some Collection<Element>) {
        let storage = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(elements.count, 1))
        _ = storage.initialize(fromContentsOf: elements)
        buffer = UnsafeBufferPointer(rebasing: storage[0..<elements.count])
    }

    /// Allocates `count` elements and lets `fill` write every one of them.
    package init(count: Int, fill: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows {
        let storage = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(count, 1))
        do {
            try fill(UnsafeMutableBufferPointer(rebasing: storage[0..<count]))
        } catch {
            storage.deallocate()
            throw error
        }
        buffer = UnsafeBufferPointer(rebasing: storage[0..<count])
    }

    deinit {
        UnsafeMutableRawPointer(mutating: buffer.baseAddress!).deallocate()
    }

    /// The number of elements.
    package var count: Int { buffer.count }

    /// A copy of the elements as an array.
    package var array: [Element] { Array(buffer) }
}
