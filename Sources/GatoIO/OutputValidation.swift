import Foundation
import Gato

/// Checks of the files of an output folder before anything is drawn from them:
/// `gato plot` reads files that may have been edited by hand or left by another
/// version, and every array it indexes must have the length the rest of the
/// folder implies. Each failure is one ``OutputFolderError`` naming the file and
/// the key, for example `summary.json: results[0].order: 4 entries, expected
/// n_cats = 3`.
package struct OutputValidator {
    /// The file as named in messages (`summary.json`, `history_3.csv`).
    package let file: String

    package init(file: String) { self.file = file }

    package func fail(_ key: String, _ problem: String) -> OutputFolderError {
        OutputFolderError(key.isEmpty ? "\(file): \(problem)" : "\(file): \(key): \(problem)")
    }

    /// `values` has `count` entries (`expectation` says where the count comes from).
    package func count<T>(_ values: [T], _ key: String, _ count: Int, _ expectation: String) throws {
        guard values.count == count else {
            throw fail(key, "\(values.count) \(values.count == 1 ? "entry" : "entries"), expected \(expectation)")
        }
    }

    /// Every value is finite.
    package func finite(_ values: [Double], _ key: String) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw fail("\(key)[\(index)]", "\(values[index]) is not a finite number")
        }
    }

    package func finite(_ value: Double, _ key: String) throws {
        guard value.isFinite else { throw fail(key, "\(value) is not a finite number") }
    }

    /// A value per name for each of `names`, finite.
    package func covers(_ values: [String: Double], _ key: String, names: [String]) throws {
        for name in names {
            guard let value = values[name] else { throw fail(key, "no value for '\(name)'") }
            try finite(value, "\(key).\(name)")
        }
    }

    /// An array of `count` finite values for each of `names`.
    package func covers(_ arrays: [String: [Double]], _ key: String, names: [String], count k: Int, _ expectation: String)
        throws
    {
        for name in names {
            guard let values = arrays[name] else { throw fail(key, "no entry for process '\(name)'") }
            try count(values, "\(key).\(name)", k, expectation)
            try finite(values, "\(key).\(name)")
        }
    }
}

