import Foundation
import Gato

/// A problem in a `gato run` configuration file: the message names the file, the
/// line, the key and what is wrong, for example
/// `analysis.yaml:12: training.epochs: expected an integer, got 'many'`.
public struct ConfigurationError: InputError, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file, or "" when the text did not come from a file.
    public let file: String
    /// The line (1-based), or nil when unknown.
    public let line: Int?
    /// The dotted path of the key, for example "processes[2].weights".
    public let key: String?
    /// What is wrong.
    public let problem: String

    public init(file: String, line: Int?, key: String?, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        var location = file
        if let line { location += location.isEmpty ? "line \(line)" : ":\(line)" }
        let prefix = location.isEmpty ? "" : location + ": "
        return prefix + (key.map { "\($0): " } ?? "") + problem
    }

    public var errorDescription: String? { description }
}
