import Gato
import GatoIO

/// The shape drawn at each point of a line or scatter series.
package enum PlotMarker: Sendable, Equatable, CaseIterable {
    /// A filled disc.
    case circle
    /// A filled square.
    case square
    /// A filled triangle pointing up.
    case triangle
    /// A filled square standing on a corner.
    case diamond
    /// A diagonal cross "×" (stroked).
    case cross
    /// A plus sign "+" (stroked).
    case plus
}

/// Where the legend of a ``Plot`` goes, inside the frame.
package enum LegendPosition: Sendable, Equatable {
    /// In the upper right corner (the default). Automatic y ranges keep the
    /// space below it free of data.
    case upperRight
    /// In the upper left corner, below ``Plot/leftLabel`` if there is one.
    /// Automatic y ranges keep the space below it free of data.
    case upperLeft
    /// In the lower right corner (may cover data).
    case lowerRight
    /// In the lower left corner (may cover data).
    case lowerLeft
    /// No legend.
    case none
}

/// Which point of a text its position gives.
package enum PlotTextAnchor: Sendable, Equatable {
    /// The start of the text (left end).
    case start
    /// The middle of the text.
    case middle
    /// The end of the text (right end).
    case end
}

/// The coordinates in which the position of a ``Plot/text(_:at:anchor:coordinates:color:fontSize:)`` is given.
package enum PlotCoordinates: Sendable, Equatable {
    /// Data coordinates of the x axis and the (primary) y axis.
    case data
    /// Fractions of the frame: (0, 0) is its lower left corner, (1, 1) its upper right.
    case axesFraction
}

