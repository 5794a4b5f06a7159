import ArgumentParser
import Foundation
import Gato
import GatoIO
import GatoWorkflows

/// `gato apply CHECKPOINT --config CONFIG.yaml --out FILE.npz`: the hard category
/// of every event of the configuration's processes, and the yields per category.
struct ApplyCommand: GatoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Assign events to the categories of a trained model.",
        discussion: """
            Writes an .npz with, per process P: 'P' (int32, the category of each event, 0..K-1), \
            'yields_P' and 'sumw2_P' (float64, K values: sum of weights and of squared weights \
            per category). Only the 'processes' section of the configuration is used.
            """
    )

    @Argument(help: "A checkpoint (checkpoints/<K>_bins.json of an output folder).")
    var checkpoint: String

    @Option(help: "A configuration whose 'processes' name the events to assign.")
    var config: String

    @Option(help: "The .npz file to write.")
    var out: String

    @Option(parsing: .unconditional, help: "Threads for the event loops (default: every core).")
    var threads: Int?

    func validate() throws {
        guard out.lowercased().hasSuffix(".npz") else { throw ValidationError("--out must name an .npz file") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run(in context: CommandContext) throws {
        let model = try Checkpoint.load(from: context.url(checkpoint))
        let sources = try AnalysisConfiguration.readProcesses(contentsOf: context.url(config))
        let assignment = try CategoryAssignment(model: model, samples: try sources.map { try $0.load() }, threads: threads)
        let destination = context.url(out)
        try NumpyArchive.write(assignment.arrays, to: destination)  // atomic: a temporary file, then a rename
        context.print(assignment.table)
        context.print("wrote \(destination.path)")
    }
}
