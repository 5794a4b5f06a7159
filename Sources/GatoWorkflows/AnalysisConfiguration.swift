import Foundation
import Gato
import GatoIO
import GatoReports

/// A `gato run` configuration file (YAML, version 1), documented with a complete
/// example in `docs/configuration.md`.
///
/// Reading checks everything that can be checked without the events: unknown keys,
/// wrong types, a process name used twice, a signal that is not a signal process...
/// each error names the file, the line and the key. ``loadData()`` then reads the
/// event files and ``analysis(data:threads:)`` builds the ``Analysis``.
public struct AnalysisConfiguration: Sendable {
    /// The workflow name recorded in `summary.json` (default: the file name without extension).
    public var name: String
    public var processes: [ProcessSource]
    public var model: ModelSettings
    public var objective: SignificanceObjective
    public var categoryCounts: [Int]
    public var epochs: Int
    public var optimizer: OptimizerKind
    public var learningRate: ScheduleSettings
    public var annealing: ScheduleSettings
    public var seed: UInt64
    public var restarts: RestartSettings
    public var precision: KernelPrecision
    public var biasInterval: Int
    public var sideband: SidebandReweighting?
    /// With background factors: evaluate the final significances only on events
    /// whose fit column lies in the window (as the bump hunt).
    public var evaluateInWindow: Bool
    public var baselines: [BaselineSetting]

    /// A baseline to compute on the events.
    public enum BaselineSetting: Sendable, Equatable {
        /// Equidistant bins of a one-dimensional discriminant.
        case equidistant(bins: [Int], range: ClosedRange<Double>)
        /// The classifier-argmax baseline for softmax scores (see ``Baselines/softmaxArgmax(_:binsPerClass:range:)``).
        case argmax(binsPerClass: [Int], range: ClosedRange<Double>)
    }

    /// The line of `model.variables` or `model.mean_range` (else of `model`), for
    /// errors found once the events are read.
    var modelLine: Int?
    /// The line of `baselines`, for errors found once the events are read.
    var baselinesLine: Int?
    var file: String
    /// The text the configuration was read from (copied into the output folder).
    public private(set) var text: String?

    // MARK: Reading

    /// Reads and checks a configuration file; relative event paths are resolved
    /// against the file's folder, or against the current folder when the
    /// configuration comes from a pipe or `/dev/stdin`.
    public static func read(contentsOf url: URL) throws -> AnalysisConfiguration {
        let text = try readText(url)
        var configuration = try parse(
            text, file: url.lastPathComponent, directory: baseDirectory(of: url),
            defaultName: url.deletingPathExtension().lastPathComponent)
        configuration.text = text
        return configuration
    }

    /// Reads only the `processes` of a configuration file (what `gato apply` needs);
    /// the other top-level keys may be absent, and only their names are checked.
    public static func readProcesses(contentsOf url: URL) throws -> [ProcessSource] {
        let display = url.lastPathComponent
        let text = try readText(url)
        let root = try ConfigurationNode.parse(text, file: display)
        let top = try root.mapping(allowed: topLevelKeys)
        guard let node = top["processes"] else { throw root.error("missing key 'processes'") }
        return try parseProcesses(node, directory: baseDirectory(of: url))
    }

    /// The folder relative event paths start from: the configuration file's, or the
    /// current folder for a pipe, a terminal or `/dev/stdin` (whose own folder, such
    /// as `/dev` or `/proc/self/fd`, means nothing to the user).
    static func baseDirectory(of url: URL) -> URL {
        FileContents.isStream(url)
            ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            : url.deletingLastPathComponent()
    }

    /// The text of a configuration file, a pipe or `/dev/stdin`, with one-line
    /// errors that say what went wrong: `run.yaml: no such file (/path/run.yaml)`,
    /// `run.yaml: permission denied`, `out: is a folder, not a configuration file`,
    /// `sig.npz: cannot be read as UTF-8 text: byte 10 is not UTF-8 (a YAML
    /// configuration?)` (0-based offset), or the operating system's reason.
    private static func readText(_ url: URL) throws -> String {
        let display = url.lastPathComponent
        let data: Data
        do {
            data = try FileContents.read(url)
        } catch {
            let problem: String
            switch error {
            case .noSuchFile: problem = "no such file (\(url.path))"
            case .isDirectory: problem = "is a folder, not a configuration file"
            default: problem = error.reason
            }
            throw ConfigurationError(file: display, line: nil, key: nil, problem: problem)
        }
        switch FileContents.utf8Text(data) {
        case let .success(text):
            return text
        case let .failure(invalid):
            throw ConfigurationError(
                file: display, line: nil, key: nil,
                problem: "cannot be read as UTF-8 text: byte \(invalid.offset) is not UTF-8 (a YAML configuration?)")
        }
    }

