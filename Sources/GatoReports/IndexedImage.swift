import Foundation
import Gato
import GatoIO

/// A raster image whose pixels are indices into a palette of at most 256 colours,
/// as stored in GIF files and in PNG files of colour type 3.
///
/// Pixels are stored row by row, top row first, left to right within a row: pixel
/// `(x, y)` is `pixels[y * width + x]`, with `x` in `0..<width` and `y` in
/// `0..<height`.
///
/// The drawing methods take points in continuous image coordinates: `x` grows to
/// the right and `y` downwards, and pixel `(i, j)` is the unit square
/// `[i, i + 1) × [j, j + 1)` with its centre at `(i + 0.5, j + 0.5)`; the whole
/// image is `[0, width] × [0, height]`. To map a plot domain
/// `[x0, x1] × [y0, y1]` (y up) onto the image, use
/// `u = (x - x0) / (x1 - x0) * width` and `v = (y1 - y) / (y1 - y0) * height`.
/// Strokes cover every pixel whose centre lies within half the stroke thickness of
/// the path (ties included), so a stroke of thickness 1 has no gaps; there is no
/// antialiasing (a palette image has no blended colours). Everything outside the
/// image is clipped, and shapes with non-finite coordinates draw nothing.
package struct IndexedImage: Sendable, Equatable {
    /// A point or a vector in image coordinates (pixels, `y` downwards).
    package typealias Point = (x: Double, y: Double)

    /// The number of columns, at least 1.
    package let width: Int
    /// The number of rows, at least 1.
    package let height: Int
    /// The palette index of every pixel, row-major, top row first.
    ///
    /// - Precondition: always `width * height` entries.
    package var pixels: [UInt8] {
        didSet { require(pixels.count == width * height, "an image of \(width)x\(height) has \(width * height) pixels") }
    }
    /// The colours that the pixel values index. The encoders write indices past
    /// the end of the palette as black.
    ///
    /// - Precondition: at most 256 colours.
    package var palette: [RGBColor] {
        didSet { require(palette.count <= 256, "a palette has at most 256 colours") }
    }

    /// An image of `width` by `height` pixels, all set to `index`.
    ///
    /// - Precondition: `width` and `height` are positive and `palette` has at most
    ///   256 colours.
    package init(width: Int, height: Int, palette: [RGBColor], filledWith index: UInt8 = 0) {
        require(width > 0 && height > 0, "an image has at least one pixel")
        require(palette.count <= 256, "a palette has at most 256 colours")
        self.width = width
        self.height = height
        self.palette = palette
        self.pixels = [UInt8](repeating: index, count: width * height)
    }

    /// An image with the given pixels (row-major, top row first).
    ///
    /// - Precondition: `width` and `height` are positive, `pixels` has
    ///   `width * height` entries and `palette` at most 256.
    package init(width: Int, height: Int, pixels: [UInt8], palette: [RGBColor]) {
        require(width > 0 && height > 0, "an image has at least one pixel")
        require(pixels.count == width * height, "an image of \(width)x\(height) has \(width * height) pixels")
        require(palette.count <= 256, "a palette has at most 256 colours")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.palette = palette
    }

    /// An image whose pixel `(x, y)` is `pixel(x, y)`, evaluated row by row, top
    /// row first.
    ///
    /// - Precondition: `width` and `height` are positive and `palette` has at most
    ///   256 colours.
    package init(width: Int, height: Int, palette: [RGBColor], pixel: (_ x: Int, _ y: Int) throws -> UInt8) rethrows {
        require(width > 0 && height > 0, "an image has at least one pixel")
        require(palette.count <= 256, "a palette has at most 256 colours")
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            for x in 0..<width { pixels.append(try pixel(x, y)) }
        }
        self.width = width
        self.height = height
        self.pixels = pixels
        self.palette = palette
    }

    /// The palette index of pixel `(x, y)`.
    ///
    /// - Precondition: `(x, y)` is inside the image.
    package subscript(x: Int, y: Int) -> UInt8 {
        get {
            require(contains(x: x, y: y), "pixel (\(x), \(y)) is outside a \(width)x\(height) image")
            return pixels[y * width + x]
        }
        set {
            require(contains(x: x, y: y), "pixel (\(x), \(y)) is outside a \(width)x\(height) image")
            pixels[y * width + x] = newValue
        }
    }

    /// Whether pixel `(x, y)` is inside the image.
    package func contains(x: Int, y: Int) -> Bool {
        x >= 0 && x < width && y >= 0 && y < height
    }

    /// The colour of pixel `(x, y)`: black if its index is past the end of the
    /// palette.
    ///
    /// - Precondition: `(x, y)` is inside the image.
    package func color(x: Int, y: Int) -> RGBColor {
        let index = Int(self[x, y])
        return index < palette.count ? palette[index] : RGBColor(r: 0, g: 0, b: 0)
    }

    /// The image enlarged `factor` times in both directions, every pixel becoming
    /// a `factor` by `factor` block (nearest neighbour).
    ///
    /// - Precondition: `factor >= 1`.
    package func upscaled(by factor: Int) -> IndexedImage {
        require(factor >= 1, "the factor is at least 1")
        if factor == 1 { return self }
        var result: [UInt8] = []
        result.reserveCapacity(width * height * factor * factor)
        for y in 0..<height {
            var row: [UInt8] = []
            row.reserveCapacity(width * factor)
            for x in 0..<width {
                row.append(contentsOf: repeatElement(pixels[y * width + x], count: factor))
            }
            for _ in 0..<factor { result.append(contentsOf: row) }
        }
        return IndexedImage(width: width * factor, height: height * factor, pixels: result, palette: palette)
    }

    // MARK: - Drawing

    /// Sets the pixels with column in `x` and row in `y` to `index`; the part of
    /// the rectangle outside the image is ignored.
    package mutating func fill(x: Range<Int>, y: Range<Int>, index: UInt8) {
        let columns = x.clamped(to: 0..<width)
        let rows = y.clamped(to: 0..<height)
        guard !columns.isEmpty else { return }
        let width = self.width
        pixels.withUnsafeMutableBufferPointer { pixels in
            for row in rows {
                pixels[(row * width + columns.lowerBound)..<(row * width + columns.upperBound)].update(repeating: index)
            }
        }
    }

    /// Sets every pixel to `index`.
    package mutating func fill(index: UInt8) {
        fill(x: 0..<width, y: 0..<height, index: index)
    }

    /// Sets the pixels whose centres lie within `radius` of `center` (a filled
    /// circle, e.g. a marker).
    package mutating func fillDisc(center: Point, radius: Double, index: UInt8) {
        guard center.x.isFinite, center.y.isFinite, radius.isFinite, radius >= 0 else { return }
        let bounds = clippedBounds(minX: center.x - radius, maxX: center.x + radius, minY: center.y - radius, maxY: center.y + radius)
        let r2 = radius * radius
        for row in bounds.rows {
            let dy = Double(row) + 0.5 - center.y
            for column in bounds.columns {
                let dx = Double(column) + 0.5 - center.x
                if dx * dx + dy * dy <= r2 { pixels[row * width + column] = index }
            }
        }
    }

    /// Strokes the straight segment from `start` to `end` with round ends.
    ///
    /// - Parameters:
    ///   - thickness: the stroke width in pixels; below 1 a slanted line can have
    ///     gaps.
    ///   - dash: lengths in pixels, alternately drawn and skipped along the path,
    ///     starting with a drawn one at `start` and repeated; empty (the default)
    ///     for a solid line. Non-positive or non-finite lengths give a solid line.
    ///   - index: the palette index to set.
    package mutating func drawLine(from start: Point, to end: Point, thickness: Double = 1, dash: [Double] = [], index: UInt8) {
        drawPolyline([start, end], thickness: thickness, dash: dash, index: index)
    }

    /// Strokes the segments between consecutive `points` (and from the last point
    /// back to the first if `closed`), with round ends and joins. One point draws a
    /// dot of diameter `thickness`.
    ///
    /// - Parameters:
    ///   - thickness: the stroke width in pixels; below 1 a slanted line can have
    ///     gaps.
    ///   - dash: lengths in pixels, alternately drawn and skipped along the whole
    ///     path (the pattern continues across corners), starting with a drawn one
    ///     at the first point and repeated; empty (the default) for a solid line.
    ///     Non-positive or non-finite lengths give a solid line.
    ///   - index: the palette index to set.
    package mutating func drawPolyline(_ points: [Point], closed: Bool = false, thickness: Double = 1, dash: [Double] = [], index: UInt8) {
        guard !points.isEmpty, thickness.isFinite, thickness > 0,
              points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return }
        let radius = thickness / 2
        var path = points
        if closed && points.count > 1 { path.append(points[0]) }
        if path.count == 1 {
            strokeSegment(path[0], path[0], radius: radius, index: index)
            return
        }
        let pattern = dash.allSatisfy({ $0.isFinite && $0 > 0 }) && !dash.isEmpty
            ? (dash.count.isMultiple(of: 2) ? dash : dash + dash) : []
        if pattern.isEmpty {
            for i in 1..<path.count { strokeSegment(path[i - 1], path[i], radius: radius, index: index) }
            return
        }
        // Walk the path, cutting it at the dash boundaries: `entry` is the current
        // pattern entry (even: drawn, odd: skipped), `left` the length still to go
        // in it.
        var entry = 0
        var left = pattern[0]
        for i in 1..<path.count {
            let a = path[i - 1], b = path[i]
            let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            var position = 0.0
            while true {
                let step = min(left, length - position)
                if entry.isMultiple(of: 2) {
                    let t0 = length > 0 ? position / length : 0
                    let t1 = length > 0 ? (position + step) / length : 0
                    strokeSegment(
                        (a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0),
                        (a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1),
                        radius: radius, index: index)
                }
                position += step
                left -= step
                if left <= 0 {
                    entry = (entry + 1) % pattern.count
                    left = pattern[entry]
                }
                if position >= length { break }
            }
        }
    }

    /// Strokes the outline of an ellipse with semi-axes `semiAxes.a` and
    /// `semiAxes.b` (pixels), the first turned by `angle` radians from the +x
    /// axis towards +y. Because `y` points down, a positive angle turns clockwise
    /// on screen.
    ///
    /// The outline is the curve `center + a cos t (cos angle, sin angle)
    /// + b sin t (-sin angle, cos angle)`, flattened into segments that stray less
    /// than 0.02 pixels from it (at most 20,000 segments), and stroked as by
    /// ``drawPolyline(_:closed:thickness:dash:index:)``.
    package mutating func drawEllipse(
        center: Point, semiAxes: (a: Double, b: Double), angle: Double,
        thickness: Double = 1, dash: [Double] = [], index: UInt8
    ) {
        let c = cos(angle), s = sin(angle)
        drawEllipse(
            center: center,
            conjugateSemiDiameters: ((semiAxes.a * c, semiAxes.a * s), (-semiAxes.b * s, semiAxes.b * c)),
            thickness: thickness, dash: dash, index: index)
    }

    /// Strokes the outline of the ellipse `center + cos t · u + sin t · v` for
    /// `t` in `[0, 2π)`, where `(u, v)` are two conjugate semi-diameters (vectors
    /// in pixels). Any ellipse can be written so, and an affine map sends conjugate
    /// semi-diameters to conjugate semi-diameters, which makes this the form to use
    /// for the contour of a Gaussian: for covariance `Σ = L Lᵀ` (Cholesky) in data
    /// units, the `n`-sigma contour has semi-diameters `n` times the columns of
    /// `L`; map them (and the mean) with the data-to-pixel transform, e.g.
    /// `(dx · width / (x1 - x0), -dy · height / (y1 - y0))` for a vector.
    ///
    /// The outline is flattened into segments that stray less than 0.02 pixels
    /// from the curve (at most 20,000 segments) and stroked as by
    /// ``drawPolyline(_:closed:thickness:dash:index:)``; the dash pattern starts at
    /// `t = 0`. A degenerate ellipse (parallel `u` and `v`) draws a segment.
    package mutating func drawEllipse(
        center: Point, conjugateSemiDiameters: (u: Point, v: Point),
        thickness: Double = 1, dash: [Double] = [], index: UInt8
    ) {
        let (u, v) = conjugateSemiDiameters
        guard center.x.isFinite, center.y.isFinite, u.x.isFinite, u.y.isFinite, v.x.isFinite, v.y.isFinite else { return }
        // The largest radius is at most sqrt(|u|² + |v|²) (= sqrt(a² + b²)); a
        // chord of a circle of radius R spanning 2π/n strays R(1 - cos(π/n))
        // ≈ R π² / (2 n²) from it, at most `tolerance` for n ≥ π sqrt(R / (2 tolerance)).
        let tolerance = 0.02
        let radius = (u.x * u.x + u.y * u.y + v.x * v.x + v.y * v.y).squareRoot()
        let segments = Int(min(20_000, max(8, (Double.pi * (radius / (2 * tolerance)).squareRoot()).rounded(.up))))
        var points: [Point] = []
        points.reserveCapacity(segments)
        for k in 0..<segments {
            let t = 2 * Double.pi * Double(k) / Double(segments)
            let ct = cos(t), st = sin(t)
            points.append((center.x + ct * u.x + st * v.x, center.y + ct * u.y + st * v.y))
        }
        drawPolyline(points, closed: true, thickness: thickness, dash: dash, index: index)
    }

    // MARK: - Rasterisation

    /// The pixel columns and rows whose centres can lie in `[minX, maxX] × [minY, maxY]`,
    /// clipped to the image.
    private func clippedBounds(minX: Double, maxX: Double, minY: Double, maxY: Double) -> (columns: Range<Int>, rows: Range<Int>) {
        func range(_ low: Double, _ high: Double, _ count: Int) -> Range<Int> {
            // Centres i + 0.5 in [low, high]: i from ceil(low - 0.5) to floor(high - 0.5).
            let first = max(0, min(Double(count), (low - 0.5).rounded(.up)))
            let last = max(-1, min(Double(count - 1), (high - 0.5).rounded(.down)))
            return last < first ? 0..<0 : Int(first)..<(Int(last) + 1)
        }
        return (range(minX, maxX, width), range(minY, maxY, height))
    }

    /// Sets the pixels whose centres lie within `radius` of the segment `a`–`b`.
    private mutating func strokeSegment(_ a: Point, _ b: Point, radius: Double, index: UInt8) {
        let bounds = clippedBounds(
            minX: min(a.x, b.x) - radius, maxX: max(a.x, b.x) + radius,
            minY: min(a.y, b.y) - radius, maxY: max(a.y, b.y) + radius)
        guard !bounds.columns.isEmpty, !bounds.rows.isEmpty else { return }
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        let r2 = radius * radius
        let width = self.width
        pixels.withUnsafeMutableBufferPointer { pixels in
            for row in bounds.rows {
                let py = Double(row) + 0.5 - a.y
                for column in bounds.columns {
                    let px = Double(column) + 0.5 - a.x
                    // The nearest point of the segment is a + t (b - a), t clamped to [0, 1].
                    let t = lengthSquared > 0 ? min(1, max(0, (px * dx + py * dy) / lengthSquared)) : 0
                    let ex = px - t * dx, ey = py - t * dy
                    if ex * ex + ey * ey <= r2 { pixels[row * width + column] = index }
                }
            }
        }
    }
}
