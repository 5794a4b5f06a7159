/// A binning of one discriminant into K contiguous bins found by ``ExactBinning``,
/// with the yields and significances of its bins.
///
/// Bin i (0-based) holds the values in `[boundaries[i-1], boundaries[i])`, with
/// `boundaries[-1] = -inf` and `boundaries[K-1] = +inf`: a value exactly on a
/// boundary belongs to the bin above it, as in the pre-bins the boundaries are
/// taken from (``QuantilePreBins``). ``bin(of:)`` applies this rule.
///
/// The per-bin yields are sums over the events assigned by ``bin(of:)`` to
/// `Double(feature)`, in the dataset's order (process by process, event by event),
/// so a hard assignment of the same events with ``bin(of:)`` reproduces them bit
/// for bit. The search itself adds the pre-bins' yields instead; the two differ
/// only by rounding (of order 1e-16 times the sum of |w|), and so do the
/// significances. "Background" is every process but the optimised signal.
public struct ExactPartition: Sendable, Equatable {
    /// The K - 1 interior boundaries, strictly increasing, in the units of the
    /// discriminant: pre-bin edges.
    public let boundaries: [Double]
    /// The same boundaries as pre-bin indices: bin i starts at pre-bin
    /// `preBinCuts[i-1]` (bin 0 at pre-bin 0), strictly increasing in `1..<N`.
    public let preBinCuts: [Int]
    /// The signal yield `s_i = sum w` of each bin.
    public let signal: [Double]
    /// The background yield `b_i = sum w` of each bin.
    public let background: [Double]
    /// The background's `sum w^2` of each bin.
    public let backgroundSumW2: [Double]
    /// The number of background MC events of each bin.
    public let backgroundEvents: [Int]
    /// The number of MC events of each bin, of every process.
    public let events: [Int]
    /// `Z_A(s_i, b_i)` of each bin (``Significance/asimov(signal:background:)``).
    public let significances: [Double]
    /// The combined significance `Z = sqrt(sum_i Z_A(s_i, b_i)^2)`, the quantity
    /// ``ExactBinning`` maximises.
    public let combinedSignificance: Double

    /// The number of bins K.
    public var count: Int { signal.count }

    /// The bin of a discriminant value: the number of boundaries at or below
    /// `value` (a value on a boundary goes to the bin above it).
    ///
    /// - Precondition: `value` is not NaN.
    public func bin(of value: Double) -> Int { QuantilePreBins.interval(of: value, edges: boundaries) }

    /// The partition with `cuts` of `preBins`, its yields summed over the events
    /// whose pre-bins are `eventBins` (one array per process of `data`).
    init(cuts: [Int], preBins: QuantilePreBins, data: Dataset, eventBins: [[Int32]]) {
        let k = cuts.count + 1
        // The bin of every pre-bin.
        var binOfPreBin = [Int32](repeating: 0, count: preBins.count)
        var bin: Int32 = 0
        var next = 0
        for p in 0..<preBins.count {
            if next < cuts.count && p == cuts[next] {
                bin += 1
                next += 1
            }
            binOfPreBin[p] = bin
        }
        var s = [Double](repeating: 0, count: k)
        var b = [Double](repeating: 0, count: k)
        var w2 = [Double](repeating: 0, count: k)
        var nb = [Int](repeating: 0, count: k)
        var all = [Int](repeating: 0, count: k)
        for (p, process) in data.processes.enumerated() {
            let weights = process.weights
            let bins = eventBins[p]
            let isSignal = process.name == preBins.signalName
            for event in 0..<process.count {
                let i = Int(binOfPreBin[Int(bins[event])])
                let w = weights[event]
                all[i] += 1
                if isSignal {
                    s[i] += w
                } else {
                    b[i] += w
                    w2[i] += w * w
                    nb[i] += 1
                }
            }
        }
        self.boundaries = cuts.map { preBins.edges[$0 - 1] }
        self.preBinCuts = cuts
        self.signal = s
        self.background = b
        self.backgroundSumW2 = w2
        self.backgroundEvents = nb
        self.events = all
        self.significances = zip(s, b).map { Significance.asimov(signal: $0, background: $1) }
        self.combinedSignificance = Significance.combined(signal: s, background: b)
    }
}
