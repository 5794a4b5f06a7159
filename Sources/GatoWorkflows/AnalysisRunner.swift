import Foundation
import _Differentiation
import Gato
import GatoIO
import GatoReports

/// What an ``AnalysisRunner`` reports while it works.
public enum AnalysisProgress: Sendable {
    /// Training of the K-category model starts.
    case started(categories: Int, epochs: Int)
    /// Start `start` of `starts` was screened: its loss after `epochs` epochs on the subsample.
    case screened(categories: Int, start: Int, starts: Int, epochs: Int, loss: Double)
    /// Start `start` of `starts` failed during screening (a non-finite loss, gradient
    /// or parameter) and is left out; the run fails only when every start does.
    case screeningFailed(categories: Int, start: Int, starts: Int, error: TrainingError)
    /// The screening chose start `start`; it continues on every event.
    case chose(categories: Int, start: Int)
    /// An epoch finished; `elapsed` seconds since this model's training started.
    case epoch(categories: Int, record: EpochRecord, elapsed: Double)
    /// Background factors were refitted from the sidebands before `epoch`.
    case refitted(categories: Int, epoch: Int, factors: [Double])
    /// The model is trained and evaluated.
    case finished(categories: Int, result: Summary.Result)
}

/// Runs an ``Analysis``: trains one model per number of categories, evaluates each
/// with hard assignments, evaluates the baselines, and writes the output folder:
/// `summary.json`, `checkpoints/<K>_bins.json`, `history_<K>.csv`.
public struct AnalysisRunner {
    public let analysis: Analysis
    /// Called from the running thread for every ``AnalysisProgress`` event.
    public var progress: ((AnalysisProgress) -> Void)?

    public init(analysis: Analysis, progress: ((AnalysisProgress) -> Void)? = nil) {
        self.analysis = analysis
        self.progress = progress
    }

    /// Trains and evaluates everything; writes into `output` when given (the caller
    /// commits or discards it), with the plots and `report.html` unless `report` is false.
    public func run(output: OutputFolder? = nil, report: Bool = true) throws -> Summary {
        try analysis.validate()
        var results: [Summary.Result] = []
        var histograms = EventHistograms(
            inputsOf: analysis.plotData, featureNames: analysis.featureNames, massColumn: analysis.sideband?.fit.column)
        for requested in analysis.categoryCounts {
            let k = analysis.categories(for: requested)
            let result: Summary.Result
            switch analysis.model {
            case let .gaussianMixture(normalization, range, damping):
                let starts = try (0..<analysis.restarts.starts).map { start in
                    var generator = generator(categories: k, start: start)
                    var model = try GaussianMixtureCategorizer(
                        categories: k, dimension: analysis.data.dimension, temperature: analysis.annealing.initial,
                        meanNormalization: normalization, meanRange: range, offDiagonalDamping: damping,
                        generator: &generator)
                    model.precision = analysis.precision
                    return model
                }
                result = try train(starts, output: output, histograms: &histograms)
            case let .sigmoidCuts(variables):
                var variables = variables
                if variables.count == 1 { variables[0].bins = k }
                let starts = try (0..<analysis.restarts.starts).map { start in
                    var generator = generator(categories: k, start: start)
                    return try SigmoidCutCategorizer(
                        variables: variables, defaultSteepness: analysis.annealing.initial, generator: &generator)
                }
                result = try train(starts, output: output, histograms: &histograms)
            }
            results.append(result)
            progress?(.finished(categories: k, result: result))
        }
        let summary = Summary(
            workflow: analysis.name, signals: analysis.objective.signals, combination: analysis.objective.combination,
            trainingPrecision: analysis.model.kind == GaussianMixtureCategorizer.kind ? analysis.precision : .double,
            results: results, baselines: evaluateBaselines(), settings: analysis.settingsDescription)
        try output?.write(histograms.encoded(), to: "histograms.json")
        try output?.write(summary.encoded(), to: "summary.json")
        if let output, report { try Report.render(folder: output.staging) }
        return summary
    }

