import Foundation
import Gato
import GatoIO

let events = try ToyData.threeClass().selectingDimensions([0, 1])  // 700k events, two softmax scores
var generator = Xoshiro256StarStar(seed: 42)
let model = try GaussianMixtureCategorizer(categories: 5, dimension: 2, generator: &generator)
let objective = try SignificanceObjective(signals: ["signal1", "signal2"], combination: .geometricMean)
var trainer = try Trainer(model: model, options: TrainingOptions(
    epochs: 100, learningRate: .cosine(from: 0.05, to: 0.001, epochs: 100),
    annealing: .cosine(from: 1, to: 0.05, epochs: 100)))
try trainer.train { m in objective.evaluate(m, on: events) }
print("Z (hard):", trainer.model.hardYields(events).significances(signals: ["signal1", "signal2"]))
try Checkpoint.save(trainer.model, to: URL(fileURLWithPath: "gmm_5_bins.json"))
