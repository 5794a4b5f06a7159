import Gato
import GatoIO

/// A standalone SVG document written as text, and the small helpers that build it:
/// XML escaping, elements with ordered attributes and compact number formatting.
///
/// The document holds two lists of already-written elements: definitions (clip
/// paths, patterns), written inside `<defs>`, and the body, written in order
/// (later elements paint over earlier ones). ``render()`` returns a complete file
/// with the SVG namespace, `width`, `height` and a `viewBox` in the same units, so
/// that it can be opened alone or inlined in an HTML page.
///
/// ```swift
/// var document = SVGDocument(width: 100, height: 50)
/// document.append(SVGDocument.element("rect", [("width", "100"), ("height", "50"), ("fill", "#fff")]))
/// let text = document.render()
/// ```
package struct SVGDocument: Sendable {
    /// The width of the picture in pixels (user units).
    package var width: Double
    /// The height of the picture in pixels (user units).
    package var height: Double
    /// Written as the document's `<title>` (shown as a tooltip and read by screen
    /// readers) when not nil.
    package var title: String?
    /// Attributes written on the root `<svg>` element after the namespace and the
    /// size (e.g. `("font-family", "Helvetica, Arial, sans-serif")`).
    package var rootAttributes: [(String, String)]
    /// The elements written inside `<defs>`, in order.
    package private(set) var definitions: [String] = []
    /// The elements of the picture, in painting order.
    package private(set) var body: [String] = []

    /// An empty document of the given size in pixels.
    package init(width: Double, height: Double, title: String? = nil, rootAttributes: [(String, String)] = []) {
        self.width = width
        self.height = height
        self.title = title
        self.rootAttributes = rootAttributes
    }

    /// Appends an element (complete XML text, e.g. from ``element(_:_:content:)``)
    /// to `<defs>`.
    package mutating func define(_ element: String) { definitions.append(element) }

    /// Appends an element (complete XML text) to the body: it paints over
    /// everything appended before.
    package mutating func append(_ element: String) { body.append(element) }

    /// The complete SVG file: an XML declaration, the root `<svg>` element with the
    /// SVG namespace, `width`, `height` and `viewBox`, the title, the definitions
    /// and the body, one element per line.
    package func render() -> String {
        let w = Self.number(width)
        let h = Self.number(height)
        var attributes: [(String, String?)] = [
            ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
            ("width", w), ("height", h), ("viewBox", "0 0 \(w) \(h)"),
        ]
        attributes += rootAttributes.map { ($0.0, $0.1) }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += Self.openTag("svg", attributes) + "\n"
        if let title { text += Self.element("title", [], content: Self.escape(title)) + "\n" }
        if !definitions.isEmpty {
            text += "<defs>\n"
            for definition in definitions { text += definition + "\n" }
            text += "</defs>\n"
        }
        for element in body { text += element + "\n" }
        text += "</svg>\n"
        return text
    }

    // MARK: - Building elements

    /// An element with ordered attributes (nil values are left out) and optional
    /// content, which is written as is: escape text with ``escape(_:)`` first.
    ///
    /// Attribute values are escaped here. An element without content is written
    /// self-closing: `<rect x="1" y="2"/>`.
    package static func element(_ name: String, _ attributes: [(String, String?)], content: String? = nil) -> String {
        guard let content else {
            var text = openTag(name, attributes)
            text.removeLast()
            return text + "/>"
        }
        return openTag(name, attributes) + content + "</" + name + ">"
    }

    /// The opening tag `<name a="v" ...>` with escaped attribute values; nil values
    /// are left out.
    package static func openTag(_ name: String, _ attributes: [(String, String?)]) -> String {
        var text = "<" + name
        for (key, value) in attributes {
            guard let value else { continue }
            text += " " + key + "=\"" + escape(value) + "\""
        }
        return text + ">"
    }

    /// `text` with the five XML special characters replaced by entities
    /// (`&amp; &lt; &gt; &quot; &apos;`) and the control characters that XML 1.0
    /// forbids (U+0000 to U+001F other than tab, line feed and carriage return)
    /// removed, so that any string is safe as content or attribute value.
    package static func escape(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&", "<", ">", "\"", "'": needsWork = true
            default: if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { needsWork = true }
            }
            if needsWork { break }
        }
        guard needsWork else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    // MARK: - Numbers

    /// `value` rounded to `digits` decimal places (0 to 6) and written without
    /// trailing zeros or exponent: `number(3.14159) == "3.14"`,
    /// `number(2.0) == "2"`, `number(-0.001) == "0"`.
    ///
    /// Coordinates in a picture need no more than a hundredth of a pixel, and
    /// short numbers keep files small. A non-finite value is written as `"0"` (an
    /// SVG with `NaN` in it is invalid; callers are expected to leave such values
    /// out, this is the last line of defence) and magnitudes are limited to 1e12.
    package static func number(_ value: Double, digits: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        let digits = Swift.min(Swift.max(digits, 0), 6)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let clamped = Swift.min(Swift.max(value, -1e12), 1e12)
        let scaled = Int64((clamped * Double(scale)).rounded())
        if scaled == 0 { return "0" }
        let magnitude = scaled.magnitude
        let integerPart = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        var text = scaled < 0 ? "-" : ""
        text += String(integerPart)
        if fraction != 0 {
            var width = digits
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            let fractionDigits = String(fraction)
            text += "." + String(repeating: "0", count: width - fractionDigits.count) + fractionDigits
        }
        return text
    }

    /// `value` written with exactly `decimals` decimal places (0 to 12), as a tick
    /// label: `fixed(0.2, decimals: 1) == "0.2"`, `fixed(0, decimals: 1) == "0.0"`,
    /// `fixed(-1.5, decimals: 2) == "-1.50"`. Negative zero is written as zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let decimals = Swift.min(Swift.max(decimals, 0), 12)
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaledValue = (value * scale).rounded()
        guard scaledValue.magnitude < 9e15 else { return String(value) }
        let scaled = Int64(scaledValue)
        let magnitude = scaled.magnitude
        let integerPart = magnitude / UInt64(scale)
        let fraction = magnitude % UInt64(scale)
        var text = scaled < 0 ? "-" : ""
        text += String(integerPart)
        if decimals > 0 {
            let fractionDigits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - fractionDigits.count) + fractionDigits
        }
        return text
    }
}
