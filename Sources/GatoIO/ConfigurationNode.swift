import Foundation
import Yams
import Gato

/// A node of a YAML configuration with its place in the file, and typed accessors
/// whose errors name the file, the line and the key.
///
/// gato reads configurations with Yams's node API rather than `Codable` so that
/// every error can say where it is: `run.yaml:14: training.epochs: expected an
/// integer, got 'many'`; an unknown key is an error too (a typo must not pass
/// silently).
package struct ConfigurationNode {
    let node: Node
    /// The dotted key path, for example "processes[1].weights".
    let path: String
    /// The file name used in messages.
    let file: String

    /// Parses YAML text.
    package static func parse(_ text: String, file: String) throws -> ConfigurationNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, line: nil, key: nil, problem: "the file is empty")
            }
            return ConfigurationNode(node: node, path: "", file: file)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: Self.line(of: error), key: nil, problem: Self.message(of: error))
        }
    }

    package var line: Int? { node.mark?.line }

    package func error(_ problem: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, key: path.isEmpty ? nil : path, problem: problem)
    }

    private func child(_ node: Node, _ key: String) -> ConfigurationNode {
        ConfigurationNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// What the node is, for messages.
    private var kindDescription: String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Mappings

    /// The node as a mapping whose keys are all in `allowed`; a key given twice or
    /// not allowed is an error naming it and its line.
    package func mapping(allowed: [String]) throws -> [String: ConfigurationNode] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping, got \(kindDescription)") }
        var result: [String: ConfigurationNode] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else { throw error("keys must be plain names") }
            let key = scalar.string
            let located = ConfigurationNode(node: keyNode, path: path.isEmpty ? key : "\(path).\(key)", file: file)
            guard allowed.contains(key) else {
                throw located.error("unknown key (expected one of: \(allowed.joined(separator: ", ")))")
            }
            guard result[key] == nil else { throw located.error("the key is given twice") }
            result[key] = child(value, key)
        }
        return result
    }

    /// The keys of a mapping node (empty for any other node).
    package var keys: [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.compactMap { key, _ in
            if case .scalar(let scalar) = key { return scalar.string }
            return nil
        }
    }

    // MARK: Scalars

    private var scalar: Node.Scalar? {
        if case .scalar(let scalar) = node { return scalar }
        return nil
    }

    package func string() throws -> String {
        guard let scalar, scalar.tag != .init(.null) || !scalar.string.isEmpty else {
            throw error("expected text, got \(kindDescription)")
        }
        return scalar.string
    }

    package func int() throws -> Int {
        guard let scalar, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected an integer, got \(kindDescription)")
        }
        return value
    }

    /// The scalar as a number when it reads as one (YAML's `.nan` and `.inf`
    /// included), else nil.
    package var number: Double? {
        guard let scalar else { return nil }
        return node.float ?? Double(scalar.string)
    }

    package func double() throws -> Double {
        guard let value = number, value.isFinite else {
            throw error("expected a number, got \(kindDescription)")
        }
        return value
    }

    package func bool() throws -> Bool {
        guard scalar != nil, let value = node.bool else { throw error("expected true or false, got \(kindDescription)") }
        return value
    }

    /// A scalar that must be one of `values`.
    package func choice<Value: RawRepresentable>(_ type: Value.Type) throws -> Value
    where Value: CaseIterable, Value.RawValue == String {
        let text = try string()
        guard let value = Value(rawValue: text) else {
            throw error("'\(text)' is not one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    package var isScalar: Bool { scalar != nil }
    package var isMapping: Bool { if case .mapping = node { return true } else { return false } }
    package var isList: Bool { if case .sequence = node { return true } else { return false } }

    // MARK: Lists

    package func list() throws -> [ConfigurationNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, got \(kindDescription)") }
        return sequence.enumerated().map { index, node in
            ConfigurationNode(node: node, path: "\(path)[\(index)]", file: file)
        }
    }

    /// A list of strings, or one string as a list of one.
    package func strings() throws -> [String] {
        isScalar ? [try string()] : try list().map { try $0.string() }
    }

    package func integers() throws -> [Int] {
        isScalar ? [try int()] : try list().map { try $0.int() }
    }

    /// `[lo, hi]` with lo < hi.
    package func range() throws -> ClosedRange<Double> {
        let values = try list().map { try $0.double() }
        guard values.count == 2, values[0] < values[1] else { throw error("expected [low, high] with low < high") }
        return values[0]...values[1]
    }

    // MARK: Yams errors

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        case let .duplicatedKeysInMapping(_, context):
            return context.mark.line
        case let .reader(_, offset?, _, yaml):
            // The offset counts bytes of the UTF-8 text.
            return yaml.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count + 1
        default:
            return nil
        }
    }

    private static func message(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _),
            let .composer(context, problem, _, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return "not valid YAML: \(prefix)\(problem)"
        case let .reader(problem, _, value, _):
            // Yams's own description quotes the offending line: not one line.
            return "not valid YAML: \(problem) (character code \(value))"
        case let .duplicatedKeysInMapping(duplicates, _):
            return "the key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) is given twice in one mapping"
        default:
            return "not valid YAML: \(error)"
        }
    }
}
