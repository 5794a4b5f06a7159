import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows
@testable import GatoCommandLine

/// `gato example NAME` end to end with few epochs and small samples.
@Suite(.serialized) struct ExampleCommandTests {
    static let small = ["--epochs", "6", "--n-bkg", "6000", "--n-signal", "2000", "-q"]

    @Test(arguments: ["1d-cuts", "1d-gmm", "three-class", "bump-hunt"])
    func exampleWritesTheOutputFolder(name: String) throws {
        let directory = CommandRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("out").path
        let result = try CommandRunner.run(["example", name, "--gato-bins", "3", "4", "--out", out] + Self.small)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "--quiet prints nothing on stderr: \(result.stderr)")
        let summary = try Summary.read(from: URL(fileURLWithPath: out).appendingPathComponent("summary.json"))
        #expect(summary.workflow == name && summary.results.map(\.nCats) == [3, 4])
        for result in summary.results {
            for file in [result.checkpoint, result.history] {
                #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(file)")
            }
            // Every significance is the exact Asimov formula on the hard yields listed
            // beside it (other signals count as background).
            for signal in summary.signals {
                var total = 0.0
                for k in 0..<result.nCats {
                    let s = result.yields[signal]![k]
                    let b = result.yields.filter { $0.key != signal }.reduce(0) { $0 + $1.value[k] }
                    total += pow(CommandRunner.asimov(s, b), 2)
                }
                #expect(abs(result.significance[signal]! - total.squareRoot()) < 1e-9 * max(1, total))
            }
            #expect(result.bias.count == result.nCats && result.order.sorted() == Array(0..<result.nCats))
            #expect((result.boundaries != nil) == name.hasPrefix("1d"))
            let history = try String(contentsOfFile: "\(out)/\(result.history)", encoding: .utf8)
            #expect(history.split(separator: "\n").count == 7)  // header + 6 epochs
        }
        if name == "bump-hunt" {
            // The mass spectra show the whole signal peak, not just the window the
            // results count: 125 +- 1.5 GeV holds 68% of a Gaussian of sigma 1.5.
            let histograms = try EventHistograms.read(
                from: URL(fileURLWithPath: out).appendingPathComponent("histograms.json"))
            let plotted = histograms.masses["3"]!.reduce(0) { $0 + $1.sumW["signal1"]!.reduce(0, +) }
            let inWindow = summary.results[0].yields["signal1"]!.reduce(0, +)
            #expect(abs(inWindow / plotted - 0.6827) < 0.03, "\(inWindow) of \(plotted)")
        }
        #expect(!summary.baselines.isEmpty)
        let expectedBaselineBins = name.hasPrefix("1d") ? [2, 5, 10, 20] : [5, 11, 21]
        #expect(summary.baselines.filter { $0.name != "exact" }.map(\.nBins) == expectedBaselineBins)
        // The 1-D examples add the exact optimum for the numbers of categories
        // trained that the requirements allow.
        let exact = summary.baselines.filter { $0.name == "exact" }.map(\.nBins)
        #expect(name.hasPrefix("1d") ? exact.allSatisfy([3, 4].contains) : exact.isEmpty)
        // The table: one line per GATO model and per baseline, under a header (and
        // warnings about categories of these tiny samples).
        #expect(result.stdout.split(separator: "\n").filter { !$0.hasPrefix("warning: ") }.count
            == 1 + 2 + expectedBaselineBins.count + exact.count)
        #expect(result.stdout.contains("GATO"))
    }

    @Test func progressIsAPlainLineEveryTenPercentWhenNotATerminal() throws {
        let directory = CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run([
            "example", "1d-gmm", "--epochs", "20", "--gato-bins", "3", "--n-bkg", "3000", "--n-signal", "1000",
            "--out", directory.appendingPathComponent("out").path,
        ])
        #expect(result.status == 0)
        let epochLines = result.stderr.split(separator: "\n").filter { $0.contains("epoch") && $0.contains("/20") }
        // 4 starts screened for 6 epochs (lines at 2, 4, 6) and the chosen one to 20: the
        // plain progress line appears every 2 epochs (10% of 20).
        #expect(epochLines.contains { $0.contains("epoch 20/20") })
        #expect(epochLines.allSatisfy { line in
            let epoch = Int(line.split(separator: " ").drop { $0 != "epoch" }.dropFirst().first!.split(separator: "/")[0])!
            return epoch % 2 == 0
        })
        #expect(result.stderr.contains("results in"))
    }

    @Test func oneStartTrainsOnAllEventsFromTheFirstEpoch() throws {
        let directory = CommandRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("out").path
        let arguments = ["example", "1d-gmm", "--epochs", "10", "--gato-bins", "3", "--n-bkg", "3000", "--n-signal", "1000"]
        let result = try CommandRunner.run(arguments + ["--starts", "1", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("on the subsample"), "\(result.stderr)")
        let summary = try Summary.read(from: URL(fileURLWithPath: out).appendingPathComponent("summary.json"))
        #expect(summary.results.map(\.starts) == [1] && summary.results.map(\.screeningEpochs) == [0])
        // Two starts: each is screened (one line each) for 30% of the 10 epochs.
        let two = try CommandRunner.run(arguments + ["--starts", "2", "--out", out + "2"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stderr.split(separator: "\n").filter { $0.contains("on the subsample") }.count == 2)
        let screened = try Summary.read(from: URL(fileURLWithPath: out + "2").appendingPathComponent("summary.json"))
        #expect(screened.results.map(\.starts) == [2] && screened.results.map(\.screeningEpochs) == [3])
    }

    @Test func sameSeedSameResults() throws {
        let directory = CommandRunner.temporaryDirectory()
        var merits: [Double] = []
        for run in 0..<2 {
            let out = directory.appendingPathComponent("out\(run)").path
            let threads = run == 0 ? "1" : "2"
            let result = try CommandRunner.run(
                ["example", "three-class", "--gato-bins", "3", "--out", out, "--threads", threads] + Self.small)
            #expect(result.status == 0)
            merits.append(try Summary.read(from: URL(fileURLWithPath: out + "/summary.json")).results[0].merit)
        }
        #expect(merits[0] == merits[1])
    }

    /// The help states the recipes' defaults (ArgumentParser wraps long lines, so
    /// whitespace is normalised).
    @Test func helpStatesTheRecipesDefaults() throws {
        let result = try CommandRunner.run(["example", "--help"])
        #expect(result.status == 0)
        let help = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for phrase in [
            "Epochs per training (default: 250; bump-hunt 200)",
            "Numbers of categories to train (default: 3 5 10; bump-hunt 3 5)",
            "penalised (default 5; bump-hunt 10)", "penalised (default 0.2; bump-hunt 0.1)",
            "Weight of the low-background penalty (default 0; 0: off)",
            "(default: 300000; three-class, bump-hunt 1000000)", "every this many epochs (default 50)",
            "125 +- sigma (default 1.5)", "(default 4, each screened for 30% of the epochs on 1/4 of the events;",
        ] {
            #expect(help.contains(phrase), "\(phrase)")
        }
    }
}
