import Foundation
import ZIPFoundation
import Gato

/// A numpy `.npz` archive: a zip file of `<name>.npy` members, stored (`numpy.savez`)
/// or deflated (`numpy.savez_compressed`).
///
/// Opening an archive reads only its directory; each array is extracted and parsed
/// when asked for, so an archive may hold arrays of unsupported dtypes (string
/// labels, say) as long as they are not read.
public struct NumpyArchive: Sendable {
    private enum Source: Sendable {
        case file(URL)
        case memory(Data)
    }

    private let source: Source
    /// The name of the archive in error messages.
    public let file: String
    /// The array names (member names without `.npy`), in archive order.
    public let names: [String]
    /// Member path of each array name.
    private let memberPaths: [String: String]

    /// Opens an .npz file. Errors name it by `displayName` (default: its last path component).
    public init(contentsOf url: URL, displayName: String? = nil) throws {
        let name = displayName ?? EventFileError.displayName(of: url)
        // Opening reads nothing yet: a missing file, a folder or a file without read
        // permission are told apart here, and a pipe is read whole (a zip's
        // directory is at its end).
        do {
            let data = try FileContents.read(url, mapped: true)
            if FileContents.isStream(url) {
                try self.init(source: .memory(data), file: name)
                return
            }
        } catch let failure as FileContents.Failure {
            throw EventFileError(file: name, problem: "\(failure.reason) (\(url.path))")
        }
        try self.init(source: .file(url), file: name)
    }

    /// Reads an .npz archive held in memory; `file` names it in error messages.
    public init(data: Data, file: String) throws {
        try self.init(source: .memory(data), file: file)
    }

    private init(source: Source, file: String) throws {
        self.source = source
        self.file = file
        let archive = try Self.open(source, file: file)
        var names: [String] = []
        var paths: [String: String] = [:]
        for entry in archive where entry.type == .file && entry.path.hasSuffix(".npy") {
            let name = String(entry.path.dropLast(4))
            if paths[name] == nil { names.append(name) }
            paths[name] = entry.path
        }
        self.names = names
        self.memberPaths = paths
    }

    private static func open(_ source: Source, file: String) throws -> Archive {
        do {
            switch source {
            case let .file(url): return try Archive(url: url, accessMode: .read)
            case let .memory(data): return try Archive(data: data, accessMode: .read)
            }
        } catch {
            throw EventFileError(file: file, problem: "is not a readable .npz (zip) archive (\(error))")
        }
    }

    /// Whether the archive holds an array of this name.
    public func contains(_ name: String) -> Bool { memberPaths[name] != nil }

    /// Extracts and parses one array (`name` without `.npy`). A missing name is an
    /// error listing the arrays present.
    public func array(named name: String) throws -> NumpyArray {
        var name = name
        if memberPaths[name] == nil, name.hasSuffix(".npy"), memberPaths[String(name.dropLast(4))] != nil {
            name = String(name.dropLast(4))
        }
        guard let path = memberPaths[name] else {
            let present = names.isEmpty ? "none" : names.joined(separator: ", ")
            throw EventFileError(file: file, array: name, problem: "not found; arrays present: \(present)")
        }
        let archive = try Self.open(source, file: file)
        guard let entry = archive[path] else {
            throw EventFileError(file: file, array: name, problem: "member '\(path)' disappeared from the archive")
        }
        var data = Data()
        data.reserveCapacity(Int(clamping: entry.uncompressedSize))
        do {
            // extract(_:consumer:) computes the CRC-32 but does not compare it: check here.
            let checksum = try archive.extract(entry) { chunk in data.append(chunk) }
            guard checksum == entry.checksum else {
                throw EventFileError(file: file, array: name, problem: "cannot be extracted, the archive is damaged (CRC-32 mismatch)")
            }
        } catch let error as EventFileError {
            throw error
        } catch {
            throw EventFileError(file: file, array: name, problem: "cannot be extracted, the archive is damaged (\(error))")
        }
        return try NumpyArray(data: data, file: file, array: name)
    }

    /// Writes arrays to a new .npz file (members stored uncompressed, as `numpy.savez`
    /// does), replacing any file at `url` atomically. Names must be unique and
    /// non-empty; `numpy.load(url)[name]` gives each array back.
    public static func write(_ arrays: [(String, NumpyArray)], to url: URL) throws {
        try write(members: arrays.map { ($0.0, $0.1.npyData()) }, to: url)
    }

    /// Writes .npy file contents as the members of a new .npz file (see ``write(_:to:)``).
    static func write(members: [(String, Data)], to url: URL) throws {
        let file = EventFileError.displayName(of: url)
        var seen: Set<String> = []
        for (name, _) in members {
            guard !name.isEmpty else { throw EventFileError(file: file, problem: "an array has an empty name") }
            guard seen.insert(name).inserted else {
                throw EventFileError(file: file, array: name, problem: "appears more than once")
            }
        }
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw EventFileError(file: file, problem: "is a folder; name a file to write")
        }
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EventFileError(file: file, problem: "cannot be written: the folder \(directory.path) does not exist")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try writeArchive(members, to: temporary, file: file)
            guard rename(temporary.path, url.path) == 0 else {
                throw EventFileError(file: file, problem: "cannot be written: \(String(cString: strerror(errno))) (\(url.path))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes the archive to `url`; the archive is closed (flushed) when this returns.
    private static func writeArchive(_ members: [(String, Data)], to url: URL, file: String) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw EventFileError(
                file: file, problem: "cannot be written in \(url.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        for (name, bytes) in members {
            do {
                try archive.addEntry(
                    with: name + ".npy", type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .none
                ) { position, size in
                    let start = bytes.startIndex + Int(position)
                    return bytes.subdata(in: start..<min(start + size, bytes.endIndex))
                }
            } catch {
                throw EventFileError(file: file, array: name, problem: "cannot be written: \(error.localizedDescription)")
            }
        }
    }
}
