import Dispatch
import Foundation

/// A fixed partition of every process's events into chunks, and a runner that
/// spreads the chunks over threads.
///
/// Chunk boundaries depend only on the event counts, never on the number of
/// threads: process p's events `0 ..< n_p` are cut at multiples of
/// ``eventsPerChunk``, so a process of n events has `ceil(n / 8192)` chunks and an
/// empty process none. ``ChunkedKernelDriver`` builds on this: each chunk writes
/// its partial sums to its own slot and the slots are added in chunk order, so
/// every yield and gradient is bit-for-bit the same whatever the number of threads.
struct ParallelChunks: Sendable {
    /// One contiguous run of events of a single process.
    struct Chunk: Sendable {
        var process: Int
        var start: Int
        var end: Int
    }

    /// Events per chunk: large enough to amortise scheduling (a chunk takes
    /// 10-100 microseconds), small enough to balance two to a few dozen threads.
    static let eventsPerChunk = 8192

    let chunks: [Chunk]

    init(eventCounts: [Int]) {
        var chunks: [Chunk] = []
        for (process, count) in eventCounts.enumerated() {
            var start = 0
            while start < count {
                let end = min(start + Self.eventsPerChunk, count)
                chunks.append(Chunk(process: process, start: start, end: end))
                start = end
            }
        }
        self.chunks = chunks
    }

    /// The number of threads to use when the caller does not say: every core.
    static var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(chunkIndex, worker)` for every chunk on up to `threads` threads.
    /// `worker` is in `0..<workers` (the value returned) and identifies scratch space
    /// that no other thread uses at the same time. Chunks are handed out in order
    /// from a shared counter, so a slow thread does not hold the others back.
    @discardableResult
    func run(threads: Int?, _ body: (_ chunk: Int, _ worker: Int) -> Void) -> Int {
        let workers = Self.workerCount(threads: threads, chunks: chunks.count)
        if workers <= 1 {
            for index in chunks.indices { body(index, 0) }
            return 1
        }
        let counter = ChunkCounter()
        let total = chunks.count
        // The body writes only to its own chunk's slot and its own worker's scratch
        // space; the chunk indices it receives are disjoint across threads.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let index = counter.next()
                    if index >= total { break }
                    body(index, worker)
                }
            }
        }
        return workers
    }

    /// The number of workers `run` uses for `threads` requested threads.
    static func workerCount(threads: Int?, chunks: Int) -> Int {
        let requested = threads ?? defaultThreadCount
        return max(1, min(requested, chunks))
    }
}

/// A lock-protected counter handing out chunk indices.
private final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let current = value
        value += 1
        return current
    }
}
