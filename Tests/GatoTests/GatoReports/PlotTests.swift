import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The elements of an SVG file in document order, parsed with Foundation's
/// `XMLParser` (so a test fails on text that is not well-formed XML).
final class SVGTree: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// The text directly inside the element and inside its children.
        var text: String
        /// The indices of the enclosing elements, outermost first.
        var ancestors: [Int]
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private var failure: Error?

    struct ParseError: Error { var message: String }

    static func parse(_ text: String) throws -> [Element] {
        let tree = SVGTree()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = tree
        guard parser.parse() else {
            throw ParseError(message: String(describing: parser.parserError ?? tree.failure))
        }
        return tree.elements
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(Element(name: elementName, attributes: attributes, text: "", ancestors: open))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for index in open { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failure = parseError }
}

extension [SVGTree.Element] {
    /// The elements with the given name and, if given, class.
    func named(_ name: String, class className: String? = nil) -> [SVGTree.Element] {
        filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    /// The values of the tick labels of one class ("xtick", "ytick", "y2tick").
    func tickValues(_ className: String) -> [Double] {
        named("text", class: className).compactMap { PlotAxis.value(ofLabel: $0.text) }
    }
}

@Suite struct PlotTests {
    static let edges = [0, 0.25, 0.5, 0.75, 1.0]
    static let stack: [(label: String, values: [Double], color: RGBColor)] = [
        ("Top & co", [30, 20, 10, 5], PlotPalette.color(0)),
        ("Drell-Yan", [300, 120, 40, 8], PlotPalette.color(1)),
        ("Multijet", [900, 400, 60, 3], PlotPalette.color(2)),
    ]

    static func histogramPlot(scale: PlotAxis.Scale) -> Plot {
        var plot = Plot()
        plot.xAxis = PlotAxis(label: "Score")
        plot.yAxis = PlotAxis(label: "Events", scale: scale)
        plot.leftLabel = "gato"
        plot.rightLabel = "Simulation"
        plot.stackedHistogram(edges: edges, stack: stack)
        let total = [1230.0, 540, 110, 16]
        plot.uncertaintyBand(edges: edges, center: total, error: total.map { $0.squareRoot() }, label: "Stat. unc.")
        plot.stepLine(
            edges: edges, values: [0.2, 1, 5, 12].map { $0 * 100 }, label: "Signal1 x100", color: PlotPalette.color(3))
        return plot
    }

    /// Every `url(#id)` and `href="#id"` reference points to a defined id.
    static func expectReferencesResolve(_ elements: [SVGTree.Element]) {
        let ids = Set(elements.compactMap { $0.attributes["id"] })
        for element in elements {
            for value in element.attributes.values {
                guard let start = value.range(of: "url(#") else { continue }
                let id = value[start.upperBound...].prefix { $0 != ")" }
                #expect(ids.contains(String(id)), "undefined reference \(id)")
            }
        }
    }

    /// No "nan" or "inf" as a word or number ("Discriminant" is allowed).
    static func expectFinite(_ svg: String) {
        let pattern = try! NSRegularExpression(pattern: "(?<![a-z])(nan|inf)(?![a-z])", options: [.caseInsensitive])
        let match = pattern.firstMatch(in: svg, range: NSRange(svg.startIndex..., in: svg))
        #expect(match == nil, "\(match.map { (svg as NSString).substring(with: $0.range) } ?? "")")
    }

