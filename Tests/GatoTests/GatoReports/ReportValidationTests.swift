import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// `gato plot` on hand-edited or inconsistent output folders: every mutation of a
/// real folder (a key deleted, an array of the wrong length, an order that is not a
/// permutation, NaN or a string for a number, a checkpoint of another model, a
/// truncated file, an empty history) makes ``Report/render(folder:)`` throw an
/// ``OutputFolderError`` or a ``VersionedJSON/ReadError`` naming the file, and none
/// crashes (they used to stop the process on an index out of range or a force
/// unwrap). Folders for a 2-D Gaussian mixture with snapshots (two numbers of
/// categories), a 1-D mixture with boundaries, and a bump hunt with mass spectra
/// are trained in-process once.
@Suite struct ReportValidationTests {
    /// Runs an example workflow in-process into a new folder (with its report).
    static func folder(_ workflow: ExampleWorkflow, _ options: ExampleWorkflow.Options) -> URL {
        let destination = FileManager.default.temporaryDirectory
            .appendingPathComponent("gato-report-validation-\(UUID().uuidString)/\(workflow.rawValue)")
        do {
            let output = try OutputFolder.create(at: destination)
            _ = try AnalysisRunner(analysis: try workflow.analysis(options)).run(output: output, report: true)
            try output.commit()
        } catch {
            fatalError("\(workflow.rawValue): \(error)")
        }
        return destination
    }

    static let threeClass = folder(
        .threeClass,
        .init(epochs: 6, categoryCounts: [2, 3], backgroundEvents: 3000, signalEvents: 800, threads: 2, starts: 1))
    static let oneDimensional = folder(
        .oneDimensionalGMM, .init(epochs: 5, categoryCounts: [3], backgroundEvents: 2000, signalEvents: 500, threads: 2, starts: 1))
    static let bumpHunt = folder(
        .bumpHunt,
        .init(epochs: 4, categoryCounts: [2], backgroundEvents: 3000, signalEvents: 500, refitInterval: 2, threads: 2, starts: 1))

