import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct PlotAxisTests {
    @Test func linearTicksOfAFraction() {
        // Step 0.1 would give 9 ticks (> 8): 0.2, with minor ticks every 0.05.
        let ticks = PlotAxis.linearTicks(in: 0...0.87)
        #expect(ticks.major == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8"])
        #expect(ticks.minor.count == 13 && ticks.minor.first == 0.05 && ticks.minor.last == 0.85)
        #expect(!ticks.minor.contains(0.4))
        #expect(ticks.multiplier == nil)
    }

    @Test func linearTicksIncludeExactEnds() {
        let ticks = PlotAxis.linearTicks(in: 0...1)
        #expect(ticks.major == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ticks.labels.last == "1.0")
        // Decimal multiples are exact: 0.15 is the literal 0.15, not 3 * 0.05.
        let fine = PlotAxis.linearTicks(in: 0...0.3, maxMajorCount: 7)
        #expect(fine.major == [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3])
        #expect(fine.labels == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"])
    }

    @Test func linearTicksAcrossZeroUseTheMinusSign() {
        // Step 1 would give 11 ticks: 2, divided into 4 minor parts of 0.5.
        let ticks = PlotAxis.linearTicks(in: -3...7)
        #expect(ticks.major == [-2, 0, 2, 4, 6])
        #expect(ticks.labels == ["\u{2212}2", "0", "2", "4", "6"])
        #expect(ticks.minor.first == -3 && ticks.minor.last == 7 && ticks.minor.count == 21 - 5)
    }

    @Test func largeValuesGetACommonFactor() {
        let ticks = PlotAxis.linearTicks(in: 0...3.2e6)
        #expect(ticks.major == [0, 0.5e6, 1e6, 1.5e6, 2e6, 2.5e6, 3e6])
        #expect(ticks.labels == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"])
        #expect(ticks.multiplier == "×10⁶")
        // Below the threshold the labels are the values.
        #expect(PlotAxis.linearTicks(in: 0...12000).labels.last == "12000")
    }

    @Test func logTicksLabelDecades() {
        let ticks = PlotAxis.logTicks(in: 3...4700)
        #expect(ticks.major == [10, 100, 1000])
        #expect(ticks.labels == ["10¹", "10²", "10³"])
        let expectedMinor = [
            3.0, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90, 200, 300, 400, 500, 600, 700, 800, 900, 2000, 3000, 4000,
        ]
        #expect(ticks.minor == expectedMinor)
    }

    @Test func logTicksOverManyDecadesLabelEveryOther() {
        // 13 decades with at most 8 labels: every second one, the others unlabelled.
        let ticks = PlotAxis.logTicks(in: 1e-3...1e9, maxMajorCount: 8)
        #expect(ticks.labels == ["10⁻²", "10⁰", "10²", "10⁴", "10⁶", "10⁸"])
        #expect(ticks.minor.count == 7)
        #expect(abs(ticks.minor[0] - 1e-3) < 1e-18 && ticks.minor.last == 1e9)
    }

    @Test func logTicksOverLessThanTwoDecades() {
        let ticks = PlotAxis.logTicks(in: 3...40)
        #expect(ticks.major == [5, 10, 20])
        #expect(ticks.labels == ["5", "10", "20"])
        #expect(ticks.minor == [3, 4, 6, 7, 8, 9, 30, 40])
        // Less than a factor 3: linear ticks.
        #expect(PlotAxis.logTicks(in: 3...5).major == [3, 3.5, 4, 4.5, 5])
    }

    @Test func degenerateRangesHaveNoTicks() {
        #expect(PlotAxis.linearTicks(in: 2...2).major.isEmpty)
        #expect(PlotAxis.linearTicks(in: 0...Double.infinity).major.isEmpty)
        #expect(PlotAxis.logTicks(in: 0...10).major.isEmpty)
        #expect(PlotAxis.logTicks(in: -1...10).minor.isEmpty)
    }

    @Test func axisChoosesItsScale() {
        let axis = PlotAxis(label: "Events", scale: .log)
        #expect(axis.ticks(in: 3...4700) == PlotAxis.logTicks(in: 3...4700))
        #expect(PlotAxis().ticks(in: 0...0.87) == PlotAxis.linearTicks(in: 0...0.87))
    }

    @Test func tickLabelsReadBack() {
        #expect(PlotAxis.superscript(-12) == "⁻¹²")
        #expect(PlotAxis.value(ofLabel: "10⁻²") == 0.01)
        #expect(PlotAxis.value(ofLabel: "\u{2212}3") == -3)
        #expect(PlotAxis.value(ofLabel: "2×10⁵") == 2e5)
        #expect(PlotAxis.value(ofLabel: "0.25") == 0.25)
        #expect(PlotAxis.value(ofLabel: "abc") == nil)
        #expect(PlotAxis.plainLogLabel(0.002) == "0.002" && PlotAxis.plainLogLabel(5e6) == "5×10⁶")
    }
}

@Suite struct SVGDocumentTests {
    @Test func numbersAreShort() {
        #expect(SVGDocument.number(3.14159) == "3.14")
        #expect(SVGDocument.number(2) == "2")
        #expect(SVGDocument.number(-0.001) == "0")
        #expect(SVGDocument.number(-1.5) == "-1.5")
        #expect(SVGDocument.number(0.1 + 0.2) == "0.3")
        #expect(SVGDocument.number(0.05) == "0.05")
        #expect(SVGDocument.number(1.005, digits: 3) == "1.005")
        #expect(SVGDocument.number(.nan) == "0" && SVGDocument.number(-.infinity) == "0")
        #expect(SVGDocument.number(1e20) == "1000000000000")
        #expect(SVGDocument.fixed(0, decimals: 1) == "0.0" && SVGDocument.fixed(-0.0001, decimals: 2) == "0.00")
        #expect(SVGDocument.fixed(-1.5, decimals: 2) == "-1.50")
    }

    @Test func textIsEscaped() {
        #expect(SVGDocument.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(SVGDocument.escape("bell\u{07}\ttab") == "bell\ttab")
        #expect(SVGDocument.escape("γγ+jets") == "γγ+jets")
        #expect(SVGDocument.element("rect", [("x", "1"), ("fill", nil), ("title", "<")]) == "<rect x=\"1\" title=\"&lt;\"/>")
        #expect(SVGDocument.element("text", [], content: "a") == "<text>a</text>")
    }

    @Test func documentIsWellFormed() throws {
        var document = SVGDocument(width: 100, height: 50.5, title: "A & B")
        document.define(SVGDocument.element("clipPath", [("id", "c")], content: SVGDocument.element("rect", [("width", "1")])))
        document.append(SVGDocument.element("text", [("x", "1")], content: SVGDocument.escape("x < y")))
        let text = document.render()
        #expect(text.contains("viewBox=\"0 0 100 50.5\"") && text.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        let elements = try SVGTree.parse(text)
        #expect(elements.first?.name == "svg")
        #expect(elements.first { $0.name == "title" }?.text == "A & B")
        #expect(elements.first { $0.name == "text" }?.text == "x < y")
    }
}
