import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct ParallelChunksTests {
    @Test func chunksCoverEveryEventOnceWithinOneProcess() {
        let counts = [0, 1, 8192, 8193, 20_000]
        let plan = ParallelChunks(eventCounts: counts)
        for (process, count) in counts.enumerated() {
            let chunks = plan.chunks.filter { $0.process == process }
            #expect(chunks.reduce(0) { $0 + $1.end - $1.start } == count)
            #expect(chunks.allSatisfy { $0.end - $0.start <= ParallelChunks.eventsPerChunk && $0.end > $0.start })
        }
        #expect(plan.chunks.count == 0 + 1 + 1 + 2 + 3)
    }

    @Test func everyChunkRunsExactlyOnceOnAnyThreadCount() {
        let plan = ParallelChunks(eventCounts: [100_000, 50_000])
        for threads in [1, 2, 5] {
            let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: plan.chunks.count)
            visits.initialize(repeating: 0)
            defer { visits.deallocate() }
            let workers = plan.run(threads: threads) { chunk, _ in visits[chunk] += 1 }
            #expect(Array(visits) == Array(repeating: 1, count: plan.chunks.count))
            #expect(workers == min(threads, plan.chunks.count))
        }
    }
}
