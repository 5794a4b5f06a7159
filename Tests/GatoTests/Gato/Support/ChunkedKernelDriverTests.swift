import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// The driver's reductions are the serial sums, chunk by chunk in order, to the
/// last bit, whatever the number of threads.
@Suite struct ChunkedKernelDriverTests {
    /// Counts around the chunk size: empty processes, one event, a chunk exactly,
    /// one event over, several chunks with a short last one.
    static let counts = [0, 1, ParallelChunks.eventsPerChunk, ParallelChunks.eventsPerChunk + 1, 0, 20_000, 5]
    static let slotSize = 3

    /// A value per event and slot entry whose sums depend on the order of the
    /// additions (magnitudes from 1e-8 to 1e8, both signs): `values[p][i * S + j]`.
    static let values: [[Double]] = counts.enumerated().map { process, count in
        var generator = Xoshiro256StarStar(seed: 11, stream: process)
        return (0..<(count * slotSize)).map { _ in
            let exponent = Double(Int(generator.nextUniform() * 17) - 8)
            return (generator.nextUniform() - 0.5) * Foundation.pow(10, exponent)
        }
    }

    static func value(process: Int, event: Int, entry: Int) -> Double { values[process][event * slotSize + entry] }

    /// The per-chunk body: the chunk's sum in event order.
    static func body(_ chunk: ParallelChunks.Chunk, _ scratch: ScratchArena, _ slot: UnsafeMutablePointer<Double>) {
        for j in 0..<slotSize {
            var sum = 0.0
            for event in chunk.range { sum += value(process: chunk.process, event: event, entry: j) }
            slot[j] = sum
        }
    }

    /// The same sums computed serially, without the driver: per process, chunk
    /// partial sums added in order.
    static func serialSums() -> (perProcess: [Double], total: [Double]) {
        var perProcess = [Double](repeating: 0, count: counts.count * slotSize)
        var total = [Double](repeating: 0, count: slotSize)
        for (process, count) in counts.enumerated() {
            for start in stride(from: 0, to: count, by: ParallelChunks.eventsPerChunk) {
                let end = min(start + ParallelChunks.eventsPerChunk, count)
                for j in 0..<slotSize {
                    var sum = 0.0
                    for event in start..<end { sum += value(process: process, event: event, entry: j) }
                    perProcess[process * slotSize + j] += sum
                    total[j] += sum
                }
            }
        }
        return (perProcess, total)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func reductionsEqualTheSerialSumsExactly(threads: Int) {
        let expected = Self.serialSums()
        let driver = ChunkedKernelDriver(eventCounts: Self.counts, threads: threads)
        let perProcess = driver.sum(slotSize: Self.slotSize, scratchBytes: 0, reduction: .perProcess, Self.body)
        let total = driver.sum(slotSize: Self.slotSize, scratchBytes: 0, reduction: .total, Self.body)
        #expect(perProcess.map(\.bitPattern) == expected.perProcess.map(\.bitPattern))
        #expect(total.map(\.bitPattern) == expected.total.map(\.bitPattern))
        #expect(driver.workers == min(threads, driver.plan.chunks.count))
    }

    @Test(arguments: [1, 2, 5])
    func everyEventIsVisitedOnceInChunksThatDoNotDependOnTheThreads(threads: Int) {
        let driver = ChunkedKernelDriver(eventCounts: Self.counts, threads: threads)
        let reference = ChunkedKernelDriver(eventCounts: Self.counts, threads: 1)
        #expect(driver.plan.chunks.map(\.range) == reference.plan.chunks.map(\.range))
        #expect(driver.plan.chunks.map(\.process) == reference.plan.chunks.map(\.process))
        // Each event adds 1 to its process's count: a slot of one value.
        let visits = driver.sum(slotSize: 1, scratchBytes: 0, reduction: .perProcess) { chunk, _, slot in
            #expect(chunk.range.count <= ParallelChunks.eventsPerChunk && !chunk.range.isEmpty)
            #expect(chunk.range.upperBound <= Self.counts[chunk.process])
            slot[0] += Double(chunk.range.count)
        }
        #expect(visits == Self.counts.map(Double.init))
    }

    @Test func slotsAreZeroOnEntryAndScratchIsPrivateToAWorker() {
        let driver = ChunkedKernelDriver(eventCounts: [100_000, 30_000], threads: 4)
        let scratchValues = 64
        let failures = driver.sum(
            slotSize: 5, scratchBytes: ScratchArena.byteCount(Int.self, count: scratchValues), reduction: .total
        ) { chunk, arena, slot in
            var failures = (0..<5).filter { slot[$0] != 0 }.count
            var arena = arena
            let scratch = arena.take(Int.self, count: scratchValues)
            let mark = chunk.process * 1_000_000 + chunk.start
            for i in 0..<scratchValues { scratch[i] = mark }
            // Some work while other workers write their own scratch.
            var sink = 0.0
            for event in chunk.range { sink += Self.value(process: 5, event: event % 20_000, entry: 0) }
            failures += (0..<scratchValues).filter { scratch[$0] != mark }.count
            slot[0] = Double(failures)
            slot[1] = sink.isNaN ? 1 : 0
        }
        #expect(failures[0] == 0 && failures[1] == 0)
    }

    @Test func emptyInputsGiveZerosAndNeverRunTheBody() {
        for counts in [[], [0], [0, 0, 0]] {
            for threads in [nil, 1, 4] {
                let driver = ChunkedKernelDriver(eventCounts: counts, threads: threads)
                #expect(driver.plan.chunks.isEmpty && driver.workers == 1)
                var calls = 0
                let perProcess = driver.sum(slotSize: 4, scratchBytes: 32, reduction: .perProcess) { _, _, _ in
                    calls += 1
                }
                let total = driver.sum(slotSize: 4, scratchBytes: 32, reduction: .total) { _, _, _ in calls += 1 }
                driver.forEachChunk(scratchBytes: 0) { _, _ in calls += 1 }
                #expect(perProcess == [Double](repeating: 0, count: 4 * counts.count))
                #expect(total == [0, 0, 0, 0])
                #expect(calls == 0)
            }
        }
    }

    @Test func forEachChunkRunsEveryChunkOnce() {
        let driver = ChunkedKernelDriver(eventCounts: [50_000], threads: 3)
        let seen = UnsafeMutableBufferPointer<Int>.allocate(capacity: 50_000)
        seen.initialize(repeating: 0)
        defer { seen.deallocate() }
        driver.forEachChunk(scratchBytes: 0) { chunk, _ in
            for event in chunk.range { seen[event] += 1 }
        }
        #expect(seen.allSatisfy { $0 == 1 })
    }
}
