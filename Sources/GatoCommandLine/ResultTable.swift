import Foundation
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// The table `gato example` and `gato run` print: per number of categories, the
/// hard significances of the trained categories and of the baselines, then a
/// warning for each model with a category that holds no background.
enum ResultTable {
    static func render(_ summary: Summary) -> String {
        let signals = summary.signals
        let meritTitle: String
        switch summary.combination {
        case .single: meritTitle = ""
        case .geometricMean: meritTitle = "geometric mean"
        case .quadratureSum: meritTitle = "quadrature sum"
        }
        var rows: [(bins: Int, method: String, values: [Double], merit: Double)] = []
        for result in summary.results {
            rows.append((result.nCats, "GATO", signals.map { result.significance[$0] ?? .nan }, result.merit))
        }
        for baseline in summary.baselines {
            rows.append((baseline.nBins, baseline.name, signals.map { baseline.significance[$0] ?? .nan }, baseline.merit))
        }
        rows.sort { $0.bins != $1.bins ? $0.bins < $1.bins : ($0.method == "GATO" && $1.method != "GATO") }
        let methodWidth = max(6, rows.map(\.method.count).max() ?? 0)
        let columns = signals.map { "hard Z(\($0))" } + (meritTitle.isEmpty ? [] : [meritTitle])
        let widths = columns.map { max($0.count, 8) }
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + padding : padding + text
        }
        var lines = [
            "categories  " + pad("method", methodWidth, left: true) + "  "
                + zip(columns, widths).map { pad($0, $1) }.joined(separator: "  ")
        ]
        for row in rows {
            let values = row.values + (meritTitle.isEmpty ? [] : [row.merit])
            lines.append(
                pad(String(row.bins), 10) + "  " + pad(row.method, methodWidth, left: true) + "  "
                    + zip(values, widths).map { pad(String(format: "%.3f", $0), $1) }.joined(separator: "  "))
        }
        lines += summary.results.compactMap(\.backgroundWarning).map { "warning: " + $0 }
        lines += summary.results.compactMap(\.constraintWarning).map { "warning: " + $0 }
        return lines.joined(separator: "\n")
    }
}
