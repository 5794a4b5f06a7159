import Foundation
import Gato

/// Where one per-event array lives: an array or column of the process's file, a
/// constant (weights only), or another file.
public enum ArraySource: Sendable, Equatable {
    /// An array of the process's `.npz` file, or a column of its `.csv` file.
    case named(String)
    /// The same value for every event.
    case constant(Double)
    /// Another file: a `.npy` (`array` nil), an array of a `.npz`, or a column of a `.csv`.
    case file(URL, array: String?)
}

/// Where a process's feature vectors live.
public enum FeatureSource: Sendable, Equatable {
    /// The process's file is a `.npy` holding the features (1-D: D = 1, 2-D: N x D).
    case wholeFile
    /// An array of the process's `.npz` file (1-D or 2-D).
    case array(String)
    /// Columns of the process's `.csv` file, one per dimension, in order.
    case columns([String])
}

/// How to read one process's events from files (what a `gato run` configuration
/// says about a process).
///
/// Supported files: `.npy` (format 1-3, little-endian floats and integers, C order,
/// 1-D and 2-D), `.npz` (stored or deflated) and `.csv` with a header row. Every
/// problem (a missing array or column, a wrong dtype or shape, NaN or inf, arrays
/// of different lengths) is an ``EventFileError`` naming the file and the array.
public struct ProcessSource: Sendable, Equatable {
    public var name: String
    public var role: ProcessRole
    /// The file holding the features.
    public var file: URL
    public var features: FeatureSource
    /// Keep only these columns of a 2-D feature array, in this order (for example
    /// the first two of three softmax scores); nil keeps all.
    public var featureColumns: [Int]?
    public var weights: ArraySource
    /// Extra per-event columns to keep, by name (for example a mass).
    public var extras: [String: ArraySource]
    /// Zero the weights of events whose extra column lies outside the range.
    public var window: Window?

    /// A selection on an extra column that applies to the weights.
    public struct Window: Sendable, Equatable {
        public var column: String
        public var range: ClosedRange<Double>

        public init(column: String, range: ClosedRange<Double>) {
            self.column = column
            self.range = range
        }
    }

    public init(
        name: String, role: ProcessRole, file: URL, features: FeatureSource, featureColumns: [Int]? = nil,
        weights: ArraySource, extras: [String: ArraySource] = [:], window: Window? = nil
    ) {
        self.name = name
        self.role = role
        self.file = file
        self.features = features
        self.featureColumns = featureColumns
        self.weights = weights
        self.extras = extras
        self.window = window
    }

    /// Reads the files and builds the process sample.
    public func load() throws -> ProcessSample {
        var cache = FileCache()
        let display = file.lastPathComponent
        let (rows, dimension, features) = try loadFeatures(&cache)
        let weightValues: [Double]
        switch weights {
        case .constant(let value):
            guard value.isFinite, abs(value) <= ProcessSample.weightMagnitudeLimit else {
                throw EventFileError(
                    file: display,
                    problem: "process '\(name)': the constant weight is \(value)"
                        + (value.isFinite ? ", beyond the limit of 1e100 on |weight| (sums of squared weights must stay finite)" : ""))
            }
            weightValues = Array(repeating: value, count: rows)
        default:
            weightValues = try loadColumn(weights, label: "weights", rows: rows, &cache)
        }
        var columns: [String: [Double]] = [:]
        for (column, source) in extras {
            guard case .constant = source else {
                columns[column] = try loadColumn(source, label: column, rows: rows, &cache)
                continue
            }
            throw EventFileError(file: display, problem: "process '\(name)': extra column '\(column)' cannot be a constant")
        }
        var sample = try ProcessSample(
            name: name, role: role, features: features, dimension: dimension, weights: weightValues, columns: columns)
        if let window {
            guard columns[window.column] != nil else {
                throw EventFileError(
                    file: display,
                    problem: "process '\(name)': the window uses column '\(window.column)', which is not among the extra columns")
            }
            sample = try sample.restrictingWeights(column: window.column, to: window.range)
        }
        return sample
    }

    private func loadFeatures(_ cache: inout FileCache) throws -> (rows: Int, dimension: Int, values: [Float]) {
        let display = file.lastPathComponent
        switch (features, FileKind(file)) {
        case (.wholeFile, .npy):
            return try select(NumpyArray.read(contentsOf: file), label: nil)
        case (.array(let array), .npz):
            return try select(cache.archive(file).array(named: array), label: array)
        case (.columns(let names), .csv):
            guard !names.isEmpty else { throw EventFileError(file: display, problem: "no feature columns given") }
            let table = try cache.table(file)
            let values = try names.map { name in
                let column = try table.finiteColumn(name)
                try EventFileError.checkSinglePrecisionRange(column, file: display, column: name)
                try EventFileError.checkMagnitude(column, of: .feature, file: display, column: name, line: table.line(ofRow:))
                return column
            }
            let rows = table.rowCount
            var flat = [Float](repeating: 0, count: rows * names.count)
            for (j, column) in values.enumerated() {
                for i in 0..<rows { flat[i * names.count + j] = Float(column[i]) }
            }
            if featureColumns != nil {
                throw EventFileError(file: display, problem: "'columns' selects columns of a 2-D array; list the CSV columns under 'features' instead")
            }
            return (rows, names.count, flat)
        case (_, .unknown):
            throw EventFileError(file: display, problem: "unknown file type; use .npz, .npy or .csv")
        case (.wholeFile, _):
            throw EventFileError(file: display, problem: "name the features: an array of the .npz or columns of the .csv")
        case (.array, _):
            throw EventFileError(file: display, problem: "features given as an array name, but the file is not a .npz")
        case (.columns, _):
            throw EventFileError(file: display, problem: "features given as columns, but the file is not a .csv")
        }
    }

