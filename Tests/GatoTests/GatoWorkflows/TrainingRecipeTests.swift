import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoWorkflows

/// The training defaults: their values, how the configuration reader and the
/// examples apply them, and that `docs/configuration.md` and `docs/examples.md`
/// state them as the code has them.
@Suite struct TrainingRecipeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func document(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static let processes = """
        processes:
          - {name: s, role: signal, file: s.npz, features: x, weights: w, extra: {mass: m}}
          - {name: b, role: background, file: b.npz, features: x, weights: w, extra: {mass: m}}

        """

    // MARK: The values

    @Test func standardRecipeHoldsGatoHepsDefaults() {
        let recipe = TrainingRecipe.standard
        #expect(recipe == TrainingRecipe())
        #expect(recipe.epochs == 250 && recipe.categoryCounts == [3, 5, 10] && recipe.optimizer == .rmsprop)
        #expect(recipe.learningRate == ScheduleSettings(.cosine, from: 0.05, to: 0.001))
        #expect(recipe.temperature == ScheduleSettings(.cosine, from: 1, to: 0.05))
        #expect(recipe.steepness == ScheduleSettings(.cosine, from: 50, to: 10_000))
        #expect(recipe.seed == 42 && recipe.precision == .single && recipe.biasInterval == 10)
        #expect(recipe.restarts == RestartSettings(starts: 4, screeningFraction: 0.3, subsample: 4))
        #expect(recipe.yieldPenaltyWeight == 0 && recipe.uncertaintyPenaltyWeight == 0)
        #expect(recipe.yieldThreshold == 10 && recipe.uncertaintyThreshold == 0.2)
        #expect(recipe.refitInterval == 50)
        // The types' own defaults are the recipe's.
        #expect(RestartSettings() == recipe.restarts && RestartSettings.single.screeningFraction == 0.3)
        #expect(ExampleWorkflow.Options().seed == 42 && ExampleWorkflow.Options().starts == 4)
    }

    @Test func examplesOverrideOnlyWhatTheirScriptsChange() {
        var oneDimensional = TrainingRecipe.standard
        oneDimensional.learningRate = ScheduleSettings(.cosine, from: 0.1, to: 0.001)
        oneDimensional.yieldThreshold = 5
        #expect(ExampleWorkflow.oneDimensionalCuts.recipe == oneDimensional)
        #expect(ExampleWorkflow.oneDimensionalGMM.recipe == oneDimensional)
        var threeClass = TrainingRecipe.standard
        threeClass.yieldThreshold = 5
        #expect(ExampleWorkflow.threeClass.recipe == threeClass)
        let bump = ExampleWorkflow.bumpHunt.recipe
        #expect(bump.epochs == 200 && bump.categoryCounts == [3, 5])
        #expect(bump.temperature == ScheduleSettings(.cosine, from: 1, to: 0.1))
        #expect(bump.yieldThreshold == 10 && bump.uncertaintyThreshold == 0.1)
        #expect(bump.learningRate == ScheduleSettings(.cosine, from: 0.05, to: 0.001) && bump.refitInterval == 50)
    }

    @Test func examplesBuildTheirAnalysesFromTheirRecipes() throws {
        let small = ExampleWorkflow.Options(lambdaYield: 0.5, lambdaUncertainty: 2, backgroundEvents: 2000, signalEvents: 500)
        let bump = try ExampleWorkflow.bumpHunt.analysis(small)
        #expect(bump.epochs == 200 && bump.categoryCounts == [3, 5] && bump.seed == 42)
        #expect(bump.learningRate == ScheduleSettings(.cosine, from: 0.05, to: 0.001))
        #expect(bump.annealing == ScheduleSettings(.cosine, from: 1, to: 0.1))
        #expect(bump.objective.yieldPenalty == PenaltySetting(lambda: 0.5, threshold: 10))
        #expect(bump.objective.uncertaintyPenalty == PenaltySetting(lambda: 2, threshold: 0.1))
        #expect(bump.sideband?.interval == 50 && bump.restarts == RestartSettings(starts: 4, screeningFraction: 0.3, subsample: 4))
        #expect(bump.optimizer == .rmsprop && bump.biasInterval == 10 && bump.precision == .single)

        let cuts = try ExampleWorkflow.oneDimensionalCuts.analysis(small)
        #expect(cuts.epochs == 250 && cuts.categoryCounts == [3, 5, 10])
        #expect(cuts.learningRate == ScheduleSettings(.cosine, from: 0.1, to: 0.001))
        #expect(cuts.annealing == ScheduleSettings(.cosine, from: 50, to: 10_000))
        #expect(cuts.objective.yieldPenalty == PenaltySetting(lambda: 0.5, threshold: 5))
        #expect(cuts.objective.uncertaintyPenalty == PenaltySetting(lambda: 2, threshold: 0.2))

        // Without --lam-*, no penalty; a flag wins over the recipe.
        var options = ExampleWorkflow.Options(epochs: 7, categoryCounts: [4], thresholdYield: 3, backgroundEvents: 2000, signalEvents: 500, starts: 1)
        let plain = try ExampleWorkflow.threeClass.analysis(options)
        #expect(plain.objective.yieldPenalty == nil && plain.objective.uncertaintyPenalty == nil)
        #expect(plain.epochs == 7 && plain.categoryCounts == [4] && plain.restarts.starts == 1)
        #expect(plain.annealing == ScheduleSettings(.cosine, from: 1, to: 0.05))
        options.lambdaYield = 1
        #expect(try ExampleWorkflow.threeClass.analysis(options).objective.yieldPenalty == PenaltySetting(lambda: 1, threshold: 3))
    }

    // MARK: The configuration reader

    @Test func configurationWithoutTrainingSectionIsTheRecipe() throws {
        let configuration = try AnalysisConfiguration.parse(
            Self.processes + "model: {kind: gmm}\nobjective: {signals: [s]}\nbackground_factors: {}",
            file: "a.yaml", directory: URL(fileURLWithPath: "/data"))
        #expect(configuration.epochs == 250 && configuration.categoryCounts == [3, 5, 10])
        #expect(configuration.optimizer == .rmsprop && configuration.seed == 42 && configuration.precision == .single)
        #expect(configuration.learningRate == ScheduleSettings(.cosine, from: 0.05, to: 0.001))
        #expect(configuration.annealing == ScheduleSettings(.cosine, from: 1, to: 0.05))
        #expect(configuration.restarts == RestartSettings(starts: 4, screeningFraction: 0.3, subsample: 4))
        #expect(configuration.biasInterval == 10 && configuration.sideband?.interval == 50)
        #expect(configuration.objective.yieldPenalty == nil && configuration.objective.uncertaintyPenalty == nil)
        // The sideband fit is MassSidebandFit's: 100-180 GeV, window 125 +- 1.5, 10 bins.
        #expect(configuration.sideband?.fit == MassSidebandFit(column: "mass", range: 100...180, window: 123.5...126.5, bins: 10))

        let recipe = TrainingRecipe.standard
        #expect(configuration.epochs == recipe.epochs && configuration.categoryCounts == recipe.categoryCounts)
        #expect(configuration.learningRate == recipe.learningRate && configuration.annealing == recipe.temperature)
        #expect(configuration.restarts == recipe.restarts && configuration.seed == recipe.seed)
    }

    @Test func configurationPenaltiesAndCutsTakeTheRecipesDefaults() throws {
        let configuration = try AnalysisConfiguration.parse(
            Self.processes + """
                model: {kind: cuts, variables: [{bins: 2}, {bins: 3}]}
                objective: {signals: [s], penalties: {yield: {lambda: 1}, uncertainty: {lambda: 0.5}}}
                training: {epochs: 12, starts: 2}
                """,
            file: "a.yaml", directory: URL(fileURLWithPath: "/data"))
        #expect(configuration.objective.yieldPenalty == PenaltySetting(lambda: 1, threshold: 10))
        #expect(configuration.objective.uncertaintyPenalty == PenaltySetting(lambda: 0.5, threshold: 0.2))
        #expect(configuration.annealing == ScheduleSettings(.cosine, from: 50, to: 10_000))
        #expect(configuration.categoryCounts == [6])  // 2 x 3 bins, one model
        #expect(configuration.epochs == 12 && configuration.restarts == RestartSettings(starts: 2, screeningFraction: 0.3, subsample: 4))
        #expect(configuration.learningRate == ScheduleSettings(.cosine, from: 0.05, to: 0.001))
    }

    // MARK: In words

    @Test func defaultsInWords() {
        #expect(TrainingRecipe.words(0.05) == "0.05" && TrainingRecipe.words(1) == "1" && TrainingRecipe.words(10_000) == "10000")
        #expect(TrainingRecipe.words(-2.5) == "-2.5" && TrainingRecipe.words(0) == "0")
        #expect(TrainingRecipe.words(ScheduleSettings(.cosine, from: 0.05, to: 0.001)) == "cosine 0.05 -> 0.001")
        #expect(TrainingRecipe.words(ScheduleSettings(.exponential, from: 1, to: 0.01)) == "exponential 1 -> 0.01")
        #expect(TrainingRecipe.words(ScheduleSettings(.constant, from: 0.02, to: 0.02)) == "0.02")
        #expect(TrainingRecipe.words(RestartSettings(starts: 4, screeningFraction: 0.3, subsample: 4))
            == "4, each screened for 30% of the epochs on 1/4 of the events")
        #expect(TrainingRecipe.words(RestartSettings(starts: 3, screeningFraction: 0.29, subsample: 2))
            == "3, each screened for 29% of the epochs on 1/2 of the events")
        #expect(TrainingRecipe.words(RestartSettings.single) == "1")
        #expect(ExampleWorkflow.defaultInWords { "\($0.recipe.epochs)" } == "250; bump-hunt 200")
        #expect(ExampleWorkflow.defaultInWords { TrainingRecipe.list($0.recipe.categoryCounts) } == "3 5 10; bump-hunt 3 5")
        #expect(ExampleWorkflow.defaultInWords { "\($0.defaults.backgroundEvents)" } == "300000; three-class, bump-hunt 1000000")
        #expect(ExampleWorkflow.defaultInWords { "\($0.defaults.signalEvents)" } == "100000")
        #expect(ExampleWorkflow.defaultInWords { $0 == .threeClass ? "b" : "a" } == "a; three-class b")
        let keys = TrainingRecipe.standard.inWords.map(\.key)
        #expect(Set(keys).count == keys.count && keys.count == 15)
    }

    // MARK: The documentation

    /// The `| key | default | meaning |` tables of a markdown text: the default cell
    /// of each row, keyed by the section's name (the first backquoted word of the
    /// `###` heading above) and the row's key, as "training.epochs". A cell's default
    /// is its text up to the first " (" or ";", without backquotes.
    static func documentedDefaults(_ markdown: String) -> [String: String] {
        var result: [String: String] = [:]
        var section = ""
        var inTable = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("### ") {
                section = line.split(separator: "`").dropFirst().first.map(String.init) ?? ""
            }
            if line == "| key | default | meaning |" {
                inTable = true
                continue
            }
            guard inTable, line.hasPrefix("|") else {
                inTable = false
                continue
            }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 3, !cells[0].hasPrefix("---") else { continue }
            var value = Substring(cells[1])
            for separator in [" (", ";"] {
                if let range = value.range(of: separator) { value = value[..<range.lowerBound] }
            }
            let key = cells[0].replacingOccurrences(of: "`", with: "")
            result[section + "." + key] = value.replacingOccurrences(of: "`", with: "")
                .trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    @Test func tableParserReadsKeysAndDefaults() {
        let markdown = """
            ### `training`

            | key | default | meaning |
            | --- | --- | --- |
            | `epochs` | `250` | steps |
            | `categories` | `[3, 5]` (gmm); cuts: bins | models |
            | `signals` | | none |

            | key | default | meaning |
            | `other` | x | after a blank line: a new table |
            text
            | `not` | in | a table |
            """
        #expect(Self.documentedDefaults(markdown) == [
            "training.epochs": "250", "training.categories": "[3, 5]", "training.signals": "", "training.other": "x",
        ])
    }

    @Test func configurationDocumentsEveryDefaultAsTheRecipeHasIt() throws {
        let documented = Self.documentedDefaults(try Self.document("docs/configuration.md"))
        for entry in TrainingRecipe.standard.inWords {
            #expect(documented[entry.key] != nil, "docs/configuration.md does not document \(entry.key)")
            if let value = documented[entry.key] {
                #expect(value == entry.words, "docs/configuration.md: \(entry.key) is '\(value)', the recipe's '\(entry.words)'")
            }
        }
    }

    @Test func examplesPageStatesEachWorkflowsRecipe() throws {
        let page = try Self.document("docs/examples.md")
        let lines = page.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| | `1d-cuts`") })
        func cells(_ line: String) -> [String] {
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
        let columns = cells(lines[header]).dropFirst().map { $0.replacingOccurrences(of: "`", with: "") }
        #expect(columns == ExampleWorkflow.allCases.map(\.rawValue))
        var rows: [String: [String]] = [:]
        for line in lines[(header + 2)...].prefix(while: { $0.hasPrefix("|") }) {
            let row = cells(line)
            rows[String(row[0].prefix { $0 != " " })] = Array(row.dropFirst())
        }
        for (index, workflow) in ExampleWorkflow.allCases.enumerated() {
            let recipe = workflow.recipe
            let annealing = workflow == .oneDimensionalCuts
                ? "steepness " + TrainingRecipe.words(recipe.steepness)
                : "temperature " + TrainingRecipe.words(recipe.temperature)
            let penalties = (recipe.yieldPenaltyWeight == 0 && recipe.uncertaintyPenaltyWeight == 0 ? "off" : "on")
                + "; thresholds \(TrainingRecipe.words(recipe.yieldThreshold)) and "
                + TrainingRecipe.words(recipe.uncertaintyThreshold)
            let expected = [
                "categories": TrainingRecipe.list(recipe.categoryCounts), "epochs": "\(recipe.epochs)",
                "learning": TrainingRecipe.words(recipe.learningRate), "annealing": annealing, "penalties": penalties,
            ]
            for (row, value) in expected {
                #expect(rows[row]?[index] == value, "docs/examples.md, \(row) of \(workflow.rawValue)")
            }
        }
        let text = page.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let standard = TrainingRecipe.standard
        for phrase in [
            "`--rewt-interval` (\(ExampleWorkflow.bumpHunt.recipe.refitInterval)) epochs",
            "125 +- `--mass-sigma` (\(TrainingRecipe.words(ExampleWorkflow.bumpHunt.defaults.massSigma))) GeV",
            "All four use seed \(standard.seed) (`--seed`)",
            "screen \(standard.restarts.starts) random starts (`--starts`: \(TrainingRecipe.words(standard.restarts));",
            "learning rate (\(standard.optimizer == .rmsprop ? "RMSprop" : standard.optimizer.rawValue))",
        ] {
            #expect(text.contains(phrase), "docs/examples.md: '\(phrase)'")
        }
    }
}
