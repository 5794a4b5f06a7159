import ArgumentParser
import Foundation
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// `gato plot OUTPUT_DIR`: redraws the plots and report of an output folder from
/// the files in it, without training again.
struct PlotCommand: GatoSubcommand {
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

    func run(in context: CommandContext) throws {
        let url = context.url(folder, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw OutputFolderError("\(url.path): no such folder")
        }
        guard isDirectory.boolValue else { throw OutputFolderError("\(url.path) is a file, not an output folder") }
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("summary.json").path) else {
            throw OutputFolderError("\(url.path) is not a gato output folder (no summary.json)")
        }
        let converter = Self.findExecutable("rsvg-convert")
        if format == .png, converter == nil {
            throw CommandError(
                "--format png needs rsvg-convert, which is not installed: apt-get install librsvg2-bin (Debian, Ubuntu), "
                    + "dnf install librsvg2-tools (Fedora), brew install librsvg (macOS); the SVG plots are drawn without it")
        }
        var written = try Report.render(folder: url)
        var count = written.filter { $0.hasSuffix(".svg") }.count
        if format == .png, let converter {
            count = 0
            for path in written where path.hasSuffix(".svg") {
                let svg = url.appendingPathComponent(path)
                let png = String(path.dropLast(4)) + ".png"
                let process = Process()
                process.executableURL = converter
                process.arguments = ["--zoom", "2", "--background-color", "white", "-o", url.appendingPathComponent(png).path, svg.path]
                try process.run()
                process.waitUntilExit()
                guard process.terminationStatus == 0 else { throw CommandError("rsvg-convert failed on \(path)") }
                written.append(png)
                count += 1
            }
        }
        try OutputFolder.addToManifest(written, in: url)
        context.print("drew \(count) plots\(format == .png ? " as PNG" : "") and report.html in \(url.path)")
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
