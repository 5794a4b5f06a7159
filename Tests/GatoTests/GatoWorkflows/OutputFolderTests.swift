import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct OutputFolderTests {
    @Test func gatoFilesAreRecognisedAndNothingElse() {
        let ours = [
            "summary.json", "report.html", "histograms.json", "configuration.yaml", "history_3.csv", "history_10.csv",
            "checkpoints", "checkpoints/5_bins.json", "snapshots", "snapshots/3_bins.json", "plots", "plots/input_0.svg",
            "plots/input_0.png", "plots/3_bins", "plots/3_bins/animation.gif", "plots/10_bins/category_map.svg",
            "report-page-1.png", "report-page-12.png",
        ]
        for path in ours { #expect(OutputFolder.isGatoFile(path), "\(path)") }
        let theirs = [
            "notes.txt", "history_.csv", "history_3.txt", "history_x.csv", "checkpoints/best.json",
            "checkpoints/3_bins.json.bak", "plots/paper.pdf", "plots/mine", "plots/3_bins/mine/a.svg",
            "plots/three_bins/a.svg", "snapshots/3_bins.yaml", "my_notes", "my_notes/fit.txt", "summary.json/x", "report-page-1.pdf",
        ]
        for path in theirs { #expect(!OutputFolder.isGatoFile(path), "\(path)") }
    }

    @Test func anEarlierOutputIsReplacedOnlyWhenItHoldsNothingElse() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("gato-out-\(UUID().uuidString)")
        let destination = parent.appendingPathComponent("results")
        defer { try? FileManager.default.removeItem(at: parent) }
        let first = try OutputFolder.create(at: destination)
        #expect(!first.replacesPrevious)
        try first.write(Data("{}".utf8), to: "summary.json")
        try first.write(Data("a".utf8), to: "plots/3_bins/loss.svg")
        try first.commit()

        let second = try OutputFolder.create(at: destination)
        #expect(second.replacesPrevious)
        try second.write(Data("{\"second\": 1}".utf8), to: "summary.json")
        try second.commit()
        #expect(try String(contentsOf: destination.appendingPathComponent("summary.json"), encoding: .utf8) == "{\"second\": 1}")
        #expect(!FileManager.default.fileExists(atPath: destination.appendingPathComponent("plots").path))

        // A file of one's own: refused, named, and nothing is touched.
        try FileManager.default.createDirectory(
            at: destination.appendingPathComponent("my_notes"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: destination.appendingPathComponent("my_notes/fit.txt"))
        try Data("keep".utf8).write(to: destination.appendingPathComponent("paper.pdf"))
        #expect {
            try OutputFolder.create(at: destination)
        } throws: { error in
            (error as? OutputFolderError)?.message
                == "\(destination.path) holds files gato did not write (my_notes and 1 more); "
                + "choose another --out or move them away, gato replaces only its own outputs"
        }
        #expect(FileManager.default.fileExists(atPath: destination.appendingPathComponent("my_notes/fit.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["results"])
    }
}
