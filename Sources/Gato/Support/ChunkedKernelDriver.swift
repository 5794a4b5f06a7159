/// The scaffolding every event kernel shares: chunks, threads, per-worker scratch,
/// per-chunk result slots and their deterministic reduction.
///
/// A kernel supplies only the work on one chunk of events, a closure
/// `body(chunk, scratch, slot)`: it reads the events `chunk.range` of process
/// `chunk.process`, may use `scratch` (its worker's private memory, see
/// ``ScratchArena``) and writes its partial sums to `slot`, `slotSize` doubles
/// that are zero on entry and belong to this chunk alone. The driver then adds the
/// slots:
///
/// - ``Reduction/perProcess``: `result[p * S + j] = sum over p's chunks c, in
///   order, of slot_c[j]` (the yields of each process);
/// - ``Reduction/total``: `result[j] = sum over every chunk c, in order, of
///   slot_c[j]` (a gradient, to which every process contributes).
///
/// Both sums start from `+0.0` and run in chunk order; chunk boundaries depend only
/// on the event counts (``ParallelChunks``). Which thread computed a slot does not
/// enter the arithmetic at all, so results are bit-for-bit the same for any number
/// of threads, the serial run included.
///
/// Costs beyond the kernel's own: `S` doubles per chunk of 8192 events (for
/// `S = 4 K` that is K / 256 bytes per event, 0.01% of the event arrays for
/// K = 10), `scratchBytes + 64` bytes per worker, and one `S`-wide addition per
/// chunk in the reduction, which runs on the calling thread after the workers
/// finish (about 150 chunks for 1.2M events: microseconds).
struct ChunkedKernelDriver {
    /// How ``sum(slotSize:scratchBytes:reduction:_:)`` adds the chunks' slots.
    enum Reduction {
        /// One sum per process: `P x S` values, process-major.
        case perProcess
        /// One sum over every chunk of every process: `S` values.
        case total
    }

    /// The chunks of the events.
    let plan: ParallelChunks
    /// The number of processes whose events are chunked (P).
    let processCount: Int
    /// The number of workers (threads) a pass uses: the requested number, at most
    /// one per chunk, at least one.
    let workers: Int

    /// A driver for processes of `eventCounts` events each, on `threads` threads
    /// (nil: every core, ``ParallelChunks/defaultThreadCount``).
    init(eventCounts: [Int], threads: Int?) {
        plan = ParallelChunks(eventCounts: eventCounts)
        processCount = eventCounts.count
        workers = ParallelChunks.workerCount(threads: threads, chunks: plan.chunks.count)
    }

    /// A driver for the processes of `data`.
    init(_ data: Dataset, threads: Int?) {
        self.init(eventCounts: data.processes.map(\.count), threads: threads)
    }

    /// Runs `body` on every chunk and returns the slots' sums (see the type's
    /// documentation for the order of the additions).
    ///
    /// - Parameters:
    ///   - slotSize: S, the number of doubles each chunk writes (0 allowed).
    ///   - scratchBytes: the scratch memory each worker needs (0 allowed).
    ///   - reduction: per process (`P x S` values) or over everything (`S`).
    ///   - body: the work on one chunk. It must write only to its `slot` and its
    ///     `scratch`; it runs concurrently with itself on other chunks.
    func sum(
        slotSize: Int, scratchBytes: Int, reduction: Reduction,
        _ body: (_ chunk: ParallelChunks.Chunk, _ scratch: ScratchArena, _ slot: UnsafeMutablePointer<Double>) -> Void
    ) -> [Double] {
        let chunks = plan.chunks
        let slots = UnsafeMutablePointer<Double>.allocate(capacity: max(chunks.count * slotSize, 1))
        slots.initialize(repeating: 0, count: max(chunks.count * slotSize, 1))
        defer { slots.deallocate() }
        withScratch(bytes: scratchBytes) { scratch in
            plan.run(threads: workers) { index, worker in
                body(chunks[index], scratch(worker), slots + index * slotSize)
            }
        }
        switch reduction {
        case .perProcess:
            var result = [Double](repeating: 0, count: processCount * slotSize)
            result.withUnsafeMutableBufferPointer { result in
                for (index, chunk) in chunks.enumerated() {
                    Self.add(slots + index * slotSize, to: result.baseAddress! + chunk.process * slotSize, count: slotSize)
                }
            }
            return result
        case .total:
            var result = [Double](repeating: 0, count: slotSize)
            result.withUnsafeMutableBufferPointer { result in
                for index in chunks.indices {
                    Self.add(slots + index * slotSize, to: result.baseAddress!, count: slotSize)
                }
            }
            return result
        }
    }

    /// Runs `body` on every chunk, for kernels that write per-event results
    /// straight to their output (disjoint rows per chunk) and need no reduction.
    func forEachChunk(
        scratchBytes: Int, _ body: (_ chunk: ParallelChunks.Chunk, _ scratch: ScratchArena) -> Void
    ) {
        let chunks = plan.chunks
        withScratch(bytes: scratchBytes) { scratch in
            plan.run(threads: workers) { index, worker in body(chunks[index], scratch(worker)) }
        }
    }

    /// `target[j] += source[j]` for `j < count`, in order.
    @inline(__always)
    private static func add(_ source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>, count: Int) {
        for j in 0..<count { target[j] += source[j] }
    }

    /// Calls `body` with a function from worker index to that worker's arena.
    ///
    /// Each worker's block starts on a 64-byte boundary (a cache line on current
    /// x86 and ARM cores) and is followed by at least one spare cache line, so two
    /// workers never write to the same line. The memory is zeroed once per pass.
    private func withScratch(bytes: Int, _ body: ((Int) -> ScratchArena) -> Void) {
        let lineSize = 64
        let stride = (bytes + lineSize - 1) / lineSize * lineSize + lineSize
        let storage = UnsafeMutableRawPointer.allocate(byteCount: workers * stride, alignment: lineSize)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: workers * stride)
        defer { storage.deallocate() }
        body { worker in ScratchArena(base: storage + worker * stride, byteCount: bytes) }
    }
}

extension ParallelChunks.Chunk {
    /// The chunk's events, `start ..< end`, indices into its process's sample.
    var range: Range<Int> { start..<end }
}
