import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Reference .npz archives written by numpy 2.4 (base64), from
/// `x = np.array([[0.5, 1.5], [2.5, 3.5], [4.5, 5.5]], dtype='<f4')` and
/// `w = np.array([1.0, -0.5, 2.0], dtype='<f8')`. numpy writes every member with a
/// ZIP64 extra field (`force_zip64=True`) and sizes 0xFFFFFFFF in the local headers.
enum NpzFixtures {
    /// np.savez('stored.npz', features=x, weight=w)
    static let stored = Data(base64Encoded: "UEsDBC0AAAAAAAAAIQB0aQVc//////////8MABQAZmVhdHVyZXMubnB5AQAQAJgAAAAAAAAAmAAAAAAAAACTTlVNUFkBAHYAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgAAAD8AAMA/AAAgQAAAYEAAAJBAAACwQFBLAwQtAAAAAAAAACEAGEpp8v//////////CgAUAHdlaWdodC5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAA8D8AAAAAAADgvwAAAAAAAABAUEsBAi0DLQAAAAAAAAAhAHRpBVyYAAAAmAAAAAwAAAAAAAAAAAAAAIABAAAAAGZlYXR1cmVzLm5weVBLAQItAy0AAAAAAAAAIQAYSmnymAAAAJgAAAAKAAAAAAAAAAAAAACAAdYAAAB3ZWlnaHQubnB5UEsFBgAAAAACAAIAcgAAAKoBAAAAAA==")!
    /// np.savez_compressed('deflated.npz', features=x, weight=w)
    static let deflated = Data(base64Encoded: "UEsDBC0AAAAIAAAAIQB0aQVc//////////8MABQAZmVhdHVyZXMubnB5AQAQAJgAAAAAAAAAWgAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOgpGmjoKtQpkAy4GBgZ7BoYDQKzgwMCQAMQTgHiDAwBQSwMELQAAAAgAAAAhABhKafL//////////woAFAB3ZWlnaHQubnB5AQAQAJgAAAAAAAAAUAAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuBjD4YA+hH+yH0AwOAFBLAQItAy0AAAAIAAAAIQB0aQVcWgAAAJgAAAAMAAAAAAAAAAAAAACAAQAAAABmZWF0dXJlcy5ucHlQSwECLQMtAAAACAAAACEAGEpp8lAAAACYAAAACgAAAAAAAAAAAAAAgAGYAAAAd2VpZ2h0Lm5weVBLBQYAAAAAAgACAHIAAAAkAQAAAAA=")!
}

@Suite struct NpzArchiveTests {
    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gato-npz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(arguments: ["stored", "deflated"])
    func readsNumpyArchives(kind: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("\(kind).npz")
        try (kind == "stored" ? NpzFixtures.stored : NpzFixtures.deflated).write(to: url)
        let archive = try NumpyArchive(contentsOf: url)
        #expect(archive.file == "\(kind).npz" && archive.names == ["features", "weight"])
        #expect(archive.contains("weight") && !archive.contains("weights"))
        let features = try archive.array(named: "features")
        #expect(features.shape == [3, 2] && features.dtype == "<f4")
        #expect(features.floatValues == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5])
        let weight = try archive.array(named: "weight")
        #expect(weight.shape == [3] && weight.values == [1.0, -0.5, 2.0])
        #expect(try archive.array(named: "weight.npy").values == weight.values)
        // The same archive, from memory.
        let inMemory = try NumpyArchive(data: Data(contentsOf: url), file: "m.npz")
        #expect(try inMemory.array(named: "features").values == features.values)
    }

