import Foundation
import Gato
import GatoIO

/// `report.html`: one self-contained page (inline SVG, the animation as a data
/// URI, no script, no network) with the run's settings and configuration, the
/// comparison with the baselines, a table per number of categories, and every plot.
enum HTMLReport {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return "–" }
        if value != 0 && (abs(value) >= 1e5 || abs(value) < 1e-3) { return String(format: "%.\(digits - 1)e", value) }
        return String(format: "%.\(digits)f", value)
    }

    static let style = """
        body { font-family: Helvetica, Arial, "DejaVu Sans", sans-serif; margin: 24px auto; max-width: 1320px; color: #222; }
        h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 21px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 36px; }
        h3 { font-size: 17px; margin-top: 24px; }
        table { border-collapse: collapse; margin: 10px 0; font-size: 14px; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; } th { background: #f2f2f2; }
        td.text, th.text { text-align: left; } tr.gato td { font-weight: bold; }
        .figures { display: flex; flex-wrap: wrap; gap: 18px; }
        figure { margin: 0; width: 640px; } figure svg { width: 100%; height: auto; } figure.square { width: 560px; }
        figcaption { font-size: 13px; color: #555; margin-top: 2px; }
        pre { background: #f7f7f7; padding: 10px; font-size: 12px; overflow-x: auto; }
        .note { color: #555; font-size: 14px; }
        .warning { color: #a4161a; font-weight: bold; }
        """

    static func render(
        summary: Summary, histograms: EventHistograms, overview: [Report.Figure], inputs: [Report.Figure],
        sections: [Report.CategoriesSection], configuration: String?
    ) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>gato: \(escape(summary.workflow))</title>
            <style>\(style)</style></head><body>
            <h1>gato: \(escape(summary.workflow))</h1>
            <p class="note">Every significance is computed from the hard assignment of events to categories with the
            exact Asimov formula; the categories were trained with \(summary.trainingPrecision.rawValue)-precision event loops.</p>

            """
        html += "<h2>Settings</h2>\n<table>\n"
        for row in summary.settings where row.count == 2 {
            html += "<tr><th class=\"text\">\(escape(row[0]))</th><td class=\"text\">\(escape(row[1]))</td></tr>\n"
        }
        html += "</table>\n"
        if let configuration {
            html += "<h3>Configuration</h3>\n<pre>\(escape(configuration))</pre>\n"
        }

        html += "<h2>Trained categories and baselines</h2>\n" + resultsTable(summary)
        html += figures(overview)
        html += "<h2>Inputs</h2>\n" + figures(inputs)

        for section in sections {
            let result = section.result
            html += "<h2>\(result.nCats) categories</h2>\n"
            html += String(
                format: "<p class=\"note\">Trained for %d epochs in %.1f s; %@.</p>\n", result.epochs, result.trainSeconds,
                result.starts > 1 ? "start \(result.chosenStart + 1) of \(result.starts) kept after screening" : "one start")
            html += categoryTable(result, histograms: histograms, signals: summary.signals)
            if let warning = result.backgroundWarning { html += "<p class=\"warning\">Warning: \(escape(warning)).</p>\n" }
            if let warning = result.constraintWarning { html += "<p class=\"warning\">Warning: \(escape(warning)).</p>\n" }
            html += figures(section.figures)
            if let animation = section.animation {
                html += """
                    <figure class="square"><img src="data:image/gif;base64,\(animation.data.base64EncodedString())" alt="animation" width="360" height="360">
                    <figcaption>\(escape(animation.caption))</figcaption></figure>

                    """
            }
        }
        html += "<p class=\"note\">Made by gato \(Gato.version).</p>\n</body></html>\n"
        return html
    }

    static func figures(_ figures: [Report.Figure]) -> String {
        var html = "<div class=\"figures\">\n"
        for figure in figures {
            let square = figure.path.hasSuffix("category_map.svg") ? " class=\"square\"" : ""
            html += "<figure\(square)>\(figure.svg)<figcaption>\(escape(figure.caption))</figcaption></figure>\n"
        }
        return html + "</div>\n"
    }

    static func resultsTable(_ summary: Summary) -> String {
        let signals = summary.signals
        var html = "<table><tr><th>Categories</th><th class=\"text\">Method</th>"
        html += signals.map { "<th>hard Z(\(escape($0)))</th>" }.joined()
        if signals.count > 1 { html += "<th>\(escape(summary.combination.rawValue))</th>" }
        html += "</tr>\n"
        var rows: [(Int, Bool, String, [String: Double], Double)] = summary.results.map { ($0.nCats, true, "GATO", $0.significance, $0.merit) }
        rows += summary.baselines.map { ($0.nBins, false, $0.name, $0.significance, $0.merit) }
        rows.sort { $0.0 != $1.0 ? $0.0 < $1.0 : ($0.1 && !$1.1) }
        for (bins, trained, name, significance, merit) in rows {
            html += "<tr\(trained ? " class=\"gato\"" : "")><td>\(bins)</td><td class=\"text\">\(escape(name))</td>"
            html += signals.map { "<td>\(number(significance[$0] ?? .nan))</td>" }.joined()
            if signals.count > 1 { html += "<td>\(number(merit))</td>" }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// Per category (display order): yields per process, S, B, S/B, Z per signal, bias,
    /// relative MC uncertainty of the background.
    static func categoryTable(_ result: Summary.Result, histograms: EventHistograms, signals: [String]) -> String {
        let processes = histograms.processes
        let backgrounds = zip(processes, histograms.roles).filter { $0.1 == .background }.map(\.0)
        var html = "<table><tr><th>Category</th>" + processes.map { "<th>\(escape($0))</th>" }.joined()
        html += "<th>S</th><th>B</th><th>S/B</th>" + signals.map { "<th>hard Z(\(escape($0)))</th>" }.joined()
        html += "<th>Bias</th><th>Rel. MC unc.</th></tr>\n"
        for (rank, k) in result.order.enumerated() {
            let yields = processes.map { result.yields[$0]?[k] ?? 0 }
            let s = signals.reduce(0) { $0 + (result.yields[$1]?[k] ?? 0) }
            let b = backgrounds.reduce(0) { $0 + (result.yields[$1]?[k] ?? 0) }
            html += "<tr><td>\(k)</td>" + yields.map { "<td>\(number($0))</td>" }.joined()
            html += "<td>\(number(s))</td><td>\(number(b))</td><td>\(number(b > 0 ? s / b : .nan))</td>"
            for signal in signals {
                let own = result.yields[signal]?[k] ?? 0
                let z = Significance.asimov(signal: own, background: b + s - own)
                html += "<td>\(number(z))</td>"
            }
            html += "<td>\(number(result.bias[k]))</td><td>\(number(result.relativeMCUncertainty[rank]))</td></tr>\n"
        }
        return html + "</table>\n"
    }
}
