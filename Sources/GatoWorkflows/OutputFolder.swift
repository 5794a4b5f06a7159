import Foundation
import Gato
import GatoIO
import GatoReports

/// An output folder that appears only when complete, and that never deletes
/// anything gato did not write.
///
/// Files are written into a staging folder in the system's temporary folder
/// (`$TMPDIR/gato-run-PID-UUID/NAME`), so that a run that is killed (even by
/// SIGKILL, which no program can intercept) leaves nothing in the user's folders.
/// ``commit()`` writes the list of files, ``manifestName``, then moves the staging
/// folder next to the destination (a rename, or a copy when the temporary folder
/// is on another file system) as `.NAME.partial-UUID` and renames it into place:
/// only for that last moment does a hidden folder exist beside the destination,
/// and ``removeUnfinished()`` (which the command calls on SIGINT and SIGTERM)
/// removes it. Staging folders of runs whose process is gone are removed by a
/// later ``create(at:)``.
///
/// An existing destination is replaced only if it is empty, or an earlier gato
/// output all of whose files are listed in its manifest: a file of one's own
/// anywhere inside it, even with a name gato uses for plots, is never deleted.
public final class OutputFolder: @unchecked Sendable {
    /// The file in every output folder that lists what gato wrote there, one path
    /// relative to the folder per line after the header line `gato-manifest 1`.
    /// `gato plot` and `scripts/render-report.sh` add the files they write.
    public static let manifestName = ".gato-manifest"
    static let manifestHeader = "gato-manifest 1"
    private static let stagingPrefix = "gato-run-"

    /// The final location.
    public let destination: URL
    /// Where files are written until ``commit()``.
    public let staging: URL
    /// Whether ``commit()`` replaces an earlier gato output at ``destination``.
    public let replacesPrevious: Bool
    /// The run's own folder in the temporary folder, which holds ``staging``.
    private let stagingRoot: URL
    /// The hidden folders beside the destination that exist only during ``commit()``.
    private let partial: URL
    private let previous: URL
    private let lock = NSLock()
    private var committed = false
    /// Set by ``removeUnfinished()``: no file is written into the staging folder any more.
    private var abandoned = false

    private init(destination: URL, staging: URL, replacesPrevious: Bool) {
        self.destination = destination
        self.staging = staging
        self.stagingRoot = staging.deletingLastPathComponent()
        self.replacesPrevious = replacesPrevious
        let parent = destination.deletingLastPathComponent()
        let id = UUID().uuidString
        partial = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(id)")
        previous = parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(id)")
    }

