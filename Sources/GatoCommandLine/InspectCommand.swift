import ArgumentParser
import Foundation
import Gato
import GatoIO
import GatoWorkflows

/// `gato inspect CHECKPOINT`: what a trained model is, in the units of its inputs.
struct InspectCommand: GatoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a checkpoint: its categories in the units of the inputs."
    )

    @Argument(help: "A checkpoint file.")
    var checkpoint: String

    func run(in context: CommandContext) throws {
        let url = context.url(checkpoint)
        context.print(ModelDescription.describe(try Checkpoint.load(from: url), file: url.lastPathComponent))
    }
}
