/// Where a one-dimensional Gaussian mixture changes category, and the left-to-right
/// order of its categories.
public struct EffectiveBoundaries: Sendable, Equatable {
    /// The boundaries, increasing, in the units of the discriminant: midpoints
    /// between neighbouring probe points whose hard categories differ. A category
    /// can own several intervals, so there may be more than K - 1.
    public var boundaries: [Double]
    /// The categories ordered by their first appearance from the left; categories
    /// that own no probe point come last, in index order.
    public var order: [Int]
    /// The hard category of each interval, left to right (`boundaries.count + 1` entries).
    public var intervals: [Int]
    /// The range the boundaries were probed over (the model's `meanRange`).
    public var range: ClosedRange<Double>

    /// The intervals category `k` owns, left to right: a category of a 1-D mixture
    /// can own several disjoint ones (order 1 0 2 1 along the axis, for instance).
    /// The first and last intervals end at ``range``'s ends; empty for a category
    /// that owns no probe point.
    public func intervals(of k: Int) -> [ClosedRange<Double>] {
        let edges = [range.lowerBound] + boundaries + [range.upperBound]
        return intervals.indices.filter { intervals[$0] == k }.map { edges[$0]...edges[$0 + 1] }
    }

    /// The categories that own more than one interval, in index order.
    public var categoriesWithSeveralIntervals: [Int] {
        Set(intervals).filter { k in intervals.filter { $0 == k }.count > 1 }.sorted()
    }
}

extension GaussianMixtureCategorizer {
    /// The effective boundaries of a one-dimensional model, nil otherwise.
    public var oneDimensionalBoundaries: [Double]? { dimension == 1 ? effectiveBoundaries1D().boundaries : nil }

    /// The 1-D boundaries implied by the current model, as gato-hep's
    /// `get_effective_boundaries_1d`: `probes` evenly spaced points over
    /// `meanRange[0]` (endpoints included), hard-assigned, boundaries at the midpoints
    /// where the category changes. The resolution is the range over `probes - 1`
    /// (1e-5 of the range by default).
    ///
    /// - Precondition: the model is one-dimensional and `probes >= 2`.
    public func effectiveBoundaries1D(probes: Int = 100_000) -> EffectiveBoundaries {
        require(dimension == 1, "effective boundaries are defined for one-dimensional models")
        require(probes >= 2, "at least two probe points")
        let range = meanRange[0]
        let step = (range.upperBound - range.lowerBound) / Double(probes - 1)
        let grid = (0..<probes).map { range.lowerBound + Double($0) * step }
        let sample = try! ProcessSample(
            name: "probe", role: .background, features: grid.map { Float($0) }, dimension: 1,
            weights: Array(repeating: 1, count: probes))
        let hard = hardAssignments(sample)
        var boundaries: [Double] = []
        var intervals: [Int] = [Int(hard[0])]
        var firstSeen = [Int](repeating: Int.max, count: categoryCount)
        firstSeen[Int(hard[0])] = 0
        for i in 1..<probes {
            let k = Int(hard[i])
            if firstSeen[k] == Int.max { firstSeen[k] = i }
            if hard[i] != hard[i - 1] {
                boundaries.append(0.5 * (grid[i - 1] + grid[i]))
                intervals.append(k)
            }
        }
        let order = (0..<categoryCount).sorted { firstSeen[$0] != firstSeen[$1] ? firstSeen[$0] < firstSeen[$1] : $0 < $1 }
        return EffectiveBoundaries(boundaries: boundaries, order: order, intervals: intervals, range: range)
    }
}