    /// Prepares a staging folder for `destination`.
    /// - Throws: ``OutputFolderError`` when the destination exists and is not an
    ///   earlier gato output, or its parent cannot be created or written.
    public static func create(at destination: URL) throws -> OutputFolder {
        let manager = FileManager.default
        let destination = destination.standardizedFileURL
        let replacesPrevious = try checkReplaceable(destination)
        let parent = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: parent.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OutputFolderError("\(parent.path) is a file, not a folder") }
        }
        let existing = nearestExisting(parent)
        guard manager.isWritableFile(atPath: existing.path) else {
            throw OutputFolderError("cannot write in \(existing.path): permission denied")
        }
        removeAbandonedStaging()
        let run = manager.temporaryDirectory.appendingPathComponent(
            "\(stagingPrefix)\(getpid())-\(UUID().uuidString)", isDirectory: true)
        let staging = run.appendingPathComponent(destination.lastPathComponent, isDirectory: true)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputFolderError("cannot create a staging folder in \(manager.temporaryDirectory.path): \(error.localizedDescription)")
        }
        return OutputFolder(destination: destination, staging: staging, replacesPrevious: replacesPrevious)
    }

    /// The staged location of a file, creating its subfolders.
    /// - Throws: once ``removeUnfinished()`` was called (the staging folder is not
    ///   created again); not an input error.
    public func url(_ relativePath: String) throws -> URL {
        try lock.withLock { try prepare(relativePath) }
    }

    /// Writes `data` to `relativePath` inside the folder (not once
    /// ``removeUnfinished()`` was called, which waits for a write under way).
    public func write(_ data: Data, to relativePath: String) throws {
        try lock.withLock { try data.write(to: prepare(relativePath)) }
    }

    /// ``url(_:)`` for a caller that holds the lock.
    private func prepare(_ relativePath: String) throws -> URL {
        guard !abandoned else { throw InterruptedRun(message: "\(destination.path): the run was interrupted") }
        let url = staging.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    /// Lists the staged files in the manifest and moves the folder into place,
    /// replacing an earlier gato output (checked again: the user may have added a
    /// file to it during the run).
    public func commit() throws {
        let manager = FileManager.default
        let files = (manager.subpaths(atPath: staging.path) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: staging.appendingPathComponent(path).path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
        try Self.writeManifest(files + [Self.manifestName], in: staging)
        _ = try Self.checkReplaceable(destination)
        try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try manager.moveItem(at: staging, to: partial)  // a copy across file systems
        } catch {
            throw OutputFolderError("cannot write \(partial.path): \(error.localizedDescription)")
        }
        try? manager.removeItem(at: stagingRoot)
        if manager.fileExists(atPath: destination.path) {
            try manager.moveItem(at: destination, to: previous)
            try manager.moveItem(at: partial, to: destination)
            lock.withLock { committed = true }
            try? manager.removeItem(at: previous)
        } else {
            try manager.moveItem(at: partial, to: destination)
            lock.withLock { committed = true }
        }
    }

    /// Whether ``removeUnfinished()`` was called: the run is being interrupted, and
    /// an error from a write into the removed staging folder is its consequence.
    public var wasInterrupted: Bool { lock.withLock { abandoned } }

    /// Removes the staging folder (a run that failed).
    public func discard() {
        try? FileManager.default.removeItem(at: stagingRoot)
        try? FileManager.default.removeItem(at: partial)
    }

    /// Undoes an unfinished run from another thread (a signal handler's queue):
    /// removes the staging and partial folders and, if ``commit()`` was stopped
    /// between moving the earlier output aside and moving the new one into place,
    /// puts the earlier output back. Safe to call at any moment and more than once.
    /// Files the running thread writes through ``write(_:to:)`` or ``url(_:)`` are
    /// refused from then on; one written into ``staging`` directly (the report)
    /// while the folder is removed is removed by trying again.
    public func removeUnfinished() {
        let manager = FileManager.default
        lock.withLock { abandoned = true }
        discard()
        for _ in 0..<20 where manager.fileExists(atPath: stagingRoot.path) {
            Thread.sleep(forTimeInterval: 0.005)
            discard()
        }
        if manager.fileExists(atPath: previous.path) {
            if lock.withLock({ committed }) || manager.fileExists(atPath: destination.path) {
                try? manager.removeItem(at: previous)
            } else {
                try? manager.moveItem(at: previous, to: destination)
            }
        }
    }

    /// The paths (relative, `/`-separated) listed in the manifest of `folder`, or
    /// nil when it has none (not a gato output, or written by gato 0.1).
    public static func manifest(of folder: URL) -> Set<String>? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(manifestName), encoding: .utf8) else {
            return nil
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.first == manifestHeader else { return nil }
        lines.removeFirst()
        return Set(lines)
    }

    /// Adds `paths` (relative to `folder`) to its manifest, atomically; creates it
    /// when missing.
    public static func addToManifest(_ paths: [String], in folder: URL) throws {
        let listed = manifest(of: folder) ?? [manifestName]
        try writeManifest(Array(listed.union(paths)), in: folder)
    }

    private static func writeManifest(_ paths: [String], in folder: URL) throws {
        let text = ([manifestHeader] + Set(paths).sorted()).joined(separator: "\n") + "\n"
        try AtomicFile.write(Data(text.utf8), to: folder.appendingPathComponent(manifestName))
    }

    /// The folder itself or its nearest existing ancestor.
    private static func nearestExisting(_ folder: URL) -> URL {
        var url = folder
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" { url = url.deletingLastPathComponent() }
        return url
    }

    /// Removes staging folders in the temporary folder whose process has ended
    /// (runs killed by SIGKILL, or a power cut). Only folders named
    /// `gato-run-PID-UUID` are touched.
    private static func removeAbandonedStaging() {
        let manager = FileManager.default
        let temporary = manager.temporaryDirectory
        for name in (try? manager.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(stagingPrefix) {
            let fields = name.dropFirst(stagingPrefix.count).split(separator: "-", maxSplits: 1)
            guard fields.count == 2, let pid = Int32(fields[0]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? manager.removeItem(at: temporary.appendingPathComponent(name)) }
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
        guard let listed = manifest(of: destination) else {
            throw OutputFolderError(
                contents.contains("summary.json")
                    ? "\(destination.path) was written by an older gato (no \(manifestName)); choose another --out or remove it"
                    : "\(destination.path) exists and is not a gato output folder; choose another --out or remove it")
        }
        // Folders that lead to a listed file are gato's; everything else is the user's.
        var folders: Set<String> = []
        for path in listed {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        let everything = (manager.subpaths(atPath: destination.path) ?? []).sorted()
        let foreign = everything.filter { !listed.contains($0) && !folders.contains($0) }
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

/// A write into an output folder after ``OutputFolder/removeUnfinished()``: a
/// failure while running (exit code 1), not bad input. The signal handler that
/// called ``OutputFolder/removeUnfinished()`` ends the process moments later.
struct InterruptedRun: Error, LocalizedError {
    let message: String
    var errorDescription: String? { message }
}
