import Foundation
import ArgumentParser
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// The `gato` command-line tool.
public enum GatoCLI {
    /// Runs `gato` with the process's arguments and exits.
    public static func main() { GatoCommand.main() }
}

struct GatoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gato",
        abstract: "Learn analysis categories that maximise the expected significance of a binned fit.",
        discussion: """
            Exit codes: 0 success, 2 bad input or usage, 1 a failure while running.
            """,
        version: Gato.version,
        subcommands: [ExampleCommand.self, RunCommand.self, ApplyCommand.self, InspectCommand.self, PlotCommand.self]
    )

    /// Parses, runs, and maps every error to gato's exit codes: 0 success (and
    /// help), 2 bad input or usage, 1 a failure while running.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if isArgumentParserError(error, code: code) {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            FileHandle.standardError.write(Data("error: \(describe(error))\n".utf8))
            Foundation.exit(isBadInput(error) ? 2 : 1)
        }
    }

    private static func isArgumentParserError(_ error: Error, code: ExitCode) -> Bool {
        code == .validationFailure || error is ValidationError
    }

    /// Errors that mean the input (files, configuration, options) is wrong.
    static func isBadInput(_ error: Error) -> Bool {
        switch error {
        case is EventDataError, is EventFileError, is ConfigurationError, is CheckpointError, is CategorizerError,
            is OutputFolderError, is VersionedJSON.ReadError, is ToyDataError, is ScheduleError:
            return true
        case let error as TrainingError:
            if case .invalidOptions = error { return true }
            return false
        default:
            return false
        }
    }

    static func describe(_ error: Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? error.localizedDescription
    }
}
