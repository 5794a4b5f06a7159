import Foundation
import Gato
import GatoIO

/// The layout of a ``Plot``: ranges from the data, ticks that fit, margins that
/// fit the tick labels, the legend's size.
extension PlotRenderer {
    // MARK: - Geometry

    /// The frame of the axes in pixels (y grows downwards).
    struct Frame {
        var left: Double
        var top: Double
        var right: Double
        var bottom: Double
        var width: Double { right - left }
        var height: Double { bottom - top }
    }

    /// The map from data values to pixels along one axis.
    struct AxisMap {
        var scale: PlotAxis.Scale
        var range: ClosedRange<Double>
        /// The pixel of the lower end of the range.
        var start: Double
        /// The pixel of the upper end of the range.
        var end: Double

        /// The pixel of `value`, nil if it is not finite or not positive on a log
        /// axis; limited to 10⁶ pixels in magnitude.
        func position(_ value: Double) -> Double? {
            guard value.isFinite else { return nil }
            let t: Double
            switch scale {
            case .linear:
                t = (value - range.lowerBound) / (range.upperBound - range.lowerBound)
            case .log:
                guard value > 0 else { return nil }
                t = (log10(value) - log10(range.lowerBound)) / (log10(range.upperBound) - log10(range.lowerBound))
            }
            let pixel = start + t * (end - start)
            guard pixel.isFinite else { return nil }
            return Swift.min(Swift.max(pixel, -1e6), 1e6)
        }

        /// The pixel of `value`, or a pixel 20 beyond the lower end of the axis
        /// for a value that has none (histogram bins at 0 on a log axis).
        func clampedPosition(_ value: Double) -> Double {
            position(value) ?? (start - (end > start ? 20 : -20))
        }

        /// Whether `value` lies in the range (with a tolerance of 1e-9 of it).
        func contains(_ value: Double) -> Bool {
            guard let pixel = position(value) else { return false }
            let tolerance = 1e-6 * Swift.max((end - start).magnitude, 1)
            return pixel >= Swift.min(start, end) - tolerance && pixel <= Swift.max(start, end) + tolerance
        }
    }

    /// What the data of one axis spans, for automatic ranges.
    struct DataExtent {
        var values: [Double] = []
        /// Histograms (stacks, bands, step lines) are drawn on this axis.
        var histogram = false
        /// An image is drawn on this axis: its range is tight.
        var image = false
        /// Some series wants the range to end exactly at its data (histogram edges).
        var tight = false
        /// The cumulative values of stacked histograms: on a log axis they alone set
        /// the lower end (the tails of scaled signals would stretch it by decades).
        var stackValues: [Double] = []
    }

    /// The data extents of the x axis, the y axis and the secondary y axis.
    func extents() -> (x: DataExtent, y: DataExtent, y2: DataExtent) {
        var x = DataExtent()
        var y = DataExtent()
        var y2 = DataExtent()
        for item in plot.items {
            switch item {
            case .stack(let edges, let layers):
                x.values += edges
                x.tight = true
                y.histogram = true
                var total = [Double](repeating: 0, count: Swift.max(edges.count - 1, 0))
                for layer in layers {
                    for i in total.indices { total[i] += layer.values[i] }
                    y.values += total
                    y.stackValues += total
                }
            case .band(let edges, let center, _, let upper, _, _):
                x.values += edges
                x.tight = true
                y.histogram = true
                y.values += center + upper
            case .step(let edges, let values, _, _):
                x.values += edges
                x.tight = true
                y.histogram = true
                y.values += values
            case .line(let xs, let ys, _, _, _, let secondary), .scatter(let xs, let ys, _, _, _, _, let secondary):
                x.values += xs
                if secondary { y2.values += ys } else { y.values += ys }
            case .verticalLine(let value, _, _):
                x.values.append(value)
            case .horizontalLine(let value, _, _, let secondary):
                if secondary { y2.values.append(value) } else { y.values.append(value) }
            case .polygon(let points, _, _, _, _, _):
                x.values += points.map(\.x)
                y.values += points.map(\.y)
            case .ellipse(let center, let semiAxes, let angle, _, _, _, _):
                let (a, b) = semiAxes
                let halfWidth = (a * a * cos(angle) * cos(angle) + b * b * sin(angle) * sin(angle)).squareRoot()
                let halfHeight = (a * a * sin(angle) * sin(angle) + b * b * cos(angle) * cos(angle)).squareRoot()
                x.values += [center.x - halfWidth, center.x + halfWidth]
                y.values += [center.y - halfHeight, center.y + halfHeight]
            case .image(_, let xMin, let xMax, let yMin, let yMax):
                x.values += [xMin, xMax]
                y.values += [yMin, yMax]
                x.tight = true
                x.image = true
                y.image = true
            case .text:
                break
            }
        }
        return (x, y, y2)
    }

