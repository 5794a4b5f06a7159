import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoWorkflows

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a configuration from somewhere other than a plain readable file: a pipe
/// (`gato run <(generate)` gives `/dev/fd/N`), `/dev/stdin`, a named pipe, a folder,
/// a file without read permission, and bytes that are not UTF-8. Each used to be
/// reported as "cannot be read as UTF-8".
@Suite(.serialized) struct ConfigurationReadingTests {
    static let text = """
        processes:
          - {name: s, role: signal, file: events/s.npz, features: x, weights: w}
          - {name: b, role: background, file: events/b.npz, features: x, weights: w}
        model: {kind: gmm}
        objective: {signals: [s]}

        """

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gato-reading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A pipe holding `text`; returns its read end (the caller closes it).
    static func pipeHolding(_ text: String) -> Int32 {
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0)
        let bytes = Array(text.utf8)
        precondition(bytes.count < 60_000)  // fits in the pipe's buffer: no writer thread needed
        precondition(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == bytes.count)
        close(ends[1])
        return ends[0]
    }

    /// Relative event paths of a configuration read from a pipe resolve against the
    /// current folder (a pipe's own folder, /dev/fd, means nothing).
    static func expectResolvedAgainstCurrentFolder(_ configuration: AnalysisConfiguration) {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        #expect(configuration.processes.map(\.file.standardizedFileURL.path) == [
            current.appendingPathComponent("events/s.npz").standardizedFileURL.path,
            current.appendingPathComponent("events/b.npz").standardizedFileURL.path,
        ])
    }

    @Test func aPipeIsReadAndPathsAreRelativeToTheCurrentFolder() throws {
        let readEnd = Self.pipeHolding(Self.text)
        defer { close(readEnd) }
        let configuration = try AnalysisConfiguration.read(contentsOf: URL(fileURLWithPath: "/dev/fd/\(readEnd)"))
        #expect(configuration.processes.map(\.name) == ["s", "b"])
        Self.expectResolvedAgainstCurrentFolder(configuration)
    }

    @Test func standardInputIsRead() throws {
        let readEnd = Self.pipeHolding(Self.text)
        let saved = dup(0)
        precondition(saved >= 0 && dup2(readEnd, 0) == 0)
        close(readEnd)
        defer {
            dup2(saved, 0)
            close(saved)
        }
        let processes = try AnalysisConfiguration.readProcesses(contentsOf: URL(fileURLWithPath: "/dev/stdin"))
        #expect(processes.map(\.name) == ["s", "b"])
        let current = FileManager.default.currentDirectoryPath
        #expect(processes[0].file.standardizedFileURL.path == URL(fileURLWithPath: current).appendingPathComponent("events/s.npz").standardizedFileURL.path)
    }

    @Test func aNamedPipeIsRead() throws {
        let directory = try Self.directory()
        let fifo = directory.appendingPathComponent("run.yaml")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // Opening a named pipe for reading waits for a writer: write from another thread.
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo.path)!
            handle.write(Data(Self.text.utf8))
            try? handle.close()
        }
        writer.start()
        let configuration = try AnalysisConfiguration.read(contentsOf: fifo)
        #expect(configuration.processes.count == 2)
        Self.expectResolvedAgainstCurrentFolder(configuration)
    }

    @Test func aRegularFileResolvesPathsAgainstItsFolder() throws {
        let directory = try Self.directory()
        let url = directory.appendingPathComponent("run.yaml")
        try Self.text.write(to: url, atomically: true, encoding: .utf8)
        let configuration = try AnalysisConfiguration.read(contentsOf: url)
        #expect(configuration.processes[0].file.standardizedFileURL.path
            == directory.appendingPathComponent("events/s.npz").standardizedFileURL.path)
    }

    @Test func failuresSayWhatWentWrong() throws {
        let directory = try Self.directory()
        #expect(TestData.errorMessage { _ = try AnalysisConfiguration.read(contentsOf: directory) }
            == "\(directory.lastPathComponent): is a folder, not a configuration file")
        let missing = directory.appendingPathComponent("run.yaml")
        #expect(TestData.errorMessage { _ = try AnalysisConfiguration.read(contentsOf: missing) }
            == "run.yaml: no such file (\(missing.path))")
        // Byte 9 (0-based) is 0xFF, never valid in UTF-8; the multi-byte "é" before it is.
        let binary = directory.appendingPathComponent("sig.npz")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xC3, 0xA9, 0x0A, 0xFF, 0x0A]).write(to: binary)
        #expect(TestData.errorMessage { _ = try AnalysisConfiguration.read(contentsOf: binary) }
            == "sig.npz: cannot be read as UTF-8 text: byte 9 is not UTF-8 (a YAML configuration?)")
    }

    /// Root reads every file whatever its permissions, and the tests run as root
    /// here: then a file with mode 000 cannot show the failure, and the test checks
    /// the mapping of the error the operating system gives (EACCES) to the
    /// message instead, and that the unreadable file is still read by root. Run as
    /// another user, the file itself is refused with "permission denied".
    @Test func aFileWithoutReadPermissionSaysSo() throws {
        let directory = try Self.directory()
        let url = directory.appendingPathComponent("run.yaml")
        try Self.text.write(to: url, atomically: true, encoding: .utf8)
        #expect(chmod(url.path, 0) == 0)
        defer { chmod(url.path, 0o600) }
        if getuid() == 0 {
            #expect(FileContents.Failure(errno: EACCES) == .permissionDenied)
            #expect(FileContents.Failure(errno: EACCES).reason == "permission denied")
            #expect(ConfigurationError(file: "run.yaml", line: nil, key: nil, problem: FileContents.Failure(errno: EACCES).reason)
                .description == "run.yaml: permission denied")
            #expect(try AnalysisConfiguration.read(contentsOf: url).processes.count == 2)
        } else {
            #expect(TestData.errorMessage { _ = try AnalysisConfiguration.read(contentsOf: url) } == "run.yaml: permission denied")
        }
        #expect(FileContents.Failure(errno: EISDIR) == .isDirectory)
        #expect(FileContents.Failure(errno: EIO).reason == "cannot be read (input/output error)")
    }
}
