import Foundation
import Gato
import GatoIO

/// The hard categories of a two-dimensional model over its feature plane, as an
/// indexed image: each category filled in its colour, the part of the plane outside
/// the simplex left white for softmax inputs, and optionally each Gaussian's 1 and
/// 2 sigma contours (solid and dashed) in a darker shade.
///
/// Palette: index 0 white, 1 ... K the categories' fills (lightened), K+1 ... 2K their
/// darker outlines, 2K+1 black (frame, progress bar).
package struct CategoryMap: Sendable {
    /// The plane shown, in feature units.
    package let xRange: ClosedRange<Double>
    package let yRange: ClosedRange<Double>
    /// Whether only the simplex x + y <= 1 is filled (softmax scores).
    package let simplex: Bool

    package init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, simplex: Bool) {
        self.xRange = xRange
        self.yRange = yRange
        self.simplex = simplex
    }

    /// The plane of a Gaussian mixture (its mean range; the simplex for softmax means).
    package init(_ model: GaussianMixtureCategorizer) {
        self.init(
            xRange: model.meanRange[0], yRange: model.meanRange[1], simplex: model.meanNormalization == .softmax)
    }

    /// The plane of a two-variable cut model.
    package init(_ model: SigmoidCutCategorizer) {
        self.init(xRange: model.variables[0].range, yRange: model.variables[1].range, simplex: false)
    }

    package static func palette(categories k: Int) -> [RGBColor] {
        [RGBColor(hex: "#ffffff")]
            + (0..<k).map { PlotPalette.lightened(ReportStyle.categoryColor($0), by: 0.45) }
            + (0..<k).map { PlotPalette.darkened(ReportStyle.categoryColor($0), by: 0.25) }
            + [RGBColor(hex: "#000000")]
    }

    /// The pixel centres' feature values, row by row from the top.
    func grid(width: Int, height: Int) -> (points: [Float], inside: [Bool]) {
        var points: [Float] = []
        var inside: [Bool] = []
        points.reserveCapacity(2 * width * height)
        for row in 0..<height {
            let y = yRange.upperBound - (Double(row) + 0.5) / Double(height) * (yRange.upperBound - yRange.lowerBound)
            for column in 0..<width {
                let x = xRange.lowerBound + (Double(column) + 0.5) / Double(width) * (xRange.upperBound - xRange.lowerBound)
                points.append(Float(x))
                points.append(Float(y))
                inside.append(!simplex || x + y <= 1)
            }
        }
        return (points, inside)
    }

    /// The filled category raster of `model` (any two-dimensional categorizer).
    package func raster<Model: Categorizer>(_ model: Model, width: Int = 400, height: Int = 400) -> IndexedImage {
        require(model.dimension == 2, "a category map needs a two-dimensional model")
        let (points, inside) = grid(width: width, height: height)
        let sample = try! ProcessSample(
            name: "grid", role: .background, features: points, dimension: 2,
            weights: Array(repeating: 1, count: width * height))
        let categories = model.hardAssignments(sample, threads: nil)
        return IndexedImage(width: width, height: height, palette: Self.palette(categories: model.categoryCount)) { x, y in
            let i = y * width + x
            return inside[i] ? UInt8(categories[i] + 1) : 0
        }
    }

    /// Maps a point in feature units to pixel coordinates of an image of this size.
    func pixel(_ x: Double, _ y: Double, width: Int, height: Int) -> IndexedImage.Point {
        ((x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(width),
         (yRange.upperBound - y) / (yRange.upperBound - yRange.lowerBound) * Double(height))
    }

    /// The category raster of a Gaussian mixture with its 1 and 2 sigma contours
    /// and, when `progress` is given, a bar along the bottom edge showing it (0...1).
    package func image(_ model: GaussianMixtureCategorizer, width: Int = 400, height: Int = 400, progress: Double? = nil)
        -> IndexedImage
    {
        var image = raster(model, width: width, height: height)
        let (k, d) = (model.categoryCount, model.dimension)
        let means = model.effectiveMeans()
        let factors = model.choleskyFactors()
        let sx = Double(width) / (xRange.upperBound - xRange.lowerBound)
        let sy = Double(height) / (yRange.upperBound - yRange.lowerBound)
        for c in 0..<k {
            let center = pixel(means[c * d], means[c * d + 1], width: width, height: height)
            // Columns of L, mapped to pixels (y flipped).
            let u = (factors[(c * d) * d] * sx, -factors[(c * d + 1) * d] * sy)
            let v = (factors[(c * d) * d + 1] * sx, -factors[(c * d + 1) * d + 1] * sy)
            let outline = UInt8(k + 1 + c)
            image.drawEllipse(center: center, conjugateSemiDiameters: (u, v), thickness: 2, index: outline)
            image.drawEllipse(
                center: center, conjugateSemiDiameters: ((2 * u.0, 2 * u.1), (2 * v.0, 2 * v.1)), thickness: 2,
                dash: [8, 6], index: outline)
            image.fillDisc(center: center, radius: 3.5, index: outline)
        }
        if simplex {
            image.drawLine(from: (0, 0), to: (Double(width), Double(height)), thickness: 1.5, index: UInt8(2 * k + 1))
        }
        if let progress {
            let end = Int((Double(width) * min(max(progress, 0), 1)).rounded())
            image.fill(x: 0..<max(end, 1), y: (height - 5)..<height, index: UInt8(2 * k + 1))
        }
        return image
    }
}
