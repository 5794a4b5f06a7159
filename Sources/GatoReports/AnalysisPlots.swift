import Foundation
import Gato
import GatoIO

/// The plots of an output folder (docs/examples.md lists them), each built from what the
/// folder holds: `summary.json`, `histograms.json`, the histories, checkpoints and
/// snapshots. Backgrounds are stacked, signals drawn as dashed steps scaled to be
/// seen ("signal1 x100"), the background's MC statistical uncertainty hatched.
package enum AnalysisPlots {
    static let label = "gato"
    static let sublabel = "Simulation"

    static func base(x: String, y: String, log: Bool = false, yRange: ClosedRange<Double>? = nil) -> Plot {
        var plot = Plot()
        plot.xAxis = PlotAxis(label: x)
        plot.yAxis = PlotAxis(label: y, scale: log ? .log : .linear, range: yRange)
        plot.leftLabel = label
        plot.leftSublabel = sublabel
        return plot
    }

    /// Stacks the backgrounds, overlays the scaled signals and hatches the
    /// background's MC uncertainty, for per-process histograms on `edges`.
    static func stack(
        _ plot: inout Plot, edges: [Double], sumW: [String: [Double]], sumW2: [String: [Double]], style: ReportStyle
    ) {
        let bins = edges.count - 1
        let zero = [Double](repeating: 0, count: bins)
        let backgrounds = style.backgrounds
        plot.stackedHistogram(
            edges: edges,
            stack: backgrounds.map { (label: $0, values: sumW[$0] ?? zero, color: style.color(of: $0)) })
        let total = (0..<bins).map { b in backgrounds.reduce(0) { $0 + (sumW[$1]?[b] ?? 0) } }
        let error = (0..<bins).map { b in backgrounds.reduce(0) { $0 + (sumW2[$1]?[b] ?? 0) }.squareRoot() }
        plot.uncertaintyBand(edges: edges, center: total, error: error, label: "Bkg. stat. unc.")
        let backgroundMaximum = total.max() ?? 0
        for signal in style.signals {
            let values = sumW[signal] ?? zero
            let scale = ReportStyle.signalScale(signalMaximum: values.max() ?? 0, backgroundMaximum: backgroundMaximum)
            plot.stepLine(
                edges: edges, values: values.map { $0 * scale }, label: ReportStyle.scaledLabel(signal, scale),
                color: style.color(of: signal), dashed: true)
        }
    }

    /// The distribution of feature `dimension` of every process.
    package static func input(_ histogram: ProcessHistogram, dimension: Int, name: String, style: ReportStyle, log: Bool)
        -> Plot
    {
        var plot = base(x: name, y: "Events / bin", log: log)
        stack(&plot, edges: histogram.edges, sumW: histogram.sumW, sumW2: histogram.sumW2, style: style)
        return plot
    }

    /// Ticks naming each category at its bin centre (positions `offset + i`).
    static func categoryTicks(_ order: [Int], offset: Double) -> PlotAxis.Ticks {
        let step = max(1, order.count / 12)  // at most about a dozen labels
        let shown = Array(stride(from: 0, to: order.count, by: step))
        return PlotAxis.Ticks(
            major: shown.map { offset + Double($0) }, labels: shown.map { String(order[$0]) },
            minor: (0...order.count).map { offset - 0.5 + Double($0) })
    }

    /// The axis label of categories in display order.
    static func orderLabel(_ result: Summary.Result) -> String {
        result.boundaries != nil ? "Category (left to right)" : "Category (by Z_A, descending)"
    }

    /// The hard yields per category, categories in display order (left to right in
    /// 1-D, else by Z_A descending).
    package static func categories(_ result: Summary.Result, style: ReportStyle, log: Bool) -> Plot {
        let k = result.nCats
        let order = result.order
        var plot = base(x: orderLabel(result), y: "Events", log: log)
        plot.xAxis.fixedTicks = categoryTicks(order, offset: 0.5)
        let edges = (0...k).map(Double.init)
        let reorder: ([Double]) -> [Double] = { values in order.map { values[$0] } }
        stack(
            &plot, edges: edges, sumW: result.yields.mapValues(reorder), sumW2: result.sumw2.mapValues(reorder),
            style: style)
        return plot
    }

    /// The hard categories of a two-dimensional model over its plane, with the
    /// Gaussians' 1 and 2 sigma contours and each category's number at its mean.
    package static func categoryMap(_ model: GaussianMixtureCategorizer, names: (String, String)) -> Plot {
        let map = CategoryMap(model)
        var plot = Plot(width: 560, height: 560)
        plot.xAxis = PlotAxis(label: names.0, range: map.xRange)
        plot.yAxis = PlotAxis(label: names.1, range: map.yRange, headroom: 0)
        plot.leftLabel = label
        plot.legendPosition = .none
        plot.image(dataURI: PNGEncoder.dataURI(map.raster(model)), extent: (map.xRange.lowerBound, map.xRange.upperBound, map.yRange.lowerBound, map.yRange.upperBound))
        let (k, d) = (model.categoryCount, model.dimension)
        let means = model.effectiveMeans()
        let covariances = model.covariances()
        for c in 0..<k {
            let (sxx, sxy, syy) = (covariances[(c * d) * d], covariances[(c * d) * d + 1], covariances[(c * d + 1) * d + 1])
            // Principal axes of the 2x2 covariance.
            let trace = sxx + syy
            let root = ((sxx - syy) * (sxx - syy) / 4 + sxy * sxy).squareRoot()
            let (l1, l2) = (max(trace / 2 + root, 0), max(trace / 2 - root, 0))
            let angle = 0.5 * atan2(2 * sxy, sxx - syy)
            let center = (means[c * d], means[c * d + 1])
            let color = PlotPalette.darkened(ReportStyle.categoryColor(c), by: 0.25)
            plot.ellipse(center: center, semiAxes: (l1.squareRoot(), l2.squareRoot()), angle: angle, stroke: color)
            plot.ellipse(
                center: center, semiAxes: (2 * l1.squareRoot(), 2 * l2.squareRoot()), angle: angle, stroke: color, dashed: true)
            plot.text("\(c)", at: center, anchor: .middle, color: color)
        }
        if map.simplex {
            plot.line(x: [0, 1], y: [1, 0], label: nil, color: RGBColor(hex: "#000000"), lineWidth: 1.5)
        }
        return plot
    }

    /// The hard categories of a two-variable cut model.
    package static func categoryMap(_ model: SigmoidCutCategorizer) -> Plot {
        let map = CategoryMap(model)
        var plot = Plot(width: 560, height: 560)
        plot.xAxis = PlotAxis(label: model.variables[0].name, range: map.xRange)
        plot.yAxis = PlotAxis(label: model.variables[1].name, range: map.yRange, headroom: 0)
        plot.leftLabel = label
        plot.legendPosition = .none
        plot.image(dataURI: PNGEncoder.dataURI(map.raster(model)), extent: (map.xRange.lowerBound, map.xRange.upperBound, map.yRange.lowerBound, map.yRange.upperBound))
        return plot
    }

    /// The 1-D boundaries over the stacked distribution of the discriminant, with
    /// the category of each interval written above it when `intervals` (the
    /// category of each interval, left to right, `boundaries.count + 1` of them) is
    /// given: a category that owns two disjoint intervals shows its number twice.
    package static func boundaries(
        _ boundaries: [Double], intervals: [Int]? = nil, histogram: ProcessHistogram, name: String, style: ReportStyle
    ) -> Plot {
        var plot = input(histogram, dimension: 0, name: name, style: style, log: true)
        for (index, boundary) in boundaries.enumerated() {
            plot.verticalLine(x: boundary, color: RGBColor(hex: "#000000"), dashed: true, label: index == 0 ? "Boundaries" : nil)
        }
        if let intervals, intervals.count == boundaries.count + 1, let low = histogram.edges.first,
            let high = histogram.edges.last, high > low
        {
            let edges = [low] + boundaries + [high]
            for (index, category) in intervals.enumerated() {
                let middle = 0.5 * (max(edges[index], low) + min(edges[index + 1], high))
                plot.text("\(category)", at: ((middle - low) / (high - low), 0.9), anchor: .middle, coordinates: .axesFraction)
            }
        }
        return plot
    }

    /// The loss over the epochs, with the temperature or steepness on a second axis.
    /// With `screeningEpochs` > 0 a dotted line marks where the screened start went
    /// from the subsample to every event (the loss may step there).
    package static func loss(_ history: TrainingHistory, screeningEpochs: Int = 0) -> Plot {
        var plot = base(x: "Epoch", y: "Loss")
        let epochs = history.records.map { Double($0.epoch) }
        plot.line(x: epochs, y: history.records.map(\.loss), label: "Loss", color: PlotPalette.petroff10[0])
        if screeningEpochs > 0 {
            plot.verticalLine(
                x: Double(screeningEpochs) - 0.5, color: RGBColor(hex: "#717581"), label: "End of screening", lineWidth: 1)
        }
        addAnnealed(&plot, history)
        plot.legendPosition = .upperRight
        return plot
    }

    /// The penalties over the epochs (when the objective had any).
    package static func penalties(_ history: TrainingHistory) -> Plot? {
        let names = history.termNames.filter { $0.hasPrefix("penalty_") }
        guard !names.isEmpty else { return nil }
        var plot = base(x: "Epoch", y: "Penalty")
        for (index, name) in names.enumerated() {
            let points = history.records.compactMap { record in
                record.terms.first { $0.name == name }.map { (Double(record.epoch), $0.value) }
            }
            plot.line(
                x: points.map(\.0), y: points.map(\.1), label: name.replacingOccurrences(of: "penalty_", with: "") + " penalty",
                color: PlotPalette.petroff10[(index + 1) % PlotPalette.petroff10.count])
        }
        addAnnealed(&plot, history)
        return plot
    }

    /// The mean |bias| over the epochs (log scale), with the temperature or steepness.
    package static func bias(_ history: TrainingHistory) -> Plot? {
        let points = history.records.compactMap { record in
            record.meanAbsoluteBias.flatMap { $0 > 0 ? (Double(record.epoch), $0) : nil }
        }
        guard points.count >= 2 else { return nil }
        var plot = base(x: "Epoch", y: "Mean |bias|", log: true)
        plot.line(
            x: points.map(\.0), y: points.map(\.1), label: "Mean |bias|", color: PlotPalette.petroff10[2],
            marker: .circle)
        addAnnealed(&plot, history)
        return plot
    }

    static func addAnnealed(_ plot: inout Plot, _ history: TrainingHistory) {
        let name = history.annealedValueName
        let values = history.records.map(\.annealedValue)
        let logScale = (values.max() ?? 1) / max(values.min() ?? 1, 1e-300) > 50
        plot.secondaryYAxis = PlotAxis(
            label: name.prefix(1).uppercased() + name.dropFirst(), scale: logScale ? .log : .linear,
            color: RGBColor(hex: "#b15a00"))
        plot.line(
            x: history.records.map { Double($0.epoch) }, y: values, label: name.prefix(1).uppercased() + name.dropFirst(),
            color: RGBColor(hex: "#b15a00"), dashed: true, onSecondaryAxis: true)
    }

    /// Background yield and its relative MC uncertainty per category, in display order.
    package static func yieldVersusUncertainty(_ result: Summary.Result) -> Plot {
        var plot = base(x: orderLabel(result), y: "Background yield", log: true)
        plot.xAxis.fixedTicks = categoryTicks(result.order, offset: 1)
        plot.xAxis.range = 0.5...(Double(result.nCats) + 0.5)
        let ranks = (1...result.nCats).map(Double.init)
        plot.line(
            x: ranks, y: result.backgroundYield, label: "Background yield", color: PlotPalette.petroff10[0],
            marker: .circle)
        // From 0 (an uncertainty is not negative), with room above for the legend.
        let largest = result.relativeMCUncertainty.filter(\.isFinite).max() ?? 0
        plot.secondaryYAxis = PlotAxis(
            label: "Relative MC uncertainty", range: 0...(max(largest, 1e-3) * 1.4), color: RGBColor(hex: "#b15a00"))
        plot.line(
            x: ranks, y: result.relativeMCUncertainty, label: "Rel. MC uncertainty", color: RGBColor(hex: "#b15a00"),
            dashed: true, marker: .square, onSecondaryAxis: true)
        return plot
    }

    /// The significance of one signal (or the combined figure of merit, `signal`
    /// nil) against the number of categories: trained categories and baselines.
    package static func significance(_ summary: Summary, signal: String?) -> Plot {
        let title = signal.map { "hard Z(\($0))" } ?? summary.combination.rawValue.replacingOccurrences(of: "-", with: " ")
        var plot = base(x: "Number of categories", y: title)
        plot.legendPosition = .lowerRight
        func value(_ significance: [String: Double], _ merit: Double) -> Double { signal.map { significance[$0] ?? .nan } ?? merit }
        let results = summary.results.sorted { $0.nCats < $1.nCats }
        plot.line(
            x: results.map { Double($0.nCats) }, y: results.map { value($0.significance, $0.merit) }, label: "GATO",
            color: PlotPalette.petroff10[2], marker: .circle)
        let names = summary.baselines.map(\.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for (index, name) in names.enumerated() {
            let baselines = summary.baselines.filter { $0.name == name }.sorted { $0.nBins < $1.nBins }
            plot.line(
                x: baselines.map { Double($0.nBins) }, y: baselines.map { value($0.significance, $0.merit) },
                label: name, color: PlotPalette.petroff10[index == 0 ? 0 : (3 + index) % PlotPalette.petroff10.count], dashed: true,
                marker: .square)
        }
        return plot
    }

    /// The mass spectrum of one category (bump hunt).
    package static func massSpectrum(_ histogram: ProcessHistogram, category: Int, column: String, style: ReportStyle, log: Bool)
        -> Plot
    {
        var plot = base(x: "\(column) [GeV]", y: "Events / bin", log: log)
        plot.title = "Category \(category)"
        stack(&plot, edges: histogram.edges, sumW: histogram.sumW, sumW2: histogram.sumW2, style: style)
        return plot
    }

    /// The boundaries of a one-dimensional model over the epochs.
    package static func boundaryTracks(_ tracks: [(epoch: Int, boundaries: [Double])], name: String) -> Plot {
        var plot = base(x: "Epoch", y: name)
        plot.legendPosition = .none
        var xs: [Double] = []
        var ys: [Double] = []
        for (epoch, boundaries) in tracks {
            for boundary in boundaries {
                xs.append(Double(epoch))
                ys.append(boundary)
            }
        }
        plot.scatter(x: xs, y: ys, label: nil, color: PlotPalette.petroff10[0], marker: .circle, size: 4)
        return plot
    }
}
