import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct AnalysisConfigurationTests {
    static func parse(_ text: String, directory: URL = URL(fileURLWithPath: "/data")) throws -> AnalysisConfiguration {
        try AnalysisConfiguration.parse(text, file: "a.yaml", directory: directory)
    }

    @Test func cutsModelWithSchedulesAndBaselines() throws {
        let configuration = try Self.parse("""
            processes:
              - {name: s, role: signal, file: s.npy, weights: {file: sw.npy}}
              - {name: b, role: background, file: /abs/b.npz, features: x, weights: {file: bw.csv, column: w}}
            model:
              kind: cuts
              variables: [{name: score, bins: 4, range: [0, 2], steepness: 20}]
            objective: {signals: s, formula: gato-hep}
            training:
              categories: [4, 6]
              learning_rate: 0.02
              steepness: {schedule: exponential, from: 10, to: 1000}
              optimizer: adam
              seed: 7
              starts: 1
            baselines:
              - {kind: equidistant, bins: [2, 4], range: [0, 2]}
            """)
        #expect(configuration.model == .sigmoidCuts(variables: [CutVariable(name: "score", bins: 4, range: 0...2, steepness: 20)]))
        #expect(configuration.categoryCounts == [4, 6] && configuration.optimizer == .adam && configuration.seed == 7)
        #expect(configuration.learningRate == ScheduleSettings(.constant, from: 0.02, to: 0.02))
        #expect(configuration.annealing == ScheduleSettings(.exponential, from: 10, to: 1000))
        #expect(configuration.restarts.starts == 1 && configuration.objective.formula == .gatoHep)
        #expect(configuration.objective.combination == .single)
        #expect(configuration.processes[0].file.path == "/data/s.npy" && configuration.processes[0].features == .wholeFile)
        #expect(configuration.processes[0].weights == .file(URL(fileURLWithPath: "/data/sw.npy"), array: nil))
        #expect(configuration.processes[1].file.path == "/abs/b.npz")
        #expect(configuration.processes[1].weights == .file(URL(fileURLWithPath: "/data/bw.csv"), array: "w"))
        #expect(configuration.baselines == [.equidistant(bins: [2, 4], range: 0...2)])
    }

    @Test func gmmDefaultsAndPerDimensionRanges() throws {
        let configuration = try Self.parse("""
            name: two-d
            processes:
              - {name: s, role: signal, file: s.csv, features: [a, b], weights: 1}
              - {name: b, role: background, file: b.csv, features: [a, b], weights: w}
            model: {kind: gmm, mean_norm: sigmoid, mean_range: [[0, 1], [-3, 3]]}
            objective: {signals: [s], penalties: {yield: {lambda: 0.5}, uncertainty: {lambda: 0, threshold: 0.1}}}
            """)
        #expect(configuration.name == "two-d")
        #expect(configuration.model == .gaussianMixture(meanNormalization: .sigmoid, meanRange: [0...1, -3...3], offDiagonalDamping: 0.1))
        #expect(configuration.categoryCounts == [3, 5, 10] && configuration.epochs == 250 && configuration.optimizer == .rmsprop)
        #expect(configuration.annealing == ScheduleSettings(.cosine, from: 1, to: 0.05))
        #expect(configuration.learningRate == ScheduleSettings(.cosine, from: 0.05, to: 0.001))
        #expect(configuration.objective.yieldPenalty == PenaltySetting(lambda: 0.5, threshold: 10))
        #expect(configuration.objective.uncertaintyPenalty == nil)  // lambda 0 turns it off
        #expect(configuration.processes[0].weights == .constant(1) && configuration.processes[1].weights == .named("w"))
        #expect(configuration.sideband == nil && configuration.restarts.starts == 4)
    }

    @Test func mistakesAreLocated() {
        func message(_ text: String) -> String {
            do {
                _ = try Self.parse(text)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let processes = """
            processes:
              - {name: s, role: signal, file: s.npz, features: x, weights: w}
              - {name: b, role: background, file: b.npz, features: x, weights: w}

            """
        #expect(message(processes + "model: {kind: cuts, variables: [{bins: 1}]}\nobjective: {signals: [s]}")
            == "a.yaml:4: model.variables[0].bins: must be at least 2")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\ntraining: {steepness: 5}")
            == "a.yaml:6: training.steepness: 'steepness' is for the cut model; a GMM anneals its 'temperature'")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s, t]}")
            == "a.yaml:5: objective.signals: no process named 't'")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s], combination: single}\ntraining: {categories: [1]}")
            == "a.yaml:6: training.categories: every number of categories must be at least 2")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\nbackground_factors: {interval: 5}")
            == "a.yaml:6: background_factors: background 'b' has no extra column 'mass' to fit")
        #expect(message("processes:\n  - {name: s, role: signal, file: s.root, features: x, weights: w}")
            == "a.yaml:2: processes[0].file: unknown file type; use .npz, .npy or .csv")
        let backgroundWithMass = """
            processes:
              - {name: s, role: signal, file: s.npz, features: x, weights: w}
              - {name: b, role: background, file: b.npz, features: x, weights: w, extra: {mass: m}}

            """
        #expect(message(backgroundWithMass + "model: {kind: gmm}\nobjective: {signals: [s]}\nbackground_factors: {interval: 5}")
            == "a.yaml:6: background_factors: process 's' has no extra column 'mass' to evaluate inside the window "
                + "(add it, or set evaluate_in_window: false)")
        #expect(message(backgroundWithMass + "model: {kind: gmm}\nobjective: {signals: [s]}\nbackground_factors: {evaluate_in_window: false}")
            == "no error")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\ntraining:\n  learning_rate: {schedule: exponential, from: 0, to: 1}")
            == "a.yaml:7: training.learning_rate: an exponential schedule needs positive values")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\ntraining:\n  temperature: {schedule: cosine, from: 1, to: -0.5}")
            == "a.yaml:7: training.temperature: must stay positive (from and to > 0)")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\ntraining:\n  learning_rate: -0.01")
            == "a.yaml:7: training.learning_rate: must not be negative")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\ntraining:\n  learning_rate: 0")
            == "a.yaml:7: training.learning_rate: must start above 0 (a rate of 0 does not train)")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\ntraining:\n  learning_rate: {schedule: cosine, from: 0, to: 0.01}")
            == "a.yaml:7: training.learning_rate: must start above 0 (a rate of 0 does not train)")
        #expect(message(processes + "model: {kind: gmm}\nobjective: {signals: [s]}\ntraining:\n  learning_rate: {schedule: cosine, from: 0.05, to: 0}")
            == "no error")
        #expect(message("processes:\n  - {name: s, role: signal, file: s.npy, weights: .nan}")
            == "a.yaml:2: processes[0].weights: the weight must be finite")
        #expect(message("processes:\n  - {name: b, role: background, file: b.csv, features: [], weights: w}")
            == "a.yaml:2: processes[0].features: list at least one feature column")
        #expect(message("version: 2\nprocesses: []") == "a.yaml:1: version: this gato reads configuration version 1")
        #expect(message("processes:\n  - {name: s, role: signal, file: s.npz, features: x, weights: w, weights: v}")
            == "a.yaml:2: the key 'weights' is given twice in one mapping")
    }
}
