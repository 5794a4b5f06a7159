import Foundation
import Gato

/// A model's parameters at some epochs of a training, for animations and boundary
/// tracks drawn after the fact (`snapshots/<K>_bins.json`, version 1):
///
/// ```
/// {"format": "gato-snapshots", "version": 1, "n_cats": 5,
///  "annealed_value_name": "temperature",
///  "frames": [{"epoch": 0, "annealed_value": 1.0, "parameters": [...]}]}
/// ```
/// `parameters` is the model's ``Categorizer/parameterVector`` (for a Gaussian
/// mixture: mixture logits, then means, then unconstrained L); the model's
/// structure is that of the checkpoint beside it.
package struct TrainingSnapshots: Codable, Sendable, Equatable {
    package struct Frame: Codable, Sendable, Equatable {
        package var epoch: Int
        package var annealedValue: Double
        package var parameters: [Double]

        enum CodingKeys: String, CodingKey {
            case epoch, annealedValue = "annealed_value", parameters
        }
    }

    package var format = "gato-snapshots"
    package var version = 1
    package var categories: Int
    package var annealedValueName: String
    package var frames: [Frame]

    enum CodingKeys: String, CodingKey {
        case format, version, categories = "n_cats", annealedValueName = "annealed_value_name", frames
    }

    package init(categories: Int, annealedValueName: String, frames: [Frame] = []) {
        self.categories = categories
        self.annealedValueName = annealedValueName
        self.frames = frames
    }

    /// The epochs at which a training of `epochs` epochs is recorded: about 50
    /// evenly spaced ones, always including the first and the last.
    package static func recordedEpochs(of epochs: Int, frames: Int = 50) -> Set<Int> {
        guard epochs > 0 else { return [] }
        let step = max(1, epochs / frames)
        return Set(stride(from: 0, to: epochs, by: step)).union([epochs - 1])
    }

    /// Adds a frame for `model` after `epoch`.
    package mutating func record<Model: Categorizer>(_ model: Model, epoch: Int) {
        frames.append(Frame(epoch: epoch, annealedValue: model.annealedValue, parameters: model.parameterVector))
    }

    /// The model of each frame: `template` (the checkpoint's model) with the frame's
    /// parameters and annealed value.
    package func models<Model: Categorizer>(like template: Model) -> [(epoch: Int, model: Model)] {
        frames.map { frame in
            var model = template
            model.parameterVector = frame.parameters
            model.annealedValue = frame.annealedValue
            return (frame.epoch, model)
        }
    }

    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    package static func read(from url: URL) throws -> TrainingSnapshots {
        try VersionedJSON.read(TrainingSnapshots.self, from: url, format: "gato-snapshots", version: 1)
    }
}