    @Test func missingArraysAndBadFilesAreErrors() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("signal.npz")
        try NpzFixtures.deflated.write(to: url)
        let archive = try NumpyArchive(contentsOf: url)
        #expect(throws: EventFileError(file: "signal.npz", array: "weights", problem: "not found; arrays present: features, weight")) {
            try archive.array(named: "weights")
        }
        #expect(EventFileError(file: "signal.npz", array: "weights", problem: "not found; arrays present: features, weight").description
            == "signal.npz: array 'weights': not found; arrays present: features, weight")

        let text = directory.appendingPathComponent("bkg.npz")
        try Data("not a zip".utf8).write(to: text)
        let error = #expect(throws: EventFileError.self) { try NumpyArchive(contentsOf: text) }
        #expect(error?.description.hasPrefix("bkg.npz: is not a readable .npz (zip) archive (") == true)

        let missing = directory.appendingPathComponent("nope.npz")
        #expect(throws: EventFileError(file: "nope.npz", problem: "no such file (\(missing.path))")) {
            try NumpyArchive(contentsOf: missing)
        }

        // An array that is not a supported .npy inside an archive names the archive and the array.
        let odd = directory.appendingPathComponent("odd.npz")
        try NumpyArchive.write([("x", NumpyArray(float64: [1]))], to: odd)
        var bytes = try Data(contentsOf: odd)
        let range = bytes.range(of: Data("'<f8'".utf8))!
        bytes.replaceSubrange(range, with: Data("'>f8'".utf8))
        // The CRC no longer matches: reading must fail with a damaged-archive error.
        try bytes.write(to: odd)
        let damaged = #expect(throws: EventFileError.self) { try NumpyArchive(contentsOf: odd).array(named: "x") }
        #expect(damaged?.description == "odd.npz: array 'x': cannot be extracted, the archive is damaged (CRC-32 mismatch)")
    }

    @Test func unsupportedArrayInsideAnArchive() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("mixed.npz")
        // A big-endian member next to a good one: only reading it is an error.
        try NumpyArchive.write(members: [("good", NumpyArray(float64: [1, 2]).npyData()), ("bad", NpyFixtures.bigEndian)], to: url)
        let archive = try NumpyArchive(contentsOf: url)
        #expect(archive.names == ["good", "bad"])
        #expect(try archive.array(named: "good").values == [1, 2])
        #expect(throws: EventFileError(file: "mixed.npz", array: "bad",
            problem: "dtype '>f8' (big-endian) is not supported; use little-endian float32/float64 or integers")) {
            try archive.array(named: "bad")
        }
    }

    /// Our writer's output was checked once by hand with numpy 2.4:
    /// `d = np.load('out.npz'); d.files == ['category', 'score']; d['category'].dtype == '<i4';
    /// d['category'].tolist() == [0, 2, -1, 2147483647]; d['score'].dtype == '<f8';
    /// d['score'].shape == (2, 2); d['score'].tolist() == [[0.25, -1.5], [1e+300, 0.0]]`.
    @Test func writerRoundTrips() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("out.npz")
        try Data("old contents".utf8).write(to: url)  // replaced
        let category = NumpyArray(int32: [0, 2, -1, .max])
        let score = NumpyArray(float64: [0.25, -1.5, 1e300, 0], shape: [2, 2])
        try NumpyArchive.write([("category", category), ("score", score)], to: url)
        let archive = try NumpyArchive(contentsOf: url)
        #expect(archive.names == ["category", "score"])
        let back = try archive.array(named: "category")
        #expect(back.dtype == "<i4" && back.shape == [4] && back.values == [0, 2, -1, 2147483647])
        let scores = try archive.array(named: "score")
        #expect(scores.dtype == "<f8" && scores.shape == [2, 2] && scores.values == [0.25, -1.5, 1e300, 0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.npz"])

        #expect(throws: EventFileError(file: "dup.npz", array: "a", problem: "appears more than once")) {
            try NumpyArchive.write([("a", category), ("a", score)], to: directory.appendingPathComponent("dup.npz"))
        }
        let nowhere = directory.appendingPathComponent("no/such/dir/x.npz")
        let error = #expect(throws: EventFileError.self) { try NumpyArchive.write([("a", category)], to: nowhere) }
        #expect(error?.description == "x.npz: cannot be written: the folder \(nowhere.deletingLastPathComponent().path) does not exist")
        // A folder at the destination is never replaced.
        let folder = directory.appendingPathComponent("folder.npz")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(throws: EventFileError(file: "folder.npz", problem: "is a folder; name a file to write")) {
            try NumpyArchive.write([("a", category)], to: folder)
        }
    }
}
