import ArgumentParser
import Gato

@main
struct GatoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gato",
        abstract: "Learn analysis categories that maximise the expected significance of a binned fit.",
        version: Gato.version
    )
}
