import Gato
import GatoIO

/// An opaque colour with 8-bit red, green and blue channels (sRGB, as written in
/// CSS, SVG and image palettes).
package struct RGBColor: Sendable, Equatable, Hashable {
    /// The red channel, 0 to 255.
    package var r: UInt8
    /// The green channel, 0 to 255.
    package var g: UInt8
    /// The blue channel, 0 to 255.
    package var b: UInt8

    /// The colour with the given channels.
    package init(r: UInt8, g: UInt8, b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// The colour written as hexadecimal digits, as in CSS: `"#3f90da"`, or the
    /// short form `"#39d"` (each digit doubled: `"#3399dd"`). The leading `#` is
    /// optional and the digits are case-insensitive.
    ///
    /// - Precondition: `hex` is well formed. Use ``init(parsing:)`` for text that
    ///   may not be.
    package init(hex: String) {
        guard let color = RGBColor(parsing: hex) else {
            requirementFailure("not a hexadecimal colour: \"\(hex)\"")
        }
        self = color
    }

    /// The colour written as in ``init(hex:)``, or nil if `text` is not of that
    /// form (surrounding white space is not allowed either).
    package init?(parsing text: String) {
        var digits = Substring(text).utf8[...]
        if digits.first == UInt8(ascii: "#") { digits = digits.dropFirst() }
        var values: [UInt8] = []
        for byte in digits {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): values.append(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): values.append(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        switch values.count {
        case 6:
            self.init(r: values[0] << 4 | values[1], g: values[2] << 4 | values[3], b: values[4] << 4 | values[5])
        case 3:
            self.init(r: values[0] * 17, g: values[1] * 17, b: values[2] * 17)
        default:
            return nil
        }
    }

    /// The colour as `#` and six lowercase hexadecimal digits, e.g. `"#3f90da"`:
    /// the form that ``init(hex:)`` reads and that SVG and CSS accept.
    package var hex: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [r, g, b] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 15)])
        }
        return text
    }
}

extension RGBColor: CustomStringConvertible {
    /// The colour as ``hex``.
    package var description: String { hex }
}
