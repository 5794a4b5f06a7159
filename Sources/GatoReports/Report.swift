import Foundation
import Gato
import GatoIO

/// Draws every plot of an output folder and writes its `report.html`, from the
/// files the run left there (`summary.json`, `histograms.json`, `history_<K>.csv`,
/// `checkpoints/<K>_bins.json`, `snapshots/<K>_bins.json`, and `configuration.yaml`
/// when there is one) — so that `gato plot` can redraw a folder without training
/// or reading events again.
///
/// Written: `plots/*.svg` (inputs, significance against the number of
/// categories) and `plots/<K>_bins/*.svg` (category yields, category map or 1-D
/// boundaries, histories, background yield and uncertainty, mass spectra), one
/// animated GIF per two-dimensional model (`plots/<K>_bins/animation.gif`), and
/// `report.html`, a single self-contained page.
public enum Report {
    /// A drawn figure: where it went and what it shows.
    package struct Figure: Sendable {
        package var path: String
        package var caption: String
        package var svg: String
    }

    /// What one number of categories contributes to the report.
    struct CategoriesSection {
        var result: Summary.Result
        var figures: [Figure]
        var animation: (path: String, data: Data, caption: String)?
    }

    /// Renders the folder; returns the paths written, relative to it.
    @discardableResult
    ///
    /// - Throws: ``VersionedJSON/ReadError`` for a file that is missing, not JSON or
    ///   not of its format and version, and ``OutputFolderError`` for files that do
    ///   not fit together, naming the file and the key: `summary.json:
    ///   results[0].order: 4 entries, expected n_cats = 3`. Everything drawn is
    ///   checked first (see ``validate(folder:summary:histograms:)``), so that a
    ///   hand-edited or inconsistent folder gives an error rather than a crash.
    public static func render(folder: URL) throws -> [String] {
        let summary = try Summary.read(from: folder.appendingPathComponent("summary.json"))
        let histograms = try EventHistograms.read(from: folder.appendingPathComponent("histograms.json"))
        let loaded = try validate(folder: folder, summary: summary, histograms: histograms)
        let style = ReportStyle(processes: histograms.processes, roles: histograms.roles)
        var written: [String] = []
        func save(_ figure: Figure) throws {
            let url = folder.appendingPathComponent(figure.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(figure.svg.utf8).write(to: url)
            written.append(figure.path)
        }

        var overview: [Figure] = []
        for signal in summary.signals {
            overview.append(Figure(
                path: "plots/significance_\(signal).svg", caption: "hard Z(\(signal)) of the trained categories and of the baselines",
                svg: AnalysisPlots.significance(summary, signal: signal).svg()))
        }
        if summary.signals.count > 1 {
            overview.append(Figure(
                path: "plots/significance_merit.svg", caption: "The figure of merit (\(summary.combination.rawValue))",
                svg: AnalysisPlots.significance(summary, signal: nil).svg()))
        }
        var inputs: [Figure] = []
        for (j, histogram) in histograms.inputs.enumerated() {
            let name = histograms.featureNames[j]
            for log in [false, true] {
                inputs.append(Figure(
                    path: "plots/input_\(j)\(log ? "_log" : "").svg",
                    caption: "\(name): every process\(log ? ", log scale" : "")",
                    svg: AnalysisPlots.input(histogram, dimension: j, name: name, style: style, log: log).svg()))
            }
        }

        var sections: [CategoriesSection] = []
        for result in summary.results {
            let k = result.nCats
            let folderPath = "plots/\(k)_bins"
            var figures: [Figure] = []
            for log in [false, true] {
                figures.append(Figure(
                    path: "\(folderPath)/categories\(log ? "_log" : "").svg",
                    caption: "Hard yields per category\(log ? ", log scale" : "")",
                    svg: AnalysisPlots.categories(result, style: style, log: log).svg()))
            }
            var animation: (String, Data, String)?
            let files = loaded[result.nCats]!
            switch files.checkpoint {
            case .gaussianMixture(let model):
                if model.dimension == 2 {
                    figures.append(Figure(
                        path: "\(folderPath)/category_map.svg",
                        caption: "Categories over the feature plane, with the Gaussians' 1 and 2 sigma contours",
                        svg: AnalysisPlots.categoryMap(model, names: (histograms.featureNames[0], histograms.featureNames[1])).svg()))
                    if let snapshots = files.snapshots {
                        let frames = snapshots.models(like: model)
                        let last = Double(frames.last?.epoch ?? 1)
                        let map = CategoryMap(model)
                        let images = frames.map { map.image($0.model, width: 360, height: 360, progress: Double($0.epoch) / max(last, 1)) }
                        let data = try GIFEncoder.encode(frames: images, delayCentiseconds: 15)
                        let path = "\(folderPath)/animation.gif"
                        try FileManager.default.createDirectory(
                            at: folder.appendingPathComponent(folderPath), withIntermediateDirectories: true)
                        try data.write(to: folder.appendingPathComponent(path))
                        written.append(path)
                        animation = (path, data, "The categories over the epochs (\(frames.count) frames; the bar shows the progress)")
                    }
                } else if model.dimension == 1, let boundaries = result.boundaries {
                    let effective = model.effectiveBoundaries1D()
                    figures += boundaryFigures(
                        boundaries, intervals: effective.boundaries == boundaries ? effective.intervals : nil,
                        template: model, snapshots: files.snapshots, k: k, histograms: histograms, style: style)
                }
            case .sigmoidCuts(let model):
                if model.dimension == 2 {
                    figures.append(Figure(
                        path: "\(folderPath)/category_map.svg", caption: "Categories over the plane of the two variables",
                        svg: AnalysisPlots.categoryMap(model).svg()))
                } else if model.dimension == 1, let boundaries = result.boundaries {
                    figures += boundaryFigures(
                        boundaries, intervals: boundaries.count + 1 == k ? Array(0..<k) : nil, template: model,
                        snapshots: files.snapshots, k: k, histograms: histograms, style: style)
                }
            }
            figures.append(Figure(
                path: "\(folderPath)/yield_uncertainty.svg",
                caption: "Background yield and its relative MC uncertainty per category",
                svg: AnalysisPlots.yieldVersusUncertainty(result).svg()))
            let history = files.history
            figures.append(Figure(
                path: "\(folderPath)/loss.svg", caption: result.screeningEpochs > 0
                    ? "The loss over the epochs: on the screening subsample until the dotted line, then on every event"
                    : "The loss over the epochs",
                svg: AnalysisPlots.loss(history, screeningEpochs: result.screeningEpochs).svg()))
            if let plot = AnalysisPlots.bias(history) {
                figures.append(Figure(
                    path: "\(folderPath)/bias.svg", caption: "The mean over the categories of |hard - soft| / max(hard, 1e-8 H) (yields of all processes, H the total hard "
                        + "yield) over the epochs; a category that holds no events yet counts its soft yield as a fraction of H, x 1e8",
                    svg: plot.svg()))
            }
            if let plot = AnalysisPlots.penalties(history) {
                figures.append(Figure(path: "\(folderPath)/penalties.svg", caption: "The penalties over the epochs", svg: plot.svg()))
            }
            if let column = histograms.massColumn, let spectra = histograms.masses[String(k)] {
                for category in result.order {
                    figures.append(Figure(
                        path: "\(folderPath)/mass_category_\(category).svg",
                        caption: "The \(column) spectrum of category \(category)",
                        svg: AnalysisPlots.massSpectrum(spectra[category], category: category, column: column, style: style, log: false).svg()))
                }
            }
            sections.append(CategoriesSection(result: result, figures: figures, animation: animation.map { ($0.0, $0.1, $0.2) }))
        }
        for figure in overview + inputs + sections.flatMap(\.figures) { try save(figure) }

        let configuration = try? String(contentsOf: folder.appendingPathComponent("configuration.yaml"), encoding: .utf8)
        let html = HTMLReport.render(
            summary: summary, histograms: histograms, overview: overview, inputs: inputs, sections: sections,
            configuration: configuration)
        try Data(html.utf8).write(to: folder.appendingPathComponent("report.html"))
        written.append("report.html")
        return written
    }

    /// What each number of categories draws from besides the summary, read and checked.
    struct CategoryFiles {
        var checkpoint: Checkpoint.Model
        var history: TrainingHistory
        /// nil when the folder has no snapshots for this number of categories.
        var snapshots: TrainingSnapshots?
    }

    /// Checks that the folder's files fit together before anything is drawn, and
    /// returns each result's checkpoint, history and snapshots (by n_cats):
    /// the summary and histograms are each consistent (``Summary``'s and
    /// ``EventHistograms``'s checks: lengths against n_cats, `order` a permutation,
    /// the signals and every process present, finite numbers); the summary's
    /// processes are those of the histograms and its signals have the signal role;
    /// each checkpoint has n_cats categories and one dimension per input histogram;
    /// each history has the result's number of epochs (at least the screening
    /// epochs) and finite numbers;
    /// snapshots, when present, match their checkpoint; mass spectra, when drawn,
    /// exist for every n_cats.
    static func validate(folder: URL, summary: Summary, histograms: EventHistograms) throws -> [Int: CategoryFiles] {
        try histograms.validate()
        try summary.validate(processes: histograms.processes)
        let check = OutputValidator(file: "summary.json")
        for signal in summary.signals {
            guard let index = histograms.processes.firstIndex(of: signal), histograms.roles[index] == .signal else {
                throw check.fail("signals", "'\(signal)' is not a signal process of histograms.json")
            }
        }
        for (i, result) in summary.results.enumerated() {
            let extra = Set(result.yields.keys).union(result.sumw2.keys).subtracting(histograms.processes)
            if let name = extra.sorted().first {
                throw check.fail("results[\(i)].yields", "'\(name)' is not a process of histograms.json")
            }
        }
        var files: [Int: CategoryFiles] = [:]
        for (i, result) in summary.results.enumerated() {
            let k = result.nCats
            let model: Checkpoint.Model
            do {
                model = try Checkpoint.load(from: folder.appendingPathComponent(result.checkpoint))
            } catch let error as CheckpointError {
                throw OutputFolderError("\(result.checkpoint) (results[\(i)].checkpoint of summary.json): \(error.description)")
            }
            let (categories, dimension, parameters): (Int, Int, Int)
            switch model {
            case .gaussianMixture(let m): (categories, dimension, parameters) = (m.categoryCount, m.dimension, m.parameterVector.count)
            case .sigmoidCuts(let m): (categories, dimension, parameters) = (m.categoryCount, m.dimension, m.parameterVector.count)
            }
            let checkpoint = OutputValidator(file: result.checkpoint)
            guard categories == k else { throw checkpoint.fail("", "\(categories) categories, expected n_cats = \(k) of summary.json") }
            guard dimension == histograms.featureNames.count else {
                throw checkpoint.fail(
                    "", "\(dimension) dimensions, but histograms.json has \(histograms.featureNames.count) features")
            }
            if result.boundaries != nil && dimension != 1 {
                throw check.fail("results[\(i)].boundaries", "given for the \(dimension)-dimensional model of \(result.checkpoint)")
            }

            let historyURL = folder.appendingPathComponent(result.history)
            let text: String
            do {
                text = try String(decoding: FileContents.read(historyURL), as: UTF8.self)
            } catch {
                throw OutputFolderError("\(result.history) (results[\(i)].history of summary.json): \(error.reason)")
            }
            let history: TrainingHistory
            do {
                history = try TrainingHistory(csv: text)
            } catch {
                throw OutputFolderError("\(historyURL.path): \(error.localizedDescription)")
            }
            try history.validate(file: historyURL.path)
            guard history.records.count == result.epochs else {
                throw OutputValidator(file: historyURL.path).fail(
                    "", "\(history.records.count) epochs, expected results[\(i)].epochs = \(result.epochs) of summary.json")
            }
            guard result.screeningEpochs <= history.records.count else {
                throw check.fail(
                    "results[\(i)].screening_epochs", "\(result.screeningEpochs), but \(result.history) has \(history.records.count) epochs")
            }

            let snapshotPath = "snapshots/\(k)_bins.json"
            let snapshotURL = folder.appendingPathComponent(snapshotPath)
            var snapshots: TrainingSnapshots?
            if FileManager.default.fileExists(atPath: snapshotURL.path) {
                let read = try TrainingSnapshots.read(from: snapshotURL)
                try read.validate(file: snapshotPath, categories: k, parameterCount: parameters)
                snapshots = read
            }
            if histograms.massColumn != nil, histograms.masses[String(k)] == nil {
                throw OutputValidator(file: "histograms.json").fail("masses", "no spectra for n_cats = \(k)")
            }
            files[k] = CategoryFiles(checkpoint: model, history: history, snapshots: snapshots)
        }
        return files
    }

    /// A one-dimensional model's figures: its boundaries over the discriminant's
    /// histogram and, when snapshots were recorded, the boundaries over the epochs.
    static func boundaryFigures<Model: Categorizer>(
        _ boundaries: [Double], intervals: [Int]?, template: Model, snapshots: TrainingSnapshots?, k: Int,
        histograms: EventHistograms, style: ReportStyle
    ) -> [Figure] {
        let folderPath = "plots/\(k)_bins"
        let name = histograms.featureNames[0]
        var figures = [Figure(
            path: "\(folderPath)/boundaries.svg", caption: "The boundaries over the discriminant",
            svg: AnalysisPlots.boundaries(
                boundaries, intervals: intervals, histogram: histograms.inputs[0], name: name, style: style
            ).svg())]
        if let snapshots {
            let tracks = boundaryTracks(snapshots, template: template)
            figures.append(Figure(
                path: "\(folderPath)/boundary_tracks.svg", caption: "The boundaries over the epochs",
                svg: AnalysisPlots.boundaryTracks(tracks, name: name).svg()))
        }
        return figures
    }

    /// The boundaries of a one-dimensional model at each snapshot.
    static func boundaryTracks<Model: Categorizer>(_ snapshots: TrainingSnapshots, template: Model) -> [(epoch: Int, boundaries: [Double])] {
        snapshots.models(like: template).map { epoch, model in
            if let mixture = model as? GaussianMixtureCategorizer {
                return (epoch, mixture.effectiveBoundaries1D(probes: 20_000).boundaries)
            }
            return (epoch, model.oneDimensionalBoundaries ?? [])
        }
    }
}
