import Foundation
import Testing

@testable import Gato
@testable import GatoIO

/// Features beyond 1e12 and weights beyond 1e100 are refused when the events are
/// loaded, naming the process or the file, the column or array and the event
/// (a CSV's 1-based line, an array's 0-based index): they used to load and end
/// the training later with a NaN loss (a feature of 1e30 squares to infinity in
/// single precision; weights of 1e300 make the sums of squares infinite).
@Suite struct EventMagnitudeTests {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gato-magnitude-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theLibraryTypesRefuseHugeFeaturesAndWeights() throws {
        let features: [Float] = [0.1, 0.2, 0.3, 1e30, 0.5, 0.6]
        #expect(TestData.errorMessage {
            _ = try ProcessSample(name: "b", role: .background, features: features, dimension: 2, weights: [1, 1, 1])
        } == "process 'b': feature 1 of event 1 is 1.0000000150474662e+30, beyond the limit of 1e12 on |feature| "
            + "(features are stored in single precision and squared)")
        #expect(TestData.errorMessage {
            _ = try ProcessSample(name: "b", role: .background, features: [0.1, 0.2, 0.3], dimension: 1, weights: [1, -1e300, 1])
        } == "process 'b': weight of event 1 is -1e+300, beyond the limit of 1e100 on |weight| (sums of squared weights must stay finite)")
        // The bounds themselves are accepted, and NaN is still reported as such.
        let atLimit = try ProcessSample(name: "b", role: .background, features: [1e12, -1e12], dimension: 1, weights: [1e100, -1e100])
        #expect(atLimit.count == 2)
        #expect(TestData.errorMessage { _ = try atLimit.withWeights([1, 2e100]) }
            == "process 'b': weight of event 1 is 2e+100, beyond the limit of 1e100 on |weight| (sums of squared weights must stay finite)")
        #expect(throws: EventDataError.nonFiniteWeight(process: "b", event: 0, value: .infinity)) {
            _ = try ProcessSample(name: "b", role: .background, features: [0.5], dimension: 1, weights: [.infinity])
        }
        // Within the bounds nothing overflows: the sum of squared weights of a
        // million events of 1e100 is 1e206, finite.
        let w = [Double](repeating: 1e100, count: 1_000_000)
        #expect(w.reduce(0) { $0 + $1 * $1 }.isFinite)
    }

    @Test func csvFilesNameTheLineAndTheColumn() throws {
        let directory = try Self.directory()
        let url = directory.appendingPathComponent("bkg.csv")
        // Line 1 is the header: the second data row is line 3.
        try "x,w\n0.5,1\n1e16,1\n0.25,1\n".write(to: url, atomically: true, encoding: .utf8)
        let source = ProcessSource(name: "bkg", role: .background, file: url, features: .columns(["x"]), weights: .named("w"))
        #expect(TestData.errorMessage { _ = try source.load() }
            == "bkg.csv, line 3: column 'x' is 1e+16, beyond the limit of 1e12 on |feature| (features are stored in single precision and squared)")
        try "x,w\n0.5,1\n0.75,1\n0.25,1e300\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(TestData.errorMessage { _ = try source.load() }
            == "bkg.csv, line 4: column 'w' is 1e+300, beyond the limit of 1e100 on |weight| (sums of squared weights must stay finite)")
        let constant = ProcessSource(name: "bkg", role: .background, file: url, features: .columns(["x"]), weights: .constant(1e200))
        #expect(TestData.errorMessage { _ = try constant.load() }
            == "bkg.csv: process 'bkg': the constant weight is 1e+200, beyond the limit of 1e100 on |weight| (sums of squared weights must stay finite)")
    }

    @Test func numpyFilesNameTheIndex() throws {
        let directory = try Self.directory()
        let features = directory.appendingPathComponent("sig.npy")
        let weights = directory.appendingPathComponent("w.npy")
        try NumpyArray(float64: [0.1, 0.2, 0.3, 0.4, 1e30, 0.6], shape: [3, 2]).write(to: features)
        try NumpyArray(float64: [1, 1, 1]).write(to: weights)
        let source = ProcessSource(
            name: "sig", role: .signal, file: features, features: .wholeFile, weights: .file(weights, array: nil))
        #expect(TestData.errorMessage { _ = try source.load() }
            == "sig.npy: row 2, column 0 is 1e+30, beyond the limit of 1e12 on |feature| (features are stored in single precision and squared)")
        try NumpyArray(float64: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], shape: [3, 2]).write(to: features)
        try NumpyArray(float64: [1, 1e300, 1]).write(to: weights)
        #expect(TestData.errorMessage { _ = try source.load() }
            == "w.npy: value 1 is 1e+300, beyond the limit of 1e100 on |weight| (sums of squared weights must stay finite)")
        try NumpyArray(float64: [1, 1, 1]).write(to: weights)
        #expect(try source.load().count == 3)
    }
}
