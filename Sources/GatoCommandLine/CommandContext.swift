import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command reads relative paths from and where it writes: the process's
/// working directory and standard streams for the `gato` executable, a folder and
/// two buffers when the tests run a command in-process.
///
/// Paths the user types are resolved against ``directory``; output goes through
/// ``print(_:)`` (standard output: results) and ``writeError(_:)`` (standard
/// error: progress and notices); errors are written by ``GatoCLI/run(_:context:)``.
public final class CommandContext: @unchecked Sendable {
    /// The folder relative paths start from.
    public let directory: URL
    /// Whether standard error is a terminal (progress then updates one line in place).
    public let isInteractive: Bool
    /// Whether SIGINT and SIGTERM remove an unfinished output folder before the
    /// process ends; only the executable's context does this (a test process must
    /// keep its own signal handling).
    let handlesSignals: Bool
    private let output: @Sendable (String) -> Void
    private let error: @Sendable (String) -> Void

    /// A context that writes through the given functions (each receives text that
    /// ends with a newline, or a progress line that a later call overwrites).
    public convenience init(
        directory: URL, isInteractive: Bool = false, output: @escaping @Sendable (String) -> Void,
        error: @escaping @Sendable (String) -> Void
    ) {
        self.init(directory: directory, isInteractive: isInteractive, handlesSignals: false, output: output, error: error)
    }

    init(
        directory: URL, isInteractive: Bool, handlesSignals: Bool, output: @escaping @Sendable (String) -> Void,
        error: @escaping @Sendable (String) -> Void
    ) {
        self.directory = directory
        self.isInteractive = isInteractive
        self.handlesSignals = handlesSignals
        self.output = output
        self.error = error
    }

    /// The process's working directory and standard output and error.
    public static func standard() -> CommandContext {
        CommandContext(
            directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            isInteractive: isatty(STDERR_FILENO) != 0, handlesSignals: true,
            output: { FileHandle.standardOutput.write(Data($0.utf8)) },
            error: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    /// A path the user gave, resolved against ``directory`` (absolute paths stay).
    public func url(_ path: String, isDirectory: Bool = false) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path, isDirectory: isDirectory).standardizedFileURL }
        return directory.appendingPathComponent(path, isDirectory: isDirectory).standardizedFileURL
    }

    /// Writes `text` and a newline to standard output.
    public func print(_ text: String) { output(text + "\n") }

    /// Writes `text` to standard error as it is (no newline added).
    public func writeError(_ text: String) { error(text) }
}

/// Standard output and error of a command run in-process, collected as text.
package final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    package init() {}

    /// Everything written to standard output.
    package var standardOutput: String { lock.withLock { out } }
    /// Everything written to standard error.
    package var standardError: String { lock.withLock { err } }

    /// A context in `directory` that writes here.
    package func context(directory: URL) -> CommandContext {
        CommandContext(
            directory: directory, output: { text in self.lock.withLock { self.out += text } },
            error: { text in self.lock.withLock { self.err += text } })
    }
}