extension Summary {
    /// Throws unless every result is internally consistent: `order` a permutation
    /// of 0..<n_cats; `bias`, `background_yield`, `relative_mc_uncertainty` and every
    /// process's `yields` and `sumw2` n_cats finite numbers; a significance for each
    /// signal; `merit` the combination of the significances (`combination`);
    /// `boundaries` (1-D models) n_cats - 1 increasing numbers; the starts and epochs
    /// in range. `processes` are the processes the histograms name (nil:
    /// those of the first result's yields).
    package func validate(file: String = "summary.json", processes: [String]? = nil) throws {
        let check = OutputValidator(file: file)
        guard !signals.isEmpty else { throw check.fail("signals", "no signal") }
        guard Set(signals).count == signals.count else { throw check.fail("signals", "a signal is listed twice") }
        if combination == .single && signals.count != 1 {
            throw check.fail("combination", "'single' needs exactly one signal, the summary has \(signals.count)")
        }
        /// `merit` must be the combination of the significances (to 1e-9 relative).
        func checkMerit(_ merit: Double, _ significance: [String: Double], _ key: String) throws {
            let expected = SignificanceObjective.combine(signals.map { significance[$0]! }, combination)
            guard abs(merit - expected) <= 1e-9 * max(abs(expected), 1e-300) else {
                throw check.fail(key, "\(merit), but the \(combination.rawValue) of the significances is \(expected)")
            }
        }
        for (index, setting) in settings.enumerated() where setting.count != 2 {
            throw check.fail("settings[\(index)]", "\(setting.count) entries, expected 2 (name, value)")
        }
        let processes = processes ?? results.first.map { Array($0.yields.keys).sorted() } ?? []
        for signal in signals where !processes.contains(signal) {
            throw check.fail("signals", "'\(signal)' is not one of the processes (\(processes.joined(separator: ", ")))")
        }
        guard !results.isEmpty else { throw check.fail("results", "no result") }
        var seen: Set<Int> = []
        for (i, result) in results.enumerated() {
            let key = "results[\(i)]"
            let k = result.nCats
            guard k >= 1, k <= 100_000 else { throw check.fail("\(key).n_cats", "\(k) is not a number of categories") }
            guard seen.insert(k).inserted else { throw check.fail("\(key).n_cats", "\(k) categories appear twice") }
            let expected = "n_cats = \(k)"
            try check.covers(result.significance, "\(key).significance", names: signals)
            try check.covers(result.significanceGatoHepFormula, "\(key).significance_gato_hep_formula", names: signals)
            try check.finite(result.merit, "\(key).merit")
            try checkMerit(result.merit, result.significance, "\(key).merit")
            try check.covers(result.yields, "\(key).yields", names: processes, count: k, expected)
            try check.covers(result.sumw2, "\(key).sumw2", names: processes, count: k, expected)
            try check.count(result.bias, "\(key).bias", k, expected)
            try check.finite(result.bias, "\(key).bias")
            try check.count(result.order, "\(key).order", k, expected)
            guard Set(result.order) == Set(0..<k) else {
                throw check.fail("\(key).order", "\(result.order) is not an ordering of the categories 0..<\(k)")
            }
            try check.count(result.backgroundYield, "\(key).background_yield", k, expected)
            try check.finite(result.backgroundYield, "\(key).background_yield")
            try check.count(result.relativeMCUncertainty, "\(key).relative_mc_uncertainty", k, expected)
            try check.finite(result.relativeMCUncertainty, "\(key).relative_mc_uncertainty")
            for (index, violation) in (result.constraintViolations ?? []).enumerated() {
                guard (0..<k).contains(violation.category), violation.limit.isFinite else {
                    throw check.fail(
                        "\(key).constraint_violations[\(index)]",
                        "category \(violation.category) and limit \(violation.limit): a category 0..<\(k) and a finite limit")
                }
            }
            if let boundaries = result.boundaries {
                try check.count(boundaries, "\(key).boundaries", k - 1, "n_cats - 1 = \(k - 1)")
                try check.finite(boundaries, "\(key).boundaries")
                guard zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                    throw check.fail("\(key).boundaries", "not in increasing order")
                }
            }
            for (name, path) in [("checkpoint", result.checkpoint), ("history", result.history)] {
                guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    throw check.fail("\(key).\(name)", "'\(path)' is not a path inside the folder")
                }
            }
            guard result.epochs >= 0 else { throw check.fail("\(key).epochs", "\(result.epochs) is negative") }
            try check.finite(result.trainSeconds, "\(key).train_seconds")
            guard result.starts >= 1 else { throw check.fail("\(key).starts", "\(result.starts), expected at least 1") }
            guard (0..<result.starts).contains(result.chosenStart) else {
                throw check.fail("\(key).chosen_start", "\(result.chosenStart), expected 0..<starts = 0..<\(result.starts)")
            }
            guard (0...result.epochs).contains(result.screeningEpochs) else {
                throw check.fail(
                    "\(key).screening_epochs", "\(result.screeningEpochs), expected 0...epochs = 0...\(result.epochs)")
            }
        }
        for (i, baseline) in baselines.enumerated() {
            let key = "baselines[\(i)]"
            guard baseline.nBins >= 1 else { throw check.fail("\(key).n_bins", "\(baseline.nBins) is not a number of bins") }
            try check.covers(baseline.significance, "\(key).significance", names: signals)
            try check.covers(baseline.significanceGatoHepFormula, "\(key).significance_gato_hep_formula", names: signals)
            try check.finite(baseline.merit, "\(key).merit")
            try checkMerit(baseline.merit, baseline.significance, "\(key).merit")
        }
    }
}

