import Foundation
import Testing

/// The public surface of each library module is the checked-in list in
/// `docs/api/<Module>.txt`: a declaration made public by accident (or one that
/// disappears) fails this test. After a deliberate change, regenerate the lists
/// with `GATO_UPDATE_API=1 swift test --filter PublicAPITests` and review the diff.
///
/// The lists are read off the sources (every line that declares something
/// `public` or `open`, up to its body), which is enough to see the surface change;
/// the compiler checks that the declarations are consistent.
@Suite struct PublicAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let modules = ["Gato", "GatoIO", "GatoReports", "GatoWorkflows", "GatoCommandLine"]

    struct Declaration {
        var file: String
        var line: Int
        var text: String
        /// Whether the lines above it (attributes skipped) hold a `///` comment.
        var documented: Bool
    }

    static func declarations(in module: String) throws -> [Declaration] {
        let folder = root.appendingPathComponent("Sources/\(module)")
        let files = (FileManager.default.subpaths(atPath: folder.path) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        var result: [Declaration] = []
        for file in files {
            let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                .components(separatedBy: "\n")
            for (index, line) in lines.enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                var rest = trimmed
                while rest.hasPrefix("@"), let space = rest.firstIndex(of: " ") { rest = String(rest[space...]).trimmingCharacters(in: .whitespaces) }
                guard rest.hasPrefix("public ") || rest.hasPrefix("open ") else { continue }
                var text = trimmed
                if let brace = text.firstIndex(of: "{") { text = String(text[..<brace]) }
                text = text.trimmingCharacters(in: .whitespaces)
                var above = index - 1
                while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
                let documented = above >= 0 && lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///")
                result.append(Declaration(file: file, line: index + 1, text: text, documented: documented))
            }
        }
        return result
    }

    static func listing(_ declarations: [Declaration]) -> String {
        declarations.map { "\($0.file): \($0.text)" }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: modules)
    func publicSurfaceIsTheCheckedInList(module: String) throws {
        let listed = Self.root.appendingPathComponent("docs/api/\(module).txt")
        let current = Self.listing(try Self.declarations(in: module))
        if ProcessInfo.processInfo.environment["GATO_UPDATE_API"] == "1" {
            try FileManager.default.createDirectory(at: listed.deletingLastPathComponent(), withIntermediateDirectories: true)
            try current.write(to: listed, atomically: true, encoding: .utf8)
        }
        let expected = (try? String(contentsOf: listed, encoding: .utf8)) ?? ""
        let added = Set(current.components(separatedBy: "\n")).subtracting(expected.components(separatedBy: "\n"))
        let removed = Set(expected.components(separatedBy: "\n")).subtracting(current.components(separatedBy: "\n"))
        #expect(added.isEmpty && removed.isEmpty,
                "docs/api/\(module).txt differs: new \(added.sorted()), gone \(removed.sorted())")
    }

    /// Every public type and protocol has a doc comment.
    @Test(arguments: modules)
    func publicTypesAreDocumented(module: String) throws {
        let undocumented = try Self.declarations(in: module).filter { declaration in
            let text = declaration.text
            let isType = ["struct ", "enum ", "class ", "final class ", "protocol ", "actor ", "typealias "]
                .contains { text.contains("public \($0)") || text.contains("open \($0)") }
            return isType && !declaration.documented
        }
        #expect(undocumented.isEmpty, "\(undocumented.map { "\($0.file):\($0.line): \($0.text)" })")
    }
}