/// A figure with one frame of axes, drawn as a standalone SVG in the style of
/// mplhep's CMS style: ticks pointing inward on all four sides, axis labels at the
/// ends of the axes, a bold label at the top left, a legend without a frame, and
/// Petroff's colour-blind-safe palette (``PlotPalette``).
///
/// Build a plot by adding series in the order they are to be listed in the
/// legend, then call ``svg()``. Filled areas are painted first, then lines, then
/// markers, then texts, whatever the order of the calls (as matplotlib's
/// z-order). Ranges left nil are taken from the data: the x range spans the
/// histogram edges (and images) exactly, lines and points get 5% margins. y ranges
/// start at 0 for histograms on a linear axis (on a log axis: at the decade below
/// the smallest stack value) and keep ``PlotAxis/headroom`` free above the data, so
/// that the legend and the top left label do not cover it; y ranges of lines and
/// points get 5% margins and are widened to the enclosing major ticks (whole
/// decades on a log axis), so that the tick labels bracket the data.
///
/// ```swift
/// var plot = Plot()
/// plot.xAxis.label = "Discriminant"
/// plot.yAxis = PlotAxis(label: "Events", scale: .log)
/// plot.leftLabel = "gato"
/// plot.rightLabel = "138 fb⁻¹ (13 TeV)"
/// plot.stackedHistogram(edges: edges, stack: [
///     (label: "Drell-Yan", values: dy, color: PlotPalette.color(0)),
///     (label: "tt̄", values: tt, color: PlotPalette.color(1)),
/// ])
/// plot.uncertaintyBand(edges: edges, center: total, error: error, label: "Stat. unc.")
/// plot.stepLine(edges: edges, values: signal.map { $0 * 100 }, label: "Signal ×100", color: .init(hex: "#bd1f01"))
/// let svg = plot.svg()
/// ```
///
/// Values that are not finite are left out (histogram bins count them as 0) and
/// values <= 0 on a log axis are drawn below the frame, so that the output never
/// holds "nan" or "inf".
package struct Plot: Sendable {
    /// The width of the figure in pixels.
    package var width: Double
    /// The height of the figure in pixels.
    package var height: Double
    /// The horizontal axis, labelled below the frame.
    package var xAxis = PlotAxis()
    /// The vertical axis on the left.
    package var yAxis = PlotAxis()
    /// A second vertical axis on the right, for series added with
    /// `onSecondaryAxis: true`; its ticks are labelled on the right. Nil: the right
    /// side mirrors the ticks of ``yAxis`` (created with default settings if a series
    /// asks for it).
    package var secondaryYAxis: PlotAxis?
    /// A title written above the frame, at its left end.
    package var title: String?
    /// A bold label inside the frame at the top left, as an experiment's name
    /// ("gato").
    package var leftLabel: String?
    /// An italic text following ``leftLabel`` on the same line ("Simulation",
    /// "Preliminary").
    package var leftSublabel: String?
    /// A text above the frame at its right end (a luminosity and energy,
    /// "Simulation").
    package var rightLabel: String?
    /// Where the legend goes.
    package var legendPosition: LegendPosition = .upperRight
    /// The number of columns of the legend; nil: 1 for up to 5 entries, else 2.
    package var legendColumns: Int?
    /// Whether the legend has a light frame with a white, slightly transparent
    /// background (useful when it lies over data, as on a category map).
    package var legendFrame = false
    /// The base font size in pixels: axis labels are drawn 7% larger, tick labels
    /// and legend 7% smaller, ``leftLabel`` a third larger.
    package var fontSize: Double = 15
    /// The prefix of the `id` attributes in the SVG (clip path, hatch patterns).
    /// Nil: derived from a hash of the content, so that several plots inlined in
    /// one HTML page do not share ids.
    package var idPrefix: String?

    /// The series, in the order they were added.
    var items: [PlotItem] = []

    /// An empty plot of the given size in pixels.
    package init(width: Double = 640, height: Double = 480) {
        self.width = width
        self.height = height
    }

    // MARK: - Histograms

    /// Adds filled histograms stacked on each other, the first one at the bottom:
    /// one closed path per process, filled with its colour and edged with a thin
    /// darker line. The legend lists them top first, as they appear.
    ///
    /// - Parameters:
    ///   - edges: the bin edges, increasing (one more than the values of each process).
    ///   - stack: the processes, bottom first; values that are not finite count as 0.
    /// - Precondition: each process has `edges.count - 1` values.
    package mutating func stackedHistogram(edges: [Double], stack: [(label: String, values: [Double], color: RGBColor)]) {
        for process in stack {
            require(process.values.count == Swift.max(edges.count - 1, 0), "\(process.label): one value per bin")
        }
        let layers = stack.map {
            PlotItem.StackLayer(label: $0.label, values: $0.values.map(Self.finiteOrZero), color: $0.color)
        }
        items.append(.stack(edges: edges, layers: layers))
    }

    /// Adds a hatched band from `center - error` to `center + error` in each bin, drawn
    /// as steps (the statistical uncertainty of the simulated background around the
    /// stack total). Not finite values count as 0.
    ///
    /// - Parameters:
    ///   - color: the colour of the hatching and of the band's outline in the legend.
    /// - Precondition: `center` and `error` have `edges.count - 1` values.
    package mutating func uncertaintyBand(
        edges: [Double], center: [Double], error: [Double], label: String?, color: RGBColor = RGBColor(hex: "#404040")
    ) {
        require(center.count == Swift.max(edges.count - 1, 0) && error.count == center.count, "one value per bin")
        let lower = zip(center, error).map { Self.finiteOrZero($0 - $1.magnitude) }
        let upper = zip(center, error).map { Self.finiteOrZero($0 + $1.magnitude) }
        items.append(
            .band(edges: edges, center: center.map(Self.finiteOrZero), lower: lower, upper: upper, label: label, color: color))
    }

    /// Adds a histogram drawn as an unfilled step line (a signal, scaled by the
    /// caller, its factor written in `label`: "Signal ×100"), dashed by default,
    /// going down to the axis at both ends.
    ///
    /// - Precondition: `values` has `edges.count - 1` values.
    package mutating func stepLine(
        edges: [Double], values: [Double], label: String?, color: RGBColor, dashed: Bool = true, lineWidth: Double = 2
    ) {
        require(values.count == Swift.max(edges.count - 1, 0), "one value per bin")
        items.append(
            .step(
                edges: edges, values: values.map(Self.finiteOrZero), label: label,
                style: .init(color: color, width: lineWidth, dashed: dashed)))
    }

    // MARK: - Lines and points

    /// Adds a polyline through the points `(x[i], y[i])`, with `marker` at each point
    /// if given. A point with a coordinate that is not finite (or <= 0 on a log
    /// axis) breaks the line.
    ///
    /// - Parameter onSecondaryAxis: measure `y` on ``secondaryYAxis``.
    /// - Precondition: `x` and `y` have the same count.
    package mutating func line(
        x: [Double], y: [Double], label: String?, color: RGBColor, dashed: Bool = false, marker: PlotMarker? = nil,
        lineWidth: Double = 2, onSecondaryAxis: Bool = false
    ) {
        require(x.count == y.count, "x and y have the same count")
        items.append(
            .line(
                x: x, y: y, label: label, style: .init(color: color, width: lineWidth, dashed: dashed), marker: marker,
                secondary: onSecondaryAxis))
    }

    /// Adds points `(x[i], y[i])` drawn as `marker` of diameter `size` pixels,
    /// without a line. Points that cannot be placed are left out.
    ///
    /// - Precondition: `x` and `y` have the same count.
    package mutating func scatter(
        x: [Double], y: [Double], label: String?, color: RGBColor, marker: PlotMarker = .circle, size: Double = 6,
        onSecondaryAxis: Bool = false
    ) {
        require(x.count == y.count, "x and y have the same count")
        items.append(.scatter(x: x, y: y, label: label, color: color, marker: marker, size: size, secondary: onSecondaryAxis))
    }

    /// Adds a vertical line across the frame at `x` (a working point, a chosen
    /// number of bins).
    package mutating func verticalLine(
        x: Double, color: RGBColor, dashed: Bool = true, label: String? = nil, lineWidth: Double = 1.5
    ) {
        items.append(.verticalLine(x: x, label: label, style: .init(color: color, width: lineWidth, dashed: dashed)))
    }

    /// Adds a horizontal line across the frame at `y` (a baseline value).
    package mutating func horizontalLine(
        y: Double, color: RGBColor, dashed: Bool = true, label: String? = nil, lineWidth: Double = 1.5,
        onSecondaryAxis: Bool = false
    ) {
        items.append(
            .horizontalLine(
                y: y, label: label, style: .init(color: color, width: lineWidth, dashed: dashed), secondary: onSecondaryAxis))
    }

    // MARK: - Shapes, images and text

    /// Adds a closed polygon through `points` (data coordinates), filled and/or
    /// outlined (a category region). Points that cannot be placed are left out.
    ///
    /// - Parameter opacity: the opacity of the fill (the outline stays opaque).
    package mutating func polygon(
        points: [(Double, Double)], fill: RGBColor?, stroke: RGBColor?, opacity: Double = 1, label: String? = nil,
        lineWidth: Double = 1.5
    ) {
        items.append(
            .polygon(
                points: points.map { PlotItem.Point(x: $0.0, y: $0.1) }, fill: fill, stroke: stroke,
                opacity: Swift.min(Swift.max(opacity, 0), 1), label: label, width: lineWidth))
    }

    /// Adds the outline of an ellipse given in data coordinates (a Gaussian
    /// component's 1-sigma contour): the points
    /// `center + a cos(t) (cos θ, sin θ) + b sin(t) (-sin θ, cos θ)` mapped through
    /// the axes, so that it stays correct when the two axes have different scales
    /// (or are logarithmic).
    ///
    /// - Parameters:
    ///   - semiAxes: the semi-axes `(a, b)` in data units.
    ///   - angle: the angle θ of the first semi-axis from the x axis, in radians,
    ///     measured in data coordinates.
    ///   - fill: an optional fill, drawn with `opacity`.
    package mutating func ellipse(
        center: (Double, Double), semiAxes: (Double, Double), angle: Double, stroke: RGBColor, dashed: Bool = false,
        fill: RGBColor? = nil, opacity: Double = 0.3, label: String? = nil, lineWidth: Double = 1.5
    ) {
        items.append(
            .ellipse(
                center: .init(x: center.0, y: center.1), semiAxes: (semiAxes.0.magnitude, semiAxes.1.magnitude), angle: angle,
                style: .init(color: stroke, width: lineWidth, dashed: dashed), fill: fill,
                opacity: Swift.min(Swift.max(opacity, 0), 1), label: label))
    }

    /// Adds an image (an already-encoded picture as a data URI,
    /// `"data:image/png;base64,..."`) stretched over the rectangle `extent` in data
    /// coordinates, drawn under everything else and without smoothing between
    /// pixels (a category map). The first image row is drawn at the top (`yMax`).
    /// On a log axis the image is stretched linearly between the mapped corners.
    package mutating func image(dataURI: String, extent: (xMin: Double, xMax: Double, yMin: Double, yMax: Double)) {
        items.append(.image(dataURI: dataURI, xMin: extent.xMin, xMax: extent.xMax, yMin: extent.yMin, yMax: extent.yMax))
    }

    /// Adds a text at `position`, in data coordinates or fractions of the frame;
    /// the vertical position is that of the text's baseline.
    ///
    /// - Parameter fontSize: nil for the legend's size.
    package mutating func text(
        _ string: String, at position: (Double, Double), anchor: PlotTextAnchor = .start, coordinates: PlotCoordinates = .data,
        color: RGBColor = RGBColor(r: 0, g: 0, b: 0), fontSize: Double? = nil
    ) {
        items.append(
            .text(
                string, at: .init(x: position.0, y: position.1), anchor: anchor, coordinates: coordinates, color: color,
                fontSize: fontSize))
    }

    // MARK: - Output

    /// The plot as a complete standalone SVG file (XML declaration, `<svg>` root with
    /// the SVG namespace, `width`, `height` and `viewBox` in pixels).
    package func svg() -> String {
        PlotRenderer(plot: self).render()
    }

    /// Zero for values that are not finite.
    static func finiteOrZero(_ value: Double) -> Double { value.isFinite ? value : 0 }
}

