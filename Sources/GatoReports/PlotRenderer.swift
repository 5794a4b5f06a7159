import Foundation
import Gato
import GatoIO

/// Lays out and draws a ``Plot`` as SVG: ranges from the data, ticks, margins that
/// fit the tick labels, the series, the frame, the labels and the legend.
struct PlotRenderer {
    let plot: Plot
    /// The series in painting order (by layer, then in the order they were added).
    let paintingOrder: [PlotItem]
    let secondaryAxis: PlotAxis?

    // Font sizes in pixels.
    let tickFont: Double
    let labelFont: Double
    let legendFont: Double
    let leftLabelFont: Double
    let sublabelFont: Double
    let topFont: Double

    // Tick geometry in pixels.
    let majorTickLength = 8.0
    let minorTickLength = 4.0
    let tickPad = 6.0

    /// Stands for the id prefix until the content is known (a private-use character).
    static let idPlaceholder = "\u{E000}"

    init(plot: Plot) {
        self.plot = plot
        paintingOrder = plot.items.enumerated()
            .sorted { ($0.element.layer, $0.offset) < ($1.element.layer, $1.offset) }
            .map(\.element)
        let needsSecondary = plot.items.contains { $0.isSecondary }
        secondaryAxis = plot.secondaryYAxis ?? (needsSecondary ? PlotAxis() : nil)
        let size = plot.fontSize > 0 && plot.fontSize.isFinite ? plot.fontSize : 15
        tickFont = (size * 0.93).rounded()
        labelFont = (size * 1.07).rounded()
        legendFont = (size * 0.93).rounded()
        leftLabelFont = (size * 1.33).rounded()
        sublabelFont = (size * 1.07).rounded()
        topFont = size.rounded()
    }

    // MARK: - Rendering

