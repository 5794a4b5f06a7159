import Foundation
@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Realistic example figures drawn with ``Plot``, to look at (``PlotTests`` only
/// checks their structure). `GATO_PLOT_DEMO=/some/folder swift test --filter
/// PlotDemo` writes them there as SVG files.
enum PlotDemoFigures {
    /// Every figure with a file name.
    static func all(categoryMap: String? = nil) -> [(String, Plot)] {
        var figures = [
            ("stacked_log", stackedHistogram(logarithmic: true)),
            ("stacked_linear", stackedHistogram(logarithmic: false)),
            ("loss_history", lossHistory()),
            ("significance_vs_bins", significanceVersusBins()),
        ]
        if let categoryMap { figures.append(("category_map", self.categoryMap(dataURI: categoryMap))) }
        return figures
    }

    /// Five backgrounds falling with the discriminant, two signals peaking at 1
    /// (scaled by 100 and 500), the background's statistical uncertainty.
    static func stackedHistogram(logarithmic: Bool) -> Plot {
        let bins = 20
        let edges = (0...bins).map { Double($0) / Double(bins) }
        let centers = (0..<bins).map { (Double($0) + 0.5) / Double(bins) }
        func shape(_ norm: Double, _ slope: Double) -> [Double] { centers.map { norm * exp(-slope * $0) } }
        let backgrounds: [(label: String, values: [Double], color: RGBColor)] = [
            ("VH", shape(4, 0.5), PlotPalette.color(4)),
            ("ggH", shape(12, 1), PlotPalette.color(3)),
            ("tt̄γγ", shape(40, 2.5), PlotPalette.color(2)),
            ("γ+jets", shape(1800, 7), PlotPalette.color(1)),
            ("γγ+jets", shape(5200, 6), PlotPalette.color(0)),
        ]
        var total = [Double](repeating: 0, count: bins)
        for process in backgrounds { for i in 0..<bins { total[i] += process.values[i] } }
        let error = total.map { 0.04 * $0 + 0.4 * $0.squareRoot() }
        func peak(_ norm: Double, _ mean: Double, _ width: Double) -> [Double] {
            centers.map { norm * exp(-0.5 * pow(($0 - mean) / width, 2)) }
        }
        var plot = Plot()
        plot.xAxis = PlotAxis(label: "Discriminant score")
        plot.yAxis = PlotAxis(label: "Events / 0.05", scale: logarithmic ? .log : .linear)
        plot.leftLabel = "gato"
        plot.leftSublabel = "Simulation"
        plot.rightLabel = "138 fb⁻¹ (13 TeV)"
        plot.stackedHistogram(edges: edges, stack: backgrounds)
        plot.uncertaintyBand(edges: edges, center: total, error: error, label: "Bkg. stat. unc.")
        plot.stepLine(
            edges: edges, values: peak(0.5, 0.92, 0.08).map { $0 * 100 }, label: "ggHH ×100", color: RGBColor(hex: "#e42536"))
        plot.stepLine(
            edges: edges, values: peak(0.04, 0.8, 0.15).map { $0 * 500 }, label: "VBF HH ×500", color: RGBColor(hex: "#000000"))
        return plot
    }

    /// A loss falling over 200 epochs with the temperature on a second axis.
    static func lossHistory() -> Plot {
        let epochs = (0..<200).map(Double.init)
        let loss = epochs.map { -2.1 - 0.9 * (1 - exp(-$0 / 40)) + 0.03 * sin($0 * 1.7) }
        let temperature = epochs.map { 1.0 * pow(0.98, $0) }
        var plot = Plot()
        plot.xAxis = PlotAxis(label: "Epoch")
        plot.yAxis = PlotAxis(label: "Loss (−Z²)")
        plot.secondaryYAxis = PlotAxis(label: "Temperature", scale: .log, color: PlotPalette.color(6))
        plot.leftLabel = "gato"
        plot.line(x: epochs, y: loss, label: "Training loss", color: PlotPalette.color(0))
        plot.line(
            x: epochs, y: temperature, label: "Temperature", color: PlotPalette.color(6), dashed: true, onSecondaryAxis: true)
        return plot
    }

    /// Significance against the number of categories for three methods.
    static func significanceVersusBins() -> Plot {
        let bins = (1...10).map(Double.init)
        var plot = Plot()
        plot.xAxis = PlotAxis(label: "Number of categories")
        plot.yAxis = PlotAxis(label: "Combined significance Z")
        plot.leftLabel = "gato"
        plot.rightLabel = "Toy data"
        plot.legendPosition = .lowerRight
        plot.line(
            x: bins, y: bins.map { 2.4 - 1.2 * exp(-($0 - 1) / 1.5) }, label: "gato (GMM)", color: PlotPalette.color(0),
            marker: .circle)
        plot.line(
            x: bins, y: bins.map { 2.3 - 1.1 * exp(-($0 - 1) / 2) }, label: "gato (cuts)", color: PlotPalette.color(1),
            marker: .square)
        plot.line(
            x: bins, y: bins.map { 2.0 - 0.9 * exp(-($0 - 1) / 3) }, label: "Equidistant bins", color: PlotPalette.color(2),
            dashed: true,
            marker: .triangle)
        plot.verticalLine(x: 4, color: RGBColor(hex: "#717581"), label: "Chosen")
        return plot
    }

    /// A category map image with Gaussian 1-sigma ellipses over it.
    static func categoryMap(dataURI: String) -> Plot {
        var plot = Plot(width: 560, height: 520)
        plot.xAxis = PlotAxis(label: "Score 1", range: 0...1)
        plot.yAxis = PlotAxis(label: "Score 2", range: 0...1)
        plot.leftLabel = "gato"
        plot.legendFrame = true
        plot.image(dataURI: dataURI, extent: (0, 1, 0, 1))
        plot.ellipse(center: (0.3, 0.6), semiAxes: (0.2, 0.08), angle: 0.6, stroke: .init(hex: "#000000"), label: "1σ contours")
        plot.ellipse(center: (0.75, 0.3), semiAxes: (0.12, 0.05), angle: -0.3, stroke: .init(hex: "#000000"))
        plot.polygon(
            points: [(0.6, 0.6), (0.9, 0.7), (0.8, 0.9)], fill: .init(hex: "#ffffff"), stroke: .init(hex: "#bd1f01"),
            opacity: 0.4,
            label: "Region")
        plot.scatter(x: [0.3, 0.75], y: [0.6, 0.3], label: "Means", color: .init(hex: "#000000"), marker: .cross, size: 10)
        return plot
    }
}
