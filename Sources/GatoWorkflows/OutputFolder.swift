import Foundation
import Gato
import GatoIO
import GatoReports

/// An output folder that appears only when complete.
///
/// Everything is written into a hidden staging folder next to the destination
/// (`.NAME.partial-UUID`); ``commit()`` renames it into place. A run that fails or
/// is interrupted before that leaves at most the hidden staging folder, which
/// ``discard()`` removes (and which a later run's ``create(at:)`` cleans up).
/// An existing destination is replaced only if it is empty or a previous gato
/// output that holds nothing but the files gato writes (``isGatoFile(_:)``): a
/// folder with anything else in it, such as notes or plots of one's own, is never
/// deleted.
public struct OutputFolder: Sendable {
    /// The final location.
    public let destination: URL
    /// Where files are written until ``commit()``.
    public let staging: URL
    /// Whether ``commit()`` replaces an earlier gato output at ``destination``.
    public let replacesPrevious: Bool

    /// Prepares a staging folder for `destination`.
    /// - Throws: ``OutputFolderError`` when the destination exists and is not a
    ///   gato output, or its parent cannot be written.
    public static func create(at destination: URL) throws -> OutputFolder {
        let manager = FileManager.default
        let destination = destination.standardizedFileURL
        let replacesPrevious = try checkReplaceable(destination)
        let parent = destination.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputFolderError("cannot create the folder \(parent.path): \(error.localizedDescription)")
        }
        // Leftovers of interrupted runs for this destination.
        let prefix = ".\(destination.lastPathComponent).partial-"
        for name in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            try? manager.removeItem(at: parent.appendingPathComponent(name))
        }
        let staging = parent.appendingPathComponent(prefix + UUID().uuidString)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw OutputFolderError("cannot write in \(parent.path): \(error.localizedDescription)")
        }
        return OutputFolder(destination: destination, staging: staging, replacesPrevious: replacesPrevious)
    }

    /// The staged location of a file, creating its subfolders.
    public func url(_ relativePath: String) throws -> URL {
        let url = staging.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    /// Writes `data` to `relativePath` inside the folder.
    public func write(_ data: Data, to relativePath: String) throws {
        try data.write(to: url(relativePath))
    }

    /// Moves the staged folder into place (replacing a previous gato output).
    public func commit() throws {
        let manager = FileManager.default
        _ = try Self.checkReplaceable(destination)
        if manager.fileExists(atPath: destination.path) {
            let old = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).old-\(UUID().uuidString)")
            try manager.moveItem(at: destination, to: old)
            try manager.moveItem(at: staging, to: destination)
            try? manager.removeItem(at: old)
        } else {
            try manager.moveItem(at: staging, to: destination)
        }
    }

    /// Removes the staging folder.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    /// Whether `relativePath` (inside an output folder, `/`-separated) is a file or
    /// folder that gato writes: `summary.json`, `report.html`, `histograms.json`,
    /// `configuration.yaml`, `history_<K>.csv`, `checkpoints/<K>_bins.json`,
    /// `snapshots/<K>_bins.json`, and SVG, PNG and GIF files in `plots/` and
    /// `plots/<K>_bins/`, and the pages `report-page-<n>.png` that
    /// `scripts/render-report.sh` writes by default.
    public static func isGatoFile(_ relativePath: String) -> Bool {
        let parts = relativePath.split(separator: "/").map(String.init)
        func numbered(_ name: String, prefix: String = "", suffix: String) -> Bool {
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else {
                return false
            }
            return name.dropFirst(prefix.count).dropLast(suffix.count).allSatisfy { $0.isASCII && $0.isNumber }
        }
        func isPlot(_ name: String) -> Bool { [".svg", ".png", ".gif"].contains { name.hasSuffix($0) } }
        switch parts.count {
        case 1:
            return ["summary.json", "report.html", "histograms.json", "configuration.yaml", "checkpoints",
                    "snapshots", "plots"].contains(parts[0]) || numbered(parts[0], prefix: "history_", suffix: ".csv")
                || numbered(parts[0], prefix: "report-page-", suffix: ".png")
        case 2:
            switch parts[0] {
            case "checkpoints", "snapshots": return numbered(parts[1], suffix: "_bins.json")
            case "plots": return isPlot(parts[1]) || numbered(parts[1], suffix: "_bins")
            default: return false
            }
        case 3:
            return parts[0] == "plots" && numbered(parts[1], suffix: "_bins") && isPlot(parts[2])
        default:
            return false
        }
    }

    /// Returns whether an earlier output is there to be replaced.
    private static func checkReplaceable(_ destination: URL) throws -> Bool {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return false }
        guard isDirectory.boolValue else {
            throw OutputFolderError("\(destination.path) exists and is a file; choose another --out")
        }
        let contents = (try? manager.contentsOfDirectory(atPath: destination.path)) ?? []
        if contents.isEmpty { return false }
        guard contents.contains("summary.json") else {
            throw OutputFolderError(
                "\(destination.path) exists and is not a gato output folder; choose another --out or remove it")
        }
        let everything = (manager.subpaths(atPath: destination.path) ?? []).sorted()
        let foreign = everything.filter { !isGatoFile($0) }
        // A foreign folder is listed, not each file inside it.
        let shown = foreign.filter { path in !foreign.contains { path.hasPrefix($0 + "/") } }
        if let first = shown.first {
            let more = shown.count > 1 ? " and \(shown.count - 1) more" : ""
            throw OutputFolderError(
                "\(destination.path) holds files gato did not write (\(first)\(more)); "
                    + "choose another --out or move them away, gato replaces only its own outputs")
        }
        return true
    }
}