    static let topLevelKeys = [
        "version", "name", "processes", "model", "objective", "training", "background_factors", "baselines",
    ]

    /// Parses configuration text; `directory` resolves relative paths. What the text
    /// leaves out is ``TrainingRecipe/standard``'s.
    public static func parse(_ text: String, file: String, directory: URL, defaultName: String = "analysis") throws
        -> AnalysisConfiguration
    {
        let root = try ConfigurationNode.parse(text, file: file)
        let top = try root.mapping(allowed: topLevelKeys)
        if let version = top["version"] {
            guard try version.int() == 1 else { throw version.error("this gato reads configuration version 1") }
        }
        guard let processNode = top["processes"] else { throw root.error("missing key 'processes'") }
        let processes = try parseProcesses(processNode, directory: directory)
        guard let modelNode = top["model"] else { throw root.error("missing key 'model'") }
        let (model, modelLine) = try parseModel(modelNode)
        guard let objectiveNode = top["objective"] else { throw root.error("missing key 'objective'") }
        let objective = try parseObjective(objectiveNode, processes: processes)
        let training = try parseTraining(top["training"], model: model, root: root)
        var configuration = AnalysisConfiguration(
            name: try parseName(top["name"]) ?? defaultName, processes: processes, model: model, objective: objective,
            categoryCounts: training.categoryCounts, epochs: training.epochs, optimizer: training.optimizer,
            learningRate: training.learningRate, annealing: training.annealing(for: model), seed: training.seed,
            restarts: training.restarts, precision: training.precision, biasInterval: training.biasInterval,
            sideband: nil, evaluateInWindow: true, baselines: [], modelLine: modelLine, file: file)
        if let node = top["background_factors"] {
            let factors = try parseBackgroundFactors(node, processes: processes)
            configuration.sideband = factors.sideband
            configuration.evaluateInWindow = factors.evaluateInWindow
        }
        if let node = top["baselines"] {
            configuration.baselines = try parseBaselines(node)
            configuration.baselinesLine = node.line
        }
        return configuration
    }

    /// The `name`: the default output folder, results/<name>, so one plain folder name.
    private static func parseName(_ node: ConfigurationNode?) throws -> String? {
        guard let node else { return nil }
        let name = try node.string()
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.contains("\\") else {
            throw node.error("a plain folder name is needed (no '/', not starting with '.'), got '\(name)'")
        }
        return name
    }

    static let trainingKeys = [
        "categories", "epochs", "optimizer", "learning_rate", "temperature", "steepness", "seed", "starts",
        "precision", "bias_interval",
    ]

    /// The `training` section (nil: absent) over ``TrainingRecipe/standard``, and the
    /// numbers of categories for `model` (see ``parseCategoriesAndAnnealing(_:model:root:into:)``).
    private static func parseTraining(_ node: ConfigurationNode?, model: ModelSettings, root: ConfigurationNode)
        throws -> TrainingRecipe
    {
        let parts = try node?.mapping(allowed: trainingKeys) ?? [:]
        var recipe = TrainingRecipe.standard
        if let node = parts["epochs"] {
            recipe.epochs = try node.int()
            guard recipe.epochs >= 1 else { throw node.error("must be at least 1") }
        }
        recipe.optimizer = try parts["optimizer"]?.choice(OptimizerKind.self) ?? recipe.optimizer
        recipe.learningRate = try parseSchedule(parts["learning_rate"], default: recipe.learningRate)
        recipe.precision = try parts["precision"]?.choice(KernelPrecision.self) ?? recipe.precision
        if let node = parts["bias_interval"] {
            recipe.biasInterval = try node.int()
            guard recipe.biasInterval >= 0 else { throw node.error("must be >= 0") }
        }
        if let node = parts["seed"] {
            let value = try node.int()
            guard value >= 0 else { throw node.error("must be >= 0") }
            recipe.seed = UInt64(value)
        }
        if let node = parts["starts"] {
            recipe.restarts.starts = try node.int()
            guard recipe.restarts.starts >= 1 else { throw node.error("must be at least 1") }
        }
        try parseCategoriesAndAnnealing(parts, model: model, root: root, into: &recipe)
        // The learning rate is monotonic between its two ends.
        guard min(recipe.learningRate.initial, recipe.learningRate.final) >= 0 else {
            throw (parts["learning_rate"] ?? root).error("must not be negative")
        }
        guard recipe.learningRate.initial > 0 else {
            throw (parts["learning_rate"] ?? root).error("must start above 0 (a rate of 0 does not train)")
        }
        return recipe
    }

