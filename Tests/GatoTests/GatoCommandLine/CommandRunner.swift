import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows
@testable import GatoCommandLine

/// Runs `gato` commands: in-process (``run(_:in:)``, what nearly every test does),
/// or as the built executable (``runBinary(_:in:)``, for the few end-to-end tests
/// of what only a process has: its exit status, signals, its environment).
enum CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The folder holding the test bundle and the built products.
    static var productsDirectory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        fatalError("no test bundle")
        #else
        return Bundle.main.bundleURL
        #endif
    }

    /// Runs `gato arguments` in-process, relative paths resolved against
    /// `directory` (default: the current directory).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let captured = CapturedOutput()
        let context = captured.context(
            directory: directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        let status = GatoCLI.run(arguments, context: context)
        return Result(status: status.rawValue, stdout: captured.standardOutput, stderr: captured.standardError)
    }

    /// Runs the built `gato` executable with `arguments` in `directory`.
    static func runBinary(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("gato")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gato-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `Z_A` by the textbook formula, for independent checks of summary.json.
    static func asimov(_ s: Double, _ b: Double) -> Double {
        guard s > 0 else { return 0 }
        let b = max(b, 1e-9)
        return (2 * ((s + b) * log(1 + s / b) - s)).squareRoot()
    }
}
