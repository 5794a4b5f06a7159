import Foundation
import Gato

/// A problem saving or restoring a checkpoint.
public enum CheckpointError: InputError, Equatable, Sendable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, detail: String)
    case notACheckpoint(path: String, detail: String)
    case unsupportedVersion(path: String, version: Int)
    case wrongKind(path: String, expected: String, found: String)
    case wrongShape(path: String, detail: String)

    public var description: String {
        switch self {
        case let .missing(path):
            return "no checkpoint at '\(path)'"
        case let .unreadable(path, detail):
            return "cannot read checkpoint '\(path)': \(detail)"
        case let .notACheckpoint(path, detail):
            return "'\(path)' is not a gato checkpoint: \(detail)"
        case let .unsupportedVersion(path, version):
            return "checkpoint '\(path)' has version \(version); this gato reads version \(Checkpoint.version)"
        case let .wrongKind(path, expected, found):
            return "checkpoint '\(path)' holds a '\(found)' model, expected '\(expected)'"
        case let .wrongShape(path, detail):
            return "checkpoint '\(path)': \(detail)"
        }
    }
}

extension CheckpointError: LocalizedError {
    public var errorDescription: String? { description }
}

/// Model checkpoints as versioned JSON, so that models interchange with other tools:
///
/// ```
/// {"format": "gato-checkpoint", "version": 1,
///  "model": {"kind": "gmm", "n_cats": 3, "dim": 2, "temperature": 0.05,
///            "mean_norm": "softmax", "mean_range": [[0, 1], [0, 1]],
///            "cov_offdiag_damping": 0.1,
///            "parameters": {"mixture_logits": [K], "means": [K x D],
///                           "unconstrained_L": [K x D x D]}}}
/// ```
/// or `"model": {"kind": "cuts", "variables": [{"name": "x", "bins": 3,
/// "range": [0, 1], "steepness": 50, "raw": [bins - 1 numbers]}]}`.
///
/// Numbers are written with as many digits as it takes to read back the same
/// `Double`, so a round trip is bit-exact. Other keys are allowed and ignored on
/// restore. Files are written atomically (temporary file, then rename).
public enum Checkpoint {
    public static let format = "gato-checkpoint"
    public static let version = 1

    /// A restored model of either kind.
    public enum Model: Sendable {
        case gaussianMixture(GaussianMixtureCategorizer)
        case sigmoidCuts(SigmoidCutCategorizer)
    }

    // MARK: Saving

    /// The checkpoint JSON of a Gaussian mixture.
    public static func encode(_ model: GaussianMixtureCategorizer) throws -> Data {
        let (k, d) = (model.categoryCount, model.dimension)
        let gmm = GMMRecord(
            kind: "gmm", n_cats: k, dim: d, temperature: model.temperature,
            mean_norm: model.meanNormalization.rawValue,
            mean_range: model.meanRange.map { [$0.lowerBound, $0.upperBound] },
            cov_offdiag_damping: model.offDiagonalDamping,
            parameters: .init(
                mixture_logits: model.mixtureLogits,
                means: (0..<k).map { Array(model.means[($0 * d)..<(($0 + 1) * d)]) },
                unconstrained_L: (0..<k).map { c in
                    (0..<d).map { i in Array(model.unconstrainedL[((c * d + i) * d)..<((c * d + i + 1) * d)]) }
                }))
        return try encoder.encode(File(format: format, version: version, model: gmm))
    }

    /// The checkpoint JSON of a cut model.
    public static func encode(_ model: SigmoidCutCategorizer) throws -> Data {
        let variables = model.variables.enumerated().map { j, variable in
            CutsRecord.Variable(
                name: variable.name, bins: variable.bins,
                range: [variable.range.lowerBound, variable.range.upperBound],
                steepness: model.steepness[j],
                raw: Array(model.raw[model.rawOffset(j)..<(model.rawOffset(j) + variable.bins - 1)]))
        }
        return try encoder.encode(File(format: format, version: version, model: CutsRecord(kind: "cuts", variables: variables)))
    }

    /// Saves a Gaussian mixture to `url` atomically.
    public static func save(_ model: GaussianMixtureCategorizer, to url: URL) throws {
        try AtomicFile.write(encode(model), to: url)
    }