    /// The range of an axis: the explicit one if valid, else from the data. `margin`:
    /// widen by 5% of the span on both sides; `histogram`: start at 0 (linear) or at
    /// the decade below the smallest positive value, of the stacks if any (log, at
    /// most 6 decades below the largest); `headroom`: the fraction of the axis left free above the data.
    static func range(
        of axis: PlotAxis, extent: DataExtent, margin: Bool, headroom: Double
    ) -> ClosedRange<Double> {
        let automatic = automaticRange(scale: axis.scale, extent: extent, margin: margin, headroom: headroom)
        guard let explicit = axis.range, explicit.lowerBound.isFinite, explicit.upperBound.isFinite,
            explicit.upperBound > explicit.lowerBound
        else { return automatic }
        if axis.scale == .log {
            guard explicit.upperBound > 0 else { return automatic }
            if explicit.lowerBound <= 0 {
                let lower = automatic.lowerBound < explicit.upperBound ? automatic.lowerBound : explicit.upperBound / 1000
                return lower...explicit.upperBound
            }
        }
        return explicit
    }

    static func automaticRange(scale: PlotAxis.Scale, extent: DataExtent, margin: Bool, headroom: Double) -> ClosedRange<Double>
    {
        let f = Swift.min(Swift.max(headroom, 0), 0.9)
        switch scale {
        case .linear:
            let finite = extent.values.filter(\.isFinite)
            guard var lower = finite.min(), var upper = finite.max() else { return 0...1 }
            let zeroBased = extent.histogram && lower >= 0
            if zeroBased { lower = 0 }
            if upper - lower <= 1e-12 * Swift.max(upper.magnitude, lower.magnitude, 1e-300) {
                if zeroBased && upper == 0 {
                    upper = 1
                } else {
                    let delta = lower == 0 ? 1 : lower.magnitude * 0.1
                    if !zeroBased { lower -= delta }
                    upper += delta
                }
            } else if margin {
                let span = upper - lower
                if !zeroBased { lower -= 0.05 * span }
                upper += 0.05 * span
            }
            upper = lower + (upper - lower) / (1 - f)
            return lower...upper
        case .log:
            let positive = extent.values.filter { $0 > 0 && $0.isFinite }
            guard var smallest = positive.min(), let largest = positive.max() else { return 1...10 }
            if extent.histogram, let stackSmallest = extent.stackValues.filter({ $0 > 0 && $0.isFinite }).min() {
                smallest = stackSmallest
            }
            var lower = log10(smallest)
            var upper = log10(largest)
            if extent.histogram {
                lower = Swift.max(lower, upper - 6).rounded(.down)
            }
            if upper - lower < 1e-9 {
                lower -= 0.5
                upper += 0.5
            } else if margin && !extent.histogram {
                let span = upper - lower
                lower -= 0.05 * span
                upper += 0.05 * span
            }
            upper = lower + (upper - lower) / (1 - f)
            return pow(10, lower)...pow(10, upper)
        }
    }

    // MARK: - Text sizes