    @Test func stackedHistogramOnLogAxis() throws {
        let svg = Self.histogramPlot(scale: .log).svg()
        Self.expectFinite(svg)
        let elements = try SVGTree.parse(svg)
        let root = try #require(elements.first)
        #expect(root.name == "svg" && root.attributes["viewBox"] == "0 0 640 480" && root.attributes["width"] == "640")
        // One filled path per process, with a darker edge.
        for process in Self.stack {
            let paths = elements.named("path").filter { $0.attributes["fill"] == process.color.hex }
            #expect(paths.count == 1, "\(process.label)")
            #expect(paths.first?.attributes["stroke"] == PlotPalette.darkened(process.color, by: 0.35).hex)
        }
        // The hatch pattern and the band that uses it.
        let pattern = try #require(elements.named("pattern").first)
        let patternID = try #require(pattern.attributes["id"])
        #expect(elements.named("path").contains { $0.attributes["fill"] == "url(#\(patternID))" })
        Self.expectReferencesResolve(elements)
        // The legend lists every series, the stack top first.
        let legend = elements.named("text", class: "legend").map(\.text)
        #expect(legend == ["Multijet", "Drell-Yan", "Top & co", "Stat. unc.", "Signal1 x100"])
        // The signal is a dashed step line.
        let signal = try #require(elements.named("path").first { $0.attributes["stroke"] == PlotPalette.color(3).hex })
        #expect(signal.attributes["stroke-dasharray"] != nil && signal.attributes["fill"] == "none")
        // Log y axis: decade labels covering the data (3 to 1240).
        let yLabels = elements.named("text", class: "ytick").map(\.text)
        #expect(yLabels.contains("10¹") && yLabels.contains("10²") && yLabels.contains("10³"))
        let yValues = elements.tickValues("ytick")
        #expect(yValues.count == yLabels.count)
        #expect(yValues.min()! <= 3 && yValues.max()! >= 1240)
        // x tick labels from 0.0 to 1.0, axis labels and the top labels.
        let xValues = elements.tickValues("xtick")
        #expect(xValues.min() == 0 && xValues.max() == 1)
        #expect(elements.named("text", class: "xlabel").first?.text == "Score")
        #expect(elements.named("text", class: "ylabel").first?.text == "Events")
        #expect(elements.named("text", class: "leftlabel").first?.attributes["font-weight"] == "bold")
        #expect(elements.named("text", class: "rightlabel").first?.text == "Simulation")
        #expect(root.attributes["font-family"]?.contains("sans-serif") == true)
    }

    @Test func linearAxisHasHeadroomAndTicksOnFourSides() throws {
        let plot = Self.histogramPlot(scale: .linear)
        let renderer = PlotRenderer(plot: plot)
        let layout = renderer.layout(entries: renderer.legendEntries())
        // Histograms start at 0 and keep at least 30% of the axis free above the data.
        #expect(layout.y.range.lowerBound == 0)
        #expect(layout.y.range.upperBound >= 1230 / 0.7 - 1e-9)
        #expect(layout.x.range == 0...1)
        let elements = try SVGTree.parse(plot.svg())
        let yValues = elements.tickValues("ytick")
        #expect(yValues.min() == 0 && yValues.max()! >= 1230)
        // Inward ticks: every major tick segment starts on the frame and points inside.
        let frame = layout.frame
        let tickPaths = elements.named("path").filter {
            $0.attributes["stroke"] == "#000000" && $0.attributes["fill"] == "none"
        }
        #expect(tickPaths.count == 2)  // major and minor
        let segments = try #require(tickPaths.first?.attributes["d"]).split(separator: "M").map { segment in
            segment.split(separator: "L").map { $0.split(separator: ",").map { Double($0)! } }
        }
        var sides = Set<String>()
        for segment in segments {
            let (start, end) = (segment[0], segment[1])
            if start[0] == end[0] {  // an x tick
                if abs(start[1] - frame.bottom) < 0.01 {
                    sides.insert("bottom")
                    #expect(end[1] < start[1])
                }
                if abs(start[1] - frame.top) < 0.01 {
                    sides.insert("top")
                    #expect(end[1] > start[1])
                }
            } else {
                if abs(start[0] - frame.left) < 0.01 {
                    sides.insert("left")
                    #expect(end[0] > start[0])
                }
                if abs(start[0] - frame.right) < 0.01 {
                    sides.insert("right")
                    #expect(end[0] < start[0])
                }
            }
        }
        #expect(sides == ["bottom", "top", "left", "right"])
    }

