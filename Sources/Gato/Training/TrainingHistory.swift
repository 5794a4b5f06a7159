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

    /// Reads the CSV written by ``csv()``.
    public init(csv: String) throws {
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
            header.count >= 5, header[0] == "epoch", header[1] == "learning_rate", header[3] == "loss",
            header.last == "mean_abs_bias"
        else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "not a gato training history"])
        }
        let names = Array(header[4..<(header.count - 1)])
        var records: [EpochRecord] = []
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count, let epoch = Int(fields[0]), let rate = Double(fields[1]),
                let annealed = Double(fields[2]), let loss = Double(fields[3])
            else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "history line \(number + 2) is malformed"])
            }
            let terms = names.indices.compactMap { j in Double(fields[4 + j]).map { LossTerm(names[j], $0) } }
            records.append(EpochRecord(
                epoch: epoch, learningRate: rate, annealedValue: annealed, loss: loss, terms: terms,
                meanAbsoluteBias: Double(fields[header.count - 1])))
        }
        self.init(annealedValueName: header[2], records: records)
    }
}
