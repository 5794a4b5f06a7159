import Foundation
import Testing

@testable import Gato

@Suite struct ExactBinningTests {
    // MARK: Brute force

    /// Every partition of `pre` into `bins` contiguous bins, as interior cuts in increasing order.
    static func partitions(of n: Int, bins: Int) -> [[Int]] {
        guard bins > 1 else { return [[]] }
        var result: [[Int]] = []
        func extend(_ cuts: [Int], from first: Int) {
            if cuts.count == bins - 1 {
                result.append(cuts)
                return
            }
            guard first < n else { return }
            for c in first..<n { extend(cuts + [c], from: c + 1) }
        }
        extend([], from: 1)
        return result
    }

    /// The yields of the bins with `cuts`, summed over the pre-bins left to right
    /// (independently of the search, which sums right to left).
    static func binYields(_ pre: QuantilePreBins, cuts: [Int]) -> [(s: Double, b: Double, w2: Double, nb: Int)] {
        let bounds = [0] + cuts + [pre.count]
        return (0..<(bounds.count - 1)).map { k in
            var (s, b, w2, nb) = (0.0, 0.0, 0.0, 0)
            for p in bounds[k]..<bounds[k + 1] {
                s += pre.signal[p]
                b += pre.background[p]
                w2 += pre.backgroundSumW2[p]
                nb += pre.backgroundEvents[p]
            }
            return (s, b, w2, nb)
        }
    }

    /// `sum_k Z_A^2` of the bins with `cuts`, or nil when a bin fails `constraints`.
    static func value(_ pre: QuantilePreBins, cuts: [Int], constraints: BinConstraints) -> Double? {
        var total = 0.0
        for bin in binYields(pre, cuts: cuts) {
            guard constraints.admits(background: bin.b, sumW2: bin.w2, backgroundEvents: bin.nb) else { return nil }
            total += Significance.asimovSquared(signal: bin.s, background: bin.b)
        }
        return total
    }

    /// The brute-force optimum over every partition: its value and every partition
    /// within `ties` (relative) of it; nil when none is feasible.
    static func bruteForce(_ pre: QuantilePreBins, bins: Int, constraints: BinConstraints, ties: Double = 1e-9)
        -> (value: Double, argmax: [[Int]])?
    {
        let scored = partitions(of: pre.count, bins: bins).compactMap { cuts in
            value(pre, cuts: cuts, constraints: constraints).map { (cuts, $0) }
        }
        guard let best = scored.map(\.1).max() else { return nil }
        return (best, scored.filter { $0.1 >= best - ties * abs(best) }.map(\.0))
    }

    /// The yields of each bin when every event is assigned with `partition.bin(of:)`,
    /// in the dataset's order.
    static func assignedYields(_ data: Dataset, signal: String, partition: ExactPartition)
        -> (s: [Double], b: [Double], w2: [Double], nb: [Int], all: [Int])
    {
        let k = partition.count
        var s = [Double](repeating: 0, count: k)
        var b = s
        var w2 = s
        var nb = [Int](repeating: 0, count: k)
        var all = nb
        for process in data.processes {
            for event in 0..<process.count {
                let bin = partition.bin(of: Double(process.feature(event, 0)))
                let w = process.weight(event)
                all[bin] += 1
                if process.name == signal {
                    s[bin] += w
                } else {
                    b[bin] += w
                    w2[bin] += w * w
                    nb[bin] += 1
                }
            }
        }
        return (s, b, w2, nb, all)
    }

    static let constraintSets: [BinConstraints] = [
        .none,
        BinConstraints(minimumBackground: 10, maximumRelativeUncertainty: nil),
        BinConstraints(minimumBackground: nil, maximumRelativeUncertainty: 0.35),
        BinConstraints(minimumBackground: nil, maximumRelativeUncertainty: nil, minimumBackgroundEvents: 12),
        BinConstraints(minimumBackground: 8, maximumRelativeUncertainty: 0.4, minimumBackgroundEvents: 10),
    ]

    static func smallDataset(seed: UInt64, negativeWeights: Bool, twoSignals: Bool) -> Dataset {
        let processes: [(String, ProcessRole, Int)] =
            twoSignals
            ? [("sig", .signal, 30), ("sig2", .signal, 20), ("bkg1", .background, 50), ("bkg2", .background, 40)]
            : [("sig", .signal, 30), ("bkg1", .background, 50), ("bkg2", .background, 40)]
        return TestData.random(dimension: 1, processes: processes, seed: seed, negativeWeights: negativeWeights)
    }