    /// The model-dependent part of `training`: a GMM anneals its `temperature`, a cut
    /// model its `steepness` (the other key is refused); a cut model with one variable
    /// takes `categories` as its numbers of bins, one with several refuses them (the
    /// product of the variables' bins is the one K trained), and without `categories`
    /// a cut model trains that product.
    private static func parseCategoriesAndAnnealing(
        _ parts: [String: ConfigurationNode], model: ModelSettings, root: ConfigurationNode,
        into recipe: inout TrainingRecipe
    ) throws {
        switch model {
        case .gaussianMixture:
            if let node = parts["steepness"] { throw node.error("'steepness' is for the cut model; a GMM anneals its 'temperature'") }
            recipe.temperature = try parseSchedule(parts["temperature"], default: recipe.temperature)
            recipe.categoryCounts = try parts["categories"]?.integers() ?? recipe.categoryCounts
        case .sigmoidCuts(let variables):
            if let node = parts["temperature"] { throw node.error("'temperature' is for the GMM; the cut model anneals its 'steepness'") }
            recipe.steepness = try parseSchedule(parts["steepness"], default: recipe.steepness)
            if let node = parts["categories"] {
                guard variables.count == 1 else {
                    throw node.error("with several cut variables the bins of each variable fix the categories; remove 'categories'")
                }
                recipe.categoryCounts = try node.integers()
            } else {
                recipe.categoryCounts = [variables.reduce(1) { $0 * $1.bins }]
            }
        }
        if let node = parts["categories"] {
            guard !recipe.categoryCounts.isEmpty, recipe.categoryCounts.allSatisfy({ $0 >= 2 }) else {
                throw node.error("every number of categories must be at least 2")
            }
        }
        // The schedule is monotonic between its two ends.
        let annealing = recipe.annealing(for: model)
        guard min(annealing.initial, annealing.final) > 0 else {
            throw (parts["temperature"] ?? parts["steepness"] ?? root).error("must stay positive (from and to > 0)")
        }
    }

    /// The `background_factors` section: the sideband fit (``MassSidebandFit``'s
    /// defaults, refitted every ``TrainingRecipe/refitInterval`` epochs) and whether
    /// the results count only events inside the window.
    private static func parseBackgroundFactors(_ node: ConfigurationNode, processes: [ProcessSource]) throws
        -> (sideband: SidebandReweighting, evaluateInWindow: Bool)
    {
        let parts = try node.mapping(allowed: [
            "column", "range", "window", "bins", "interval", "processes", "evaluate_in_window",
        ])
        var fit = MassSidebandFit()
        fit.column = try parts["column"]?.string() ?? fit.column
        fit.range = try parts["range"]?.range() ?? fit.range
        fit.window = try parts["window"]?.range() ?? fit.window
        if fit.window.lowerBound < fit.range.lowerBound || fit.window.upperBound > fit.range.upperBound {
            throw (parts["window"] ?? node).error(
                "the window \(fit.window.lowerBound)...\(fit.window.upperBound) must lie inside the fitted range "
                    + "\(fit.range.lowerBound)...\(fit.range.upperBound)")
        }
        if fit.window.lowerBound == fit.range.lowerBound && fit.window.upperBound == fit.range.upperBound {
            throw (parts["window"] ?? node).error("the window covers the whole fitted range: no sideband is left to fit")
        }
        fit.bins = try parts["bins"]?.int() ?? fit.bins
        if let bins = parts["bins"], fit.bins < 2 { throw bins.error("must be at least 2") }
        let interval = try parts["interval"]?.int() ?? TrainingRecipe.standard.refitInterval
        if let node = parts["interval"], interval < 1 { throw node.error("must be at least 1") }
        let names = try parseFittedProcesses(parts["processes"], processes: processes)
        for process in processes where process.role == .background && (names?.contains(process.name) ?? true) {
            guard process.extras[fit.column] != nil else {
                throw node.error("background '\(process.name)' has no extra column '\(fit.column)' to fit")
            }
        }
        let evaluateInWindow = try parts["evaluate_in_window"]?.bool() ?? true
        if evaluateInWindow, let missing = processes.first(where: { $0.extras[fit.column] == nil }) {
            throw (parts["evaluate_in_window"] ?? node).error(
                "process '\(missing.name)' has no extra column '\(fit.column)' to evaluate inside the window "
                    + "(add it, or set evaluate_in_window: false)")
        }
        return (SidebandReweighting(fit: fit, interval: interval, processes: names), evaluateInWindow)
    }