extension ProcessHistogram {
    /// Throws unless the edges are at least two increasing finite numbers and every
    /// process has one finite sum of weights and of squared weights per bin.
    package func validate(_ check: OutputValidator, _ key: String, processes: [String]) throws {
        guard edges.count >= 2 else { throw check.fail("\(key).edges", "\(edges.count) edges, expected at least 2") }
        try check.finite(edges, "\(key).edges")
        guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw check.fail("\(key).edges", "not in increasing order")
        }
        let bins = edges.count - 1
        try check.covers(sumW, "\(key).sumw", names: processes, count: bins, "\(bins) bins")
        try check.covers(sumW2, "\(key).sumw2", names: processes, count: bins, "\(bins) bins")
    }
}

extension EventHistograms {
    /// Throws unless the processes are named once each with a role, there is one
    /// input histogram per feature name, every histogram is valid for every
    /// process, and each set of mass spectra is keyed by a number of categories
    /// and holds one histogram per category.
    package func validate(file: String = "histograms.json") throws {
        let check = OutputValidator(file: file)
        guard !processes.isEmpty else { throw check.fail("processes", "no process") }
        guard Set(processes).count == processes.count else { throw check.fail("processes", "a process is listed twice") }
        try check.count(roles, "roles", processes.count, "one per process (\(processes.count))")
        guard !featureNames.isEmpty else { throw check.fail("feature_names", "no feature") }
        try check.count(inputs, "inputs", featureNames.count, "one per feature name (\(featureNames.count))")
        for (j, input) in inputs.enumerated() { try input.validate(check, "inputs[\(j)]", processes: processes) }
        for (key, spectra) in masses.sorted(by: { $0.key < $1.key }) {
            guard let k = Int(key), k >= 1 else { throw check.fail("masses.\(key)", "not a number of categories") }
            try check.count(spectra, "masses.\(key)", k, "one per category (\(k))")
            for (c, spectrum) in spectra.enumerated() {
                try spectrum.validate(check, "masses.\(key)[\(c)]", processes: processes)
            }
        }
    }
}

extension TrainingSnapshots {
    /// Throws unless the snapshots are of `categories` categories, there is a frame, and every frame
    /// holds `parameterCount` finite parameters (those of the checkpoint's model)
    /// and a positive finite annealed value.
    package func validate(file: String, categories k: Int, parameterCount: Int) throws {
        let check = OutputValidator(file: file)
        guard categories == k else { throw check.fail("n_cats", "\(categories), expected the checkpoint's \(k)") }
        guard !frames.isEmpty else { throw check.fail("frames", "no frames (a training records at least its first epoch)") }
        for (index, frame) in frames.enumerated() {
            let key = "frames[\(index)]"
            try check.count(frame.parameters, "\(key).parameters", parameterCount, "the checkpoint's \(parameterCount) parameters")
            try check.finite(frame.parameters, "\(key).parameters")
            guard frame.annealedValue.isFinite, frame.annealedValue > 0 else {
                throw check.fail("\(key).annealed_value", "\(frame.annealedValue), expected a positive number")
            }
            guard frame.epoch >= 0 else { throw check.fail("\(key).epoch", "\(frame.epoch) is negative") }
        }
    }
}

extension TrainingHistory {
    /// Throws unless the history has at least one epoch and every number in it is
    /// finite (the mean |bias| may be absent).
    package func validate(file: String) throws {
        let check = OutputValidator(file: file)
        guard !records.isEmpty else { throw check.fail("", "no epochs") }
        for (index, record) in records.enumerated() {
            let line = "line \(index + 2)"
            try check.finite([record.learningRate, record.annealedValue, record.loss], line)
            try check.finite(record.terms.map(\.value), "\(line) terms")
            if let bias = record.meanAbsoluteBias { try check.finite(bias, "\(line) mean_abs_bias") }
        }
    }
}
