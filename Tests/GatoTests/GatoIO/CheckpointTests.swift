import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct CheckpointTests {
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gato-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func gmm() -> GaussianMixtureCategorizer {
        var generator = Xoshiro256StarStar(seed: 99)
        var model = try! GaussianMixtureCategorizer(
            categories: 5, dimension: 2, temperature: 0.05, meanNormalization: .sigmoid,
            meanRange: [0...1, -2...3], offDiagonalDamping: 0.25, generator: &generator)
        // Awkward values: subnormal, negative zero, many digits.
        model.unconstrainedL = model.unconstrainedL.map { _ in generator.nextNormal() / 3 }
        model.unconstrainedL[1] = -0.0
        model.means[3] = Double.leastNonzeroMagnitude  // a subnormal
        return model
    }

    static func cuts() -> SigmoidCutCategorizer {
        var generator = Xoshiro256StarStar(seed: 7)
        var model = try! SigmoidCutCategorizer(
            variables: [CutVariable(name: "score", bins: 4), CutVariable(name: "mjj", bins: 2, range: 200...3000, steepness: 0.01)],
            generator: &generator)
        model.steepness = [123.456789, 0.01]
        return model
    }

    @Test func gaussianMixtureRoundTripIsBitExact() throws {
        let url = Self.temporaryDirectory().appendingPathComponent("3_bins.json")
        let model = Self.gmm()
        try Checkpoint.save(model, to: url)
        let restored = try Checkpoint.loadGaussianMixture(from: url)
        #expect(restored.mixtureLogits.map(\.bitPattern) == model.mixtureLogits.map(\.bitPattern))
        #expect(restored.means.map(\.bitPattern) == model.means.map(\.bitPattern))
        #expect(restored.unconstrainedL.map(\.bitPattern) == model.unconstrainedL.map(\.bitPattern))
        #expect(restored.temperature.bitPattern == model.temperature.bitPattern)
        #expect(restored.meanRange == model.meanRange && restored.meanNormalization == .sigmoid)
        #expect(restored.offDiagonalDamping == 0.25 && restored.categoryCount == 5 && restored.dimension == 2)
    }

    @Test func cutRoundTripIsBitExact() throws {
        let url = Self.temporaryDirectory().appendingPathComponent("cuts.json")
        let model = Self.cuts()
        try Checkpoint.save(model, to: url)
        let restored = try Checkpoint.loadSigmoidCuts(from: url)
        #expect(restored.raw.map(\.bitPattern) == model.raw.map(\.bitPattern))
        #expect(restored.steepness == model.steepness)
        #expect(restored.variables.map(\.name) == ["score", "mjj"] && restored.variables[1].range == 200...3000)
    }

    @Test func fileHasTheDocumentedLayout() throws {
        let json = try JSONSerialization.jsonObject(with: Checkpoint.encode(Self.gmm())) as! [String: Any]
        #expect(json["format"] as? String == "gato-checkpoint" && json["version"] as? Int == 1)
        let model = json["model"] as! [String: Any]
        #expect(model["kind"] as? String == "gmm" && model["n_cats"] as? Int == 5 && model["dim"] as? Int == 2)
        #expect(model["temperature"] as? Double == 0.05 && model["mean_norm"] as? String == "sigmoid")
        #expect((model["mean_range"] as? [[Double]]) == [[0, 1], [-2, 3]])
        #expect(model["cov_offdiag_damping"] as? Double == 0.25)
        let parameters = model["parameters"] as! [String: Any]
        #expect((parameters["mixture_logits"] as? [Double])?.count == 5)
        #expect((parameters["means"] as? [[Double]])?.map(\.count) == [2, 2, 2, 2, 2])
        #expect((parameters["unconstrained_L"] as? [[[Double]]])?.map { $0.map(\.count) } == Array(repeating: [2, 2], count: 5))

        let cuts = try JSONSerialization.jsonObject(with: Checkpoint.encode(Self.cuts())) as! [String: Any]
        let variables = (cuts["model"] as! [String: Any])["variables"] as! [[String: Any]]
        #expect(variables.count == 2 && variables[0]["name"] as? String == "score" && variables[0]["bins"] as? Int == 4)
        #expect((variables[1]["range"] as? [Double]) == [200, 3000] && (variables[0]["raw"] as? [Double])?.count == 3)
        #expect(variables[0]["steepness"] as? Double == 123.456789)
    }

    @Test func extraKeysAreIgnoredOnRestore() throws {
        let url = Self.temporaryDirectory().appendingPathComponent("extra.json")
        var json = try JSONSerialization.jsonObject(with: Checkpoint.encode(Self.cuts())) as! [String: Any]
        json["written_by"] = "another tool"
        var model = json["model"] as! [String: Any]
        model["comment"] = ["a": 1]
        json["model"] = model
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        #expect(try Checkpoint.loadSigmoidCuts(from: url).raw == Self.cuts().raw)
    }

    @Test func restoreErrorsSayWhatIsWrong() throws {
        let directory = Self.temporaryDirectory()
        let missing = directory.appendingPathComponent("nothing.json")
        #expect(throws: CheckpointError.missing(path: missing.path)) { try Checkpoint.load(from: missing) }
        // A folder, such as an output folder, with a pointer to its checkpoints.
        let output = directory.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        #expect(throws: CheckpointError.unreadable(
            path: output.path,
            detail: "it is a folder; give a checkpoint file, such as one in \(output.path)/checkpoints")) {
            try Checkpoint.load(from: output)
        }

        let cutsFile = directory.appendingPathComponent("cuts.json")
        try Checkpoint.save(Self.cuts(), to: cutsFile)
        #expect(throws: CheckpointError.wrongKind(path: cutsFile.path, expected: "gmm", found: "cuts")) {
            try Checkpoint.loadGaussianMixture(from: cutsFile)
        }

        func write(_ transform: (inout [String: Any]) -> Void) throws -> URL {
            var json = try JSONSerialization.jsonObject(with: Checkpoint.encode(Self.gmm())) as! [String: Any]
            transform(&json)
            let url = directory.appendingPathComponent("\(UUID().uuidString).json")
            try JSONSerialization.data(withJSONObject: json).write(to: url)
            return url
        }
        let badMeans = try write { json in
            var model = json["model"] as! [String: Any]
            var parameters = model["parameters"] as! [String: Any]
            parameters["means"] = [[0.1, 0.2], [0.3]]
            model["parameters"] = parameters
            json["model"] = model
        }
        #expect(throws: CheckpointError.wrongShape(path: badMeans.path, detail: "parameters.means must be 5 x 2")) {
            try Checkpoint.load(from: badMeans)
        }
        let badL = try write { json in
            var model = json["model"] as! [String: Any]
            var parameters = model["parameters"] as! [String: Any]
            parameters["unconstrained_L"] = [[[0.0]]]
            model["parameters"] = parameters
            json["model"] = model
        }
        #expect(throws: CheckpointError.wrongShape(path: badL.path, detail: "parameters.unconstrained_L must be 5 x 2 x 2")) {
            try Checkpoint.load(from: badL)
        }
        let otherKind = try write { json in
            var model = json["model"] as! [String: Any]
            model["kind"] = "bdt"
            json["model"] = model
        }
        #expect(throws: CheckpointError.wrongKind(path: otherKind.path, expected: "gmm or cuts", found: "bdt")) {
            try Checkpoint.load(from: otherKind)
        }
        let version = try write { json in json["version"] = 7 }
        #expect(throws: CheckpointError.unsupportedVersion(path: version.path, version: 7)) { try Checkpoint.load(from: version) }
        // A later version may lay out the model differently: the version is reported.
        let relaidOut = try write { json in
            json["version"] = 2
            json["models"] = [json.removeValue(forKey: "model")!]
        }
        #expect(throws: CheckpointError.unsupportedVersion(path: relaidOut.path, version: 2)) {
            try Checkpoint.load(from: relaidOut)
        }
        let format = try write { json in json["format"] = "something" }
        #expect(throws: CheckpointError.notACheckpoint(path: format.path, detail: "format is 'something'")) {
            try Checkpoint.load(from: format)
        }
        let missingKey = try write { json in
            var model = json["model"] as! [String: Any]
            model.removeValue(forKey: "temperature")
            json["model"] = model
        }
        #expect(throws: CheckpointError.notACheckpoint(path: missingKey.path, detail: "missing key 'model.temperature'")) {
            try Checkpoint.load(from: missingKey)
        }
        let garbage = directory.appendingPathComponent("garbage.json")
        try Data("not json".utf8).write(to: garbage)
        #expect(throws: CheckpointError.notACheckpoint(path: garbage.path, detail: "invalid JSON")) {
            try Checkpoint.load(from: garbage)
        }
    }

    @Test func savingLeavesNoTemporaryFiles() throws {
        let directory = Self.temporaryDirectory()
        let url = directory.appendingPathComponent("model.json")
        try Checkpoint.save(Self.gmm(), to: url)
        try Checkpoint.save(Self.gmm(), to: url)  // overwrite in place
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.json"])
        // A directory that does not exist: the error surfaces, nothing is left behind.
        #expect(throws: (any Error).self) { try Checkpoint.save(Self.gmm(), to: directory.appendingPathComponent("no/such/dir.json")) }
    }
}