    /// `background_factors.processes`: background processes by name (nil: absent, every background).
    private static func parseFittedProcesses(_ node: ConfigurationNode?, processes: [ProcessSource]) throws
        -> [String]?
    {
        guard let node else { return nil }
        let names = try node.strings()
        for name in names {
            guard let process = processes.first(where: { $0.name == name }) else { throw node.error("no process named '\(name)'") }
            guard process.role == .background else { throw node.error("'\(name)' is not a background") }
        }
        return names
    }

    /// The `baselines` list.
    private static func parseBaselines(_ node: ConfigurationNode) throws -> [BaselineSetting] {
        try node.list().map { entry in
            let parts = try entry.mapping(allowed: ["kind", "bins", "range"])
            guard let kind = parts["kind"] else { throw entry.error("missing key 'kind' (equidistant or argmax)") }
            guard let binsNode = parts["bins"] else { throw entry.error("missing key 'bins'") }
            let bins = try binsNode.integers()
            guard !bins.isEmpty, bins.allSatisfy({ $0 >= 1 }) else { throw binsNode.error("bins must be at least 1") }
            switch try kind.string() {
            case "equidistant":
                return .equidistant(bins: bins, range: try parts["range"]?.range() ?? 0...1)
            case "argmax":
                return .argmax(binsPerClass: bins, range: try parts["range"]?.range() ?? 0.33...1)
            case let other:
                throw kind.error("'\(other)' is not one of: equidistant, argmax")
            }
        }
    }

    private static func parseProcesses(_ node: ConfigurationNode, directory: URL) throws -> [ProcessSource] {
        let entries = try node.list()
        guard !entries.isEmpty else { throw node.error("no processes") }
        var seen: [String: Int] = [:]
        return try entries.map { entry in
            let parts = try entry.mapping(allowed: [
                "name", "role", "file", "features", "columns", "weights", "extra", "window",
            ])
            func required(_ key: String) throws -> ConfigurationNode {
                guard let value = parts[key] else { throw entry.error("missing key '\(key)'") }
                return value
            }
            let nameNode = try required("name")
            let name = try nameNode.string()
            guard !name.isEmpty else { throw nameNode.error("the name is empty") }
            if let first = seen[name] {
                throw nameNode.error("process '\(name)' is already defined at line \(first)")
            }
            seen[name] = nameNode.line ?? 0
            let role = try required("role").choice(ProcessRole.self)
            let fileNode = try required("file")
            let file = resolve(try fileNode.string(), directory)
            let kind = FileKind(file)
            guard kind != .unknown else { throw fileNode.error("unknown file type; use .npz, .npy or .csv") }

            let features: FeatureSource
            switch (kind, parts["features"]) {
            case (.npy, nil): features = .wholeFile
            case (.npy, let node?): throw node.error("a .npy file holds the features itself; remove 'features'")
            case (.npz, let node?): features = .array(try node.string())
            case (.csv, let node?):
                let columns = try node.strings()
                guard !columns.isEmpty else { throw node.error("list at least one feature column") }
                features = .columns(columns)
            case (_, nil): throw entry.error("missing key 'features' (an array of the .npz or columns of the .csv)")
            default: throw fileNode.error("unknown file type")
            }
            var columns: [Int]?
            if let node = parts["columns"] {
                columns = try node.integers()
                guard !columns!.isEmpty, columns!.allSatisfy({ $0 >= 0 }) else { throw node.error("column numbers start at 0") }
                guard Set(columns!).count == columns!.count else { throw node.error("a column is listed twice") }
                if kind == .csv { throw node.error("for a .csv list the feature columns under 'features'") }
            }
            let weights = try arraySource(try required("weights"), directory: directory, fileKind: kind, allowConstant: true)
            var extras: [String: ArraySource] = [:]
            if let node = parts["extra"] {
                guard node.isMapping else { throw node.error("expected a mapping: column name -> array or column") }
                for (key, value) in try node.mapping(allowed: node.keys) {
                    extras[key] = try arraySource(value, directory: directory, fileKind: kind, allowConstant: false)
                }
            }
            var window: ProcessSource.Window?
            if let node = parts["window"] {
                let windowParts = try node.mapping(allowed: ["column", "range"])
                guard let columnNode = windowParts["column"], let rangeNode = windowParts["range"] else {
                    throw node.error("a window needs 'column' and 'range'")
                }
                let column = try columnNode.string()
                guard extras[column] != nil else {
                    throw columnNode.error("'\(column)' is not among this process's 'extra' columns")
                }
                window = ProcessSource.Window(column: column, range: try rangeNode.range())
            }
            return ProcessSource(
                name: name, role: role, file: file, features: features, featureColumns: columns, weights: weights,
                extras: extras, window: window)
        }
    }

