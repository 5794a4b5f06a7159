import ArgumentParser
import Foundation
import Gato
import GatoIO

/// The `gato` command-line tool: parses the arguments, runs the command, and maps
/// every error to one line on standard error and an exit code.
public enum GatoCLI {
    /// Exit codes: success (and help), a failure while running, bad input or usage.
    public enum ExitStatus: Int32, Sendable {
        case success = 0
        case failure = 1
        case badInput = 2
    }

    /// Runs `gato` with the process's arguments, working directory and standard
    /// streams, and exits with its status.
    public static func main() -> Never {
        // A process inherits its signal mask (a test runner's worker thread, for
        // instance, blocks SIGINT and SIGTERM): unblocked, Ctrl-C and SIGTERM end
        // gato however it was started.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        let status = run(Array(CommandLine.arguments.dropFirst()), context: .standard())
        exit(status.rawValue)
    }

    /// Runs `gato` with `arguments` (without the program name) in `context`.
    ///
    /// Help and `--version` print to standard output and succeed. Every error is
    /// one line on standard error: `error: ` and the message, which names the file,
    /// key, column, row or option at fault; the status is ``ExitStatus/badInput``
    /// for usage errors and for errors that conform to ``InputError``, else
    /// ``ExitStatus/failure``.
    public static func run(_ arguments: [String], context: CommandContext) -> ExitStatus {
        do {
            var command = try GatoCommand.parseAsRoot(arguments)
            if let subcommand = command as? any GatoSubcommand {
                try subcommand.run(in: context)
            } else {
                try command.run()
            }
            return .success
        } catch {
            return report(error, arguments: arguments, context: context)
        }
    }

    static func report(_ error: Error, arguments: [String], context: CommandContext) -> ExitStatus {
        if let input = error as? any InputError {
            context.writeError("error: \(describe(error))\n")
            return input.isInputError ? .badInput : .failure
        }
        let code = GatoCommand.exitCode(for: error)
        if code == .success {
            // --help, --version, or no command at all: the help text.
            context.print(GatoCommand.fullMessage(for: error))
            return .success
        }
        if code == .validationFailure || error is ValidationError {
            context.writeError("error: \(usageMessage(for: error, arguments: arguments))\n")
            return .badInput
        }
        context.writeError("error: \(describe(error))\n")
        return .failure
    }

    /// ArgumentParser's message without its usage lines, lower-cased at the start
    /// as gato's other messages, and where to read the usage.
    static func usageMessage(for error: Error, arguments: [String]) -> String {
        var message = GatoCommand.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        message = message.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        if let first = message.first, first.isUppercase, !message.dropFirst().prefix(1).allSatisfy(\.isUppercase) {
            message = first.lowercased() + message.dropFirst()
        }
        let names = GatoCommand.configuration.subcommands.map { $0._commandName }
        let help = arguments.first.map { names.contains($0) ? "gato \($0) --help" : "gato --help" } ?? "gato --help"
        return "\(message) (see '\(help)')"
    }

    /// The message of an error on one line: a line break that came from the input
    /// (a key or a name in quotes, say) is shown as `\n`.
    static func describe(_ error: Error) -> String {
        let message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        return message.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// A subcommand that runs in a ``CommandContext`` (the tests run it in-process).
protocol GatoSubcommand: ParsableCommand {
    func run(in context: CommandContext) throws
}

extension GatoSubcommand {
    mutating func run() throws { try run(in: .standard()) }
}

/// An error of the command layer itself (a missing program, say): not bad input.
struct CommandError: Error, LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
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
}
