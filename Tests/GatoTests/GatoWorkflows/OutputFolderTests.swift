import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct OutputFolderTests {
    static func temporaryParent() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gato-out-\(UUID().uuidString)")
    }

    @Test func theManifestListsEveryFileWrittenAndNothingIsStagedBesideTheDestination() throws {
        let parent = Self.temporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = try OutputFolder.create(at: parent.appendingPathComponent("results"))
        try folder.write(Data("{}".utf8), to: "summary.json")
        try folder.write(Data("a".utf8), to: "plots/3_bins/loss.svg")
        // Until the commit, nothing of the run is in the user's folders (a SIGKILL
        // leaves nothing there).
        #expect((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] == [])
        #expect(!folder.staging.path.hasPrefix(parent.path))
        try folder.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["results"])
        #expect(OutputFolder.manifest(of: parent.appendingPathComponent("results"))
            == [".gato-manifest", "summary.json", "plots/3_bins/loss.svg"])
        #expect(!FileManager.default.fileExists(atPath: folder.staging.deletingLastPathComponent().path))
    }

    @Test func aFileOfOnesOwnInsideThePlotsFolderIsNeverDeleted() throws {
        let parent = Self.temporaryParent()
        let destination = parent.appendingPathComponent("results")
        defer { try? FileManager.default.removeItem(at: parent) }
        let first = try OutputFolder.create(at: destination)
        try first.write(Data("a".utf8), to: "plots/3_bins/loss.svg")
        try first.write(Data("{}".utf8), to: "summary.json")
        try first.commit()
        // Names gato itself uses for plots, but not written by gato.
        for mine in ["plots/my_fit.png", "plots/3_bins/category_map.svg"] {
            try Data("mine".utf8).write(to: destination.appendingPathComponent(mine))
        }
        #expect {
            try OutputFolder.create(at: destination)
        } throws: { error in
            (error as? OutputFolderError)?.message
                == "\(destination.path) holds files gato did not write (plots/3_bins/category_map.svg and 1 more); "
                + "choose another --out or move them away, gato replaces only its own outputs"
        }
        #expect(try String(contentsOf: destination.appendingPathComponent("plots/my_fit.png"), encoding: .utf8) == "mine")
    }

    @Test func aFolderWithoutManifestIsNeverReplaced() throws {
        let parent = Self.temporaryParent()
        let destination = parent.appendingPathComponent("results")
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: destination.appendingPathComponent("summary.json"))
        #expect {
            try OutputFolder.create(at: destination)
        } throws: { error in
            (error as? OutputFolderError)?.message
                == "\(destination.path) was written by an older gato (no .gato-manifest); choose another --out or remove it"
        }
        try FileManager.default.removeItem(at: destination.appendingPathComponent("summary.json"))
        try Data("x".utf8).write(to: destination.appendingPathComponent("notes.txt"))
        #expect(throws: OutputFolderError.self) { try OutputFolder.create(at: destination) }
        #expect(FileManager.default.fileExists(atPath: destination.appendingPathComponent("notes.txt").path))
    }

    @Test func anUnfinishedRunIsUndoneAndAnEarlierOutputKept() throws {
        let parent = Self.temporaryParent()
        let destination = parent.appendingPathComponent("results")
        defer { try? FileManager.default.removeItem(at: parent) }
        let first = try OutputFolder.create(at: destination)
        try first.write(Data("first".utf8), to: "summary.json")
        try first.commit()
        first.removeUnfinished()  // after the commit: nothing to undo
        #expect(try String(contentsOf: destination.appendingPathComponent("summary.json"), encoding: .utf8) == "first")

        let second = try OutputFolder.create(at: destination)
        try second.write(Data("second".utf8), to: "summary.json")
        second.removeUnfinished()
        #expect(!FileManager.default.fileExists(atPath: second.staging.path))
        #expect(try String(contentsOf: destination.appendingPathComponent("summary.json"), encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["results"])
    }

    @Test func stagingFoldersOfEndedProcessesAreRemovedByALaterRun() throws {
        let temporary = FileManager.default.temporaryDirectory
        // No process has this id (above Linux's largest pid_max, 2^22).
        let abandoned = temporary.appendingPathComponent("gato-run-2147483647-\(UUID().uuidString)")
        let alive = temporary.appendingPathComponent("gato-run-\(getpid())-\(UUID().uuidString)")
        for folder in [abandoned, alive] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: alive) }
        let parent = Self.temporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = try OutputFolder.create(at: parent.appendingPathComponent("results"))
        folder.discard()
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        #expect(FileManager.default.fileExists(atPath: alive.path))
    }

    @Test func anEarlierOutputIsReplacedOnlyWhenItHoldsNothingElse() throws {
        let parent = Self.temporaryParent()
        let destination = parent.appendingPathComponent("results")
        defer { try? FileManager.default.removeItem(at: parent) }
        let first = try OutputFolder.create(at: destination)
        #expect(!first.replacesPrevious)
        try first.write(Data("{}".utf8), to: "summary.json")
        try first.write(Data("a".utf8), to: "plots/3_bins/loss.svg")
        try first.commit()

        let second = try OutputFolder.create(at: destination)
        #expect(second.replacesPrevious)
        try second.write(Data("{\"second\": 1}".utf8), to: "summary.json")
        try second.commit()
        #expect(try String(contentsOf: destination.appendingPathComponent("summary.json"), encoding: .utf8) == "{\"second\": 1}")
        #expect(!FileManager.default.fileExists(atPath: destination.appendingPathComponent("plots").path))

        // A file of one's own: refused, named, and nothing is touched.
        try FileManager.default.createDirectory(
            at: destination.appendingPathComponent("my_notes"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: destination.appendingPathComponent("my_notes/fit.txt"))
        try Data("keep".utf8).write(to: destination.appendingPathComponent("paper.pdf"))
        #expect {
            try OutputFolder.create(at: destination)
        } throws: { error in
            (error as? OutputFolderError)?.message
                == "\(destination.path) holds files gato did not write (my_notes and 1 more); "
                + "choose another --out or move them away, gato replaces only its own outputs"
        }
        #expect(FileManager.default.fileExists(atPath: destination.appendingPathComponent("my_notes/fit.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["results"])
    }
}
