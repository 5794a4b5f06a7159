import Foundation
import Gato
import GatoIO

/// Colours and labels shared by every plot of a report, so that a process or a
/// category looks the same everywhere.
///
/// Backgrounds take Petroff's colour-blind-safe sequence in dataset order (without
/// its red and purple, which mark the signals); signals are dashed lines in red,
/// purple, and further colours. Categories take the sequence in order, lighter
/// shades after the first ten.
package struct ReportStyle: Sendable {
    package let processes: [String]
    package let roles: [ProcessRole]

    package init(processes: [String], roles: [ProcessRole]) {
        self.processes = processes
        self.roles = roles
    }

    static let backgroundPalette = ["#3f90da", "#ffa90e", "#94a4a2", "#a96b59", "#e76300", "#b9ac70", "#717581", "#92dadd"]
        .map { RGBColor(hex: $0) }
    static let signalPalette = ["#bd1f01", "#832db6", "#e42536", "#7a21dd", "#964a8b"].map { RGBColor(hex: $0) }

    package var backgrounds: [String] { zip(processes, roles).filter { $0.1 == .background }.map(\.0) }
    package var signals: [String] { zip(processes, roles).filter { $0.1 == .signal }.map(\.0) }

    /// The colour of a process.
    package func color(of process: String) -> RGBColor {
        if let index = signals.firstIndex(of: process) {
            return Self.signalPalette[index % Self.signalPalette.count]
        }
        let index = backgrounds.firstIndex(of: process) ?? 0
        let base = Self.backgroundPalette[index % Self.backgroundPalette.count]
        return index < Self.backgroundPalette.count ? base : PlotPalette.lightened(base, by: 0.35)
    }

    /// The colour of category k.
    package static func categoryColor(_ k: Int) -> RGBColor {
        let base = PlotPalette.petroff10[k % 10]
        return k < 10 ? base : PlotPalette.lightened(base, by: 0.4 * Double(k / 10))
    }

    /// The factor that brings a signal to the scale of the background stack: the
    /// largest of 1, 2, 5 x 10^n not above `backgroundMaximum / signalMaximum` (at
    /// least 1), as physicists label "Signal x100".
    package static func signalScale(signalMaximum: Double, backgroundMaximum: Double) -> Double {
        guard signalMaximum > 0, backgroundMaximum > signalMaximum else { return 1 }
        let ratio = backgroundMaximum / signalMaximum
        let decade = pow(10, floor(log10(ratio)))
        for step in [5.0, 2.0, 1.0] where step * decade <= ratio { return step * decade }
        return decade
    }

    /// "signal1 x100" (or the name alone for a factor of 1).
    package static func scaledLabel(_ name: String, _ scale: Double) -> String {
        scale == 1 ? name : "\(name) ×\(scale < 1e6 ? String(Int(scale)) : String(format: "%g", scale))"
    }
}
