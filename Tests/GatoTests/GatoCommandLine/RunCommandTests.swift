import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows
@testable import GatoCommandLine

/// `gato run` on the complete example of docs/configuration.md, with event files in
/// all three formats written here, then `gato apply` and `gato inspect` on its output.
@Suite(.serialized) struct RunCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The YAML block under "## A complete example" in docs/configuration.md.
    static func documentedExample() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let section = text.components(separatedBy: "## A complete example")[1]
        return section.components(separatedBy: "```yaml\n")[1].components(separatedBy: "```")[0]
    }

    /// Writes the example's event files: the resonance toy's signal1 as ggH (.npz),
    /// signal2 as VBF (.csv), bkg1-3 as diphoton (.npz), bkg4-5 as gjet (.npy).
    static func writeEvents(in directory: URL) throws -> Dataset {
        let toy = try ToyData.resonance(
            .init(signal1Events: 1500, signal2Events: 1500, backgroundEvents: 9000, seed: 3))
        let events = directory.appendingPathComponent("events")
        try FileManager.default.createDirectory(at: events, withIntermediateDirectories: true)
        func merged(_ names: [String]) -> (scores: [Double], weights: [Double], mass: [Double]) {
            var result: ([Double], [Double], [Double]) = ([], [], [])
            for name in names {
                let sample = toy[name]!
                result.0 += sample.features.map(Double.init)
                result.1 += Array(sample.weights)
                result.2 += Array(sample.column("mass")!)
            }
            return result
        }
        let ggH = merged(["signal1"])
        try NumpyArchive.write(
            [("scores", NumpyArray(float64: ggH.scores, shape: [ggH.weights.count, 3])),
             ("weight", NumpyArray(float64: ggH.weights)), ("mass", NumpyArray(float64: ggH.mass))],
            to: events.appendingPathComponent("ggH.npz"))
        let vbf = merged(["signal2"])
        var csv = "score_ggh,score_vbf,score_bkg,weight,mass\n"
        for i in 0..<vbf.weights.count {
            csv += "\(vbf.scores[3 * i]),\(vbf.scores[3 * i + 1]),\(vbf.scores[3 * i + 2]),\(vbf.weights[i]),\(vbf.mass[i])\n"
        }
        try csv.write(to: events.appendingPathComponent("vbf.csv"), atomically: true, encoding: .utf8)
        let diphoton = merged(["bkg1", "bkg2", "bkg3"])
        try NumpyArchive.write(
            [("scores", NumpyArray(float64: diphoton.scores, shape: [diphoton.weights.count, 3])),
             ("weight", NumpyArray(float64: diphoton.weights)), ("mass", NumpyArray(float64: diphoton.mass))],
            to: events.appendingPathComponent("diphoton.npz"))
        let gjet = merged(["bkg4", "bkg5"])
        let n = gjet.weights.count
        let twoScores = (0..<n).flatMap { [Float(gjet.scores[3 * $0]), Float(gjet.scores[3 * $0 + 1])] }
        try NumpyArray(float32: twoScores, shape: [n, 2]).write(to: events.appendingPathComponent("gjet_scores.npy"))
        try NumpyArray(float64: gjet.mass).write(to: events.appendingPathComponent("gjet_mass.npy"))
        return toy
    }

    @Test func documentedConfigurationRunsAppliesAndInspects() throws {
        let directory = CommandRunner.temporaryDirectory()
        let toy = try Self.writeEvents(in: directory)
        try Self.documentedExample().write(to: directory.appendingPathComponent("analysis.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["run", "analysis.yaml", "--out", "out", "-q"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let out = directory.appendingPathComponent("out")
        let summary = try Summary.read(from: out.appendingPathComponent("summary.json"))
        #expect(summary.workflow == "hgg-categories" && summary.signals == ["ggH", "VBF"])
        #expect(summary.results.map(\.nCats) == [3, 5] && summary.results.allSatisfy { $0.starts == 2 })
        // Two starts screened for 30% of the 60 epochs.
        #expect(summary.results.allSatisfy { $0.screeningEpochs == 18 })
        #expect(summary.baselines.map(\.nBins) == [3, 5])
        // The evaluation keeps only events inside the window: the ggH yields add up to
        // its weight inside 123.5-126.5 GeV.
        let ggH = toy["signal1"]!
        let mass = ggH.column("mass")!
        let inWindow = (0..<ggH.count).filter { (123.5...126.5).contains(mass[$0]) }.reduce(0.0) { $0 + ggH.weights[$1] }
        #expect(abs(summary.results[0].yields["ggH"]!.reduce(0, +) - inWindow) < 1e-9 * inWindow)
        let history = try String(contentsOf: out.appendingPathComponent("history_5.csv"), encoding: .utf8)
        #expect(history.hasPrefix("epoch,learning_rate,temperature,loss,soft_Z_ggH,soft_Z_VBF,penalty_yield,penalty_uncertainty,mean_abs_bias\n"))

        // apply: one int32 array per process and the yields per category.
        let applied = try CommandRunner.run(
            ["apply", "out/checkpoints/5_bins.json", "--config", "analysis.yaml", "--out", "assigned.npz"], in: directory)
        #expect(applied.status == 0, "\(applied.stderr)")
        let archive = try NumpyArchive(contentsOf: directory.appendingPathComponent("assigned.npz"))
        #expect(Set(archive.names) == Set(["ggH", "VBF", "diphoton", "gjet"].flatMap { [$0, "yields_\($0)", "sumw2_\($0)"] }))
        let categories = try archive.array(named: "diphoton")
        // bkg1-3 of 9000 background events split 100:80:50:20:10: 3461 + 2769 + 1730.
        #expect(categories.dtype == "<i4" && categories.count == 7960)
        #expect(["bkg1", "bkg2", "bkg3"].reduce(0) { $0 + toy[$1]!.count } == 7960)
        #expect(categories.values.allSatisfy { (0..<5).contains(Int($0)) })
        // gjet weights are the constant 0.04: its yields count events per category.
        let gjetCategories = try archive.array(named: "gjet").values
        let gjetYields = try archive.array(named: "yields_gjet").values
        for k in 0..<5 {
            #expect(abs(gjetYields[k] - 0.04 * Double(gjetCategories.filter { Int($0) == k }.count)) < 1e-9)
        }

        // inspect: the model in the units of the inputs.
        let inspected = try CommandRunner.run(["inspect", "out/checkpoints/5_bins.json"], in: directory)
        #expect(inspected.status == 0)
        #expect(inspected.stdout.contains("Gaussian mixture (gmm), 5 categories in 2 dimensions"))
        #expect(inspected.stdout.split(separator: "\n").filter { $0.hasPrefix("category") }.count == 5)
        let model = try Checkpoint.loadGaussianMixture(from: out.appendingPathComponent("checkpoints/5_bins.json"))
        let firstMean = model.effectiveMeans()[0]
        #expect(inspected.stdout.contains(String(format: "%.4f", firstMean)))
    }

    @Test func inspectDescribesCutModelsAndOneDimensionalBoundaries() throws {
        let directory = CommandRunner.temporaryDirectory()
        let url = directory.appendingPathComponent("cuts.json")
        try Checkpoint.save(
            try SigmoidCutCategorizer(variables: [CutVariable(name: "score", bins: 3, range: 0...2)], raw: [0, 0]), to: url)
        let result = try CommandRunner.run(["inspect", url.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("score: 3 bins on [0, 2], steepness 5"))
        #expect(result.stdout.contains("boundaries: 0.66667 1.33333"))
    }
}
