import Foundation
import Gato

/// A weighted histogram per process on common edges.
package struct ProcessHistogram: Codable, Sendable, Equatable {
    /// Bin edges, increasing (bins + 1 values).
    package var edges: [Double]
    /// Per process: sum of weights per bin.
    package var sumW: [String: [Double]]
    /// Per process: sum of squared weights per bin.
    package var sumW2: [String: [Double]]

    enum CodingKeys: String, CodingKey {
        case edges, sumW = "sumw", sumW2 = "sumw2"
    }

    /// Fills `bins` equal bins on `range` with `value(sample, i)` of every event of
    /// every process that `include` accepts; values outside the range go to the
    /// first or last bin (so that every event is counted).
    package static func fill(
        _ data: Dataset, bins: Int, range: ClosedRange<Double>,
        include: (ProcessSample, Int) -> Bool = { _, _ in true }, value: (ProcessSample, Int) -> Double
    ) -> ProcessHistogram {
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        let edges = (0...bins).map { range.lowerBound + Double($0) * width }
        var sumW: [String: [Double]] = [:]
        var sumW2: [String: [Double]] = [:]
        for sample in data.processes {
            var w = [Double](repeating: 0, count: bins)
            var w2 = w
            for i in 0..<sample.count where include(sample, i) {
                let x = value(sample, i)
                let bin = min(max(Int(((x - range.lowerBound) / width).rounded(.down)), 0), bins - 1)
                let weight = sample.weights[i]
                w[bin] += weight
                w2[bin] += weight * weight
            }
            sumW[sample.name] = w
            sumW2[sample.name] = w2
        }
        return ProcessHistogram(edges: edges, sumW: sumW, sumW2: sumW2)
    }
}

/// The event distributions an output folder's plots need, so that `gato plot`
/// redraws them without the event files (`histograms.json`, version 1): the
/// input features per dimension, and per number of categories the mass spectrum
/// of each category when the events carry a mass.
package struct EventHistograms: Codable, Sendable, Equatable {
    package var format = "gato-histograms"
    package var version = 1
    /// The processes in dataset order, with their roles.
    package var processes: [String]
    package var roles: [ProcessRole]
    /// One histogram per feature dimension.
    package var inputs: [ProcessHistogram]
    /// The features' names, for axis labels.
    package var featureNames: [String]
    /// The per-event column of the mass spectra, when there are any.
    package var massColumn: String?
    /// Per number of categories (the key), one mass histogram per category.
    package var masses: [String: [ProcessHistogram]]

    enum CodingKeys: String, CodingKey {
        case format, version, processes, roles, inputs, featureNames = "feature_names", massColumn = "mass_column", masses
    }

    /// The input distributions of `data`: `bins` bins per dimension on [0, 1] when
    /// every value lies there (classifier scores), else on the values' range.
    package init(inputsOf data: Dataset, featureNames: [String]? = nil, bins: Int = 50, massColumn: String? = nil) {
        processes = data.processNames
        self.featureNames = featureNames ?? (0..<data.dimension).map { "x\($0)" }
        roles = data.roles
        let d = data.dimension
        inputs = (0..<d).map { j in
            var low = Double.infinity, high = -Double.infinity
            for sample in data.processes {
                for i in 0..<sample.count {
                    let x = Double(sample.feature(i, j))
                    low = min(low, x)
                    high = max(high, x)
                }
            }
            let range: ClosedRange<Double> = (low >= 0 && high <= 1) || !(low < high) ? 0...1 : low...high
            return ProcessHistogram.fill(data, bins: bins, range: range) { sample, i in Double(sample.feature(i, j)) }
        }
        self.massColumn = data.processes.allSatisfy({ $0.column(massColumn ?? "mass") != nil }) ? (massColumn ?? "mass") : nil
        masses = [:]
    }

    /// Adds the mass spectrum of each of `categories` categories under `assignments`
    /// (`bins` bins on `range`).
    package mutating func addMassSpectra(
        _ data: Dataset, assignments: [[Int32]], categories: Int, bins: Int = 40, range: ClosedRange<Double>
    ) {
        guard let massColumn else { return }
        let lookup = Dictionary(uniqueKeysWithValues: data.processNames.enumerated().map { ($1, $0) })
        masses[String(categories)] = (0..<categories).map { k in
            ProcessHistogram.fill(
                data, bins: bins, range: range,
                include: { sample, i in assignments[lookup[sample.name]!][i] == k },
                value: { sample, i in sample.column(massColumn)![i] })
        }
    }

    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    package static func read(from url: URL) throws -> EventHistograms {
        try VersionedJSON.read(EventHistograms.self, from: url, format: "gato-histograms", version: 1)
    }
}
