import Foundation
import Gato

/// Reads the versioned JSON files gato writes (`summary.json`, `histograms.json`,
/// the snapshots): each starts with `"format"` and `"version"`, checked before the
/// rest is decoded, so that a file of another kind or version, or one lacking a key,
/// gives a one-line ``VersionedJSON/ReadError`` that names the file and the key
/// instead of Foundation's "The data is missing".
public enum VersionedJSON {
    /// A versioned file that is missing, unreadable, of another format or version,
    /// or that does not hold what its version promises.
    public struct ReadError: InputError, Equatable, Sendable, CustomStringConvertible, LocalizedError {
        public let message: String
        public var description: String { message }
        public var errorDescription: String? { message }
    }

    private struct Header: Decodable {
        var format: String?
        var version: Int?
    }

    /// Decodes `type` from `url` after checking its `format` and `version`.
    static func read<T: Decodable>(_ type: T.Type, from url: URL, format: String, version: Int) throws -> T {
        let data: Data
        do {
            data = try FileContents.read(url)
        } catch {
            throw ReadError(message: "\(url.path): \(error.reason)")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == format else {
            throw ReadError(message: "\(url.path) is not a \(format) file")
        }
        guard header.version == version else {
            throw ReadError(
                message: "\(url.path) is \(format) version \(header.version.map(String.init) ?? "?"); "
                    + "this gato reads version \(version)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ReadError(message: "\(url.path): \(describe(error)) (written by an older gato? run it again)")
        }
    }

    /// One line for a decoding error, naming the key path it happened at.
    static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing key '\(path(context.codingPath + [key]))'"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "wrong type at '\(path(context.codingPath))'"
        case let DecodingError.dataCorrupted(context):
            return context.codingPath.isEmpty
                ? "invalid JSON" : "invalid value at '\(path(context.codingPath))'"
        default:
            return error.localizedDescription
        }
    }

    /// A key path as `results[0].screening_epochs`.
    private static func path(_ keys: [CodingKey]) -> String {
        keys.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }
}
