import Foundation
import ArgumentParser
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

extension ExampleWorkflow: ExpressibleByArgument {}
extension KernelPrecision: ExpressibleByArgument {}

/// `gato example NAME`: one of gato-hep's four example workflows on its toy data.
struct ExampleCommand: GatoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Run one of gato-hep's example workflows on its toy data.",
        discussion: ExampleWorkflow.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n")
    )

    @Argument(help: "The workflow: \(ExampleWorkflow.allCases.map(\.rawValue).joined(separator: ", ")).")
    var name: ExampleWorkflow

    @Option(parsing: .unconditional, help: "Epochs per training (default: \(ExampleWorkflow.defaultInWords { "\($0.recipe.epochs)" })).")
    var epochs: Int?

    @Option(name: .customLong("gato-bins"), parsing: .upToNextOption, help: "Numbers of categories to train (default: \(ExampleWorkflow.defaultInWords { TrainingRecipe.list($0.recipe.categoryCounts) })).")
    var gatoBins: [Int] = []

    @Option(name: .customLong("lam-yield"), parsing: .unconditional, help: "Weight of the low-background penalty (default \(ExampleWorkflow.defaultInWords { TrainingRecipe.words($0.recipe.yieldPenaltyWeight) }); 0: off).")
    var lambdaYield: Double?

    @Option(name: .customLong("lam-unc"), parsing: .unconditional, help: "Weight of the background-uncertainty penalty (default \(ExampleWorkflow.defaultInWords { TrainingRecipe.words($0.recipe.uncertaintyPenaltyWeight) }); 0: off).")
    var lambdaUncertainty: Double?

    @Option(name: .customLong("thr-yield"), parsing: .unconditional, help: "Background yield below which a category is penalised (default \(ExampleWorkflow.defaultInWords { TrainingRecipe.words($0.recipe.yieldThreshold) })).")
    var thresholdYield: Double?

    @Option(name: .customLong("thr-unc"), parsing: .unconditional, help: "Relative MC uncertainty above which a category is penalised (default \(ExampleWorkflow.defaultInWords { TrainingRecipe.words($0.recipe.uncertaintyThreshold) })).")
    var thresholdUncertainty: Double?

    @Option(name: .customLong("n-bkg"), parsing: .unconditional, help: "Generated background events (default: \(ExampleWorkflow.defaultInWords { "\($0.defaults.backgroundEvents)" })).")
    var backgroundEvents: Int?

    @Option(name: .customLong("n-signal"), parsing: .unconditional, help: "Generated events per signal (default \(ExampleWorkflow.defaultInWords { "\($0.defaults.signalEvents)" })).")
    var signalEvents: Int?

    @Option(name: .customLong("rewt-interval"), parsing: .unconditional, help: "bump-hunt: refit the background factors every this many epochs (default \(ExampleWorkflow.bumpHunt.recipe.refitInterval)).")
    var refitInterval: Int?

    @Option(name: .customLong("mass-sigma"), parsing: .unconditional, help: "bump-hunt: width of the signal peak in GeV; the window is 125 +- sigma (default \(TrainingRecipe.words(ExampleWorkflow.bumpHunt.defaults.massSigma))).")
    var massSigma: Double?

    @Option(name: .customLong("seed"), parsing: .unconditional, help: "Seed of the toy events and the initial parameters (0 to 2^64 - 1).")
    var seedText: String = "\(TrainingRecipe.standard.seed)"

    /// The seed: an integer from 0 to 2^64 - 1 (read as text so that a negative or
    /// too large value gets a message naming the option and the range).
    var seed: UInt64 { UInt64(seedText) ?? 0 }

    @Option(help: "Arithmetic of the training's event loops: single (twice as fast) or double. Results are always evaluated in double.")
    var precision: KernelPrecision = TrainingRecipe.standard.precision

    @Option(parsing: .unconditional, help: "Random starts per number of categories (default \(TrainingRecipe.words(TrainingRecipe.standard.restarts)); 1: a single start trained on all events, as gato-hep does).")
    var starts: Int = TrainingRecipe.standard.restarts.starts

    @Option(help: "Output folder (default: results/<name>).")
    var out: String?

    @OptionGroup var runOptions: RunOptions

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if gatoBins.contains(where: { $0 < 2 }) { throw ValidationError("--gato-bins: every number must be at least 2") }
        for (value, flag) in [
            (lambdaYield, "--lam-yield"), (lambdaUncertainty, "--lam-unc"),
            (thresholdYield, "--thr-yield"), (thresholdUncertainty, "--thr-unc"),
        ] {
            if let value, !(value >= 0 && value.isFinite) { throw ValidationError("\(flag) must be >= 0") }
        }
        if name != .bumpHunt {
            for (given, flag) in [(refitInterval != nil, "--rewt-interval"), (massSigma != nil, "--mass-sigma")] where given {
                throw ValidationError("\(flag) applies to bump-hunt only")
            }
        }
        if let backgroundEvents, backgroundEvents < 1 { throw ValidationError("--n-bkg must be at least 1") }
        if let signalEvents, signalEvents < 1 { throw ValidationError("--n-signal must be at least 1") }
        if let refitInterval, refitInterval < 1 { throw ValidationError("--rewt-interval must be at least 1") }
        if let massSigma, !(massSigma > 0) { throw ValidationError("--mass-sigma must be positive") }
        if starts < 1 { throw ValidationError("--starts must be at least 1") }
        guard UInt64(seedText) != nil else {
            throw ValidationError("--seed must be an integer from 0 to \(UInt64.max), got '\(seedText)'")
        }
    }

    func run(in context: CommandContext) throws {
        let reporter = ProgressReporter(quiet: runOptions.quiet, context: context)
        let options = ExampleWorkflow.Options(
            epochs: epochs, categoryCounts: gatoBins.isEmpty ? nil : gatoBins, lambdaYield: lambdaYield,
            lambdaUncertainty: lambdaUncertainty, thresholdYield: thresholdYield,
            thresholdUncertainty: thresholdUncertainty, backgroundEvents: backgroundEvents, signalEvents: signalEvents,
            seed: seed, refitInterval: refitInterval, massSigma: massSigma, threads: runOptions.threads,
            precision: precision, starts: starts)
        let start = Date()
        let analysis = try name.analysis(options)
        reporter.log(
            "\(name.rawValue): \(analysis.data.eventCount) events (\(analysis.data.processNames.joined(separator: ", "))), "
                + String(format: "generated in %.1f s", Date().timeIntervalSince(start)))
        try AnalysisCommandRunner.run(
            analysis, out: context.url(out ?? "results/\(name.rawValue)", isDirectory: true), context: context,
            reporter: reporter)
    }
}

