import Foundation
import Gato

/// A problem with an event file (.npy, .npz or .csv): unreadable, malformed, of an
/// unsupported kind, or holding values that cannot be used.
///
/// The ``description`` is one line that stands on its own (the command-line tool
/// prints it and exits with code 2):
///
///     <file>[, line <n>]: [array '<array>': ][column '<column>' ]<problem>
///
/// for example `signal.npz: array 'weight': dtype '>f8' (big-endian) is not supported;
/// use little-endian float32/float64 or integers` or `bkg.csv, line 17: column 'score1'
/// has 'abc', not a number`.
public struct EventFileError: InputError, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file as the user knows it (by default the last path component).
    public var file: String
    /// The 1-based line of a text file where the problem is, if there is one.
    public var line: Int?
    /// The array of an .npz archive, if the problem concerns one.
    public var array: String?
    /// The column of a CSV table, if the problem concerns one.
    public var column: String?
    /// What is wrong, phrased to follow the location (see the type's documentation).
    public var problem: String

    public init(file: String, line: Int? = nil, array: String? = nil, column: String? = nil, problem: String) {
        self.file = file
        self.line = line
        self.array = array
        self.column = column
        self.problem = problem
    }

    public var description: String {
        var text = file
        if let line { text += ", line \(line)" }
        text += ": "
        if let array { text += "array '\(array)': " }
        if let column { text += "column '\(column)' " }
        text += problem
        // One line, whatever the file contained.
        return text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    public var errorDescription: String? { description }

    /// Throws if a value is NaN or infinite, naming the first one:
    /// `file: array 'x': value 12 is nan` (0-based flat index), or, when
    /// `rowLength` > 1 (the values are rows of a 2-D array),
    /// `file: array 'x': row 4, column 1 is inf`.
    public static func checkFinite<Values: Collection>(
        _ values: Values, file: String, array: String?, rowLength: Int = 1
    ) throws where Values.Element: BinaryFloatingPoint, Values.Index == Int {
        guard let index = values.firstIndex(where: { !$0.isFinite }) else { return }
        let offset = index - values.startIndex
        throw EventFileError(
            file: file, array: array, problem: "\(place(offset, rowLength: rowLength)) is \(Double(values[index]))")
    }

    /// Throws, naming the first, when a feature value does not fit in a Float (features
    /// are stored in single precision; |x| above 3.4e38 would become infinite).
    static func checkSinglePrecisionRange(
        _ values: [Double], file: String, array: String? = nil, column: String? = nil, rowLength: Int = 1
    ) throws {
        let limit = Double(Float.greatestFiniteMagnitude)
        guard let index = values.firstIndex(where: { abs($0) > limit }) else { return }
        throw EventFileError(
            file: file, array: array, column: column,
            problem: "\(place(index, rowLength: rowLength)) is \(values[index]), beyond the single-precision range of features")
    }

    /// Throws, naming the first, when a feature's magnitude exceeds
    /// ``ProcessSample/featureMagnitudeLimit`` (1e12: features are stored in single
    /// precision and squared in the kernels), or a weight's exceeds
    /// ``ProcessSample/weightMagnitudeLimit`` (1e100: sums of squared weights must stay
    /// finite). The place is `line <n>` of a CSV table (`line(row)`, 1-based as an
    /// editor counts) or the 0-based index of an array, as in ``checkFinite(_:file:array:rowLength:)``:
    /// `bkg.csv, line 5: column 'w' is 1e+300, beyond the limit of 1e100 on |weight| (...)`,
    /// `sig.npy: row 3, column 0 is 1e+30, beyond the limit of 1e12 on |feature| (...)`.
    static func checkMagnitude(
        _ values: [Double], of kind: MagnitudeKind, file: String, array: String? = nil, column: String? = nil,
        rowLength: Int = 1, line: ((Int) -> Int)? = nil
    ) throws {
        let limit = kind.limit
        guard let index = values.firstIndex(where: { abs($0) > limit }) else { return }
        let problem = "is \(values[index]), beyond the limit of \(kind.limitText) on |\(kind.rawValue)| (\(kind.reason))"
        if let line {
            throw EventFileError(file: file, line: line(index), array: array, column: column, problem: problem)
        }
        throw EventFileError(
            file: file, array: array, column: column, problem: "\(place(index, rowLength: rowLength)) \(problem)")
    }

    /// What ``checkMagnitude(_:of:file:array:column:rowLength:line:)`` bounds.
    enum MagnitudeKind: String {
        case feature, weight

        var limit: Double {
            self == .feature ? Double(ProcessSample.featureMagnitudeLimit) : ProcessSample.weightMagnitudeLimit
        }
        var limitText: String { self == .feature ? "1e12" : "1e100" }
        var reason: String {
            self == .feature
                ? "features are stored in single precision and squared" : "sums of squared weights must stay finite"
        }
    }

    private static func place(_ offset: Int, rowLength: Int) -> String {
        rowLength > 1 ? "row \(offset / rowLength), column \(offset % rowLength)" : "value \(offset)"
    }

    /// The display name of a file: its last path component.
    static func displayName(of url: URL) -> String {
        let name = url.lastPathComponent
        return name.isEmpty ? url.path : name
    }

    /// Reads a whole file, turning the usual failures into one-line errors.
    /// A pipe or `/dev/stdin` is read to its end; a file without read permission is
    /// `permission denied`, not a format problem.
    static func readFile(_ url: URL, displayName: String) throws -> Data {
        do {
            return try FileContents.read(url, mapped: true)
        } catch {
            throw EventFileError(file: displayName, problem: "\(error.reason) (\(url.path))")
        }
    }
}
