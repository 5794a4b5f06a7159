import Foundation
import Gato
import GatoIO

/// One axis of a ``Plot``: its label, its scale, an optional fixed range, and the
/// tick positions and labels for a range.
///
/// Ticks follow matplotlib's defaults, as mplhep's styles use them:
///
/// - **linear**: major ticks at multiples of a "nice" step `m * 10^n` with
///   `m` in {1, 2, 5}, the smallest step that gives at most `maxMajorCount`
///   ticks in the range; minor ticks divide each step into 5 (m = 1 or 5) or 4
///   (m = 2) parts. Labels have the decimals of the step ("0.0", "0.2", ...),
///   a Unicode minus sign, and a common factor ``Ticks/multiplier`` ("×10⁶") when
///   the largest label would be at least 10⁶ or below 10⁻⁴.
/// - **log**: major ticks at decades labelled "10³"; minor ticks at 2..9 times
///   each decade. When the range holds too many decades only every k-th decade is
///   labelled (the others become minor ticks); when it holds fewer than two
///   decades, 2 and 5 times the decades are labelled too (in plain numbers); and
///   when it spans less than a factor 3, linear ticks are used.
package struct PlotAxis: Sendable {
    /// How data values map to positions along the axis.
    package enum Scale: Sendable, Equatable {
        /// Positions proportional to the value.
        case linear
        /// Positions proportional to log10 of the value; values <= 0 are not shown.
        case log
    }

    /// The text drawn at the end of the axis (empty: none).
    package var label: String
    /// The scale of the axis.
    package var scale: Scale
    /// The range shown, or nil to take it from the data (y axes then keep
    /// ``headroom`` free above the data). On a log axis a lower bound <= 0 is
    /// replaced by the automatic one.
    package var range: ClosedRange<Double>?
    /// For a y axis with an automatic range: the fraction of the axis height kept
    /// free above the data (on a log axis: of its height in decades), e.g. 0.3; nil
    /// for automatic (enough for the legend and the label at the top, and at
    /// least 0.3 with histograms, whose values start at 0).
    package var headroom: Double?
    /// The colour of the tick labels and the axis label, nil for black (a second y
    /// axis is often given the colour of its curve).
    package var color: RGBColor?
    /// Ticks to use instead of the automatic ones (for example category numbers at
    /// bin centres); only those inside the range shown are drawn.
    package var fixedTicks: Ticks?

    /// An axis with the given label and scale, and an automatic range unless
    /// `range` is given.
    package init(
        label: String = "", scale: Scale = .linear, range: ClosedRange<Double>? = nil, headroom: Double? = nil,
        color: RGBColor? = nil
    ) {
        self.label = label
        self.scale = scale
        self.range = range
        self.headroom = headroom
        self.color = color
    }

    /// The ticks of an axis over one range.
    package struct Ticks: Sendable, Equatable {
        /// The positions of the labelled ticks, in data units, increasing.
        package var major: [Double]
        /// The text of each major tick (same count as ``major``).
        package var labels: [String]
        /// The positions of the unlabelled short ticks, increasing.
        package var minor: [Double]
        /// A common factor such as "×10⁶" by which the labels are to be multiplied
        /// (nil: the labels are the values).
        package var multiplier: String?

        /// Ticks with the given positions and labels.
        package init(major: [Double], labels: [String], minor: [Double], multiplier: String? = nil) {
            self.major = major
            self.labels = labels
            self.minor = minor
            self.multiplier = multiplier
        }
    }

    /// The ticks of this axis over `range` (see the type's description), with at
    /// most `maxMajorCount` labelled ticks (at least 2 are asked for).
    package func ticks(in range: ClosedRange<Double>, maxMajorCount: Int = 8) -> Ticks {
        if let fixed = fixedTicks {
            let kept = fixed.major.indices.filter { range.contains(fixed.major[$0]) }
            return Ticks(
                major: kept.map { fixed.major[$0] }, labels: kept.map { fixed.labels[$0] },
                minor: fixed.minor.filter { range.contains($0) })
        }
        switch scale {
        case .linear: return Self.linearTicks(in: range, maxMajorCount: maxMajorCount)
        case .log: return Self.logTicks(in: range, maxMajorCount: maxMajorCount)
        }
    }

    // MARK: - Linear ticks

    /// A nice step `m * 10^e` (m in 1, 2, 5) as its mantissa and exponent.
    struct Step: Equatable {
        var mantissa: Int
        var exponent: Int

        var value: Double { Double(mantissa) * pow(10, Double(exponent)) }

        /// `k * step * numerator / denominator`, computed so that decimal values
        /// come out exactly (0.3, not 0.30000000000000004).
        func multiple(_ k: Int, over denominator: Int = 1) -> Double {
            let count = Double(k * mantissa)
            if exponent >= 0 { return count * pow(10, Double(exponent)) / Double(denominator) }
            return count / (pow(10, Double(-exponent)) * Double(denominator))
        }
    }

    /// The index range `first...last` of the multiples of `step` (divided by
    /// `denominator`) inside `range`, with a tolerance of 1e-9 of a step so that
    /// ends that are multiples up to rounding are included.
    private static func multiples(of step: Double, in range: ClosedRange<Double>) -> (first: Int, last: Int) {
        let first = (range.lowerBound / step - 1e-9).rounded(.up)
        let last = (range.upperBound / step + 1e-9).rounded(.down)
        let limit = 1e9
        return (Int(Swift.max(Swift.min(first, limit), -limit)), Int(Swift.max(Swift.min(last, limit), -limit)))
    }

    /// The smallest nice step (mantissa 1, 2 or 5) with at most `maxCount`
    /// multiples in `range`.
    static func niceStep(for range: ClosedRange<Double>, maxCount: Int) -> Step {
        let span = range.upperBound - range.lowerBound
        let maxCount = Swift.max(maxCount, 2)
        var exponent = Int((log10(span / Double(maxCount))).rounded(.down)) - 1
        while true {
            for mantissa in [1, 2, 5] {
                let step = Step(mantissa: mantissa, exponent: exponent)
                let (first, last) = multiples(of: step.value, in: range)
                if last - first + 1 <= maxCount { return step }
            }
            exponent += 1
        }
    }

    /// Linear ticks over `range` (see the type's description). A range that is
    /// empty or not finite gets no ticks.
    ///
    /// `linearTicks(in: 0...0.87)` has the majors 0, 0.2, 0.4, 0.6, 0.8 labelled
    /// "0.0" to "0.8", and minor ticks every 0.05.
    package static func linearTicks(in range: ClosedRange<Double>, maxMajorCount: Int = 8) -> Ticks {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite, range.lowerBound.isFinite else {
            return Ticks(major: [], labels: [], minor: [])
        }
        let step = niceStep(for: range, maxCount: maxMajorCount)
        let (first, last) = multiples(of: step.value, in: range)
        var major: [Double] = []
        if first <= last { major = (first...last).map { step.multiple($0) } }
        // Minor ticks: 4 parts for a step of 2 * 10^n, 5 parts otherwise (matplotlib's AutoMinorLocator).
        let divisions = step.mantissa == 2 ? 4 : 5
        let minorStep = step.value / Double(divisions)
        let (minorFirst, minorLast) = multiples(of: minorStep, in: range)
        var minor: [Double] = []
        if minorFirst <= minorLast {
            for k in minorFirst...minorLast where k % divisions != 0 {
                minor.append(step.multiple(k, over: divisions))
            }
        }
        // Labels: the decimals of the step, or a common power of ten for very large or small values.
        let largest = major.map(\.magnitude).max() ?? 0
        var power = 0
        if largest > 0 {
            let order = Int(log10(largest).rounded(.down))
            if order >= 6 || order <= -5 { power = order }
        }
        let decimals = Swift.max(0, power - step.exponent)
        let labels = major.map { value in
            let scaled = power == 0 ? value : value / pow(10, Double(power))
            return unicodeMinus(SVGDocument.fixed(scaled, decimals: decimals))
        }
        let multiplier = power == 0 ? nil : "×10" + superscript(power)
        return Ticks(major: major, labels: labels, minor: minor, multiplier: multiplier)
    }

    // MARK: - Log ticks

    /// Log ticks over `range` (see the type's description). A range with a lower
    /// bound <= 0, empty or not finite, gets no ticks.
    ///
    /// `logTicks(in: 3...4700)` has the majors 10, 100, 1000 labelled "10¹", "10²",
    /// "10³", and minor ticks at 3 to 9, 20 to 90, 200 to 900 and 2000 to 4000.
    package static func logTicks(in range: ClosedRange<Double>, maxMajorCount: Int = 8) -> Ticks {
        let lower = range.lowerBound
        let upper = range.upperBound
        guard lower > 0, upper > lower, upper.isFinite else { return Ticks(major: [], labels: [], minor: []) }
        let maxCount = Swift.max(maxMajorCount, 2)
        // Less than a factor 3: linear ticks read better (a log axis over 3 to 5).
        if upper / lower < 3 { return linearTicks(in: range, maxMajorCount: maxCount) }
        let tolerance = 1e-9
        let firstDecade = Int((log10(lower) - tolerance).rounded(.up))
        let lastDecade = Int((log10(upper) + tolerance).rounded(.down))
        let decadeCount = Swift.max(0, lastDecade - firstDecade + 1)
        func decade(_ k: Int) -> Double { k >= 0 ? pow(10, Double(k)) : 1 / pow(10, Double(-k)) }
        func inRange(_ value: Double) -> Bool {
            value >= lower * (1 - tolerance) && value <= upper * (1 + tolerance)
        }
        if decadeCount >= 2 {
            let every = (decadeCount + maxCount - 1) / maxCount
            var major: [Double] = []
            var minor: [Double] = []
            for k in (firstDecade - 1)...lastDecade {
                if k >= firstDecade {
                    if every == 1 || k.isMultiple(of: every) { major.append(decade(k)) } else { minor.append(decade(k)) }
                }
                if every == 1 {
                    for m in 2...9 {
                        let value = Double(m) * decade(k)
                        if inRange(value) { minor.append(value) }
                    }
                }
            }
            minor.sort()
            return Ticks(major: major, labels: major.map { decadeLabel(Int(log10($0).rounded())) }, minor: minor)
        }
        // At most one decade inside: label 1, 2 and 5 times the decades too.
        var major: [Double] = []
        var minor: [Double] = []
        for k in (firstDecade - 1)...(lastDecade + 1) {
            for m in 1...9 {
                let value = Double(m) * decade(k)
                guard inRange(value) else { continue }
                if m == 1 || m == 2 || m == 5 { major.append(value) } else { minor.append(value) }
            }
        }
        let labels = major.map(plainLogLabel)
        return Ticks(major: major, labels: labels, minor: minor)
    }

    /// "10ⁿ" for a decade.
    static func decadeLabel(_ exponent: Int) -> String { "10" + superscript(exponent) }

    /// A value `m * 10^k` as a plain number between 10⁻³ and 10⁵ ("0.002", "500"),
    /// else as "5×10⁶".
    static func plainLogLabel(_ value: Double) -> String {
        let exponent = Int(log10(value).rounded(.down))
        if exponent >= -3 && exponent < 5 {
            return SVGDocument.fixed(value, decimals: Swift.max(0, -exponent))
        }
        let mantissa = Int((value / pow(10, Double(exponent))).rounded())
        return mantissa == 1 ? decadeLabel(exponent) : "\(mantissa)×" + decadeLabel(exponent)
    }

    // MARK: - Label text

    /// `n` in Unicode superscript digits, with a superscript minus: `-12` gives "⁻¹²".
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        var text = n < 0 ? "⁻" : ""
        for character in String(n.magnitude) { text.append(digits[Int(String(character))!]) }
        return text
    }

    /// `text` with a leading hyphen-minus replaced by the minus sign U+2212, as
    /// matplotlib writes negative tick labels.
    static func unicodeMinus(_ text: String) -> String {
        text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }

    /// The value of a tick label written by this type ("0.25", "−3", "10⁻²",
    /// "2×10⁵"), ignoring a common multiplier; nil if it is not of that form.
    static func value(ofLabel label: String) -> Double? {
        let superscripts: [Character: Character] = [
            "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5",
            "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-",
        ]
        let text = label.replacingOccurrences(of: "\u{2212}", with: "-")
        var mantissaText = text
        var exponentText = ""
        if let times = text.firstIndex(of: "×") {
            mantissaText = String(text[..<times])
            let power = text[text.index(after: times)...]
            guard power.hasPrefix("10") else { return nil }
            exponentText = String(power.dropFirst(2))
        } else if text.hasPrefix("10"), text.dropFirst(2).contains(where: { superscripts[$0] != nil }) {
            mantissaText = "1"
            exponentText = String(text.dropFirst(2))
        }
        guard let mantissa = Double(mantissaText) else { return nil }
        if exponentText.isEmpty { return mantissa }
        let exponentDigits = String(exponentText.map { superscripts[$0] ?? "?" })
        guard let exponent = Int(exponentDigits) else { return nil }
        return mantissa * pow(10, Double(exponent))
    }
}
