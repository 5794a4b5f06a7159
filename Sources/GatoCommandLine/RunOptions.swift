import ArgumentParser
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// Options shared by the commands that train.
struct RunOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print nothing but the results table and errors.")
    var quiet = false

    @Option(parsing: .unconditional, help: "Threads for the event loops (default: every core). Results do not depend on it.")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }
}