/// One series or decoration of a ``Plot``.
enum PlotItem: Sendable {
    struct Point: Sendable {
        var x: Double
        var y: Double
    }

    struct StackLayer: Sendable {
        var label: String
        var values: [Double]
        var color: RGBColor
    }

    struct LineStyle: Sendable {
        var color: RGBColor
        var width: Double
        var dashed: Bool
    }

    case stack(edges: [Double], layers: [StackLayer])
    case band(edges: [Double], center: [Double], lower: [Double], upper: [Double], label: String?, color: RGBColor)
    case step(edges: [Double], values: [Double], label: String?, style: LineStyle)
    case line(x: [Double], y: [Double], label: String?, style: LineStyle, marker: PlotMarker?, secondary: Bool)
    case scatter(x: [Double], y: [Double], label: String?, color: RGBColor, marker: PlotMarker, size: Double, secondary: Bool)
    case verticalLine(x: Double, label: String?, style: LineStyle)
    case horizontalLine(y: Double, label: String?, style: LineStyle, secondary: Bool)
    case polygon(points: [Point], fill: RGBColor?, stroke: RGBColor?, opacity: Double, label: String?, width: Double)
    case ellipse(
        center: Point, semiAxes: (Double, Double), angle: Double, style: LineStyle, fill: RGBColor?, opacity: Double,
        label: String?)
    case image(dataURI: String, xMin: Double, xMax: Double, yMin: Double, yMax: Double)
    case text(String, at: Point, anchor: PlotTextAnchor, coordinates: PlotCoordinates, color: RGBColor, fontSize: Double?)

    /// The painting layer: images, then filled areas, then lines, then markers, then texts.
    var layer: Int {
        switch self {
        case .image: return 0
        case .stack, .band, .polygon: return 1
        case .step, .line, .verticalLine, .horizontalLine, .ellipse: return 2
        case .scatter: return 3
        case .text: return 4
        }
    }

    /// Whether the item's y values are measured on the secondary axis.
    var isSecondary: Bool {
        switch self {
        case .line(_, _, _, _, _, let secondary), .scatter(_, _, _, _, _, _, let secondary),
            .horizontalLine(_, _, _, let secondary):
            return secondary
        default: return false
        }
    }
}