    /// Checks a feature array's shape and values, applies the column selection and
    /// converts to Float.
    private func select(_ array: NumpyArray, label: String?) throws -> (rows: Int, dimension: Int, values: [Float]) {
        let display = file.lastPathComponent
        let rows = array.rows
        let width = array.columns
        let values = array.values
        try EventFileError.checkFinite(values, file: display, array: label, rowLength: width)
        try EventFileError.checkSinglePrecisionRange(values, file: display, array: label, rowLength: width)
        try EventFileError.checkMagnitude(values, of: .feature, file: display, array: label, rowLength: width)
        guard let selection = featureColumns else { return (rows, width, values.map(Float.init)) }
        guard array.rank == 2 else {
            throw EventFileError(file: display, array: label, problem: "'columns' needs a 2-D array, the array has shape \(array.shape)")
        }
        let absent = selection.filter { !(0..<width).contains($0) }
        guard absent.isEmpty else {
            let which = absent.count == 1 ? "column \(absent[0]) does" : "columns \(absent) do"
            throw EventFileError(
                file: display, array: label,
                problem: "\(which) not exist (the array has \(width) columns, numbered from 0)")
        }
        var flat = [Float](repeating: 0, count: rows * selection.count)
        for i in 0..<rows {
            for (j, column) in selection.enumerated() { flat[i * selection.count + j] = Float(values[i * width + column]) }
        }
        return (rows, selection.count, flat)
    }

    private func loadColumn(_ source: ArraySource, label: String, rows: Int, _ cache: inout FileCache) throws -> [Double] {
        let (url, array): (URL, String?)
        switch source {
        case .named(let name): (url, array) = (file, name)
        case .file(let other, let name): (url, array) = (other, name)
        case .constant(let value): return Array(repeating: value, count: rows)
        }
        let display = url.lastPathComponent
        let values: [Double]
        switch FileKind(url) {
        case .npz:
            guard let array else { throw EventFileError(file: display, problem: "\(label): name the array of the .npz") }
            let numpy = try cache.archive(url).array(named: array)
            guard numpy.rank == 1 || (numpy.rank == 2 && numpy.columns == 1) else {
                throw EventFileError(file: display, array: array, problem: "\(label) must be 1-D, the array has shape \(numpy.shape)")
            }
            values = numpy.values
            try EventFileError.checkFinite(values, file: display, array: array)
            if label == "weights" { try EventFileError.checkMagnitude(values, of: .weight, file: display, array: array) }
        case .npy:
            guard url != file || array == nil else {
                throw EventFileError(
                    file: display, problem: "a .npy file holds one array; give \(label) as a number or as {file: ...}")
            }
            let numpy = try NumpyArray.read(contentsOf: url)
            guard numpy.rank == 1 || (numpy.rank == 2 && numpy.columns == 1) else {
                throw EventFileError(file: display, problem: "\(label) must be 1-D, the array has shape \(numpy.shape)")
            }
            values = numpy.values
            try EventFileError.checkFinite(values, file: display, array: nil)
            if label == "weights" { try EventFileError.checkMagnitude(values, of: .weight, file: display) }
        case .csv:
            guard let array else { throw EventFileError(file: display, problem: "\(label): name the column of the .csv") }
            let table = try cache.table(url)
            values = try table.finiteColumn(array)
            if label == "weights" {
                try EventFileError.checkMagnitude(values, of: .weight, file: display, column: array, line: table.line(ofRow:))
            }
        case .unknown:
            throw EventFileError(file: display, problem: "unknown file type; use .npz, .npy or .csv")
        }
        guard values.count == rows else {
            throw EventFileError(
                file: display, array: array,
                problem: "\(label) has \(values.count) values but the features have \(rows) events")
        }
        return values
    }
}

/// The file types gato reads, by extension.
package enum FileKind {
    case npy, npz, csv, unknown

    package init(_ url: URL) {
        switch url.pathExtension.lowercased() {
        case "npy": self = .npy
        case "npz": self = .npz
        case "csv": self = .csv
        default: self = .unknown
        }
    }
}

/// Opens each archive or table once per process.
struct FileCache {
    private var archives: [URL: NumpyArchive] = [:]
    private var tables: [URL: CSVTable] = [:]

    mutating func archive(_ url: URL) throws -> NumpyArchive {
        if let archive = archives[url] { return archive }
        let archive = try NumpyArchive(contentsOf: url)
        archives[url] = archive
        return archive
    }

    mutating func table(_ url: URL) throws -> CSVTable {
        if let table = tables[url] { return table }
        let table = try CSVTable(contentsOf: url)
        tables[url] = table
        return table
    }
}
