import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows
@testable import GatoCommandLine

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The plots and report of a real (small) run: every SVG parses, the stacked
/// plots name every process, the report is self-contained, the animation decodes
/// back to the frames of the recorded snapshots, and `gato plot` redraws the same.
@Suite(.serialized) struct ReportTests {
    /// A small three-class run with its report, once for the suite.
    static let folder: URL = {
        let directory = CommandRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("out")
        let result = try! CommandRunner.run([
            "example", "three-class", "--gato-bins", "3", "--epochs", "8", "--n-bkg", "6000", "--n-signal", "1500",
            "--out", out.path, "-q",
        ])
        precondition(result.status == 0, result.stderr)
        return out
    }()

    static func files(_ suffix: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        return (enumerator.allObjects as! [String]).filter { $0.hasSuffix(suffix) }.sorted()
    }

    @Test func everyPlotIsWellFormedSVG() throws {
        let svgs = try Self.files(".svg")
        // Inputs (2 dimensions x linear, log), 3 significance plots, and for 3
        // categories: yields x 2, map, yield-uncertainty, loss, bias.
        #expect(svgs.count == 4 + 3 + 6, "\(svgs)")
        for path in svgs {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(path), encoding: .utf8)
            let elements = try SVGTree.parse(text)
            #expect(elements.first?.name == "svg", "\(path)")
            #expect(!text.contains("NaN") && !text.contains(" nan") && !text.contains("inf\""), "\(path)")
        }
    }

    @Test func stackedPlotsNameEveryProcessAndCoverTheData() throws {
        let summary = try Summary.read(from: Self.folder.appendingPathComponent("summary.json"))
        let text = try String(contentsOf: Self.folder.appendingPathComponent("plots/3_bins/categories.svg"), encoding: .utf8)
        let elements = try SVGTree.parse(text)
        let texts = elements.named("text").map(\.text)
        for background in ["bkg1", "bkg2", "bkg3", "bkg4", "bkg5"] { #expect(texts.contains(background)) }
        #expect(texts.contains { $0.hasPrefix("signal1") } && texts.contains { $0.hasPrefix("signal2") })
        // The y axis's largest tick label is at least the largest stacked yield.
        let result = summary.results[0]
        let totals = (0..<3).map { k in ["bkg1", "bkg2", "bkg3", "bkg4", "bkg5"].reduce(0) { $0 + result.yields[$1]![k] } }
        let labels = texts.compactMap { Double($0.replacingOccurrences(of: "−", with: "-")) }
        #expect((labels.max() ?? 0) >= totals.max()!)
        // The category axis names the categories in display order.
        for k in result.order { #expect(texts.contains(String(k))) }
    }

    @Test func lossMarksTheScreeningAndUncertaintyAxisStartsAtZero() throws {
        let summary = try Summary.read(from: Self.folder.appendingPathComponent("summary.json"))
        // Four starts screened for 30% of 8 epochs, rounded.
        #expect(summary.results[0].screeningEpochs == 2)
        let loss = try SVGTree.parse(
            String(contentsOf: Self.folder.appendingPathComponent("plots/3_bins/loss.svg"), encoding: .utf8))
        #expect(loss.named("text").map(\.text).contains("End of screening"))
        let uncertainty = try SVGTree.parse(
            String(contentsOf: Self.folder.appendingPathComponent("plots/3_bins/yield_uncertainty.svg"), encoding: .utf8))
        let labels = uncertainty.named("text").compactMap { Double($0.text.replacingOccurrences(of: "−", with: "-")) }
        #expect(!labels.isEmpty && labels.allSatisfy { $0 >= 0 }, "\(labels)")
    }

    @Test func reportIsSelfContained() throws {
        let html = try String(contentsOf: Self.folder.appendingPathComponent("report.html"), encoding: .utf8)
        // Every src/href is a data URI or a fragment: nothing can be missing.
        let references = html.components(separatedBy: " src=\"").dropFirst().map { $0.prefix(while: { $0 != "\"" }) }
            + html.components(separatedBy: " href=\"").dropFirst().map { $0.prefix(while: { $0 != "\"" }) }
        #expect(!references.isEmpty)
        for reference in references { #expect(reference.hasPrefix("data:") || reference.hasPrefix("#"), "\(reference.prefix(40))") }
        #expect(!html.contains("<script"))
        #expect(html.components(separatedBy: "<svg").count - 1 == (try Self.files(".svg")).count)
        #expect(html.contains("data:image/gif;base64,"))
        #expect(html.contains("<th>hard Z(signal1)</th>") && html.contains("argmax-equidistant"))
    }

    @Test func animationDecodesToTheSnapshotFrames() throws {
        let gif = try DecodedGIF(Data(contentsOf: Self.folder.appendingPathComponent("plots/3_bins/animation.gif")))
        let snapshots = try TrainingSnapshots.read(from: Self.folder.appendingPathComponent("snapshots/3_bins.json"))
        let model = try Checkpoint.loadGaussianMixture(from: Self.folder.appendingPathComponent("checkpoints/3_bins.json"))
        let frames = snapshots.models(like: model)
        #expect(gif.frames.count == frames.count && frames.count == 8)  // 8 epochs: every one recorded
        let map = CategoryMap(model)
        for (index, frame) in frames.enumerated() {
            let image = map.image(frame.model, width: 360, height: 360, progress: Double(frame.epoch) / 7)
            #expect(gif.frames[index] == image.pixels, "frame \(index)")
        }
        #expect(gif.loopCount == 0 && gif.delays.allSatisfy { $0 == 15 })
    }

    @Test func plotRedrawsTheSameFiles() throws {
        let before = try Self.files(".svg").map { try Data(contentsOf: Self.folder.appendingPathComponent($0)) }
        try FileManager.default.removeItem(at: Self.folder.appendingPathComponent("plots"))
        try FileManager.default.removeItem(at: Self.folder.appendingPathComponent("report.html"))
        let result = try CommandRunner.run(["plot", Self.folder.path])
        #expect(result.status == 0 && result.stdout.contains("drew 13 plots"))
        let after = try Self.files(".svg").map { try Data(contentsOf: Self.folder.appendingPathComponent($0)) }
        #expect(before == after)
        #expect(FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent("report.html").path))
    }

    @Test func pngNeedsRsvgConvertAndSaysHowToInstallIt() throws {
        // With an empty PATH the converter cannot be found.
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("gato")
        process.arguments = ["plot", Self.folder.path, "--format", "png"]
        process.environment = ["PATH": "/nonexistent"]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("rsvg-convert") && message.contains("apt-get install librsvg2-bin"))
        if PlotCommandLocator.rsvgConvertIsInstalled {
            let result = try CommandRunner.run(["plot", Self.folder.path, "--format", "png"])
            #expect(result.status == 0)
            #expect(FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent("plots/3_bins/category_map.png").path))
        }
    }

    @Test func notAnOutputFolder() throws {
        let result = try CommandRunner.run(["plot", CommandRunner.temporaryDirectory().path])
        #expect(result.status == 2 && result.stderr.contains("is not a gato output folder (no summary.json)"))
        let missing = CommandRunner.temporaryDirectory().appendingPathComponent("nothing")
        let none = try CommandRunner.run(["plot", missing.path])
        #expect(none.status == 2 && none.stderr == "error: \(missing.path): no such folder\n", "\(none.stderr)")
    }

    /// A summary from another version, or lacking a key, is named with the key.
    @Test func summaryOfAnotherVersionOrLackingAKey() throws {
        let copy = CommandRunner.temporaryDirectory().appendingPathComponent("copy")
        try FileManager.default.copyItem(at: Self.folder, to: copy)
        let url = copy.appendingPathComponent("summary.json")
        let original = try Data(contentsOf: url)
        var json = try JSONSerialization.jsonObject(with: original) as! [String: Any]
        var results = json["results"] as! [[String: Any]]
        results[0].removeValue(forKey: "screening_epochs")
        json["results"] = results
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        var result = try CommandRunner.run(["plot", copy.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr == "error: \(url.path): missing key 'results[0].screening_epochs' (written by an older gato? run it again)\n")

        json["version"] = 2
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        result = try CommandRunner.run(["plot", copy.path])
        #expect(result.status == 2 && result.stderr.contains("is gato-summary version 2; this gato reads version 1"))

        // A history or the histograms missing or broken.
        try original.write(to: url)
        let history = copy.appendingPathComponent("history_3.csv")
        try "epoch,nonsense\n".write(to: history, atomically: true, encoding: .utf8)
        result = try CommandRunner.run(["plot", copy.path])
        #expect(result.status == 2 && result.stderr == "error: \(history.path): not a gato training history\n", "\(result.stderr)")
        try FileManager.default.removeItem(at: copy.appendingPathComponent("histograms.json"))
        result = try CommandRunner.run(["plot", copy.path])
        #expect(result.status == 2 && result.stderr == "error: \(copy.path)/histograms.json: no such file\n", "\(result.stderr)")
    }
}

enum PlotCommandLocator {
    static var rsvgConvertIsInstalled: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/rsvg-convert")
        }
    }
}