    /// Saves a cut model to `url` atomically.
    public static func save(_ model: SigmoidCutCategorizer, to url: URL) throws {
        try AtomicFile.write(encode(model), to: url)
    }

    // MARK: Restoring

    /// Restores the model at `url`, of either kind.
    /// - Throws: ``CheckpointError`` for a missing or unreadable file, another
    ///   format or version, an unknown kind, or parameters of the wrong shape.
    public static func load(from url: URL) throws -> Model {
        let data = try read(url)
        // Format and version first: another version may lay out the model differently.
        let header: Header
        let kind: String
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
            guard header.format == format else {
                throw CheckpointError.notACheckpoint(path: url.path, detail: "format is '\(header.format)'")
            }
            guard header.version == version else {
                throw CheckpointError.unsupportedVersion(path: url.path, version: header.version)
            }
            kind = try JSONDecoder().decode(ModelHeader.self, from: data).model.kind
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.notACheckpoint(path: url.path, detail: VersionedJSON.describe(error))
        }
        switch kind {
        case "gmm": return .gaussianMixture(try decodeGMM(data, url))
        case "cuts": return .sigmoidCuts(try decodeCuts(data, url))
        default:
            throw CheckpointError.wrongKind(path: url.path, expected: "gmm or cuts", found: kind)
        }
    }

    /// Restores a Gaussian mixture; throws ``CheckpointError/wrongKind(path:expected:found:)``
    /// for a cut model.
    public static func loadGaussianMixture(from url: URL) throws -> GaussianMixtureCategorizer {
        switch try load(from: url) {
        case let .gaussianMixture(model): return model
        case .sigmoidCuts: throw CheckpointError.wrongKind(path: url.path, expected: "gmm", found: "cuts")
        }
    }

    /// Restores a cut model; throws ``CheckpointError/wrongKind(path:expected:found:)``
    /// for a Gaussian mixture.
    public static func loadSigmoidCuts(from url: URL) throws -> SigmoidCutCategorizer {
        switch try load(from: url) {
        case let .sigmoidCuts(model): return model
        case .gaussianMixture: throw CheckpointError.wrongKind(path: url.path, expected: "cuts", found: "gmm")
        }
    }

    private static func read(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CheckpointError.missing(path: url.path)
        }
        if isDirectory.boolValue {
            let inside = url.appendingPathComponent("checkpoints")
            let hint = FileManager.default.fileExists(atPath: inside.path)
                ? ", such as one in \(inside.path)" : ""
            throw CheckpointError.unreadable(path: url.path, detail: "it is a folder; give a checkpoint file\(hint)")
        }
        do {
            return try FileContents.read(url)
        } catch {
            throw CheckpointError.unreadable(path: url.path, detail: error.reason)
        }
    }

    private static func decodeGMM(_ data: Data, _ url: URL) throws -> GaussianMixtureCategorizer {
        let record: GMMRecord
        do {
            record = try JSONDecoder().decode(File<GMMRecord>.self, from: data).model
        } catch {
            throw CheckpointError.notACheckpoint(path: url.path, detail: VersionedJSON.describe(error))
        }
        let (k, d) = (record.n_cats, record.dim)
        func shape(_ detail: String) -> CheckpointError { .wrongShape(path: url.path, detail: detail) }
        guard let normalization = MeanNormalization(rawValue: record.mean_norm) else {
            throw shape("mean_norm '\(record.mean_norm)' is not softmax or sigmoid")
        }
        guard record.parameters.means.count == k, record.parameters.means.allSatisfy({ $0.count == d }) else {
            throw shape("parameters.means must be \(k) x \(d)")
        }
        guard record.parameters.unconstrained_L.count == k,
            record.parameters.unconstrained_L.allSatisfy({ $0.count == d && $0.allSatisfy { $0.count == d } })
        else { throw shape("parameters.unconstrained_L must be \(k) x \(d) x \(d)") }
        guard record.parameters.mixture_logits.count == k else { throw shape("parameters.mixture_logits must have \(k) values") }
        guard record.mean_range.allSatisfy({ $0.count == 2 }) else { throw shape("mean_range entries must be [lo, hi]") }
        do {
            return try GaussianMixtureCategorizer(
                categories: k, dimension: d, temperature: record.temperature, meanNormalization: normalization,
                meanRange: record.mean_range.map { $0[0]...max($0[0], $0[1]) },
                offDiagonalDamping: record.cov_offdiag_damping, mixtureLogits: record.parameters.mixture_logits,
                means: record.parameters.means.flatMap { $0 },
                unconstrainedL: record.parameters.unconstrained_L.flatMap { $0.flatMap { $0 } })
        } catch let error as CategorizerError {
            throw shape(error.message)
        }
    }

    private static func decodeCuts(_ data: Data, _ url: URL) throws -> SigmoidCutCategorizer {
        let record: CutsRecord
        do {
            record = try JSONDecoder().decode(File<CutsRecord>.self, from: data).model
        } catch {
            throw CheckpointError.notACheckpoint(path: url.path, detail: VersionedJSON.describe(error))
        }
        func shape(_ detail: String) -> CheckpointError { .wrongShape(path: url.path, detail: detail) }
        for variable in record.variables {
            guard variable.range.count == 2 else { throw shape("variable '\(variable.name)': range must be [lo, hi]") }
            guard variable.raw.count == variable.bins - 1 else {
                throw shape("variable '\(variable.name)': raw has \(variable.raw.count) values for \(variable.bins) bins")
            }
        }
        do {
            let variables = record.variables.map {
                CutVariable(name: $0.name, bins: $0.bins, range: $0.range[0]...max($0.range[0], $0.range[1]), steepness: $0.steepness)
            }
            return try SigmoidCutCategorizer(variables: variables, raw: record.variables.flatMap(\.raw))
        } catch let error as CategorizerError {
            throw shape(error.message)
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    // MARK: File layout (snake_case keys, as gato-hep's names)

    private struct Header: Decodable {
        var format: String
        var version: Int
    }

    private struct ModelHeader: Decodable {
        struct Kind: Decodable { var kind: String }
        var model: Kind
    }

    private struct File<Model: Codable>: Codable {
        var format: String
        var version: Int
        var model: Model
    }

    private struct GMMRecord: Codable {
        struct Parameters: Codable {
            var mixture_logits: [Double]
            var means: [[Double]]
            var unconstrained_L: [[[Double]]]
        }
        var kind: String
        var n_cats: Int
        var dim: Int
        var temperature: Double
        var mean_norm: String
        var mean_range: [[Double]]
        var cov_offdiag_damping: Double
        var parameters: Parameters
    }

    private struct CutsRecord: Codable {
        struct Variable: Codable {
            var name: String
            var bins: Int
            var range: [Double]
            var steepness: Double
            var raw: [Double]
        }
        var kind: String
        var variables: [Variable]
    }
}

extension Checkpoint {
    /// The checkpoint JSON of a model of either kind; the models of this library
    /// are the two kinds a checkpoint holds.
    /// - Throws: ``CheckpointError/wrongKind(path:expected:found:)`` for another
    ///   ``Categorizer`` type.
    public static func encode(_ model: some Categorizer) throws -> Data {
        switch model {
        case let model as GaussianMixtureCategorizer: return try encode(model)
        case let model as SigmoidCutCategorizer: return try encode(model)
        default:
            throw CheckpointError.wrongKind(path: "", expected: "gmm or cuts", found: String(describing: type(of: model)))
        }
    }
}

extension Checkpoint.Model {
    /// The number of categories K and the feature dimension D.
    public var shape: (categories: Int, dimension: Int) {
        switch self {
        case .gaussianMixture(let model): return (model.categoryCount, model.dimension)
        case .sigmoidCuts(let model): return (model.categoryCount, model.dimension)
        }
    }

    /// The hard category (0..<K) of every event of `sample`.
    public func hardAssignments(_ sample: ProcessSample, threads: Int? = nil) -> [Int32] {
        switch self {
        case .gaussianMixture(let model): return model.hardAssignments(sample, threads: threads)
        case .sigmoidCuts(let model): return model.hardAssignments(sample, threads: threads)
        }
    }
}
