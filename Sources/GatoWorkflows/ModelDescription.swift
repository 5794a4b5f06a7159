import Foundation
import Gato
import GatoIO

/// A trained model in words and in the units of its inputs: what `gato inspect`
/// prints.
public enum ModelDescription {
    /// The description of a checkpoint's model; `file` names it in the first line.
    public static func describe(_ model: Checkpoint.Model, file: String) -> String {
        switch model {
        case .gaussianMixture(let model): return describe(model, file: file)
        case .sigmoidCuts(let model): return describe(model, file: file)
        }
    }

    /// A Gaussian mixture: per category its mixture weight, mean, widths and
    /// correlations in the units of the inputs; in 1-D also the boundaries.
    public static func describe(_ model: GaussianMixtureCategorizer, file: String) -> String {
        let (k, d) = (model.categoryCount, model.dimension)
        let means = model.effectiveMeans()
        let covariances = model.covariances()
        let weights = model.mixtureWeights()
        var lines = [
            "\(file): Gaussian mixture (gmm), \(k) categories in \(d) dimension\(d == 1 ? "" : "s")",
            String(format: "temperature %g, mean_norm %@, cov_offdiag_damping %g", model.temperature,
                   model.meanNormalization.rawValue, model.offDiagonalDamping),
            "",
        ]
        func vector(_ values: [Double]) -> String { "(" + values.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ")" }
        for c in 0..<k {
            let mean = Array(means[(c * d)..<((c + 1) * d)])
            let sigma = (0..<d).map { covariances[(c * d + $0) * d + $0].squareRoot() }
            var line = String(format: "category %2d  weight %.4f  mean %@  sigma %@", c, weights[c], vector(mean), vector(sigma))
            if d > 1 {
                var correlations: [String] = []
                for i in 0..<d {
                    for j in (i + 1)..<d {
                        let rho = covariances[(c * d + i) * d + j] / (sigma[i] * sigma[j])
                        correlations.append(String(format: "rho(%d,%d) %.3f", i, j, rho))
                    }
                }
                line += "  " + correlations.joined(separator: " ")
            }
            lines.append(line)
        }
        if d == 1 {
            let boundaries = model.effectiveBoundaries1D()
            lines.append("")
            lines.append("boundaries: " + boundaries.boundaries.map { String(format: "%.5f", $0) }.joined(separator: " "))
            lines.append("categories from left to right: " + boundaries.intervals.map(String.init).joined(separator: " "))
            for c in boundaries.categoriesWithSeveralIntervals {
                let list = boundaries.intervals(of: c).map { String(format: "[%.5f, %.5f]", $0.lowerBound, $0.upperBound) }
                lines.append("category \(c) covers \(list.count) disjoint intervals: " + list.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A cut model: per variable its bins, range, steepness and boundaries, and how
    /// the category number is formed from the bins.
    public static func describe(_ model: SigmoidCutCategorizer, file: String) -> String {
        var lines = ["\(file): sigmoid cuts (cuts), \(model.categoryCount) categories from \(model.dimension) variable\(model.dimension == 1 ? "" : "s")", ""]
        for (j, variable) in model.variables.enumerated() {
            lines.append(String(
                format: "%@: %d bins on [%g, %g], steepness %g", variable.name, variable.bins, variable.range.lowerBound,
                variable.range.upperBound, model.steepness[j]))
            lines.append("  boundaries: " + model.boundaries(j).map { String(format: "%.5f", $0) }.joined(separator: " "))
        }
        if model.dimension > 1 {
            lines.append("")
            lines.append("category = " + model.variables.map(\.name).enumerated().map { j, name in
                j == model.dimension - 1 ? "bin(\(name))" : "bin(\(name)) x \(model.variables[(j + 1)...].map { String($0.bins) }.joined(separator: " x "))"
            }.joined(separator: " + "))
        }
        return lines.joined(separator: "\n")
    }
}
