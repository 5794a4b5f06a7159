import Foundation
import ArgumentParser
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// `gato plot OUTPUT_DIR`: redraws the plots and report of an output folder from
/// the files in it, without training again.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Redraw the plots and report.html of an output folder, without training again."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case svg, png
    }

    @Argument(help: "An output folder of gato example or gato run.")
    var folder: String

    @Option(help: "svg, or png (also converts every plot with rsvg-convert, 2x resolution).")
    var format: Format = .svg

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        guard FileManager.default.fileExists(atPath: url.path) else { throw OutputFolderError("\(url.path): no such folder") }
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("summary.json").path) else {
            throw OutputFolderError("\(url.path) is not a gato output folder (no summary.json)")
        }
        if format == .png, Self.findExecutable("rsvg-convert") == nil {
            throw MissingToolError(
                "--format png needs rsvg-convert, which is not installed: apt-get install librsvg2-bin (Debian, Ubuntu), "
                    + "dnf install librsvg2-tools (Fedora), brew install librsvg (macOS); the SVG plots are drawn without it")
        }
        let written = try Report.render(folder: url)
        var count = written.filter { $0.hasSuffix(".svg") }.count
        if format == .png, let converter = Self.findExecutable("rsvg-convert") {
            count = 0
            for path in written where path.hasSuffix(".svg") {
                let svg = url.appendingPathComponent(path)
                let process = Process()
                process.executableURL = converter
                process.arguments = ["--zoom", "2", "--background-color", "white", "-o",
                                     svg.deletingPathExtension().appendingPathExtension("png").path, svg.path]
                try process.run()
                process.waitUntilExit()
                guard process.terminationStatus == 0 else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "rsvg-convert failed on \(path)"])
                }
                count += 1
            }
        }
        print("drew \(count) plots\(format == .png ? " as PNG" : "") and report.html in \(url.path)")
    }

    /// The first executable called `name` on the PATH.
    static func findExecutable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// A program gato needs is not installed (exit code 1: the input is fine).
struct MissingToolError: Error, LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
}
