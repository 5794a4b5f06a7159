import Foundation

/// Per-category background factors from exponential fits to the mass sidebands, as
/// gato-hep's `compute_mass_reweight_factors` (the bump-hunt workflow).
///
/// For each category k (hard assignment): the background events' masses fill a
/// histogram of `bins` equal bins on `range`; `A exp(B m)` is fitted to it by
/// ``ExponentialFit``; the factor is the fitted fraction of the continuum inside
/// the signal window, `integral_window / integral_range`. A soft yield of the whole
/// range times the factor then estimates the background under the peak.
///
/// The factor falls back to `width(window) / width(range)` (a flat continuum) when
/// the category's histogram is empty or sums to <= 0, the fit fails, the fitted
/// integral over the range is <= 0, or no background weight falls in the window.
public struct MassSidebandFit: Sendable, Equatable, Codable {
    /// The per-event column holding the mass.
    public var column: String
    /// The fitted range (GeV).
    public var range: ClosedRange<Double>
    /// The signal window (GeV).
    public var window: ClosedRange<Double>
    /// The number of histogram bins on `range`.
    public var bins: Int

    /// gato-hep's defaults: 100-180 GeV, window 123.5-126.5 GeV (125 +- 1.5), 10 bins.
    public init(
        column: String = "mass", range: ClosedRange<Double> = 100...180, window: ClosedRange<Double> = 123.5...126.5,
        bins: Int = 10
    ) {
        self.column = column
        self.range = range
        self.window = window
        self.bins = bins
    }

    /// The fallback factor, `width(window) / width(range)` (3 / 80 by default).
    public var defaultFactor: Double {
        (window.upperBound - window.lowerBound) / (range.upperBound - range.lowerBound)
    }

    /// One factor per category.
    ///
    /// - Parameters:
    ///   - assignments: the hard category of every event, one array per process of `data`.
    ///   - processes: the background processes whose masses are fitted (nil: every background).
    /// - Throws: ``EventDataError`` when a fitted process has no mass column.
    public func factors(assignments: [[Int32]], data: Dataset, categories: Int, processes: [String]? = nil) throws
        -> [Double]
    {
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        var histograms = [[Double]](repeating: [Double](repeating: 0, count: bins), count: categories)
        var inWindow = [Double](repeating: 0, count: categories)
        for (p, sample) in data.processes.enumerated() where sample.role == .background {
            if let processes, !processes.contains(sample.name) { continue }
            guard let masses = sample.column(column) else {
                throw EventDataError.invalidSelection(process: sample.name, detail: "no '\(column)' column to fit")
            }
            for i in 0..<sample.count {
                let k = Int(assignments[p][i])
                let m = masses[i]
                let w = sample.weights[i]
                // Bins [lo, hi) with the last one closed, as numpy.histogram (a mass exactly at
                // the top edge counts in the last bin).
                if m >= range.lowerBound && m <= range.upperBound {
                    histograms[k][min(Int((m - range.lowerBound) / width), bins - 1)] += w
                }
                if m >= window.lowerBound && m < window.upperBound { inWindow[k] += w }
            }
        }
        let centers = (0..<bins).map { range.lowerBound + (Double($0) + 0.5) * width }
        return (0..<categories).map { k in
            guard histograms[k].reduce(0, +) > 0, inWindow[k] > 0,
                let fit = ExponentialFit.fit(x: centers, y: histograms[k])
            else { return defaultFactor }
            let total = fit.integral(from: range.lowerBound, to: range.upperBound)
            guard total > 0 else { return defaultFactor }
            let fraction = fit.integral(from: window.lowerBound, to: window.upperBound) / total
            return fraction.isFinite ? fraction : defaultFactor
        }
    }
}