/// Runs an analysis into an output folder that appears only when complete, and
/// prints the results table.
enum AnalysisCommandRunner {
    static func run(
        _ analysis: Analysis, out destination: URL, context: CommandContext, reporter: ProgressReporter,
        configuration: Data? = nil
    ) throws {
        try analysis.validate()
        // Signals are blocked before the folder exists, so none falls between the two.
        let cleanup = context.handlesSignals ? InterruptionCleanup() : nil
        defer { cleanup?.cancel() }
        let folder = try OutputFolder.create(at: destination)
        cleanup?.watch(folder)
        if folder.replacesPrevious { reporter.log("replacing the earlier results in \(destination.path) when this run finishes") }
        do {
            if let configuration { try folder.write(configuration, to: "configuration.yaml") }
            let runner = AnalysisRunner(analysis: analysis) { reporter.handle($0) }
            let summary = try runner.run(output: folder)
            try folder.commit()
            context.print(ResultTable.render(summary))
            reporter.log("results in \(destination.path) (open report.html)")
        } catch {
            folder.discard()
            if folder.wasInterrupted, cleanup != nil {
                // The signal handler undid the folder and ends the process with the
                // signal in a moment: exit by the signal, as the shell expects, not
                // with this error (a write, the report's included, found the folder
                // gone).
                Thread.sleep(forTimeInterval: 10)
            }
            throw error
        }
    }
}
