import Dispatch

/// The globally optimal binning of one discriminant: the partition of its
/// quantile pre-bins into K contiguous bins that maximises the combined Asimov
/// significance, found exactly by dynamic programming, under hard requirements on
/// every bin (``BinConstraints``).
///
/// Objective: with `s_i` the yield of the optimised signal and `b_i` that of every
/// other process (the backgrounds and, with several signals, the other signals) in
/// bin i, maximise `sum_i Z_A(s_i, b_i)^2`, and so `Z = sqrt(sum_i Z_A^2)`
/// (``Significance/combined(signal:background:formula:)``), with the stable exact
/// `Z_A^2` of ``Significance/asimovSquared(signal:background:)`` (its relative
/// background floor included: a bin whose background sums to zero or less counts
/// as nearly background-free, so with negative weights keep a constraint on the
/// background). Bins are unions of consecutive ``QuantilePreBins``; a bin that
/// fails a requirement is never used.
///
/// Search: with `q(i, j)` the `Z_A^2` of pre-bins `i..<j` (minus infinity when the
/// bin fails a requirement) and `best[0][0] = 0`,
///
///     best[k][j] = max_{k-1 <= i < j} best[k-1][i] + q(i, j),
///
/// so `best[k][N]` is the optimum with k bins, for every k <= K at once. Every
/// `q(i, j)` is computed once (`N (N + 1) / 2` values, summing the pre-bins' yields
/// from j - 1 down to i, which avoids the cancellation of differences of large
/// prefix sums when weights have both signs), then the recursion costs
/// `K N^2 / 2` additions: for N = 1000 and K = 20, a few tens of milliseconds.
/// Memory: 8 bytes per `q`, 4 MB for N = 1000.
///
/// Ties: candidates are compared exactly, in increasing i, and one replaces the
/// best so far only when strictly larger, so the smallest maximising i wins. Among
/// partitions of equal value the result is the one whose boundaries, compared from
/// the last to the first, are lowest. The table of `q` is split over threads by
/// its columns j, each value computed the same way by whichever thread, so the
/// result is the same for any number of threads.
public enum ExactBinning {
    /// The optimal partitions for every number of bins 1...K.
    public struct Result: Sendable, Equatable {
        /// The pre-bins the bins are made of.
        public let preBins: QuantilePreBins
        /// The requirements every bin meets.
        public let constraints: BinConstraints
        /// `partitions[k - 1]`: the optimal partition into k bins, or nil when no
        /// partition into k bins meets the constraints. The last is never nil.
        public let partitions: [ExactPartition?]

        /// The optimal partition into `bins` bins (1...K), or nil when none meets
        /// the constraints.
        public func partition(bins: Int) -> ExactPartition? {
            (1...partitions.count).contains(bins) ? partitions[bins - 1] : nil
        }

        /// The optimal partition into the K bins asked for.
        public var optimum: ExactPartition {
            guard let last = partitions.last, let partition = last else {
                requirementFailure("a result always has a partition into K bins")
            }
            return partition
        }
    }