    private static func arraySource(
        _ node: ConfigurationNode, directory: URL, fileKind: FileKind, allowConstant: Bool
    ) throws -> ArraySource {
        if node.isMapping {
            let parts = try node.mapping(allowed: ["file", "array", "column"])
            guard let fileNode = parts["file"] else { throw node.error("missing key 'file'") }
            let url = resolve(try fileNode.string(), directory)
            let name = try (parts["array"] ?? parts["column"])?.string()
            switch FileKind(url) {
            case .npy: if name != nil { throw node.error("a .npy file holds one array; remove 'array'") }
            case .npz: if name == nil { throw node.error("name the 'array' of the .npz") }
            case .csv: if name == nil { throw node.error("name the 'column' of the .csv") }
            case .unknown: throw fileNode.error("unknown file type; use .npz, .npy or .csv")
            }
            return .file(url, array: name)
        }
        if allowConstant, let value = node.number {
            guard value.isFinite else { throw node.error("the weight must be finite") }
            return .constant(value)
        }
        if !allowConstant, node.number != nil {
            throw node.error("a number is not allowed here; give an array or column name, or {file: ...}")
        }
        let name = try node.string()
        if fileKind == .npy {
            throw node.error(
                allowConstant
                    ? "a .npy file holds only the features; give a number or {file: ...}"
                    : "a .npy file holds only the features; give {file: ...}")
        }
        return .named(name)
    }