    /// A copy of the files a report is drawn from (not the drawings).
    static func copy(_ folder: URL) throws -> URL {
        let manager = FileManager.default
        let copy = manager.temporaryDirectory.appendingPathComponent("gato-mutation-\(UUID().uuidString)")
        try manager.createDirectory(at: copy, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: folder.path) where !["plots", "report.html"].contains(name) {
            try manager.copyItem(at: folder.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        return copy
    }

    // MARK: JSON editing

    enum Step: CustomStringConvertible {
        case key(String), index(Int)
        var description: String {
            switch self {
            case .key(let k): return ".\(k)"
            case .index(let i): return "[\(i)]"
            }
        }
    }

    /// Marks a value to be written as a bare token (NaN, 1e999) that JSON cannot hold.
    static let rawMarker = "@@raw:"

    /// `value` with the element at `path` replaced by `change(old)` (removed when nil).
    static func modify(_ value: Any, _ path: ArraySlice<Step>, _ change: (Any?) -> Any?) -> Any {
        guard let step = path.first else { return change(value) as Any }
        let rest = path.dropFirst()
        switch step {
        case .key(let key):
            var dictionary = value as! [String: Any]
            if rest.isEmpty {
                dictionary[key] = change(dictionary[key])
            } else {
                dictionary[key] = modify(dictionary[key]!, rest, change)
            }
            return dictionary
        case .index(let index):
            var array = value as! [Any]
            if rest.isEmpty {
                if let new = change(array[index]) { array[index] = new } else { array.remove(at: index) }
            } else {
                array[index] = modify(array[index], rest, change)
            }
            return array
        }
    }

    static func editJSON(_ url: URL, _ path: [Step], _ change: (Any?) -> Any?) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        let edited = modify(object, path[...], change)
        var text = String(decoding: try JSONSerialization.data(withJSONObject: edited, options: [.sortedKeys]), as: UTF8.self)
        // "@@raw:NaN" -> NaN
        while let range = text.range(of: "\"\(rawMarker)") {
            let end = text[range.upperBound...].firstIndex(of: "\"")!
            text.replaceSubrange(range.lowerBound...end, with: text[range.upperBound..<end])
        }
        try Data(text.utf8).write(to: url)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    // MARK: Mutations

    struct Mutation {
        var name: String
        /// The file the error must name.
        var file: String
        var apply: (URL) throws -> Void

        /// Whether `message` names the file (an inconsistency between the summary
        /// and the histograms may be reported by either).
        func names(_ message: String) -> Bool {
            message.contains(file)
                || (["summary.json", "histograms.json"].contains(file)
                    && (message.hasPrefix("summary.json") || message.hasPrefix("histograms.json")))
        }
    }

    static func jsonMutations(file: String, object: [String: Any], prefix: [Step] = [], skip: Set<String> = []) -> [Mutation] {
        var mutations: [Mutation] = []
        func visit(_ value: Any, _ path: [Step]) {
            let name = path.map(\.description).joined()
            if let dictionary = value as? [String: Any] {
                for (key, child) in dictionary.sorted(by: { $0.key < $1.key }) where !skip.contains(key) {
                    let childPath = path + [.key(key)]
                    let childName = childPath.map(\.description).joined()
                    mutations.append(Mutation(name: "\(file): delete \(childName)", file: file) {
                        try editJSON($0.appendingPathComponent(file), childPath) { _ in nil }
                    })
                    visit(child, childPath)
                }
            } else if let array = value as? [Any] {
                if !path.isEmpty {
                    mutations.append(Mutation(name: "\(file): \(name) one entry longer", file: file) {
                        try editJSON($0.appendingPathComponent(file), path) { old in
                            var a = old as! [Any]
                            a.append(a.last ?? 0)
                            return a
                        }
                    })
                    if !array.isEmpty {
                        mutations.append(Mutation(name: "\(file): \(name) one entry shorter", file: file) {
                            try editJSON($0.appendingPathComponent(file), path) { old in Array((old as! [Any]).dropLast()) }
                        })
                    }
                    mutations.append(Mutation(name: "\(file): \(name) empty", file: file) {
                        try editJSON($0.appendingPathComponent(file), path) { _ in [Any]() }
                    })
                }
                if let first = array.first {
                    visit(first, path + [.index(0)])
                }
            } else if value is NSNumber || value is String {
                // A string where a string is expected may be valid (a name): only numbers get one.
                let replacements = value is String
                    ? [("NaN", "\(rawMarker)NaN" as Any)] : [("NaN", "\(rawMarker)NaN"), ("a string", "abc"), ("null", NSNull())]
                for (label, replacement) in replacements {
                    mutations.append(Mutation(name: "\(file): \(name) = \(label)", file: file) {
                        try editJSON($0.appendingPathComponent(file), path) { _ in replacement }
                    })
                }
            }
        }
        visit(object, prefix)
        return mutations
    }

    static func truncations(_ file: String) -> [Mutation] {
        [0, 1, 2].map { part in
            Mutation(name: "\(file): truncated to \(part)/3", file: file) { folder in
                let url = folder.appendingPathComponent(file)
                let data = try Data(contentsOf: url)
                try data.prefix(data.count * part / 3).write(to: url)
            }
        }
    }

    /// Mutations whose outcome must be an error, for a folder.
    static func mutations(of folder: URL) throws -> [Mutation] {
        var all: [Mutation] = []
        let summary = try json(folder.appendingPathComponent("summary.json"))
        // `boundaries` is optional (only 1-D models have it): deleting it is not an error.
        // Valid edits are left out: `boundaries` is optional (only 1-D models have it),
        // `constraint_violations` is optional and any list of them draws (its
        // entries are checked by the validation's own cases),
        // any number of baselines and settings is valid, and fewer results (but one).
        all += jsonMutations(file: "summary.json", object: summary).filter { mutation in
            !mutation.name.hasSuffix("delete .results[0].boundaries") && !mutation.name.contains(".baselines one")
                && !mutation.name.contains(".constraint_violations")
                && !mutation.name.contains(".baselines empty") && !mutation.name.contains(".settings one")
                && !mutation.name.contains(".settings empty")
                && !((summary["results"] as! [Any]).count > 1 && mutation.name.hasSuffix(".results one entry shorter"))
        }
        let results = summary["results"] as! [[String: Any]]
        let k = results[0]["n_cats"] as! Int
        let signal = (summary["signals"] as! [String])[0]
        func summaryEdit(_ name: String, _ path: [Step], _ change: @escaping (Any?) -> Any?) -> Mutation {
            Mutation(name: "summary.json: \(name)", file: "summary.json") {
                try editJSON($0.appendingPathComponent("summary.json"), path, change)
            }
        }
        let result0: [Step] = [.key("results"), .index(0)]
        all += [
            summaryEdit("order out of range", result0 + [.key("order")]) { _ in Array(1...k) },
            summaryEdit("order with a repeat", result0 + [.key("order")]) { _ in [Int](repeating: 0, count: k) },
            summaryEdit("order negative", result0 + [.key("order")]) { _ in (0..<k).map { -$0 } },
            summaryEdit("n_cats + 1", result0 + [.key("n_cats")]) { _ in k + 1 },
            summaryEdit("n_cats 0", result0 + [.key("n_cats")]) { _ in 0 },
            summaryEdit("n_cats -1", result0 + [.key("n_cats")]) { _ in -1 },
            summaryEdit("unknown signal", [.key("signals")]) { _ in ["nobody"] },
            summaryEdit("no signals", [.key("signals")]) { _ in [String]() },
            summaryEdit("signal missing from significance", result0 + [.key("significance"), .key(signal)]) { _ in nil },
            summaryEdit("signal missing from yields", result0 + [.key("yields"), .key(signal)]) { _ in nil },
            summaryEdit("an unknown process in yields", result0 + [.key("yields"), .key("stranger")]) { _ in
                [Double](repeating: 1, count: k)
            },
            summaryEdit("chosen_start out of range", result0 + [.key("chosen_start")]) { _ in 7 },
            summaryEdit("starts 0", result0 + [.key("starts")]) { _ in 0 },
            summaryEdit("screening_epochs beyond epochs", result0 + [.key("screening_epochs")]) { _ in 1000 },
            summaryEdit("epochs negative", result0 + [.key("epochs")]) { _ in -3 },
            summaryEdit("checkpoint missing", result0 + [.key("checkpoint")]) { _ in "checkpoints/none.json" },
            summaryEdit("checkpoint outside", result0 + [.key("checkpoint")]) { _ in "../../etc/passwd" },
            summaryEdit("checkpoint is the history", result0 + [.key("checkpoint")]) { _ in results[0]["history"]! },
            summaryEdit("history missing", result0 + [.key("history")]) { _ in "history_99.csv" },
            summaryEdit("history is the summary", result0 + [.key("history")]) { _ in "summary.json" },
            summaryEdit("history is a folder", result0 + [.key("history")]) { _ in "checkpoints" },
            summaryEdit("a setting of one entry", [.key("settings")]) { _ in [["alone"]] },
            summaryEdit("boundaries for a model of another dimension or count", result0 + [.key("boundaries")]) { _ in
                [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
            },
            summaryEdit("boundaries out of order", result0 + [.key("boundaries")]) { _ in
                k >= 3 ? (0..<(k - 1)).map { 1 - Double($0) * 0.1 } : ["\(rawMarker)NaN"]
            },
        ]
        if results.count > 1 {
            // The checkpoint of the other number of categories.
            all.append(summaryEdit("checkpoint of another n_cats", result0 + [.key("checkpoint")]) { _ in results[1]["checkpoint"]! })
            all.append(summaryEdit("n_cats twice", [.key("results"), .index(1), .key("n_cats")]) { _ in k })
        }
        let histograms = try json(folder.appendingPathComponent("histograms.json"))
        all += jsonMutations(file: "histograms.json", object: histograms)
            .filter { !$0.name.hasSuffix("delete .mass_column") }  // optional: no mass plots then
        all += [
            Mutation(name: "histograms.json: a process fewer", file: "histograms.json") { folder in
                try editJSON(folder.appendingPathComponent("histograms.json"), [.key("processes")]) { old in
                    Array((old as! [Any]).dropFirst())
                }
                try editJSON(folder.appendingPathComponent("histograms.json"), [.key("roles")]) { old in
                    Array((old as! [Any]).dropFirst())
                }
            },
            Mutation(name: "histograms.json: signal made a background", file: "histograms.json") { folder in
                try editJSON(folder.appendingPathComponent("histograms.json"), [.key("roles")]) { old in
                    (old as! [String]).map { _ in "background" }
                }
            },
            Mutation(name: "histograms.json: edges decreasing", file: "histograms.json") { folder in
                try editJSON(folder.appendingPathComponent("histograms.json"), [.key("inputs"), .index(0), .key("edges")]) { old in
                    Array((old as! [Double]).reversed())
                }
            },
        ]
        for file in ["summary.json", "histograms.json", results[0]["checkpoint"] as! String, results[0]["history"] as! String] {
            all += truncations(file)
        }
        let history = results[0]["history"] as! String
        func historyEdit(_ name: String, _ edit: @escaping (String) -> String) -> Mutation {
            Mutation(name: "\(history): \(name)", file: history) { folder in
                let url = folder.appendingPathComponent(history)
                try Data(edit(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
            }
        }
        all += [
            historyEdit("only the header") { $0.components(separatedBy: "\n")[0] + "\n" },
            historyEdit("empty") { _ in "" },
            historyEdit("a column fewer in the header") { text in
                var lines = text.components(separatedBy: "\n")
                lines[0] = lines[0].components(separatedBy: ",").dropLast().joined(separator: ",")
                return lines.joined(separator: "\n")
            },
            historyEdit("a NaN loss") { text in
                var lines = text.components(separatedBy: "\n")
                var fields = lines[1].components(separatedBy: ",")
                fields[3] = "nan"
                lines[1] = fields.joined(separator: ",")
                return lines.joined(separator: "\n")
            },
            historyEdit("a loss of 1e400") { text in
                var lines = text.components(separatedBy: "\n")
                var fields = lines[1].components(separatedBy: ",")
                fields[3] = "1e400"
                lines[1] = fields.joined(separator: ",")
                return lines.joined(separator: "\n")
            },
            historyEdit("a field missing") { text in
                var lines = text.components(separatedBy: "\n")
                lines[2] = lines[2].components(separatedBy: ",").dropLast().joined(separator: ",")
                return lines.joined(separator: "\n")
            },
            historyEdit("not UTF-8") { text in text + "\u{FFFD}" },
        ]
        let checkpointFile = results[0]["checkpoint"] as! String
        let checkpoint = try json(folder.appendingPathComponent(checkpointFile))
        // One mean range for every dimension is valid (it applies to all).
        all += jsonMutations(file: checkpointFile, object: checkpoint)
            .filter { !$0.name.hasSuffix(".model.mean_range one entry shorter") }
        let snapshots = "snapshots/\(k)_bins.json"
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(snapshots).path) {
            // Fewer or more frames (but none) are valid.
            all += jsonMutations(file: snapshots, object: try json(folder.appendingPathComponent(snapshots)))
                .filter { !$0.name.contains(".frames one entry") }
            all += truncations(snapshots)
        }
        return all
    }

    /// Applies each mutation to a fresh copy and renders; returns what went wrong.
    static func run(_ mutations: [Mutation], on folder: URL) throws -> [String] {
        var problems: [String] = []
        for mutation in mutations {
            let copy = try Self.copy(folder)
            defer { try? FileManager.default.removeItem(at: copy) }
            try mutation.apply(copy)
            do {
                try Report.render(folder: copy)
                problems.append("\(mutation.name): no error")
            } catch let error as OutputFolderError {
                if !mutation.names(error.message) { problems.append("\(mutation.name): '\(error.message)' does not name \(mutation.file)") }
                if error.message.contains("\n") { problems.append("\(mutation.name): more than one line") }
            } catch let error as VersionedJSON.ReadError {
                if !mutation.names(error.message) { problems.append("\(mutation.name): '\(error.message)' does not name \(mutation.file)") }
            } catch {
                problems.append("\(mutation.name): \(type(of: error)): \(error)")
            }
        }
        return problems
    }

    @Test func theUntouchedFoldersRender() throws {
        for folder in [Self.threeClass, Self.oneDimensional, Self.bumpHunt] {
            let copy = try Self.copy(folder)
            let written = try Report.render(folder: copy)
            #expect(written.contains("report.html"))
        }
    }

    @Test func theExampleMessageNamesFileKeyAndExpectation() throws {
        let copy = try Self.copy(Self.threeClass)
        try Self.editJSON(copy.appendingPathComponent("summary.json"), [.key("results"), .index(1), .key("order")]) { old in
            (old as! [Int]) + [0]
        }
        #expect(throws: OutputFolderError("summary.json: results[1].order: 4 entries, expected n_cats = 3")) {
            try Report.render(folder: copy)
        }
        let second = try Self.copy(Self.threeClass)
        try Self.editJSON(second.appendingPathComponent("summary.json"), [.key("results"), .index(0), .key("order")]) { _ in [0, 2] }
        #expect(throws: OutputFolderError("summary.json: results[0].order: [0, 2] is not an ordering of the categories 0..<2")) {
            try Report.render(folder: second)
        }
    }

    @Test(arguments: ["three-class", "1d-gmm", "bump-hunt"])
    func everyMutationThrowsAndNoneCrashes(workflow: String) throws {
        let folder = [
            "three-class": Self.threeClass, "1d-gmm": Self.oneDimensional, "bump-hunt": Self.bumpHunt,
        ][workflow]!
        let mutations = try Self.mutations(of: folder)
        #expect(mutations.count > 100)
        let problems = try Self.run(mutations, on: folder)
        #expect(problems.isEmpty, "\(problems.count) of \(mutations.count) mutations:\n\(problems.joined(separator: "\n"))")
    }

    /// Extreme but finite numbers (1e308 yields, a 1e300 loss, -1e308 bias) are not
    /// inconsistent: the report either draws them or refuses them with an error,
    /// and never crashes.
    @Test func extremeFiniteNumbersDoNotCrash() throws {
        let copy = try Self.copy(Self.oneDimensional)
        let summary = copy.appendingPathComponent("summary.json")
        try Self.editJSON(summary, [.key("results"), .index(0), .key("yields"), .key("bkg1")]) { old in
            (old as! [Double]).map { _ in 1e308 }
        }
        try Self.editJSON(summary, [.key("results"), .index(0), .key("background_yield")]) { old in
            (old as! [Double]).map { _ in 1e308 }
        }
        try Self.editJSON(summary, [.key("results"), .index(0), .key("bias")]) { old in (old as! [Double]).map { _ in -1e308 } }
        let history = copy.appendingPathComponent("history_3.csv")
        var lines = try String(contentsOf: history, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        fields[3] = "1e300"
        lines[1] = fields.joined(separator: ",")
        try Data(lines.joined(separator: "\n").utf8).write(to: history)
        do {
            try Report.render(folder: copy)
        } catch is OutputFolderError {
        } catch is VersionedJSON.ReadError {
        }
    }
}