    @Test func zerosAndNonFiniteValuesStayOutOfTheSVG() throws {
        var plot = Plot()
        plot.yAxis.scale = .log
        plot.stackedHistogram(
            edges: [0, 1, 2, 3],
            stack: [("a", [0, .nan, 5], PlotPalette.color(0)), ("b", [.infinity, 0, 2], PlotPalette.color(1))])
        plot.uncertaintyBand(edges: [0, 1, 2, 3], center: [0, 1, 7], error: [.nan, 2, 1], label: "unc")
        plot.stepLine(edges: [0, 1, 2, 3], values: [0, -1, .nan], label: "s", color: PlotPalette.color(2))
        plot.line(x: [0, 1, .nan, 3], y: [1, 0, 3, -.infinity], label: "line", color: PlotPalette.color(3), marker: .circle)
        plot.scatter(x: [1, 2], y: [.nan, 4], label: nil, color: PlotPalette.color(4))
        plot.ellipse(center: (1, 1), semiAxes: (3, 0.5), angle: 0.3, stroke: PlotPalette.color(5))
        plot.text("here", at: (.nan, 1))
        let svg = plot.svg()
        Self.expectFinite(svg)
        let elements = try SVGTree.parse(svg)
        // (0, 1) on the line, (2, 4) of the scatter, the line's legend handle.
        #expect(elements.named("circle").count == 3)
        // An empty plot is a valid SVG too.
        let empty = Plot(width: 300, height: 200)
        let emptyElements = try SVGTree.parse(empty.svg())
        #expect(emptyElements.first?.attributes["width"] == "300")
        var emptyLog = Plot()
        emptyLog.yAxis = PlotAxis(scale: .log, range: -1...0)
        Self.expectFinite(emptyLog.svg())
    }

    @Test func linesWithMarkersAndDashes() throws {
        var plot = Plot()
        let bins = (1...6).map(Double.init)
        plot.line(x: bins, y: bins.map { 2 - 1 / $0 }, label: "gato", color: PlotPalette.color(0), marker: .circle)
        plot.line(
            x: bins, y: bins.map { 1.5 - 1 / $0 }, label: "Equidistant", color: PlotPalette.color(1), dashed: true,
            marker: .square)
        plot.verticalLine(x: 3, color: PlotPalette.color(2), label: "Chosen")
        plot.horizontalLine(y: 1, color: PlotPalette.color(3))
        plot.legendPosition = .lowerRight
        let elements = try SVGTree.parse(plot.svg())
        #expect(elements.named("circle").count == 6 + 1)  // points and legend handle
        #expect(elements.named("rect").filter { $0.attributes["fill"] == PlotPalette.color(1).hex }.count == 6 + 1)
        let dashed = elements.filter {
            $0.attributes["stroke"] == PlotPalette.color(1).hex && $0.attributes["stroke-dasharray"] != nil
        }
        #expect(dashed.count == 2)  // the series and its legend handle
        #expect(elements.named("line").filter { $0.attributes["stroke"] == PlotPalette.color(2).hex }.count == 2)
        #expect(elements.named("text", class: "legend").map(\.text) == ["gato", "Equidistant", "Chosen"])
        let xValues = elements.tickValues("xtick")
        #expect(xValues.min()! <= 1 && xValues.max()! >= 6)
        let yValues = elements.tickValues("ytick")
        #expect(yValues.min()! <= 0.5 && yValues.max()! >= 2 - 1.0 / 6)
    }

