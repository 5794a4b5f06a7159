import Foundation
import Gato

/// A problem with an output folder: its destination, or a file in it that is
/// missing or does not hold what gato wrote.
public struct OutputFolderError: InputError, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}
