import Foundation
import ArgumentParser
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// `gato run CONFIG.yaml`: the same engine as the examples on the user's events.
struct RunCommand: GatoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train on your own events, as a configuration file says.",
        discussion: "The configuration format is described in docs/configuration.md."
    )

    @Argument(help: "The configuration file (YAML).")
    var config: String

    @Option(help: "Output folder (default: results/<name of the configuration>).")
    var out: String?

    @OptionGroup var runOptions: RunOptions

    func run(in context: CommandContext) throws {
        let reporter = ProgressReporter(quiet: runOptions.quiet, context: context)
        let url = context.url(config)
        let configuration = try AnalysisConfiguration.read(contentsOf: url)
        let start = Date()
        let data = try configuration.loadData()
        reporter.log(
            "\(configuration.name): \(data.eventCount) events in \(data.processes.count) processes, "
                + "\(data.dimension) feature\(data.dimension == 1 ? "" : "s"), " + String(format: "read in %.1f s", Date().timeIntervalSince(start)))
        let analysis = try configuration.analysis(data: data, threads: runOptions.threads)
        try AnalysisCommandRunner.run(
            analysis, out: context.url(out ?? "results/\(configuration.name)", isDirectory: true), context: context,
            reporter: reporter, configuration: configuration.text.map { Data($0.utf8) })
    }
}