    func render() -> String {
        let entries = legendEntries()
        let layout = layout(entries: entries)
        let frame = layout.frame
        let id = Self.idPlaceholder
        var document = SVGDocument(
            width: plot.width, height: plot.height, title: plot.title,
            rootAttributes: [("font-family", "Helvetica, Arial, sans-serif")])

        // Definitions: the clip path of the frame and one hatch pattern per band.
        document.define(
            SVGDocument.element(
                "clipPath", [("id", "\(id)-clip")],
                content: SVGDocument.element(
                    "rect",
                    [
                        ("x", n(frame.left)), ("y", n(frame.top)), ("width", n(frame.width)), ("height", n(frame.height)),
                    ])))
        var bandIndex = 0
        for item in plot.items {
            guard case .band(_, _, _, _, _, let color) = item else { continue }
            document.define(
                SVGDocument.element(
                    "pattern",
                    [
                        ("id", "\(id)-hatch\(bandIndex)"), ("patternUnits", "userSpaceOnUse"), ("width", "7"), ("height", "7"),
                        ("patternTransform", "rotate(45)"),
                    ],
                    content: SVGDocument.element(
                        "line",
                        [
                            ("x1", "3.5"), ("y1", "0"), ("x2", "3.5"), ("y2", "7"), ("stroke", color.hex),
                            ("stroke-width", "1"),
                        ])))
            bandIndex += 1
        }

        document.append(SVGDocument.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")]))

        // The series, clipped to the frame.
        var series: [String] = []
        bandIndex = 0
        for item in paintingOrder where item.layer < 4 {
            series += draw(item, layout: layout, bandIndex: &bandIndex)
        }
        if !series.isEmpty {
            document.append(
                SVGDocument.openTag("g", [("clip-path", "url(#\(id)-clip)")]) + "\n" + series.joined(separator: "\n") + "\n</g>"
            )
        }

        // Frame, ticks, labels.
        document.append(
            SVGDocument.element(
                "rect",
                [
                    ("x", n(frame.left)), ("y", n(frame.top)), ("width", n(frame.width)), ("height", n(frame.height)),
                    ("fill", "none"), ("stroke", "#000000"), ("stroke-width", "1.2"),
                ]))
        for element in ticks(layout) { document.append(element) }
        for element in tickLabels(layout) { document.append(element) }
        for element in axisLabels(layout) { document.append(element) }
        for element in topLabels(frame) { document.append(element) }
        if let legend = layout.legend { document.append(drawLegend(entries, legend, frame: frame)) }
        for item in paintingOrder where item.layer == 4 {
            var unused = 0
            for element in draw(item, layout: layout, bandIndex: &unused) { document.append(element) }
        }

        var text = document.render()
        let prefix = plot.idPrefix ?? Self.hashPrefix(text)
        text = text.replacingOccurrences(of: id, with: prefix)
        return text
    }

    /// "g" and 8 hexadecimal digits of the FNV-1a hash of `text`.
    static func hashPrefix(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash >> 32, radix: 16)
        return "g" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// A coordinate with 2 decimals.
    func n(_ value: Double) -> String { SVGDocument.number(value) }

    /// Path data through the points, with 2 decimals; nil points break the line,
    /// and a point written as the one before it is left out.
    func pathData(_ points: [(Double, Double)?], closed: Bool = false) -> String {
        var text = ""
        var previous: String?
        for point in points {
            guard let (x, y) = point else {
                previous = nil
                continue
            }
            let written = n(x) + "," + n(y)
            if written == previous { continue }
            text += (previous == nil ? "M" : "L") + written
            previous = written
        }
        if closed && !text.isEmpty { text += "Z" }
        return text
    }

    static func edgeColor(_ color: RGBColor) -> RGBColor { PlotPalette.darkened(color, by: 0.35) }

    func dashArray(_ style: PlotItem.LineStyle) -> String? {
        style.dashed ? n(3.7 * style.width) + "," + n(1.6 * style.width) : nil
    }

    func strokeAttributes(_ style: PlotItem.LineStyle) -> [(String, String?)] {
        [("stroke", style.color.hex), ("stroke-width", n(style.width)), ("stroke-dasharray", dashArray(style))]
    }

    /// The steps of a histogram: for each bin its left and right edge at its value.
    func steps(edges: [Double], values: [Double], x: AxisMap, y: AxisMap) -> [(Double, Double)?] {
        var points: [(Double, Double)?] = []
        for (i, value) in values.enumerated() {
            let top = y.clampedPosition(value)
            points.append((x.clampedPosition(edges[i]), top))
            points.append((x.clampedPosition(edges[i + 1]), top))
        }
        return points
    }

    func draw(_ item: PlotItem, layout: Layout, bandIndex: inout Int) -> [String] {
        let x = layout.x
        let frame = layout.frame
        let y = item.isSecondary ? (layout.y2 ?? layout.y) : layout.y
        switch item {
        case .stack(let edges, let layers):
            var elements: [String] = []
            var bottom = [Double](repeating: 0, count: Swift.max(edges.count - 1, 0))
            for layer in layers {
                let top = zip(bottom, layer.values).map { $0 + $1 }
                let upper = steps(edges: edges, values: top, x: x, y: y)
                let lower = steps(edges: edges, values: bottom, x: x, y: y).reversed()
                elements.append(
                    SVGDocument.element(
                        "path",
                        [
                            ("d", pathData(upper + lower, closed: true)), ("fill", layer.color.hex),
                            ("stroke", Self.edgeColor(layer.color).hex), ("stroke-width", "0.8"), ("stroke-linejoin", "miter"),
                        ]))
                bottom = top
            }
            return elements
        case .band(let edges, _, let lower, let upper, _, _):
            let index = bandIndex
            bandIndex += 1
            let outline =
                steps(edges: edges, values: upper, x: x, y: y) + steps(edges: edges, values: lower, x: x, y: y).reversed()
            return [
                SVGDocument.element(
                    "path",
                    [
                        ("d", pathData(outline, closed: true)), ("fill", "url(#\(Self.idPlaceholder)-hatch\(index))"),
                        ("stroke", "none"),
                    ])
            ]
        case .step(let edges, let values, _, let style):
            guard edges.count >= 2 else { return [] }
            let baseline = y.clampedPosition(y.scale == .log ? 0 : Swift.max(0, y.range.lowerBound))
            var points: [(Double, Double)?] = [(x.clampedPosition(edges[0]), baseline)]
            points += steps(edges: edges, values: values, x: x, y: y)
            points.append((x.clampedPosition(edges[edges.count - 1]), baseline))
            return [
                SVGDocument.element(
                    "path",
                    [("d", pathData(points)), ("fill", "none")] + strokeAttributes(style) + [("stroke-linejoin", "miter")])
            ]
        case .line(let xs, let ys, _, let style, let marker, _):
            let points: [(Double, Double)?] = zip(xs, ys).map { point in
                guard let px = x.position(point.0), let py = y.position(point.1) else { return nil }
                return (px, py)
            }
            var elements = [
                SVGDocument.element(
                    "path",
                    [("d", pathData(points)), ("fill", "none")] + strokeAttributes(style) + [("stroke-linejoin", "round")])
            ]
            if let marker {
                let size = 4 * style.width.squareRoot() + 2
                for case (let px, let py)? in points {
                    elements.append(markerElement(marker, px, py, size: size, color: style.color))
                }
            }
            return elements
        case .scatter(let xs, let ys, _, let color, let marker, let size, _):
            var elements: [String] = []
            for (vx, vy) in zip(xs, ys) {
                guard let px = x.position(vx), let py = y.position(vy) else { continue }
                elements.append(markerElement(marker, px, py, size: size, color: color))
            }
            return elements
        case .verticalLine(let value, _, let style):
            guard let px = x.position(value) else { return [] }
            return [
                SVGDocument.element(
                    "line",
                    [("x1", n(px)), ("y1", n(frame.top)), ("x2", n(px)), ("y2", n(frame.bottom))] + strokeAttributes(style))
            ]
        case .horizontalLine(let value, _, let style, _):
            guard let py = y.position(value) else { return [] }
            return [
                SVGDocument.element(
                    "line",
                    [("x1", n(frame.left)), ("y1", n(py)), ("x2", n(frame.right)), ("y2", n(py))] + strokeAttributes(style))
            ]
        case .polygon(let points, let fill, let stroke, let opacity, _, let width):
            let mapped: [(Double, Double)?] = points.compactMap { point in
                guard let px = x.position(point.x), let py = y.position(point.y) else { return nil }
                return (px, py)
            }
            guard mapped.count >= 2 else { return [] }
            return [
                SVGDocument.element(
                    "path",
                    [
                        ("d", pathData(mapped, closed: true)), ("fill", fill?.hex ?? "none"),
                        ("fill-opacity", fill != nil && opacity < 1 ? n(opacity) : nil), ("stroke", stroke?.hex ?? "none"),
                        ("stroke-width", stroke != nil ? n(width) : nil), ("stroke-linejoin", stroke != nil ? "round" : nil),
                    ])
            ]
        case .ellipse(let center, let semiAxes, let angle, let style, let fill, let opacity, _):
            let (a, b) = semiAxes
            let count = 96
            let points: [(Double, Double)?] = (0..<count).compactMap { k in
                let t = 2 * Double.pi * Double(k) / Double(count)
                let vx = center.x + a * cos(t) * cos(angle) - b * sin(t) * sin(angle)
                let vy = center.y + a * cos(t) * sin(angle) + b * sin(t) * cos(angle)
                guard let px = x.position(vx), let py = y.position(vy) else { return nil }
                return (px, py)
            }
            guard points.count >= 3 else { return [] }
            return [
                SVGDocument.element(
                    "path",
                    [
                        ("d", pathData(points, closed: true)), ("fill", fill?.hex ?? "none"),
                        ("fill-opacity", fill != nil && opacity < 1 ? n(opacity) : nil),
                    ] + strokeAttributes(style))
            ]
        case .image(let uri, let xMin, let xMax, let yMin, let yMax):
            guard let x0 = x.position(xMin), let x1 = x.position(xMax), let y0 = y.position(yMin), let y1 = y.position(yMax)
            else { return [] }
            return [
                SVGDocument.element(
                    "image",
                    [
                        ("x", n(Swift.min(x0, x1))), ("y", n(Swift.min(y0, y1))), ("width", n((x1 - x0).magnitude)),
                        ("height", n((y1 - y0).magnitude)), ("preserveAspectRatio", "none"),
                        ("image-rendering", "optimizeSpeed"),
                        ("style", "image-rendering:pixelated"), ("href", uri),
                    ])
            ]
        case .text(let string, let position, let anchor, let coordinates, let color, let fontSize):
            let px: Double?
            let py: Double?
            switch coordinates {
            case .data:
                px = x.position(position.x)
                py = layout.y.position(position.y)
            case .axesFraction:
                px = position.x.isFinite ? frame.left + position.x * frame.width : nil
                py = position.y.isFinite ? frame.bottom - position.y * frame.height : nil
            }
            guard let px, let py else { return [] }
            let size = fontSize.flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? legendFont
            return [
                SVGDocument.element(
                    "text",
                    [
                        ("x", n(px)), ("y", n(py)), ("font-size", n(size)), ("text-anchor", Self.anchorName(anchor)),
                        ("fill", color.hex),
                    ], content: SVGDocument.escape(string))
            ]
        }
    }

    static func anchorName(_ anchor: PlotTextAnchor) -> String {
        switch anchor {
        case .start: return "start"
        case .middle: return "middle"
        case .end: return "end"
        }
    }

    /// A marker of diameter about `size` centred on (x, y).
    func markerElement(_ marker: PlotMarker, _ x: Double, _ y: Double, size: Double, color: RGBColor) -> String {
        let r = size / 2
        switch marker {
        case .circle:
            return SVGDocument.element("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(r)), ("fill", color.hex)])
        case .square:
            let side = size * 0.9
            return SVGDocument.element(
                "rect",
                [
                    ("x", n(x - side / 2)), ("y", n(y - side / 2)), ("width", n(side)), ("height", n(side)),
                    ("fill", color.hex),
                ])
        case .triangle:
            let d = pathData([(x, y - r * 1.15), (x + r * 1.1, y + r * 0.75), (x - r * 1.1, y + r * 0.75)], closed: true)
            return SVGDocument.element("path", [("d", d), ("fill", color.hex)])
        case .diamond:
            let d = pathData([(x, y - r * 1.25), (x + r * 0.9, y), (x, y + r * 1.25), (x - r * 0.9, y)], closed: true)
            return SVGDocument.element("path", [("d", d), ("fill", color.hex)])
        case .cross:
            let d = pathData([(x - r, y - r), (x + r, y + r), nil, (x - r, y + r), (x + r, y - r)])
            return SVGDocument.element("path", [("d", d), ("stroke", color.hex), ("stroke-width", "1.8"), ("fill", "none")])
        case .plus:
            let d = pathData([(x - r * 1.2, y), (x + r * 1.2, y), nil, (x, y - r * 1.2), (x, y + r * 1.2)])
            return SVGDocument.element("path", [("d", d), ("stroke", color.hex), ("stroke-width", "1.8"), ("fill", "none")])
        }
    }

    // MARK: - Axes decorations

    /// Major and minor ticks pointing inward on all four sides: the x ticks at the
    /// bottom and the top, the y ticks on the left and (mirrored, or the secondary
    /// axis's) on the right.
    func ticks(_ layout: Layout) -> [String] {
        let frame = layout.frame
        var major: [(Double, Double)?] = []
        var minor: [(Double, Double)?] = []
        func vertical(_ ticks: PlotAxis.Ticks, _ map: AxisMap, _ sides: [(base: Double, direction: Double)]) {
            for (values, length, isMajor) in [(ticks.major, majorTickLength, true), (ticks.minor, minorTickLength, false)] {
                for value in values where map.contains(value) {
                    guard let p = map.position(value) else { continue }
                    for side in sides {
                        let segment: [(Double, Double)?] = [(p, side.base), (p, side.base + side.direction * length), nil]
                        if isMajor { major += segment } else { minor += segment }
                    }
                }
            }
        }
        func horizontal(_ ticks: PlotAxis.Ticks, _ map: AxisMap, _ sides: [(base: Double, direction: Double)]) {
            for (values, length, isMajor) in [(ticks.major, majorTickLength, true), (ticks.minor, minorTickLength, false)] {
                for value in values where map.contains(value) {
                    guard let p = map.position(value) else { continue }
                    for side in sides {
                        let segment: [(Double, Double)?] = [(side.base, p), (side.base + side.direction * length, p), nil]
                        if isMajor { major += segment } else { minor += segment }
                    }
                }
            }
        }
        vertical(layout.xTicks, layout.x, [(frame.bottom, -1), (frame.top, 1)])
        if let y2 = layout.y2, let y2Ticks = layout.y2Ticks {
            horizontal(layout.yTicks, layout.y, [(frame.left, 1)])
            horizontal(y2Ticks, y2, [(frame.right, -1)])
        } else {
            horizontal(layout.yTicks, layout.y, [(frame.left, 1), (frame.right, -1)])
        }
        var elements: [String] = []
        if !major.isEmpty {
            elements.append(
                SVGDocument.element(
                    "path", [("d", pathData(major)), ("stroke", "#000000"), ("stroke-width", "1"), ("fill", "none")]))
        }
        if !minor.isEmpty {
            elements.append(
                SVGDocument.element(
                    "path", [("d", pathData(minor)), ("stroke", "#000000"), ("stroke-width", "0.8"), ("fill", "none")]))
        }
        return elements
    }

    /// The tick labels: x below the frame, y left of it, the secondary axis's right of it.
    func tickLabels(_ layout: Layout) -> [String] {
        let frame = layout.frame
        var elements: [String] = []
        let size = n(tickFont)
        for (value, label) in zip(layout.xTicks.major, layout.xTicks.labels) where layout.x.contains(value) {
            guard let p = layout.x.position(value) else { continue }
            elements.append(
                SVGDocument.element(
                    "text",
                    [
                        ("class", "xtick"), ("x", n(p)), ("y", n(frame.bottom + tickPad + tickFont * 0.8)), ("font-size", size),
                        ("text-anchor", "middle"),
                    ], content: SVGDocument.escape(label)))
        }
        func vertical(_ ticks: PlotAxis.Ticks, _ map: AxisMap, _ axis: PlotAxis, right: Bool) {
            for (value, label) in zip(ticks.major, ticks.labels) where map.contains(value) {
                guard let p = map.position(value) else { continue }
                elements.append(
                    SVGDocument.element(
                        "text",
                        [
                            ("class", right ? "y2tick" : "ytick"),
                            ("x", n(right ? frame.right + tickPad : frame.left - tickPad)),
                            ("y", n(p + tickFont * 0.35)), ("font-size", size), ("text-anchor", right ? "start" : "end"),
                            ("fill", axis.color?.hex),
                        ], content: SVGDocument.escape(label)))
            }
        }
        vertical(layout.yTicks, layout.y, plot.yAxis, right: false)
        if let y2 = layout.y2, let y2Ticks = layout.y2Ticks, let axis = secondaryAxis {
            vertical(y2Ticks, y2, axis, right: true)
        }
        return elements
    }

    /// The axis labels at the ends of the axes: x at the right end below the tick
    /// labels, y at the top end left of the tick labels (rotated), the secondary y
    /// at the top end right of its tick labels.
    func axisLabels(_ layout: Layout) -> [String] {
        let frame = layout.frame
        var elements: [String] = []
        let size = n(labelFont)
        let xLabel = Self.axisLabel(plot.xAxis, layout.xTicks)
        if !xLabel.isEmpty {
            let baseline = frame.bottom + tickPad + tickFont * 1.1 + 4 + labelFont * 0.8
            elements.append(
                SVGDocument.element(
                    "text",
                    [
                        ("class", "xlabel"), ("x", n(frame.right)), ("y", n(baseline)), ("font-size", size),
                        ("text-anchor", "end"),
                        ("fill", plot.xAxis.color?.hex),
                    ], content: SVGDocument.escape(xLabel)))
        }
        let yLabel = Self.axisLabel(plot.yAxis, layout.yTicks)
        if !yLabel.isEmpty {
            // Rotated by -90 degrees the glyphs lie left of the baseline.
            let baseline = frame.left - tickPad - layout.yTickLabelWidth - 6 - labelFont * 0.22
            elements.append(
                SVGDocument.element(
                    "text",
                    [
                        ("class", "ylabel"), ("transform", "translate(\(n(baseline)),\(n(frame.top))) rotate(-90)"),
                        ("font-size", size), ("text-anchor", "end"), ("fill", plot.yAxis.color?.hex),
                    ], content: SVGDocument.escape(yLabel)))
        }
        if let axis = secondaryAxis, let y2Ticks = layout.y2Ticks {
            let label = Self.axisLabel(axis, y2Ticks)
            if !label.isEmpty {
                let baseline = frame.right + tickPad + layout.y2TickLabelWidth + 6 + labelFont * 0.78
                elements.append(
                    SVGDocument.element(
                        "text",
                        [
                            ("class", "y2label"), ("transform", "translate(\(n(baseline)),\(n(frame.top))) rotate(-90)"),
                            ("font-size", size), ("text-anchor", "end"), ("fill", axis.color?.hex),
                        ], content: SVGDocument.escape(label)))
            }
        }
        return elements
    }

    /// The title (above the frame, left), the right label (above the frame, right)
    /// and the bold left label with its italic sublabel (inside, top left).
    func topLabels(_ frame: Frame) -> [String] {
        var elements: [String] = []
        let baseline = frame.top - 8
        if let title = plot.title, !title.isEmpty {
            elements.append(
                SVGDocument.element(
                    "text", [("class", "title"), ("x", n(frame.left)), ("y", n(baseline)), ("font-size", n(labelFont))],
                    content: SVGDocument.escape(title)))
        }
        if let label = plot.rightLabel, !label.isEmpty {
            elements.append(
                SVGDocument.element(
                    "text",
                    [
                        ("class", "rightlabel"), ("x", n(frame.right)), ("y", n(baseline)), ("font-size", n(topFont)),
                        ("text-anchor", "end"),
                    ], content: SVGDocument.escape(label)))
        }
        if let label = plot.leftLabel, !label.isEmpty {
            let x = frame.left + 12
            let y = frame.top + 10 + leftLabelFont * 0.75
            var content = SVGDocument.escape(label)
            if let sublabel = plot.leftSublabel, !sublabel.isEmpty {
                content += SVGDocument.element(
                    "tspan",
                    [
                        ("dx", n(leftLabelFont * 0.3)), ("font-size", n(sublabelFont)), ("font-weight", "normal"),
                        ("font-style", "italic"),
                    ],
                    content: SVGDocument.escape(sublabel))
            }
            elements.append(
                SVGDocument.element(
                    "text",
                    [
                        ("class", "leftlabel"), ("x", n(x)), ("y", n(y)), ("font-size", n(leftLabelFont)),
                        ("font-weight", "bold"),
                    ],
                    content: content))
        }
        return elements
    }

    /// The legend box with a handle and a label per entry.
    func drawLegend(_ entries: [LegendEntry], _ legend: LegendLayout, frame: Frame) -> String {
        let inset = 10.0
        let left: Double
        let top: Double
        switch plot.legendPosition {
        case .upperLeft, .lowerLeft: left = frame.left + inset
        default: left = frame.right - inset - legend.width
        }
        switch plot.legendPosition {
        case .lowerLeft, .lowerRight: top = frame.bottom - inset - legend.height
        default: top = frame.top + legendTopOffset()
        }
        var elements: [String] = []
        if plot.legendFrame {
            elements.append(
                SVGDocument.element(
                    "rect",
                    [
                        ("x", n(left)), ("y", n(top)), ("width", n(legend.width)), ("height", n(legend.height)), ("rx", "3"),
                        ("fill", "#ffffff"), ("fill-opacity", "0.85"), ("stroke", "#c8c8c8"), ("stroke-width", "0.8"),
                    ]))
        }
        var columnLeft = left + legendPadding
        for (column, width) in zip(legend.columns, legend.columnWidths) {
            for (row, index) in column.enumerated() {
                let center = top + legendPadding + (Double(row) + 0.5) * rowHeight
                elements += handle(entries[index].handle, left: columnLeft, center: center)
                elements.append(
                    SVGDocument.element(
                        "text",
                        [
                            ("class", "legend"), ("x", n(columnLeft + handleWidth + handleGap)),
                            ("y", n(center + legendFont * 0.35)),
                            ("font-size", n(legendFont)),
                        ], content: SVGDocument.escape(entries[index].label)))
            }
            columnLeft += width + columnGap
        }
        return "<g class=\"legend\">\n" + elements.joined(separator: "\n") + "\n</g>"
    }

    func handle(_ handle: Handle, left: Double, center: Double) -> [String] {
        let boxHeight = (legendFont * 0.8).rounded()
        let box: [(String, String?)] = [
            ("x", n(left)), ("y", n(center - boxHeight / 2)), ("width", n(handleWidth)), ("height", n(boxHeight)),
        ]
        switch handle {
        case .fill(let color, let edge, let opacity):
            return [
                SVGDocument.element(
                    "rect",
                    box + [
                        ("fill", opacity > 0 ? color.hex : "none"),
                        ("fill-opacity", opacity > 0 && opacity < 1 ? n(opacity) : nil),
                        ("stroke", edge?.hex ?? "none"), ("stroke-width", edge != nil ? "0.8" : nil),
                    ])
            ]
        case .hatch(let index, let color):
            return [
                SVGDocument.element(
                    "rect",
                    box + [
                        ("fill", "url(#\(Self.idPlaceholder)-hatch\(index))"), ("stroke", color.hex), ("stroke-width", "0.8"),
                    ])
            ]
        case .line(let style, let marker):
            var elements = [
                SVGDocument.element(
                    "line",
                    [("x1", n(left)), ("y1", n(center)), ("x2", n(left + handleWidth)), ("y2", n(center))]
                        + strokeAttributes(style))
            ]
            if let marker {
                elements.append(
                    markerElement(
                        marker, left + handleWidth / 2, center, size: 4 * style.width.squareRoot() + 2, color: style.color))
            }
            return elements
        case .marker(let color, let marker, let size):
            return [markerElement(marker, left + handleWidth / 2, center, size: size, color: color)]
        case .ellipse(let style, let fill, let opacity):
            return [
                SVGDocument.element(
                    "ellipse",
                    [
                        ("cx", n(left + handleWidth / 2)), ("cy", n(center)), ("rx", n(handleWidth / 2 - 1)),
                        ("ry", n(boxHeight / 2)),
                        ("fill", fill?.hex ?? "none"), ("fill-opacity", fill != nil && opacity < 1 ? n(opacity) : nil),
                    ] + strokeAttributes(style))
            ]
        }
    }
}
