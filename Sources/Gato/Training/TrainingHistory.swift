import Foundation

/// What happened in one epoch of training.
public struct EpochRecord: Sendable, Equatable {
    /// The epoch index, from 0.
    public var epoch: Int
    /// The learning rate used for this epoch's step.
    public var learningRate: Double
    /// The temperature (GMM) or steepness (cuts) used for this epoch.
    public var annealedValue: Double
    /// The loss before this epoch's step.
    public var loss: Double
    /// The objective's named terms (significances, penalties), before the step.
    public var terms: [LossTerm]
    /// The mean |bias| over categories, when it was computed this epoch.
    public var meanAbsoluteBias: Double?
}

/// The epochs of a training, in order, with a CSV form.
public struct TrainingHistory: Sendable, Equatable {
    /// "temperature" or "steepness".
    public var annealedValueName: String
    /// One record per epoch.
    public var records: [EpochRecord]

    public init(annealedValueName: String, records: [EpochRecord] = []) {
        self.annealedValueName = annealedValueName
        self.records = records
    }

    /// The names of the terms, in the order of the first record.
    public var termNames: [String] { records.first?.terms.map(\.name) ?? [] }

    /// The values of term `name` over the epochs (nil where it is missing).
    public func values(of name: String) -> [Double?] {
        records.map { record in record.terms.first { $0.name == name }?.value }
    }

    /// The history as CSV: `epoch, learning_rate, <temperature|steepness>, loss,
    /// <terms...>, mean_abs_bias` (empty where not computed), full precision.
    public func csv() -> String {
        let names = termNames
        var lines = [(["epoch", "learning_rate", annealedValueName, "loss"] + names + ["mean_abs_bias"])
            .joined(separator: ",")]
        for record in records {
            var fields = [String(record.epoch), "\(record.learningRate)", "\(record.annealedValue)", "\(record.loss)"]
            for name in names {
                fields.append(record.terms.first { $0.name == name }.map { "\($0.value)" } ?? "")
            }
            fields.append(record.meanAbsoluteBias.map { "\($0)" } ?? "")
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
