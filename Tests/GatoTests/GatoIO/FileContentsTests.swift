import Foundation
import Testing

@testable import Gato
@testable import GatoIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The readers of checkpoints, versioned JSON and event files on pipes, folders
/// and missing files (the same reading as configurations).
@Suite struct FileContentsTests {
    @Test func eventFilesAndCheckpointsFromAPipe() throws {
        // A .npy through a pipe (`<(cat sig.npy)`) reads like the file.
        let array = NumpyArray(float64: [1, 2, 3])
        let bytes = [UInt8](array.npyData())
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        #expect(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == bytes.count)
        close(ends[1])
        defer { close(ends[0]) }
        let read = try NumpyArray.read(contentsOf: URL(fileURLWithPath: "/dev/fd/\(ends[0])"))
        #expect(read.values == [1, 2, 3])
    }

    @Test func foldersAndMissingFilesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gato-contents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(throws: EventFileError(file: directory.lastPathComponent, problem: "is a directory, not a file (\(directory.path))")) {
            _ = try NumpyArray.read(contentsOf: directory)
        }
        #expect(throws: CheckpointError.unreadable(path: directory.path, detail: "it is a folder; give a checkpoint file")) {
            _ = try Checkpoint.load(from: directory)
        }
        let missing = directory.appendingPathComponent("summary.json")
        #expect(throws: VersionedJSON.ReadError(message: "\(missing.path): no such file")) {
            _ = try Summary.read(from: missing)
        }
        #expect(throws: VersionedJSON.ReadError(message: "\(directory.path): is a directory, not a file")) {
            _ = try Summary.read(from: directory)
        }
        // Invalid UTF-8 is located by its byte offset; valid text decodes.
        #expect(FileContents.utf8Text(Data([0x61, 0xE2, 0x82, 0xAC, 0x80])) == .failure(.init(offset: 4)))
        #expect(FileContents.utf8Text(Data("a€b".utf8)) == .success("a€b"))
    }
}
