/// The reference categorisations gato-hep compares against.
public enum Baselines {
    /// Equidistant bins in a one-dimensional discriminant: `bins` bins on `range`;
    /// values outside go to the first or last bin. Returns one assignment array
    /// per process.
    ///
    /// - Precondition: `data` is one-dimensional and `bins >= 1`.
    public static func equidistant(_ data: Dataset, bins: Int, range: ClosedRange<Double> = 0...1) -> [[Int32]] {
        require(data.dimension == 1, "equidistant binning needs a one-dimensional discriminant")
        require(bins >= 1, "at least one bin")
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        return data.processes.map { sample in
            sample.features.map { x in Int32(min(max(Int((Double(x) - range.lowerBound) / width), 0), bins - 1)) }
        }
    }

    /// The classifier-argmax baseline of the three-class example: events whose
    /// largest score is signal score j (`j < signalScores`) are binned equidistantly
    /// in that score on `range` with `binsPerSignal` bins (category `j * n + bin`);
    /// events whose largest score is any other column (the background score) form
    /// the last category. K = `signalScores * binsPerSignal + 1`; with one bin per
    /// signal this is the plain argmax classification.
    ///
    /// - Parameters:
    ///   - data: the full score vectors (for the three-class toy, D = 3).
    ///   - signalScores: how many leading columns are signal scores (2).
    ///   - binsPerSignal: n >= 1.
    ///   - range: the binned range of a signal score (gato-hep: [0.33, 1]; a winning
    ///     score of three is at least 1/3).
    public static func argmaxEquidistant(
        _ data: Dataset, signalScores: Int, binsPerSignal: Int, range: ClosedRange<Double> = 0.33...1
    ) -> [[Int32]] {
        require(signalScores >= 1 && signalScores < data.dimension, "the signal scores must leave a background score")
        require(binsPerSignal >= 1, "at least one bin per signal")
        let d = data.dimension
        let width = (range.upperBound - range.lowerBound) / Double(binsPerSignal)
        let backgroundCategory = Int32(signalScores * binsPerSignal)
        return data.processes.map { sample in
            let x = sample.features
            return (0..<sample.count).map { i in
                var best = 0
                for j in 1..<d where x[i * d + j] > x[i * d + best] { best = j }
                guard best < signalScores else { return backgroundCategory }
                let bin = min(max(Int((Double(x[i * d + best]) - range.lowerBound) / width), 0), binsPerSignal - 1)
                return Int32(best * binsPerSignal + bin)
            }
        }
    }

    /// The argmax baseline for features that are the first D scores of a (D+1)-class
    /// softmax: the last class's score is `1 - sum` of the others. Events won by class
    /// j < D are binned in score j (category `j * n + bin`); events won by the last
    /// class form category `D n`. K = `D binsPerClass + 1`. For the three-class toy's
    /// first two scores this is ``argmaxEquidistant(_:signalScores:binsPerSignal:range:)``.
    public static func softmaxArgmax(_ data: Dataset, binsPerClass: Int, range: ClosedRange<Double> = 0.33...1)
        -> [[Int32]]
    {
        require(binsPerClass >= 1, "at least one bin per class")
        let d = data.dimension
        let width = (range.upperBound - range.lowerBound) / Double(binsPerClass)
        return data.processes.map { sample in
            let x = sample.features
            return (0..<sample.count).map { i in
                var best = 0
                var total = Double(x[i * d])
                for j in 1..<d {
                    total += Double(x[i * d + j])
                    if x[i * d + j] > x[i * d + best] { best = j }
                }
                guard Double(x[i * d + best]) >= 1 - total else { return Int32(d * binsPerClass) }
                let bin = min(max(Int((Double(x[i * d + best]) - range.lowerBound) / width), 0), binsPerClass - 1)
                return Int32(best * binsPerClass + bin)
            }
        }
    }
}
