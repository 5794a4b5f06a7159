import Gato
import GatoIO

/// Colour sequences for plots that stay distinguishable for readers with colour
/// vision deficiencies.
///
/// Both sequences are M. Petroff's, "Accessible Color Sequences for Data
/// Visualization", arXiv:2107.02270, chosen by a survey among many colour
/// orderings that are distinct under the common colour vision deficiencies and in
/// grey scale; they are the defaults of mplhep's CMS style (10 colours) and of
/// matplotlib's `petroff10` / `petroff6` styles.
package enum PlotPalette {
    /// Petroff's 10-colour sequence: blue, orange, red, grey, purple, brown,
    /// dark orange, khaki, slate grey, light blue.
    package static let petroff10: [RGBColor] = [
        "#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6", "#a96b59", "#e76300", "#b9ac70", "#717581", "#92dadd",
    ].map { RGBColor(hex: $0) }

    /// Petroff's 6-colour sequence: blue, orange, red, purple, grey, violet.
    package static let petroff6: [RGBColor] = [
        "#5790fc", "#f89c20", "#e42536", "#964a8b", "#9c9ca1", "#7a21dd",
    ].map { RGBColor(hex: $0) }

    /// The `index`-th colour of `palette`, cycling when `index` passes its end
    /// (negative indices count from the end).
    ///
    /// - Precondition: `palette` is not empty.
    package static func color(_ index: Int, in palette: [RGBColor] = petroff10) -> RGBColor {
        require(!palette.isEmpty, "empty palette")
        let count = palette.count
        return palette[((index % count) + count) % count]
    }

    /// `color` mixed with black: each channel times `1 - amount` (`amount` is
    /// clamped to 0...1). The edge colour of a filled area is its fill darkened by
    /// 0.3.
    package static func darkened(_ color: RGBColor, by amount: Double) -> RGBColor {
        let factor = 1 - Swift.min(Swift.max(amount, 0), 1)
        func scale(_ channel: UInt8) -> UInt8 { UInt8((Double(channel) * factor).rounded()) }
        return RGBColor(r: scale(color.r), g: scale(color.g), b: scale(color.b))
    }

    /// `color` mixed with white: each channel moved a fraction `amount` (clamped to
    /// 0...1) of the way to 255.
    package static func lightened(_ color: RGBColor, by amount: Double) -> RGBColor {
        let fraction = Swift.min(Swift.max(amount, 0), 1)
        func scale(_ channel: UInt8) -> UInt8 { UInt8((Double(channel) + (255 - Double(channel)) * fraction).rounded()) }
        return RGBColor(r: scale(color.r), g: scale(color.g), b: scale(color.b))
    }
}