    /// The generator of the initial parameters of start `start` of the K-category
    /// model: stream K of the seed for start 0, stream K + 1000 s for start s.
    func generator(categories k: Int, start: Int) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: analysis.seed, stream: k + 1000 * start)
    }

    /// Screens the starts (when there are several), trains the best to the end, and
    /// evaluates it.
    func train<Model: Categorizer>(_ starts: [Model], output: OutputFolder?, histograms: inout EventHistograms) throws
        -> Summary.Result
    {
        let k = starts[0].categoryCount
        let options = TrainingOptions(
            epochs: analysis.epochs, optimizer: analysis.optimizer,
            learningRate: try analysis.learningRate.schedule(epochs: analysis.epochs),
            annealing: try analysis.annealing.schedule(epochs: analysis.epochs), biasInterval: analysis.biasInterval,
            threads: analysis.threads)
        progress?(.started(categories: k, epochs: analysis.epochs))
        let start = Date()
        var chosen = Candidate(trainer: try Trainer(model: starts[0], options: options), objective: analysis.objective)
        var chosenStart = 0
        var screeningEpochs = 0
        let restarts = analysis.restarts
        if starts.count > 1 {
            let screening = analysis.data.subsampled(every: restarts.subsample(for: analysis.data))
            let epochs = min(analysis.epochs - 1, max(1, Int((restarts.screeningFraction * Double(analysis.epochs)).rounded())))
            var bestLoss = Double.infinity
            var bestIndex: Int?
            var failures: [TrainingError] = []
            for (index, model) in starts.enumerated() {
                var candidate = Candidate(trainer: try Trainer(model: model, options: options), objective: analysis.objective)
                do {
                    try run(&candidate, epochs: 0..<epochs, on: screening, start: start)
                } catch let error as TrainingError {
                    failures.append(error)
                    progress?(.screeningFailed(categories: k, start: index, starts: starts.count, error: error))
                    continue
                }
                // The loss after the last screening step (the history holds the loss
                // before each step).
                let objective = candidate.objective
                let loss = objective.evaluate(candidate.trainer.model, on: screening, threads: analysis.threads).loss
                guard loss.isFinite else {
                    let error = TrainingError.nonFiniteLoss(epoch: epochs, value: loss)
                    failures.append(error)
                    progress?(.screeningFailed(categories: k, start: index, starts: starts.count, error: error))
                    continue
                }
                progress?(.screened(categories: k, start: index, starts: starts.count, epochs: epochs, loss: loss))
                if bestIndex == nil || loss < bestLoss {
                    bestLoss = loss
                    bestIndex = index
                    chosen = candidate
                }
            }
            guard let bestIndex else { throw failures[0] }
            progress?(.chose(categories: k, start: bestIndex))
            chosenStart = bestIndex
            screeningEpochs = epochs
        }
        try run(&chosen, epochs: chosen.trainer.epoch..<analysis.epochs, on: analysis.data, start: start)
        let trainer = chosen.trainer
        let seconds = Date().timeIntervalSince(start)
        let model = Self.exact(trainer.model)
        let history = "history_\(k).csv"
        try output?.write(Data(trainer.history.csv().utf8), to: history)
        try output?.write(chosen.snapshots.encoded(), to: "snapshots/\(k)_bins.json")
        var result = try evaluate(model, objective: chosen.objective, output: output, histograms: &histograms)
        result.history = history
        result.epochs = analysis.epochs
        result.trainSeconds = seconds
        result.starts = starts.count
        result.chosenStart = chosenStart
        result.screeningEpochs = screeningEpochs
        return result
    }

    /// Writes the checkpoint of a finished `model` and evaluates its hard categories:
    /// significances, yields, diagnostics and constraint violations. The training
    /// fields of the result (history, epochs, time, starts) are left empty for the
    /// caller to fill.
    func evaluate<Model: Categorizer>(
        _ model: Model, objective: SignificanceObjective, output: OutputFolder?, histograms: inout EventHistograms
    ) throws -> Summary.Result {
        let k = model.categoryCount
        let data = analysis.data
        let threads = analysis.threads
        let checkpoint = "checkpoints/\(k)_bins.json"
        try output?.write(Checkpoint.encode(model), to: checkpoint)

        let (soft, hardOnTraining) = model.softAndHardYields(data, threads: threads)
        guard (soft.sumW + soft.sumW2).allSatisfy({ $0.isFinite }) else { throw TrainingError.nonFiniteResult(categories: k) }
        let hard = model.hardYields(analysis.evaluationData, threads: threads)
        let significances = hard.significances(signals: objective.signals)
        let gatoHep = hard.significances(signals: objective.signals, formula: .gatoHep)
        if histograms.massColumn != nil {
            let range = analysis.sideband?.fit.range ?? 100...180
            let plotted = analysis.plotData
            histograms.addMassSpectra(
                plotted, assignments: plotted.processes.map { model.hardAssignments($0, threads: threads) }, categories: k,
                range: range)
        }
        let order = CategoryDiagnostics.order(model, hard: hard)
        let background = CategoryDiagnostics.backgroundStatistics(hard, order: order)
        // The requirements, on the hard categories of the evaluated events: the
        // background's yield and sum of squared weights, and its MC events (every
        // event with a nonzero weight, as the yields count them).
        let backgroundIndices = hard.indices(role: .background)
        var backgroundEvents = [Int](repeating: 0, count: k)
        for index in backgroundIndices {
            let sample = analysis.evaluationData.processes[index]
            for (i, category) in model.hardAssignments(sample, threads: threads).enumerated() where sample.weights[i] != 0 {
                backgroundEvents[Int(category)] += 1
            }
        }
        let violations = analysis.constraints.violations(
            backgroundYield: hard.total(of: backgroundIndices), backgroundSumW2: hard.totalSumW2(of: backgroundIndices),
            backgroundEvents: backgroundEvents)
        return Summary.Result(
            nCats: k, significance: Dictionary(uniqueKeysWithValues: zip(objective.signals, significances)),
            merit: SignificanceObjective.combine(significances, objective.combination),
            significanceGatoHepFormula: Dictionary(uniqueKeysWithValues: zip(objective.signals, gatoHep)),
            yields: Dictionary(uniqueKeysWithValues: hard.processNames.enumerated().map { ($1, hard.yields($0)) }),
            sumw2: Dictionary(uniqueKeysWithValues: hard.processNames.enumerated().map { ($1, hard.sumW2($0)) }),
            bias: CategoryDiagnostics.bias(soft: soft, hard: hardOnTraining), order: order,
            backgroundYield: background.map(\.yield), relativeMCUncertainty: background.map(\.relativeUncertainty),
            boundaries: model.oneDimensionalBoundaries, checkpoint: checkpoint, history: "",
            epochs: 0, trainSeconds: 0, starts: 1, chosenStart: 0,
            screeningEpochs: 0, constraintViolations: violations)
    }

    /// The model with exact (Double) event loops, for the reported results.
    static func exact<Model: Categorizer>(_ model: Model) -> Model {
        guard var mixture = model as? GaussianMixtureCategorizer else { return model }
        mixture.precision = .double
        return mixture as! Model
    }

    /// A model in training with its objective (whose background factors change
    /// when the sidebands are refitted).
    struct Candidate<Model: Categorizer> {
        var trainer: Trainer<Model>
        var objective: SignificanceObjective
        var snapshots: TrainingSnapshots

        init(trainer: Trainer<Model>, objective: SignificanceObjective) {
            self.trainer = trainer
            self.objective = objective
            self.snapshots = TrainingSnapshots(
                categories: trainer.model.categoryCount, annealedValueName: Model.annealedValueName)
        }
    }

    /// Runs `epochs` of `candidate` on `data`, refitting sideband factors when due.
    func run<Model: Categorizer>(
        _ candidate: inout Candidate<Model>, epochs: Range<Int>, on data: Dataset, start: Date
    ) throws {
        let k = candidate.trainer.model.categoryCount
        let threads = analysis.threads
        let recorded = TrainingSnapshots.recordedEpochs(of: analysis.epochs)
        for epoch in epochs {
            if let sideband = analysis.sideband, epoch % sideband.interval == 0 {
                let assignments = data.processes.map { candidate.trainer.model.hardAssignments($0, threads: threads) }
                let factors = try sideband.fit.factors(
                    assignments: assignments, data: data, categories: k, processes: sideband.processes)
                candidate.objective.reweighting = BackgroundReweighting(factors: factors, processes: sideband.processes)
                progress?(.refitted(categories: k, epoch: epoch, factors: factors))
            }
            let objective = candidate.objective
            let record = try candidate.trainer.step(
                loss: { m in objective.evaluate(m, on: data, threads: threads) }, biasData: data)
            progress?(.epoch(categories: k, record: record, elapsed: Date().timeIntervalSince(start)))
            if recorded.contains(epoch) { candidate.snapshots.record(candidate.trainer.model, epoch: epoch) }
        }
    }

    /// The baselines' hard significances on the evaluation events.
    func evaluateBaselines() -> [Summary.Baseline] {
        let signals = analysis.objective.signals
        return analysis.baselines.map { baseline in
            let hard = HardYields(
                assignments: baseline.assignments, data: analysis.evaluationData, categories: baseline.categories)
            let z = hard.significances(signals: signals)
            return Summary.Baseline(
                name: baseline.name, nBins: baseline.categories,
                significance: Dictionary(uniqueKeysWithValues: zip(signals, z)),
                merit: SignificanceObjective.combine(z, analysis.objective.combination),
                significanceGatoHepFormula: Dictionary(
                    uniqueKeysWithValues: zip(signals, hard.significances(signals: signals, formula: .gatoHep))))
        }
    }
}