    @Test func secondaryAxisIsLabelledOnTheRight() throws {
        var plot = Plot()
        let epochs = (0..<50).map(Double.init)
        plot.yAxis.label = "Loss"
        plot.secondaryYAxis = PlotAxis(label: "Temperature", scale: .log, color: PlotPalette.color(1))
        plot.line(x: epochs, y: epochs.map { 1 / (1 + $0) }, label: "loss", color: PlotPalette.color(0))
        plot.line(x: epochs, y: epochs.map { pow(0.9, $0) }, label: "T", color: PlotPalette.color(1), onSecondaryAxis: true)
        let elements = try SVGTree.parse(plot.svg())
        let right = elements.named("text", class: "y2tick")
        #expect(!right.isEmpty)
        let leftX = elements.named("text", class: "ytick").compactMap { Double($0.attributes["x"] ?? "") }
        let rightX = right.compactMap { Double($0.attributes["x"] ?? "") }
        #expect(rightX.min()! > leftX.max()! + 300)
        #expect(
            right.allSatisfy { $0.attributes["text-anchor"] == "start" && $0.attributes["fill"] == PlotPalette.color(1).hex })
        #expect(right.map(\.text).contains("10⁰"))
        let values = elements.tickValues("y2tick")
        #expect(values.max()! >= 1 && values.min()! <= 0.1)
        let label = try #require(elements.named("text", class: "y2label").first)
        #expect(label.text == "Temperature" && label.attributes["transform"]?.contains("rotate(-90)") == true)
    }

    /// The ellipse's path, mapped back to data coordinates, satisfies the
    /// ellipse's equation although x spans 10 units and y 1000.
    @Test func ellipseStaysAnEllipseInDataCoordinates() throws {
        var plot = Plot()
        plot.xAxis.range = 0...10
        plot.yAxis.range = 0...1000
        let (cx, cy, a, b, angle) = (5.0, 500.0, 3.0, 100.0, 0.4)
        plot.ellipse(center: (cx, cy), semiAxes: (a, b), angle: angle, stroke: PlotPalette.color(0), dashed: true)
        let renderer = PlotRenderer(plot: plot)
        let layout = renderer.layout(entries: [])
        let elements = try SVGTree.parse(plot.svg())
        let path = try #require(elements.named("path").first { $0.attributes["stroke"] == PlotPalette.color(0).hex })
        #expect(path.attributes["stroke-dasharray"] != nil)
        let d = try #require(path.attributes["d"])
        let points = d.dropLast().split(whereSeparator: { $0 == "M" || $0 == "L" }).map {
            $0.split(separator: ",").map { Double($0)! }
        }
        #expect(points.count == 96)
        for point in points {
            let x = layout.x.range.lowerBound + (point[0] - layout.x.start) / (layout.x.end - layout.x.start) * 10
            let y = (point[1] - layout.y.start) / (layout.y.end - layout.y.start) * 1000
            // Rotate (x - cx, y - cy) by -angle into the ellipse's frame: u^2/a^2 + v^2/b^2 = 1.
            let u = (x - cx) * cos(angle) + (y - cy) * sin(angle)
            let v = -(x - cx) * sin(angle) + (y - cy) * cos(angle)
            #expect(abs(u * u / (a * a) + v * v / (b * b) - 1) < 0.01)
        }
    }

    @Test func imageFillsItsExtent() throws {
        var plot = Plot(width: 500, height: 500)
        plot.xAxis.range = 0...1
        plot.yAxis.range = 0...1
        let uri = "data:image/png;base64,iVBORw0KGgo="
        plot.image(dataURI: uri, extent: (0, 1, 0, 1))
        plot.polygon(
            points: [(0.1, 0.1), (0.5, 0.2), (0.3, 0.6)], fill: PlotPalette.color(2), stroke: nil, opacity: 0.5, label: "region"
        )
        plot.legendFrame = true
        let layout = PlotRenderer(plot: plot).layout(entries: [])
        let elements = try SVGTree.parse(plot.svg())
        let image = try #require(elements.named("image").first)
        #expect(image.attributes["href"] == uri && image.attributes["preserveAspectRatio"] == "none")
        #expect(abs(Double(image.attributes["x"]!)! - layout.frame.left) < 0.01)
        #expect(abs(Double(image.attributes["y"]!)! - layout.frame.top) < 0.01)
        #expect(abs(Double(image.attributes["width"]!)! - layout.frame.width) < 0.01)
        #expect(abs(Double(image.attributes["height"]!)! - layout.frame.height) < 0.01)
        // The image is inside the clipped group, under the polygon.
        let imageIndex = elements.firstIndex { $0.name == "image" }!
        let polygonIndex = elements.firstIndex { $0.name == "path" && $0.attributes["fill"] == PlotPalette.color(2).hex }!
        #expect(imageIndex < polygonIndex && elements[polygonIndex].attributes["fill-opacity"] == "0.5")
        #expect(elements.contains { $0.name == "rect" && $0.attributes["fill-opacity"] == "0.85" })  // legend frame
    }

    @Test func labelsAreEscapedAndIdsDiffer() throws {
        var first = Plot()
        first.title = "A < B & \"C\""
        first.stepLine(edges: [0, 1], values: [1], label: "x < 1 & y > 2", color: PlotPalette.color(0))
        first.uncertaintyBand(edges: [0, 1], center: [1], error: [0.1], label: "unc")
        var second = first
        second.stepLine(edges: [0, 1], values: [2], label: "other", color: PlotPalette.color(1))
        let firstElements = try SVGTree.parse(first.svg())
        #expect(firstElements.named("text", class: "legend").first?.text == "x < 1 & y > 2")
        #expect(firstElements.named("title").first?.text == "A < B & \"C\"")
        let firstIDs = Set(firstElements.compactMap { $0.attributes["id"] })
        let secondIDs = Set(try SVGTree.parse(second.svg()).compactMap { $0.attributes["id"] })
        #expect(firstIDs.count == 2 && firstIDs.isDisjoint(with: secondIDs))
        second.idPrefix = "fig2"
        #expect(second.svg().contains("id=\"fig2-clip\""))
        // Same plot, same output.
        #expect(first.svg() == first.svg())
    }

    @Test func legendCanBeLeftOut() throws {
        var plot = Self.histogramPlot(scale: .linear)
        plot.legendPosition = .none
        let elements = try SVGTree.parse(plot.svg())
        #expect(elements.named("text", class: "legend").isEmpty)
        plot.legendPosition = .upperLeft
        plot.legendColumns = 3
        let renderer = PlotRenderer(plot: plot)
        let legend = try #require(renderer.legendLayout(renderer.legendEntries()))
        #expect(legend.columns == [[0, 1], [2, 3], [4]])
    }

    @Test func paletteCycles() {
        #expect(
            PlotPalette.petroff10.map(\.hex) == [
                "#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6", "#a96b59", "#e76300", "#b9ac70", "#717581", "#92dadd",
            ])
        #expect(PlotPalette.petroff6.map(\.hex) == ["#5790fc", "#f89c20", "#e42536", "#964a8b", "#9c9ca1", "#7a21dd"])
        #expect(PlotPalette.color(10) == PlotPalette.color(0) && PlotPalette.color(-1).hex == "#92dadd")
        #expect(PlotPalette.color(7, in: PlotPalette.petroff6).hex == "#f89c20")
        #expect(PlotPalette.darkened(RGBColor(hex: "#ffffff"), by: 0.5).hex == "#808080")
        #expect(PlotPalette.lightened(RGBColor(hex: "#000000"), by: 1).hex == "#ffffff")
    }

    /// Writes the demo figures as SVG to the folder named by GATO_PLOT_DEMO.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GATO_PLOT_DEMO"] != nil))
    func plotDemo() throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["GATO_PLOT_DEMO"]!)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, plot) in PlotDemoFigures.all() {
            try plot.svg().write(to: folder.appendingPathComponent(name + ".svg"), atomically: true, encoding: .utf8)
        }
    }

    @Test func demoFiguresAreWellFormed() throws {
        for (name, plot) in PlotDemoFigures.all(categoryMap: "data:image/png;base64,iVBORw0KGgo=") {
            let svg = plot.svg()
            Self.expectFinite(svg)
            let elements = try SVGTree.parse(svg)
            #expect(elements.count > 20, "\(name)")
        }
    }
}