    /// An estimate of the width of `text` in pixels, with the character widths of
    /// DejaVu Sans (the sans-serif font of most Linux systems, and what librsvg
    /// uses when Helvetica and Arial are missing): Helvetica and Arial are about
    /// 10% narrower, so layouts made with it fit in either.
    static func textWidth(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.isASCII, let width = asciiWidths[Int(scalar.value)] {
                em += width
                continue
            }
            switch scalar {
            case "⁰"..."⁹", "¹", "²", "³", "⁻": em += 0.4
            case "×", "±", "\u{2212}", "≤", "≥": em += 0.838
            default: em += 0.65
            }
        }
        return em * fontSize * (bold ? 1.12 : 1)
    }

    /// DejaVu Sans widths in em of the printable ASCII characters (others: nil).
    private static let asciiWidths: [Int: Double] = {
        var widths: [Int: Double] = [:]
        func set(_ characters: String, _ width: Double) {
            for scalar in characters.unicodeScalars { widths[Int(scalar.value)] = width }
        }
        set("0123456789#$_?", 0.636)
        set(" .,:;!|'", 0.318)
        set("()[]{}/\\-\"`", 0.39)
        set("+=<>~", 0.838)
        set("%@", 0.95)
        set("&", 0.78)
        set("*^", 0.5)
        set("ABCDEFGHKLNOPQRSTUVXYZ", 0.72)
        set("IJ", 0.3)
        set("MW", 0.92)
        set("abdghnopqu", 0.635)
        set("ce", 0.59)
        set("ksvxyz", 0.57)
        set("ijl", 0.278)
        set("frt", 0.4)
        set("mw", 0.9)
        return widths
    }()

    // MARK: - Legend

    enum Handle {
        case fill(RGBColor, edge: RGBColor?, opacity: Double)
        case hatch(patternIndex: Int, color: RGBColor)
        case line(PlotItem.LineStyle, marker: PlotMarker?)
        case marker(RGBColor, PlotMarker, size: Double)
        case ellipse(PlotItem.LineStyle, fill: RGBColor?, opacity: Double)
    }

    struct LegendEntry {
        var label: String
        var handle: Handle
    }

    /// The legend entries in the order the series were added; the processes of a
    /// stack top first.
    func legendEntries() -> [LegendEntry] {
        var entries: [LegendEntry] = []
        var bandIndex = 0
        for item in plot.items {
            switch item {
            case .stack(_, let layers):
                for layer in layers.reversed() where !layer.label.isEmpty {
                    entries.append(
                        .init(label: layer.label, handle: .fill(layer.color, edge: Self.edgeColor(layer.color), opacity: 1)))
                }
            case .band(_, _, _, _, let label, let color):
                if let label, !label.isEmpty {
                    entries.append(.init(label: label, handle: .hatch(patternIndex: bandIndex, color: color)))
                }
                bandIndex += 1
            case .step(_, _, let label, let style), .verticalLine(_, let label, let style),
                .horizontalLine(_, let label, let style, _):
                if let label, !label.isEmpty { entries.append(.init(label: label, handle: .line(style, marker: nil))) }
            case .line(_, _, let label, let style, let marker, _):
                if let label, !label.isEmpty { entries.append(.init(label: label, handle: .line(style, marker: marker))) }
            case .scatter(_, _, let label, let color, let marker, let size, _):
                if let label, !label.isEmpty { entries.append(.init(label: label, handle: .marker(color, marker, size: size))) }
            case .polygon(_, let fill, let stroke, let opacity, let label, _):
                if let label, !label.isEmpty {
                    entries.append(
                        .init(
                            label: label,
                            handle: .fill(
                                fill ?? RGBColor(r: 255, g: 255, b: 255), edge: stroke, opacity: fill == nil ? 0 : opacity)))
                }
            case .ellipse(_, _, _, let style, let fill, let opacity, let label):
                if let label, !label.isEmpty {
                    entries.append(.init(label: label, handle: .ellipse(style, fill: fill, opacity: opacity)))
                }
            case .image, .text:
                break
            }
        }
        return entries
    }

    /// The legend's grid: columns of entry indices (filled column by column, as
    /// matplotlib does), the width of each column and the box size.
    struct LegendLayout {
        var columns: [[Int]]
        var columnWidths: [Double]
        var width: Double
        var height: Double
    }

    var handleWidth: Double { 30 }
    var handleGap: Double { 8 }
    var columnGap: Double { 16 }
    var legendPadding: Double { 6 }
    var rowHeight: Double { (legendFont * 1.45).rounded() }

    func legendLayout(_ entries: [LegendEntry]) -> LegendLayout? {
        guard plot.legendPosition != .none, !entries.isEmpty else { return nil }
        let columnCount = Swift.max(1, Swift.min(plot.legendColumns ?? (entries.count > 5 ? 2 : 1), entries.count))
        let rows = (entries.count + columnCount - 1) / columnCount
        var columns: [[Int]] = []
        var start = 0
        while start < entries.count {
            columns.append(Array(start..<Swift.min(start + rows, entries.count)))
            start += rows
        }
        let widths = columns.map { column in
            handleWidth + handleGap + (column.map { Self.textWidth(entries[$0].label, fontSize: legendFont) }.max() ?? 0)
        }
        let width = widths.reduce(0, +) + columnGap * Double(widths.count - 1) + 2 * legendPadding
        let height = Double(rows) * rowHeight + 2 * legendPadding
        return LegendLayout(columns: columns, columnWidths: widths, width: width, height: height)
    }

    // MARK: - Layout

    /// The height from the frame's top of the bold label block inside the frame
    /// (0 without ``Plot/leftLabel``).
    var leftLabelBlockHeight: Double {
        guard let label = plot.leftLabel, !label.isEmpty else { return 0 }
        return 10 + leftLabelFont * 1.05
    }

    /// The top of the legend box relative to the frame's top, for upper positions.
    func legendTopOffset() -> Double {
        plot.legendPosition == .upperLeft && leftLabelBlockHeight > 0 ? leftLabelBlockHeight + 4 : 10
    }

    /// The x ticks over `map`, as many as fit without their labels touching.
    func xTicks(axis: PlotAxis, map: AxisMap) -> PlotAxis.Ticks {
        let length = (map.end - map.start).magnitude
        var count = Swift.max(2, Swift.min(11, Int(length / (tickFont * 3.5))))
        while true {
            let ticks = axis.ticks(in: map.range, maxMajorCount: count)
            if count <= 2 || labelsFit(ticks, map: map) { return ticks }
            count -= 1
        }
    }

    private func labelsFit(_ ticks: PlotAxis.Ticks, map: AxisMap) -> Bool {
        let positions = ticks.major.map { map.position($0) ?? 0 }
        let widths = ticks.labels.map { Self.textWidth($0, fontSize: tickFont) }
        for i in positions.indices.dropFirst() {
            let distance = (positions[i] - positions[i - 1]).magnitude
            if distance < (widths[i] + widths[i - 1]) / 2 + tickFont * 0.9 { return false }
        }
        return true
    }

    /// The y ticks over `map`: about one label every 3.2 font heights, at most 8
    /// (or `maxCount`).
    func yTicks(axis: PlotAxis, map: AxisMap, maxCount: Int? = nil) -> PlotAxis.Ticks {
        let length = (map.end - map.start).magnitude
        let count = maxCount ?? Swift.max(2, Swift.min(8, Int(length / (tickFont * 3.2))))
        return axis.ticks(in: map.range, maxMajorCount: count)
    }

    /// `range` widened to the enclosing major ticks of a y axis of `length` pixels
    /// (on a log axis: to whole decades, when it spans at least two), and the
    /// number of major ticks that keeps their step (nil: as usual).
    func roundedOutward(_ range: ClosedRange<Double>, axis: PlotAxis, length: Double) -> (ClosedRange<Double>, Int?) {
        switch axis.scale {
        case .linear:
            let ticks = yTicks(axis: axis, map: AxisMap(scale: .linear, range: range, start: length, end: 0))
            guard ticks.major.count >= 2 else { return (range, nil) }
            let step = ticks.major[1] - ticks.major[0]
            let lower = (range.lowerBound / step + 1e-9).rounded(.down)
            let upper = (range.upperBound / step - 1e-9).rounded(.up)
            guard (lower * step).isFinite, (upper * step).isFinite, upper > lower else { return (range, nil) }
            return ((lower * step)...(upper * step), Int(upper - lower) + 1)
        case .log:
            let low = (log10(range.lowerBound) + 1e-9).rounded(.down)
            let high = (log10(range.upperBound) - 1e-9).rounded(.up)
            guard high - low >= 2, pow(10, low) > 0, pow(10, high).isFinite else { return (range, nil) }
            return (pow(10, low)...pow(10, high), nil)
        }
    }

    /// An axis label with the ticks' common factor appended: "Events (×10⁶)".
    static func axisLabel(_ axis: PlotAxis, _ ticks: PlotAxis.Ticks) -> String {
        guard let multiplier = ticks.multiplier else { return axis.label }
        return axis.label.isEmpty ? multiplier : axis.label + " (" + multiplier + ")"
    }

    /// Everything that drawing needs: frame, maps, ticks, legend.
    struct Layout {
        var frame: Frame
        var x: AxisMap
        var y: AxisMap
        var y2: AxisMap?
        var xTicks: PlotAxis.Ticks
        var yTicks: PlotAxis.Ticks
        var y2Ticks: PlotAxis.Ticks?
        var legend: LegendLayout?
        var yTickLabelWidth: Double
        var y2TickLabelWidth: Double
    }

    func layout(entries: [LegendEntry]) -> Layout {
        let hasTopText = [plot.title, plot.rightLabel].contains { !($0 ?? "").isEmpty }
        let top = hasTopText ? (Swift.max(topFont, labelFont) + 12).rounded() : 14
        let tickLabelBaseline = tickPad + tickFont * 0.8
        var bottom = tickLabelBaseline + tickFont * 0.3 + 4
        if !plot.xAxis.label.isEmpty { bottom += labelFont * 1.05 + 4 }
        bottom = bottom.rounded(.up)
        let frameTop = top
        let frameBottom = plot.height - bottom
        let frameHeight = Swift.max(frameBottom - frameTop, 10)

        // Headroom: keep the top label and an upper legend clear of the data.
        let legend = legendLayout(entries)
        var needed = leftLabelBlockHeight > 0 ? leftLabelBlockHeight + 6 : 0
        if let legend, plot.legendPosition == .upperLeft || plot.legendPosition == .upperRight {
            needed = Swift.max(needed, legendTopOffset() + legend.height + 4)
        }
        let neededFraction = needed / frameHeight
        let extent = extents()
        func headroom(_ axis: PlotAxis, _ extent: DataExtent) -> Double {
            if let explicit = axis.headroom { return explicit }
            if extent.image { return 0 }
            return Swift.max(extent.histogram ? 0.3 : 0, neededFraction)
        }
        // Automatic ranges of lines and points end at major ticks, so that the labels bracket the data.
        func yMapAndTicks(_ axis: PlotAxis, _ extent: DataExtent) -> (AxisMap, PlotAxis.Ticks) {
            let margin = !extent.histogram && !extent.image
            var range = Self.range(of: axis, extent: extent, margin: margin, headroom: headroom(axis, extent))
            var count: Int?
            if axis.range == nil && margin { (range, count) = roundedOutward(range, axis: axis, length: frameHeight) }
            let map = AxisMap(scale: axis.scale, range: range, start: frameBottom, end: frameTop)
            return (map, self.yTicks(axis: axis, map: map, maxCount: count))
        }
        let (yMap, yTicks) = yMapAndTicks(plot.yAxis, extent.y)
        var y2Map: AxisMap?
        var y2Ticks: PlotAxis.Ticks?
        if let secondary = secondaryAxis {
            (y2Map, y2Ticks) = yMapAndTicks(secondary, extent.y2)
        }
        let xRange = Self.range(of: plot.xAxis, extent: extent.x, margin: !extent.x.tight, headroom: 0)

        // Side margins: the y tick labels and the rotated axis labels, and room for
        // half of the first and last x tick labels.
        func labelWidth(_ ticks: PlotAxis.Ticks?, _ map: AxisMap?) -> Double {
            guard let ticks, let map else { return 0 }
            return zip(ticks.major, ticks.labels).filter { map.contains($0.0) }
                .map { Self.textWidth($0.1, fontSize: tickFont) }.max() ?? 0
        }
        let yLabelWidth = labelWidth(yTicks, yMap)
        let y2LabelWidth = labelWidth(y2Ticks, y2Map)
        var left = tickPad + yLabelWidth + 8
        if !Self.axisLabel(plot.yAxis, yTicks).isEmpty { left += labelFont * 1.05 + 4 }
        var right = 14.0
        if let secondary = secondaryAxis, let y2Ticks {
            right = tickPad + y2LabelWidth + 8
            if !Self.axisLabel(secondary, y2Ticks).isEmpty { right += labelFont * 1.05 + 4 }
        }
        left = left.rounded(.up)
        right = right.rounded(.up)
        var xMap = AxisMap(scale: plot.xAxis.scale, range: xRange, start: left, end: plot.width - right)
        var xTicks = self.xTicks(axis: plot.xAxis, map: xMap)
        for _ in 0..<2 {
            let visible = zip(xTicks.major, xTicks.labels).filter { xMap.contains($0.0) }
            var newLeft = left
            var newRight = right
            if let first = visible.first, let position = xMap.position(first.0) {
                let overhang = Self.textWidth(first.1, fontSize: tickFont) / 2 + 6 - (position - xMap.start)
                newLeft = Swift.max(left, overhang)
            }
            if let last = visible.last, let position = xMap.position(last.0) {
                let overhang = Self.textWidth(last.1, fontSize: tickFont) / 2 + 6 - (xMap.end - position)
                newRight = Swift.max(right, overhang)
            }
            if newLeft == xMap.start && plot.width - newRight == xMap.end { break }
            xMap = AxisMap(
                scale: plot.xAxis.scale, range: xRange, start: newLeft.rounded(.up), end: (plot.width - newRight).rounded(.down)
            )
            xTicks = self.xTicks(axis: plot.xAxis, map: xMap)
        }
        let frame = Frame(left: xMap.start, top: frameTop, right: xMap.end, bottom: frameBottom)
        return Layout(
            frame: frame, x: xMap, y: yMap, y2: y2Map, xTicks: xTicks, yTicks: yTicks, y2Ticks: y2Ticks, legend: legend,
            yTickLabelWidth: yLabelWidth, y2TickLabelWidth: y2LabelWidth)
    }
}
