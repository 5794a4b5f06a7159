import Foundation

/// A problem with the output folder.
public struct OutputFolderError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}

/// An output folder that appears only when complete.
///
/// Everything is written into a hidden staging folder next to the destination
/// (`.NAME.partial-UUID`); ``commit()`` renames it into place. A run that fails or
/// is interrupted before that leaves at most the hidden staging folder, which
/// ``discard()`` removes (and which a later run's ``create(at:)`` cleans up).
/// An existing destination is replaced only if it is a previous gato output (it
/// holds `summary.json`) or is empty, so that no unrelated folder is ever deleted.
public struct OutputFolder: Sendable {
    /// The final location.
    public let destination: URL
    /// Where files are written until ``commit()``.
    public let staging: URL

    /// Prepares a staging folder for `destination`.
    /// - Throws: ``OutputFolderError`` when the destination exists and is not a
    ///   gato output, or its parent cannot be written.
    public static func create(at destination: URL) throws -> OutputFolder {
        let manager = FileManager.default
        let destination = destination.standardizedFileURL
        try checkReplaceable(destination)
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
        return OutputFolder(destination: destination, staging: staging)
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
        try Self.checkReplaceable(destination)
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

    private static func checkReplaceable(_ destination: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw OutputFolderError("\(destination.path) exists and is a file; choose another --out")
        }
        let contents = (try? manager.contentsOfDirectory(atPath: destination.path)) ?? []
        guard contents.isEmpty || contents.contains("summary.json") else {
            throw OutputFolderError(
                "\(destination.path) exists and is not a gato output folder; choose another --out or remove it")
        }
    }
}