    /// The search against every partition of 8 and 12 pre-bins into 1...4 bins, with
    /// and without each constraint, positive and mixed-sign weights, one and two
    /// signals: the same optimum value (1e-12 relative), the same boundaries, the
    /// same feasibility.
    @Test(arguments: [8, 12], [false, true])
    func matchesBruteForce(preBins: Int, negativeWeights: Bool) throws {
        var compared = 0
        var uniqueOptima = 0
        // For each constraint set, whether it changed an optimum or made some K infeasible.
        var binds = [Bool](repeating: false, count: Self.constraintSets.count)
        for seed: UInt64 in 1...6 {
            let twoSignals = seed % 2 == 0
            let data = Self.smallDataset(seed: seed, negativeWeights: negativeWeights, twoSignals: twoSignals)
            let pre = try QuantilePreBins(data, signal: "sig", count: preBins)
            #expect(pre.count == preBins)
            let unconstrained = (1...4).map { Self.bruteForce(pre, bins: $0, constraints: .none) }
            for (index, constraints) in Self.constraintSets.enumerated() {
                let expected = (1...4).map { Self.bruteForce(pre, bins: $0, constraints: constraints) }
                for k in 0..<4 where expected[k]?.argmax != unconstrained[k]?.argmax { binds[index] = true }
                let label = "seed \(seed), \(preBins) pre-bins, constraints \(constraints.summary)"
                guard expected[3] != nil else {
                    #expect(throws: ExactBinningError.self, "\(label)") {
                        try ExactBinning.optimize(data, signal: "sig", bins: 4, preBins: preBins, constraints: constraints)
                    }
                    continue
                }
                let result = try ExactBinning.optimize(
                    data, signal: "sig", bins: 4, preBins: preBins, constraints: constraints)
                #expect(result.preBins == pre)
                for k in 1...4 {
                    guard let (best, argmax) = expected[k - 1] else {
                        #expect(result.partition(bins: k) == nil, "\(label), K = \(k)")
                        continue
                    }
                    guard let partition = result.partition(bins: k) else {
                        Issue.record("\(label), K = \(k): no partition, brute force found \(best)")
                        continue
                    }
                    compared += 1
                    let found = try #require(Self.value(pre, cuts: partition.preBinCuts, constraints: constraints))
                    #expect(abs(found - best) <= 1e-12 * abs(best), "\(label), K = \(k): \(found) vs \(best)")
                    let z = partition.combinedSignificance
                    #expect(abs(z * z - best) <= 1e-12 * abs(best), "\(label), K = \(k)")
                    if argmax.count == 1 {
                        uniqueOptima += 1
                        #expect(partition.preBinCuts == argmax[0], "\(label), K = \(k)")
                        #expect(partition.boundaries == argmax[0].map { pre.edges[$0 - 1] }, "\(label), K = \(k)")
                    } else {
                        #expect(argmax.contains(partition.preBinCuts), "\(label), K = \(k)")
                    }
                    // Every returned bin meets the constraints.
                    for i in 0..<partition.count {
                        #expect(
                            constraints.admits(
                                background: partition.background[i], sumW2: partition.backgroundSumW2[i],
                                backgroundEvents: partition.backgroundEvents[i]), "\(label), K = \(k), bin \(i)")
                    }
                }
            }
        }
        // The comparison must not be vacuous: many optima, and every constraint binds somewhere.
        #expect(compared >= 60)
        #expect(binds == [false] + Array(repeating: true, count: Self.constraintSets.count - 1))
        #expect(uniqueOptima >= compared * 9 / 10)
    }

    /// Assigning the events with the returned boundaries gives the returned yields
    /// bit for bit, and the significances follow from them.
    @Test func hardAssignmentReproducesTheYields() throws {
        let data = TestData.random(
            dimension: 1,
            processes: [("sig", .signal, 2000), ("sig2", .signal, 1500), ("bkg1", .background, 3000), ("bkg2", .background, 2500)],
            seed: 11, negativeWeights: true)
        let result = try ExactBinning.optimize(
            data, signal: "sig", bins: 6, preBins: 200, constraints: BinConstraints(minimumBackground: 20))
        for partition in result.partitions.compactMap({ $0 }) {
            let assigned = Self.assignedYields(data, signal: "sig", partition: partition)
            #expect(assigned.s == partition.signal)
            #expect(assigned.b == partition.background)
            #expect(assigned.w2 == partition.backgroundSumW2)
            #expect(assigned.nb == partition.backgroundEvents)
            #expect(assigned.all == partition.events)
            #expect(partition.events.reduce(0, +) == data.eventCount)
            #expect(partition.boundaries.count == partition.count - 1)
            #expect(zip(partition.boundaries, partition.boundaries.dropFirst()).allSatisfy { $0 < $1 })
            #expect(partition.significances == zip(assigned.s, assigned.b).map { Significance.asimov(signal: $0, background: $1) })
            #expect(partition.combinedSignificance == Significance.combined(signal: assigned.s, background: assigned.b))
            // The per-bin yields are the sums of the pre-bins' (to rounding).
            let fromPreBins = Self.binYields(result.preBins, cuts: partition.preBinCuts)
            let scale = data.processes.reduce(0) { $0 + $1.weights.reduce(0) { $0 + abs($1) } }
            for i in 0..<partition.count {
                #expect(abs(fromPreBins[i].s - partition.signal[i]) <= 1e-12 * scale)
                #expect(abs(fromPreBins[i].b - partition.background[i]) <= 1e-12 * scale)
            }
        }
        #expect(result.partitions.compactMap { $0 }.count == 6)
    }

    // MARK: Pre-bins

    static func handMade() throws -> Dataset {
        // Pooled and sorted: 0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.5, 0.7, 0.9.
        let signal = try ProcessSample(
            name: "sig", role: .signal, features: [0.2, 0.1, 0.5, 0.3], dimension: 1, weights: [1, 2, 3, 4])
        let background = try ProcessSample(
            name: "bkg", role: .background, features: [0.9, 0.3, 0.2, 0.7, 0.3, 0.2], dimension: 1,
            weights: [10, 20, -5, 40, 50, 60])
        return try Dataset([signal, background])
    }

    /// Quantile edges on a hand-made example with ties: candidates at sorted
    /// positions 2, 4, 6, 8 are 0.2, 0.3, 0.3, 0.7; the repeated 0.3 is dropped.
    @Test func preBinsAtQuantilesWithTies() throws {
        let pre = try QuantilePreBins(try Self.handMade(), signal: "sig", count: 5)
        #expect(pre.edges == [0.2, 0.3, 0.7].map { Double(Float($0)) })
        #expect(pre.count == 4)
        // [-inf, 0.2): 0.1 | [0.2, 0.3): three 0.2 | [0.3, 0.7): three 0.3, 0.5 | [0.7, inf): 0.7, 0.9.
        #expect(pre.events == [1, 3, 4, 2])
        #expect(pre.backgroundEvents == [0, 2, 2, 2])
        #expect(pre.signal == [2, 1, 7, 0])
        #expect(pre.background == [0, 55, 70, 50])
        #expect(pre.backgroundSumW2 == [0, 3625, 2900, 1700])
        // A value on an edge belongs to the pre-bin above it.
        #expect(pre.bin(of: Double(Float(0.2))) == 1)
        #expect(pre.bin(of: Double(Float(0.3))) == 2)
        #expect(pre.bin(of: 0.29) == 1)
        #expect(pre.bin(of: -7) == 0)
        #expect(pre.bin(of: 5) == 3)
    }

    /// More pre-bins asked for than there are distinct values: one per value.
    @Test func onePreBinPerDistinctValueAtMost() throws {
        let data = try Self.handMade()
        let pre = try QuantilePreBins(data, signal: "sig", count: 20)
        #expect(pre.edges == [0.2, 0.3, 0.5, 0.7, 0.9].map { Double(Float($0)) })
        #expect(pre.events == [1, 3, 3, 1, 1, 1])
        let one = try QuantilePreBins(data, signal: "sig", count: 1)
        #expect(one.edges.isEmpty && one.events == [10] && one.background == [175])
    }

    /// Without ties, every pre-bin holds N / count events.
    @Test func quantilePreBinsHoldEqualCounts() throws {
        let data = TestData.random(dimension: 2, seed: 3)  // 1200 events, continuous values
        let pre = try QuantilePreBins(data, signal: "sig", dimension: 1, count: 100)
        #expect(pre.count == 100)
        #expect(pre.events.allSatisfy { $0 == 12 })
        #expect(pre.dimension == 1)
    }

    // MARK: Several signals

    /// The signal that is not optimised counts as background (hand-computed).
    @Test func otherSignalsCountAsBackground() throws {
        let a = try ProcessSample(name: "A", role: .signal, features: [0.2, 0.8], dimension: 1, weights: [5, 1])
        let b = try ProcessSample(name: "B", role: .signal, features: [0.8], dimension: 1, weights: [4])
        let bkg = try ProcessSample(name: "bkg", role: .background, features: [0.2, 0.8], dimension: 1, weights: [10, 10])
        let data = try Dataset([a, b, bkg])
        func z2(_ s: Double, _ b: Double) -> Double { 2 * ((s + b) * log(1 + s / b) - s) }

        let forA = try ExactBinning.optimize(data, signal: "A", bins: 2, constraints: .none).optimum
        #expect(forA.boundaries == [Double(Float(0.8))])
        #expect(forA.signal == [5, 1])
        #expect(forA.background == [10, 14])
        #expect(forA.backgroundSumW2 == [100, 116])
        #expect(forA.backgroundEvents == [1, 2])
        #expect(forA.events == [2, 3])
        let expectedA = (z2(5, 10) + z2(1, 14)).squareRoot()  // 1.4716...
        #expect(abs(forA.combinedSignificance - expectedA) <= 1e-13 * expectedA)
        #expect(abs(forA.significances[1] - z2(1, 14).squareRoot()) <= 1e-13)

        let forB = try ExactBinning.optimize(data, signal: "B", bins: 2, constraints: .none).optimum
        #expect(forB.signal == [0, 4])
        #expect(forB.background == [15, 11])
        #expect(forB.significances[0] == 0)
        #expect(abs(forB.combinedSignificance - z2(4, 11).squareRoot()) <= 1e-13)
    }

    // MARK: Ties, threads

    /// With no signal every partition has Z = 0: the rule picks the lowest boundaries.
    @Test func tiesPickTheLowestBoundaries() throws {
        let data = TestData.random(dimension: 1, seed: 4)
        let noSignal = try data.replacing(try data.process(named: "sig").withWeights(Array(repeating: 0, count: 300)))
        let result = try ExactBinning.optimize(noSignal, signal: "sig", bins: 4, preBins: 50, constraints: .none)
        #expect(result.optimum.preBinCuts == [1, 2, 3])
        #expect(result.optimum.combinedSignificance == 0)
    }

    /// The result does not depend on the number of threads.
    @Test func sameResultForAnyThreadCount() throws {
        let data = TestData.random(
            dimension: 1, processes: [("sig", .signal, 6000), ("bkg1", .background, 12000), ("bkg2", .background, 9000)],
            seed: 5, negativeWeights: true)
        let one = try ExactBinning.optimize(data, signal: "sig", bins: 8, preBins: 600, threads: 1)
        for threads in [2, 3, 8] {
            #expect(try ExactBinning.optimize(data, signal: "sig", bins: 8, preBins: 600, threads: threads) == one)
        }
    }

    // MARK: Errors

    @Test func infeasibleConstraintsThrowNamingKAndTheConstraint() throws {
        let data = Self.smallDataset(seed: 1, negativeWeights: false, twoSignals: false)
        // Total background about 90: no bin of 1000 anywhere.
        let none = BinConstraints(minimumBackground: 1000, maximumRelativeUncertainty: 0.2)
        #expect(throws: ExactBinningError.infeasible(bins: 1, constraints: none, largestFeasible: nil, binding: [.minimumBackground])) {
            try ExactBinning.optimize(data, signal: "sig", bins: 1, preBins: 10, constraints: none)
        }
        // Background 30 per bin: at most 3 bins; the relative uncertainty is loose.
        let loose = BinConstraints(minimumBackground: 30, maximumRelativeUncertainty: 0.9)
        let pre = try QuantilePreBins(data, signal: "sig", count: 10)
        let largest = try #require((1...10).last { Self.bruteForce(pre, bins: $0, constraints: loose) != nil })
        #expect(largest < 6)
        do {
            _ = try ExactBinning.optimize(data, signal: "sig", bins: 6, preBins: 10, constraints: loose)
            Issue.record("no error")
        } catch let error as ExactBinningError {
            #expect(error == .infeasible(bins: 6, constraints: loose, largestFeasible: largest, binding: [.minimumBackground]))
            let message = "\(error)"
            #expect(message.contains("no partition into 6 bins"), "\(message)")
            #expect(message.contains("at most \(largest) bins"), "\(message)")
            #expect(message.contains("binding constraint is the minimum background yield"), "\(message)")
        }
    }

    @Test func badInputThrows() throws {
        let data = Self.smallDataset(seed: 2, negativeWeights: false, twoSignals: true)
        #expect(throws: ExactBinningError.unknownSignal(name: "nope", signals: ["sig", "sig2"])) {
            try ExactBinning.optimize(data, signal: "nope", bins: 2)
        }
        // A background is not a signal.
        #expect(throws: ExactBinningError.unknownSignal(name: "bkg1", signals: ["sig", "sig2"])) {
            try ExactBinning.optimize(data, signal: "bkg1", bins: 2)
        }
        #expect(throws: ExactBinningError.dimensionOutOfRange(dimension: 1, dimensions: 1)) {
            try ExactBinning.optimize(data, signal: "sig", bins: 2, dimension: 1)
        }
        #expect(throws: ExactBinningError.invalidBinCount(0)) { try ExactBinning.optimize(data, signal: "sig", bins: 0) }
        #expect(throws: ExactBinningError.invalidPreBinCount(0)) {
            try ExactBinning.optimize(data, signal: "sig", bins: 2, preBins: 0)
        }
        #expect(throws: ExactBinningError.tooFewPreBins(bins: 11, preBins: 10)) {
            try ExactBinning.optimize(data, signal: "sig", bins: 11, preBins: 10, constraints: .none)
        }
        #expect(throws: ExactBinningError.self) {
            try ExactBinning.optimize(
                data, signal: "sig", bins: 2, constraints: BinConstraints(maximumRelativeUncertainty: 0))
        }
        // Every value equal: one pre-bin.
        let flat = try Dataset([
            try ProcessSample(name: "s", role: .signal, features: [0.5, 0.5], dimension: 1, weights: [1, 1]),
            try ProcessSample(name: "b", role: .background, features: [0.5], dimension: 1, weights: [3]),
        ])
        #expect(throws: ExactBinningError.tooFewPreBins(bins: 2, preBins: 1)) {
            try ExactBinning.optimize(flat, signal: "s", bins: 2, constraints: .none)
        }
        #expect(TestData.errorMessage { _ = try ExactBinning.optimize(data, signal: "nope", bins: 2) }
            == "no signal process named 'nope' (signals: sig, sig2)")
    }

    /// The constraint test itself, at its edges.
    @Test func constraintsAtTheirThresholds() {
        let c = BinConstraints(minimumBackground: 10, maximumRelativeUncertainty: 0.2, minimumBackgroundEvents: 5)
        #expect(c.violation(background: 10, sumW2: 4, backgroundEvents: 5) == nil)  // sqrt(4)/10 = 0.2
        #expect(c.violation(background: 9.99, sumW2: 1, backgroundEvents: 5) == .minimumBackground)
        #expect(c.violation(background: 10, sumW2: 4.01, backgroundEvents: 5) == .maximumRelativeUncertainty)
        #expect(c.violation(background: 10, sumW2: 1, backgroundEvents: 4) == .minimumBackgroundEvents)
        let relativeOnly = BinConstraints(minimumBackground: nil, maximumRelativeUncertainty: 0.2)
        #expect(relativeOnly.violation(background: 0, sumW2: 0, backgroundEvents: 0) == .maximumRelativeUncertainty)
        #expect(relativeOnly.violation(background: -1, sumW2: 0, backgroundEvents: 3) == .maximumRelativeUncertainty)
        #expect(BinConstraints.none.admits(background: -5, sumW2: 100, backgroundEvents: 0))
        #expect(BinConstraints.default.minimumBackground == Penalty.defaultYieldThreshold)
        #expect(BinConstraints.default.maximumRelativeUncertainty == Penalty.defaultUncertaintyThreshold)
        #expect(BinConstraints.default.minimumBackgroundEvents == nil)
    }
}