    /// The partitions of feature `dimension` of `data` into 1...`bins` contiguous
    /// bins that maximise the combined Asimov significance of the signal process
    /// `signal` under `constraints`.
    ///
    /// - Parameters:
    ///   - data: the events; every process other than `signal` counts as background.
    ///   - signal: the name of the signal process to optimise for.
    ///   - bins: K >= 1, the largest number of bins.
    ///   - dimension: the feature dimension that is the discriminant (default 0).
    ///   - preBins: the number of quantile pre-bins (``QuantilePreBins/defaultCount``,
    ///     1000); fewer when the discriminant has ties (see ``QuantilePreBins``).
    ///   - constraints: the requirements on every bin (default: gato's penalty
    ///     thresholds, ``BinConstraints/default``).
    ///   - threads: threads for the table of bin significances (nil: every core).
    ///     The result does not depend on it.
    /// - Throws: ``ExactBinningError/infeasible(bins:constraints:largestFeasible:binding:)``
    ///   when no partition into K bins meets the constraints;
    ///   ``ExactBinningError/tooFewPreBins(bins:preBins:)``,
    ///   ``ExactBinningError/unknownSignal(name:signals:)``,
    ///   ``ExactBinningError/dimensionOutOfRange(dimension:dimensions:)``,
    ///   ``ExactBinningError/invalidBinCount(_:)``,
    ///   ``ExactBinningError/invalidPreBinCount(_:)``,
    ///   ``ExactBinningError/invalidConstraint(detail:)`` for unusable input.
    public static func optimize(
        _ data: Dataset, signal: String, bins: Int, dimension: Int = 0,
        preBins: Int = QuantilePreBins.defaultCount, constraints: BinConstraints = .default, threads: Int? = nil
    ) throws -> Result {
        guard bins >= 1 else { throw ExactBinningError.invalidBinCount(bins) }
        try constraints.validate()
        let (pre, eventBins) = try QuantilePreBins.make(data, signal: signal, dimension: dimension, count: preBins)
        guard pre.count >= bins else { throw ExactBinningError.tooFewPreBins(bins: bins, preBins: pre.count) }
        let table = significanceTable(pre, constraints: constraints, threads: threads)
        let search = Search(table: table, preBins: pre.count, bins: bins)
        guard search.optimum[bins].isFinite else {
            let largest = (1..<bins).last { search.optimum[$0].isFinite }
            let binding = constraints.active.filter { kind in
                feasibleBinCounts(pre, constraints: constraints.dropping(kind), upTo: bins)[bins]
            }
            throw ExactBinningError.infeasible(
                bins: bins, constraints: constraints, largestFeasible: largest, binding: binding)
        }
        let partitions: [ExactPartition?] = (1...bins).map { k in
            guard search.optimum[k].isFinite else { return nil }
            return ExactPartition(cuts: search.cuts(bins: k), preBins: pre, data: data, eventBins: eventBins)
        }
        return Result(preBins: pre, constraints: constraints, partitions: partitions)
    }

    // MARK: The search

    /// The position of `q(i, j)` in the table: column j (1...N) holds i = 0..<j.
    @inline(__always)
    static func tableOffset(end j: Int) -> Int { j * (j - 1) / 2 }

