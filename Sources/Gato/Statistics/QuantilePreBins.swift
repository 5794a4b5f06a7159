/// A fine binning of one discriminant at quantiles of all events, with the yields
/// that ``ExactBinning`` merges into bins: per pre-bin the signal yield, the
/// background yield and sum of squared weights, and the numbers of MC events.
///
/// Edges: with the N values `x_(0) <= ... <= x_(N-1)` of feature `dimension` of every
/// event of every process, sorted (unweighted: each MC event counts once whatever
/// its weight, so that every pre-bin holds about `N / count` MC events and its
/// yields are about equally well known), candidate edge m = 1, ..., count - 1 is
/// `x_(floor(m N / count))`. A candidate equal to the previous edge or to the
/// smallest value is dropped, so the edges are strictly increasing and every
/// pre-bin holds at least one event. There are fewer than `count` pre-bins when
/// ties collapse quantiles: always when the discriminant has fewer than `count`
/// distinct values, and when a single value holds more than `N / count` events.
///
/// Pre-bin i holds the values in `[edges[i-1], edges[i])`, with `edges[-1] = -inf`
/// and `edges[count-1] = +inf`: an event exactly on an edge belongs to the pre-bin
/// above it, so equal values always share a pre-bin and no event is split. Edges
/// are event values (features are stored as `Float`), so they are exact in
/// `Double` and ``bin(of:)`` of `Double(feature)` finds every event's pre-bin.
///
/// Yields are sums of event weights in the dataset's order (process by process,
/// event by event). "Signal" is the process named `signal`; "background" is every
/// other process, the background processes and the other signals alike.
public struct QuantilePreBins: Sendable, Equatable {
    /// The default number of pre-bins, 1000: fine enough that the boundaries of a
    /// binning into a few tens of bins are placed to 0.1% of the events, coarse
    /// enough that the O(K N^2) search of ``ExactBinning`` over them takes well
    /// under a second.
    public static let defaultCount = 1000
    /// The largest number of pre-bins, 10000: the search stores the significance
    /// of every run of pre-bins, `8 N (N + 1) / 2` bytes (400 MB at 10000).
    public static let maximumCount = 10_000

    /// The optimised signal process.
    public let signalName: String
    /// The feature dimension that is the discriminant.
    public let dimension: Int
    /// The interior edges, strictly increasing, in the units of the discriminant:
    /// one fewer than the pre-bins.
    public let edges: [Double]
    /// The signal yield `sum w` of each pre-bin.
    public let signal: [Double]
    /// The background yield `sum w` of each pre-bin (every process but the signal).
    public let background: [Double]
    /// The background's `sum w^2` of each pre-bin.
    public let backgroundSumW2: [Double]
    /// The number of background MC events of each pre-bin.
    public let backgroundEvents: [Int]
    /// The number of MC events of each pre-bin, of every process.
    public let events: [Int]

    /// The number of pre-bins (at least 1).
    public var count: Int { signal.count }

    /// Pre-bins of feature `dimension` of `data` at `count` quantiles, with the
    /// process `signal` as the signal.
    ///
    /// - Throws: ``ExactBinningError/unknownSignal(name:signals:)`` when `signal`
    ///   is not a signal process, ``ExactBinningError/dimensionOutOfRange(dimension:dimensions:)``,
    ///   ``ExactBinningError/invalidPreBinCount(_:)`` for a count outside
    ///   `1...maximumCount`.
    public init(_ data: Dataset, signal: String, dimension: Int = 0, count: Int = defaultCount) throws {
        self = try Self.make(data, signal: signal, dimension: dimension, count: count).preBins
    }

    init(
        signalName: String, dimension: Int, edges: [Double], signal: [Double], background: [Double],
        backgroundSumW2: [Double], backgroundEvents: [Int], events: [Int]
    ) {
        self.signalName = signalName
        self.dimension = dimension
        self.edges = edges
        self.signal = signal
        self.background = background
        self.backgroundSumW2 = backgroundSumW2
        self.backgroundEvents = backgroundEvents
        self.events = events
    }

    /// The pre-bin of a discriminant value: the number of edges at or below
    /// `value`, so a value on an edge goes to the pre-bin above it.
    ///
    /// - Precondition: `value` is not NaN.
    public func bin(of value: Double) -> Int { Self.interval(of: value, edges: edges) }

    /// The number of `edges` (increasing) at or below `value`.
    static func interval(of value: Double, edges: [Double]) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The strictly increasing interior edges at `count` quantiles of `sorted`
    /// (see the type's documentation).
    static func quantileEdges(sorted: [Float], count: Int) -> [Double] {
        guard let smallest = sorted.first else { return [] }
        var edges: [Double] = []
        var last = smallest
        for m in 1..<max(count, 1) {
            let value = sorted[m * sorted.count / count]
            if value > last {
                edges.append(Double(value))
                last = value
            }
        }
        return edges
    }

    /// The pre-bins, and each event's pre-bin (one array per process, in the
    /// dataset's order).
    static func make(_ data: Dataset, signal: String, dimension: Int, count: Int) throws -> (
        preBins: QuantilePreBins, eventBins: [[Int32]]
    ) {
        guard let signalIndex = data.index(of: signal), data.processes[signalIndex].role == .signal else {
            throw ExactBinningError.unknownSignal(name: signal, signals: data.signalNames)
        }
        guard (0..<data.dimension).contains(dimension) else {
            throw ExactBinningError.dimensionOutOfRange(dimension: dimension, dimensions: data.dimension)
        }
        guard (1...maximumCount).contains(count) else { throw ExactBinningError.invalidPreBinCount(count) }
        let d = data.dimension
        var values: [Float] = []
        values.reserveCapacity(data.eventCount)
        for process in data.processes {
            let features = process.features
            for event in 0..<process.count { values.append(features[event * d + dimension]) }
        }
        values.sort()
        let edges = quantileEdges(sorted: values, count: count)
        let n = edges.count + 1
        var s = [Double](repeating: 0, count: n)
        var b = [Double](repeating: 0, count: n)
        var w2 = [Double](repeating: 0, count: n)
        var nb = [Int](repeating: 0, count: n)
        var all = [Int](repeating: 0, count: n)
        var eventBins: [[Int32]] = []
        for (p, process) in data.processes.enumerated() {
            let features = process.features
            let weights = process.weights
            let isSignal = p == signalIndex
            var bins = [Int32](repeating: 0, count: process.count)
            for event in 0..<process.count {
                let k = interval(of: Double(features[event * d + dimension]), edges: edges)
                bins[event] = Int32(k)
                let w = weights[event]
                all[k] += 1
                if isSignal {
                    s[k] += w
                } else {
                    b[k] += w
                    w2[k] += w * w
                    nb[k] += 1
                }
            }
            eventBins.append(bins)
        }
        let preBins = QuantilePreBins(
            signalName: signal, dimension: dimension, edges: edges, signal: s, background: b,
            backgroundSumW2: w2, backgroundEvents: nb, events: all)
        return (preBins, eventBins)
    }
}