    private static func resolve(_ path: String, _ directory: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded) : directory.appendingPathComponent(expanded).standardizedFileURL
    }

    static let modelKeys = ["kind", "mean_norm", "mean_range", "cov_offdiag_damping", "variables"]

    /// The `model` section, and the line where a mismatch with the events' dimension
    /// is reported (of `variables` or `mean_range`, else of `model`).
    private static func parseModel(_ node: ConfigurationNode) throws -> (ModelSettings, line: Int?) {
        let parts = try node.mapping(allowed: modelKeys)
        return (try parseModel(parts, node), (parts["variables"] ?? parts["mean_range"] ?? node).line)
    }

    private static func parseModel(_ parts: [String: ConfigurationNode], _ node: ConfigurationNode) throws
        -> ModelSettings
    {
        guard let kindNode = parts["kind"] else { throw node.error("missing key 'kind' (gmm or cuts)") }
        switch try kindNode.string() {
        case "gmm":
            if let variables = parts["variables"] { throw variables.error("'variables' belong to the cut model") }
            let normalization = try parts["mean_norm"]?.choice(MeanNormalization.self) ?? .softmax
            var ranges: [ClosedRange<Double>] = [0...1]
            if let rangeNode = parts["mean_range"] {
                let entries = try rangeNode.list()
                ranges = entries.first?.isList == true ? try entries.map { try $0.range() } : [try rangeNode.range()]
            }
            let damping = try parts["cov_offdiag_damping"]?.double() ?? GaussianMixtureCategorizer.defaultOffDiagonalDamping
            if let dampingNode = parts["cov_offdiag_damping"], damping < 0 { throw dampingNode.error("must be >= 0") }
            return .gaussianMixture(meanNormalization: normalization, meanRange: ranges, offDiagonalDamping: damping)
        case "cuts":
            for key in ["mean_norm", "mean_range", "cov_offdiag_damping"] {
                if let extra = parts[key] { throw extra.error("'\(key)' belongs to the GMM") }
            }
            guard let variablesNode = parts["variables"] else { throw node.error("missing key 'variables'") }
            let variables = try variablesNode.list().enumerated().map { index, entry in
                let fields = try entry.mapping(allowed: ["name", "bins", "range", "steepness"])
                let bins = try fields["bins"]?.int() ?? 3
                if let binsNode = fields["bins"], bins < 2 { throw binsNode.error("must be at least 2") }
                let steepness = try fields["steepness"]?.double()
                if let node = fields["steepness"], !(steepness! > 0) { throw node.error("must be positive") }
                return CutVariable(
                    name: try fields["name"]?.string() ?? "x\(index)", bins: bins,
                    range: try fields["range"]?.range() ?? 0...1, steepness: steepness)
            }
            guard !variables.isEmpty else { throw variablesNode.error("no variables") }
            return .sigmoidCuts(variables: variables)
        case let other:
            throw kindNode.error("'\(other)' is not one of: gmm, cuts")
        }
    }

    /// The `objective` section; a penalty's threshold defaults to ``TrainingRecipe/standard``'s.
    private static func parseObjective(_ node: ConfigurationNode, processes: [ProcessSource]) throws
        -> SignificanceObjective
    {
        let parts = try node.mapping(allowed: ["signals", "combination", "formula", "penalties"])
        guard let signalsNode = parts["signals"] else { throw node.error("missing key 'signals'") }
        let signals = try signalsNode.strings()
        guard !signals.isEmpty else { throw signalsNode.error("list at least one signal") }
        for (index, name) in signals.enumerated() where signals[..<index].contains(name) {
            throw signalsNode.error("'\(name)' is listed twice")
        }
        for name in signals {
            guard let process = processes.first(where: { $0.name == name }) else {
                throw signalsNode.error("no process named '\(name)'")
            }
            guard process.role == .signal else { throw signalsNode.error("'\(name)' is a background process") }
        }
        let penalties = try parts["penalties"]?.mapping(allowed: ["yield", "uncertainty"]) ?? [:]
        let recipe = TrainingRecipe.standard
        let yieldPenalty = try parsePenalty(
            penalties["yield"], lambda: recipe.yieldPenaltyWeight, threshold: recipe.yieldThreshold)
        let uncertaintyPenalty = try parsePenalty(
            penalties["uncertainty"], lambda: recipe.uncertaintyPenaltyWeight, threshold: recipe.uncertaintyThreshold)
        let combination = try parts["combination"]?.choice(SignificanceCombination.self)
        do {
            return try SignificanceObjective(
                signals: signals, combination: combination,
                formula: try parts["formula"]?.choice(AsimovFormula.self) ?? .exact, yieldPenalty: yieldPenalty,
                uncertaintyPenalty: uncertaintyPenalty)
        } catch let error as CategorizerError {
            throw (parts["combination"] ?? signalsNode).error(error.message)
        }
    }

    /// One of `objective.penalties` (nil: absent, the default weight and threshold);
    /// a weight of 0 turns the penalty off (nil).
    private static func parsePenalty(_ node: ConfigurationNode?, lambda: Double, threshold: Double) throws
        -> PenaltySetting?
    {
        guard let node else { return lambda == 0 ? nil : PenaltySetting(lambda: lambda, threshold: threshold) }
        let fields = try node.mapping(allowed: ["lambda", "threshold"])
        guard let lambdaNode = fields["lambda"] else { throw node.error("missing key 'lambda'") }
        let lambda = try lambdaNode.double()
        guard lambda >= 0 else { throw lambdaNode.error("must be >= 0") }
        return lambda == 0 ? nil : PenaltySetting(lambda: lambda, threshold: try fields["threshold"]?.double() ?? threshold)
    }

    private static func parseSchedule(_ node: ConfigurationNode?, default value: ScheduleSettings) throws -> ScheduleSettings {
        guard let node else { return value }
        if node.isScalar {
            let constant = try node.double()
            return ScheduleSettings(.constant, from: constant, to: constant)
        }
        let parts = try node.mapping(allowed: ["schedule", "from", "to"])
        let kind = try parts["schedule"]?.choice(Schedule.Kind.self) ?? .cosine
        guard let from = parts["from"] else { throw node.error("missing key 'from'") }
        let initial = try from.double()
        // A schedule that changes needs its end: without it, one would silently get a constant.
        if kind != .constant && parts["to"] == nil {
            throw node.error("missing key 'to' (the value at the last epoch) for a \(kind.rawValue) schedule")
        }
        let final = try parts["to"]?.double() ?? initial
        if kind == .exponential && !(initial > 0 && final > 0) { throw node.error("an exponential schedule needs positive values") }
        return ScheduleSettings(kind, from: initial, to: kind == .constant ? initial : final)
    }

    // MARK: Building

    /// Names for the feature dimensions: the cut variables' names, the CSV columns
    /// of the first process read from a CSV, else "array[i]" of the first process.
    func featureNames(dimension: Int) -> [String] {
        if case .sigmoidCuts(let variables) = model { return variables.map(\.name) }
        for process in processes {
            switch process.features {
            case .columns(let names) where names.count == dimension: return names
            case .array(let name):
                guard dimension > 1 || process.featureColumns != nil else { return [name] }
                let columns = process.featureColumns ?? Array(0..<dimension)
                return columns.map { "\(name)[\($0)]" }
            default: continue
            }
        }
        return (0..<dimension).map { "x\($0)" }
    }

    /// Reads every process's events. A background without events is refused,
    /// naming its file (a signal without events is refused by the objective).
    public func loadData() throws -> Dataset {
        try Dataset(processes.map { process in
            let sample = try process.load()
            guard sample.count > 0 || process.role != .background else {
                throw EventFileError(
                    file: process.file.lastPathComponent, problem: "process '\(process.name)': a background without events")
            }
            return sample
        })
    }

    /// The analysis for `data` (the events of ``loadData()``).
    public func analysis(data: Dataset, threads: Int? = nil) throws -> Analysis {
        if case .sigmoidCuts(let variables) = model, variables.count != data.dimension {
            throw ConfigurationError(
                file: file, line: modelLine, key: "model.variables",
                problem: "\(variables.count) cut variables for \(data.dimension)-dimensional features")
        }
        if case .gaussianMixture(_, let ranges, _) = model, ranges.count != 1 && ranges.count != data.dimension {
            throw ConfigurationError(
                file: file, line: modelLine, key: "model.mean_range",
                problem: "\(ranges.count) ranges for \(data.dimension)-dimensional features (give one, or one per dimension)")
        }
        var evaluation = data
        if let sideband, evaluateInWindow {
            evaluation = try Dataset(
                data.processes.map { try $0.restrictingWeights(column: sideband.fit.column, to: sideband.fit.window) })
        }
        var baselineSpecifications: [BaselineSpecification] = []
        for baseline in baselines {
            switch baseline {
            case let .equidistant(bins, range):
                guard data.dimension == 1 else {
                    throw ConfigurationError(
                        file: file, line: baselinesLine, key: "baselines", problem: "an equidistant baseline needs 1-D features")
                }
                for n in bins {
                    baselineSpecifications.append(
                        BaselineSpecification(
                            name: "equidistant", categories: n,
                            assignments: Baselines.equidistant(evaluation, bins: n, range: range)))
                }
            case let .argmax(binsPerClass, range):
                for n in binsPerClass {
                    baselineSpecifications.append(
                        BaselineSpecification(
                            name: "argmax-equidistant", categories: data.dimension * n + 1,
                            assignments: Baselines.softmaxArgmax(evaluation, binsPerClass: n, range: range)))
                }
            }
        }
        var analysis = Analysis(
            name: name, data: data, evaluationData: evaluation, model: model, objective: objective,
            categoryCounts: categoryCounts, epochs: epochs, optimizer: optimizer, learningRate: learningRate,
            annealing: annealing, seed: seed, biasInterval: biasInterval, threads: threads, sideband: sideband,
            restarts: restarts, precision: precision, featureNames: featureNames(dimension: data.dimension),
            baselines: baselineSpecifications)
        // The categories are checked against the penalties' thresholds, whether the
        // penalties are on or off.
        analysis.constraints.minimumBackground = objective.yieldPenalty?.threshold ?? TrainingRecipe.standard.yieldThreshold
        analysis.constraints.maximumRelativeUncertainty =
            objective.uncertaintyPenalty?.threshold ?? TrainingRecipe.standard.uncertaintyThreshold
        return analysis
    }
}