    /// `q(i, j) = Z_A^2` of pre-bins `i..<j` for `0 <= i < j <= N`, minus infinity
    /// where the bin fails `constraints`; laid out column by column
    /// (``tableOffset(end:)``). Columns are split over `threads` threads; each value
    /// is computed by the same operations whichever thread computes it.
    static func significanceTable(_ pre: QuantilePreBins, constraints: BinConstraints, threads: Int?) -> [Double] {
        let n = pre.count
        let size = tableOffset(end: n + 1)
        // Blocks of columns of about equal work (column j costs j), dealt round-robin.
        let workers = max(1, min(threads ?? ParallelChunks.defaultThreadCount, n / 64 + 1))
        let blockCount = workers == 1 ? 1 : 16 * workers
        var blockEnds: [Int] = (1...blockCount).map { b in
            Int((Double(n) * (Double(b) / Double(blockCount)).squareRoot()).rounded())
        }
        blockEnds[blockCount - 1] = n
        return [Double](unsafeUninitializedCapacity: size) { table, initialized in
            pre.signal.withUnsafeBufferPointer { signal in
                pre.background.withUnsafeBufferPointer { background in
                    pre.backgroundSumW2.withUnsafeBufferPointer { sumW2 in
                        pre.backgroundEvents.withUnsafeBufferPointer { events in
                            nonisolated(unsafe) let table = table
                            nonisolated(unsafe) let fill = { (block: Int) in
                                let start = block == 0 ? 1 : blockEnds[block - 1] + 1
                                let end = blockEnds[block]
                                guard start <= end else { return }
                                for j in start...end {
                                    let base = tableOffset(end: j)
                                    var s = 0.0
                                    var b = 0.0
                                    var w2 = 0.0
                                    var nb = 0
                                    for i in stride(from: j - 1, through: 0, by: -1) {
                                        s += signal[i]
                                        b += background[i]
                                        w2 += sumW2[i]
                                        nb += events[i]
                                        table[base + i] =
                                            constraints.admits(background: b, sumW2: w2, backgroundEvents: nb)
                                            ? Significance.asimovSquared(signal: s, background: b) : -.infinity
                                    }
                                }
                            }
                            if workers == 1 {
                                fill(0)
                            } else {
                                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                    for block in stride(from: worker, to: blockCount, by: workers) { fill(block) }
                                }
                            }
                        }
                    }
                }
            }
            initialized = size
        }
    }

    /// The recursion over the table: the optimum for every number of bins and the
    /// choices that reach it.
    struct Search {
        /// `optimum[k]`: `best[k][N]` for k = 0...K (minus infinity when infeasible).
        let optimum: [Double]
        /// `start[k][j]`: the maximising i of `best[k][j]`, -1 when infeasible.
        let start: [[Int32]]

        init(table: [Double], preBins n: Int, bins: Int) {
            var previous = [Double](repeating: -.infinity, count: n + 1)
            previous[0] = 0
            var optimum = [Double](repeating: -.infinity, count: bins + 1)
            optimum[0] = n == 0 ? 0 : -.infinity
            var start: [[Int32]] = [[]]
            table.withUnsafeBufferPointer { table in
                for k in 1...bins {
                    var current = [Double](repeating: -.infinity, count: n + 1)
                    var choice = [Int32](repeating: -1, count: n + 1)
                    if k <= n {
                        for j in k...n {
                            let base = ExactBinning.tableOffset(end: j)
                            var best = -Double.infinity
                            var argument = -1
                            for i in (k - 1)..<j {
                                let value = previous[i] + table[base + i]
                                if value > best {
                                    best = value
                                    argument = i
                                }
                            }
                            current[j] = best
                            choice[j] = Int32(argument)
                        }
                    }
                    optimum[k] = current[n]
                    start.append(choice)
                    previous = current
                }
            }
            self.optimum = optimum
            self.start = start
        }

        /// The interior cuts (pre-bin indices) of the optimal partition into `bins` bins.
        func cuts(bins: Int) -> [Int] {
            var cuts: [Int] = []
            var j = start[1].count - 1
            for k in stride(from: bins, to: 1, by: -1) {
                j = Int(start[k][j])
                cuts.append(j)
            }
            return cuts.reversed()
        }
    }

    /// `possible[k]` for k = 0...K: whether some partition into k bins meets
    /// `constraints` (for the diagnosis of an infeasible K; `K N^2 / 2` steps).
    static func feasibleBinCounts(_ pre: QuantilePreBins, constraints: BinConstraints, upTo bins: Int) -> [Bool] {
        let n = pre.count
        // allowed[offset(j) + i]: pre-bins i..<j form an admissible bin.
        var allowed = [Bool](repeating: false, count: tableOffset(end: n + 1))
        for j in 1...n {
            var b = 0.0
            var w2 = 0.0
            var nb = 0
            for i in stride(from: j - 1, through: 0, by: -1) {
                b += pre.background[i]
                w2 += pre.backgroundSumW2[i]
                nb += pre.backgroundEvents[i]
                allowed[tableOffset(end: j) + i] = constraints.admits(background: b, sumW2: w2, backgroundEvents: nb)
            }
        }
        var reachable = [Bool](repeating: false, count: n + 1)
        reachable[0] = true
        var possible = [Bool](repeating: false, count: bins + 1)
        possible[0] = n == 0
        for k in 1...bins {
            var next = [Bool](repeating: false, count: n + 1)
            for j in 1...n {
                for i in 0..<j where reachable[i] && allowed[tableOffset(end: j) + i] {
                    next[j] = true
                    break
                }
            }
            possible[k] = next[n]
            reachable = next
        }
        return possible
    }
}
