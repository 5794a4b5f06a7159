import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct AnalysisPlotsTests {
    /// The 1-D boundary plot writes each interval's category above it: a category
    /// that owns several disjoint intervals shows its number once per interval.
    @Test func boundaryPlotNamesTheCategoryOfEveryInterval() throws {
        let edges = (0...10).map { Double($0) / 10 }
        let histogram = ProcessHistogram(
            edges: edges, sumW: ["bkg": Array(repeating: 5, count: 10), "sig": Array(repeating: 1, count: 10)],
            sumW2: ["bkg": Array(repeating: 5, count: 10), "sig": Array(repeating: 1, count: 10)])
        let style = ReportStyle(processes: ["sig", "bkg"], roles: [.signal, .background])
        let svg = AnalysisPlots.boundaries(
            [0.26, 0.33, 0.67, 0.74], intervals: [1, 0, 1, 2, 1], histogram: histogram, name: "x", style: style).svg()
        func labels(_ text: String) -> Int { svg.components(separatedBy: ">\(text)</text>").count - 1 }
        #expect(labels("1") >= 3 && labels("0") >= 1 && labels("2") >= 1)
        let without = AnalysisPlots.boundaries(
            [0.26, 0.33, 0.67, 0.74], histogram: histogram, name: "x", style: style).svg()
        func count(_ text: String, in svg: String) -> Int { svg.components(separatedBy: ">\(text)</text>").count - 1 }
        // Tick labels may also read 0, 1 or 2: the labels add exactly one per interval.
        #expect(labels("1") - count("1", in: without) == 3)
        #expect(labels("0") - count("0", in: without) == 1 && labels("2") - count("2", in: without) == 1)
    }
}
