/// A problem with event data, found when a ``ProcessSample`` or a ``Dataset`` is
/// built. Every message names the process (and the event or column) at fault.
public enum EventDataError: InputError, Equatable, Sendable, CustomStringConvertible {
    case invalidDimension(process: String, dimension: Int)
    case featureCountMismatch(process: String, features: Int, dimension: Int, weights: Int)
    case nonFiniteFeature(process: String, event: Int, dimension: Int, value: Double)
    case nonFiniteWeight(process: String, event: Int, value: Double)
    /// |feature| above ``ProcessSample/featureMagnitudeLimit``.
    case featureOutOfRange(process: String, event: Int, dimension: Int, value: Double)
    /// |weight| above ``ProcessSample/weightMagnitudeLimit``.
    case weightOutOfRange(process: String, event: Int, value: Double)
    case columnLengthMismatch(process: String, column: String, length: Int, events: Int)
    case nonFiniteColumn(process: String, column: String, event: Int, value: Double)
    case emptyProcessName
    case emptyDataset
    case duplicateProcess(name: String)
    case dimensionMismatch(process: String, dimension: Int, expected: Int, firstProcess: String)
    case noSignal
    case noBackground
    case unknownProcess(name: String, known: [String])
    case invalidSelection(process: String, detail: String)

    public var description: String {
        switch self {
        case let .invalidDimension(process, dimension):
            return "process '\(process)': feature dimension must be at least 1, got \(dimension)"
        case let .featureCountMismatch(process, features, dimension, weights):
            if features % max(dimension, 1) != 0 {
                return "process '\(process)': \(features) feature values do not form rows of \(dimension)"
            }
            return "process '\(process)': \(features / max(dimension, 1)) events in the features but \(weights) weights"
        case let .nonFiniteFeature(process, event, dimension, value):
            return "process '\(process)': feature \(dimension) of event \(event) is \(value)"
        case let .nonFiniteWeight(process, event, value):
            return "process '\(process)': weight of event \(event) is \(value)"
        case let .featureOutOfRange(process, event, dimension, value):
            return "process '\(process)': feature \(dimension) of event \(event) is \(value), beyond the limit of "
                + "1e12 on |feature| (features are stored in single precision and squared)"
        case let .weightOutOfRange(process, event, value):
            return "process '\(process)': weight of event \(event) is \(value), beyond the limit of 1e100 on "
                + "|weight| (sums of squared weights must stay finite)"
        case let .columnLengthMismatch(process, column, length, events):
            return "process '\(process)': column '\(column)' has \(length) values for \(events) events"
        case let .nonFiniteColumn(process, column, event, value):
            return "process '\(process)': column '\(column)' of event \(event) is \(value)"
        case .emptyProcessName:
            return "a process has an empty name"
        case .emptyDataset:
            return "the dataset has no processes or no events"
        case let .duplicateProcess(name):
            return "process '\(name)' appears more than once"
        case let .dimensionMismatch(process, dimension, expected, firstProcess):
            return "process '\(process)': features have \(dimension) dimensions but '\(firstProcess)' has \(expected)"
        case .noSignal:
            return "the dataset has no signal process"
        case .noBackground:
            return "the dataset has no background process"
        case let .unknownProcess(name, known):
            return "no process named '\(name)' (known: \(known.joined(separator: ", ")))"
        case let .invalidSelection(process, detail):
            return "process '\(process)': \(detail)"
        }
    }
}

#if canImport(Foundation)
import Foundation

extension EventDataError: LocalizedError {
    public var errorDescription: String? { description }
}
#endif
