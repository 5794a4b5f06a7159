import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

private let twoColors = [RGBColor(hex: "#ffffff"), RGBColor(hex: "#000000")]

/// The pixels set to 1, as (x, y) pairs in row-major order.
private func setPixels(_ image: IndexedImage) -> [[Int]] {
    var result: [[Int]] = []
    for y in 0..<image.height {
        for x in 0..<image.width where image[x, y] == 1 { result.append([x, y]) }
    }
    return result
}

/// Checks a stroke of thickness 1 of the ellipse `center + cos t · u + sin t · v`
/// against its implicit form: with M = [u v], the radial coordinate
/// r(p) = |M⁻¹ (p - center)| is 1 on the curve. A pixel centre within 0.45 pixels
/// of the curve (guaranteed when |r - 1| ≤ 0.45 / σmax) must be set; one farther
/// than 0.55 pixels (guaranteed when |r - 1| > 0.55 / σmin) must not be.
private func checkOutline(_ image: IndexedImage, center: IndexedImage.Point, u: IndexedImage.Point, v: IndexedImage.Point) {
    let det = u.x * v.y - v.x * u.y
    // Singular values of M from the eigenvalues of MᵀM.
    let p = u.x * u.x + u.y * u.y, q = v.x * v.x + v.y * v.y, s = u.x * v.x + u.y * v.y
    let root = (((p - q) / 2) * ((p - q) / 2) + s * s).squareRoot()
    let sigmaMax = ((p + q) / 2 + root).squareRoot(), sigmaMin = ((p + q) / 2 - root).squareRoot()
    var inside = 0, outside = 0
    for y in 0..<image.height {
        for x in 0..<image.width {
            let dx = Double(x) + 0.5 - center.x, dy = Double(y) + 0.5 - center.y
            let c = (v.y * dx - v.x * dy) / det, d = (-u.y * dx + u.x * dy) / det
            let r = (c * c + d * d).squareRoot()
            if abs(r - 1) <= 0.45 / sigmaMax {
                #expect(image[x, y] == 1, "pixel (\(x), \(y)) at r = \(r) is not set")
                inside += 1
            } else if abs(r - 1) > 0.55 / sigmaMin {
                #expect(image[x, y] == 0, "pixel (\(x), \(y)) at r = \(r) is set")
                outside += 1
            }
        }
    }
    #expect(inside > 20 && outside > 1000)
}

@Suite struct IndexedImageTests {
    @Test func colorsFromAndToHex() {
        let color = RGBColor(hex: "#3f90da")
        #expect(color == RGBColor(r: 0x3F, g: 0x90, b: 0xDA))
        #expect(color.hex == "#3f90da")
        #expect(RGBColor(hex: "3F90DA") == color)
        #expect(RGBColor(hex: "#39d") == RGBColor(r: 0x33, g: 0x99, b: 0xDD))
        #expect(RGBColor(r: 0, g: 10, b: 255).hex == "#000aff")
        #expect("\(color)" == "#3f90da")
        for bad in ["", "#", "#12345", "#1234567", "#12345g", "##123456", " #123456", "#１２３"] {
            #expect(RGBColor(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func pixelsAreRowMajor() {
        var image = IndexedImage(width: 3, height: 2, palette: twoColors) { x, y in UInt8(10 * y + x) }
        #expect(image.pixels == [0, 1, 2, 10, 11, 12])
        #expect(image[2, 1] == 12)
        image[0, 1] = 7
        #expect(image.pixels[3] == 7)
        #expect(image.contains(x: 2, y: 1) && !image.contains(x: 3, y: 0) && !image.contains(x: 0, y: -1))
        #expect(image.color(x: 1, y: 0) == twoColors[1])
        #expect(image.color(x: 2, y: 0) == RGBColor(r: 0, g: 0, b: 0))
        #expect(IndexedImage(width: 2, height: 2, palette: twoColors, filledWith: 1).pixels == [1, 1, 1, 1])
    }

    @Test func upscaling() {
        let image = IndexedImage(width: 2, height: 1, pixels: [3, 4], palette: twoColors)
        let big = image.upscaled(by: 2)
        #expect(big.width == 4 && big.height == 2)
        #expect(big.pixels == [3, 3, 4, 4, 3, 3, 4, 4])
        #expect(image.upscaled(by: 1) == image)
    }

    @Test func fillsClipToTheImage() {
        var image = IndexedImage(width: 6, height: 5, palette: twoColors)
        image.fill(x: -5..<3, y: 2..<4, index: 1)
        #expect(setPixels(image) == [[0, 2], [1, 2], [2, 2], [0, 3], [1, 3], [2, 3]])
        image.fill(x: 10..<20, y: 0..<5, index: 1)
        image.fill(x: 0..<6, y: -3..<0, index: 1)
        #expect(setPixels(image).count == 6)
        image.fill(index: 1)
        #expect(setPixels(image).count == 30)

        var disc = IndexedImage(width: 10, height: 10, palette: twoColors)
        disc.fillDisc(center: (5, 5), radius: 2, index: 1)
        // Centres at offsets ±0.5 and ±1.5 within 2 of the centre: 4 + 8 pixels.
        #expect(setPixels(disc).count == 12)
        #expect(disc[5, 5] == 1 && disc[3, 4] == 1 && disc[3, 3] == 0)
    }

    @Test func lines() {
        var image = IndexedImage(width: 12, height: 12, palette: twoColors)
        image.drawLine(from: (2.5, 5.5), to: (9.5, 5.5), index: 1)
        #expect(setPixels(image) == (2...9).map { [$0, 5] })

        image = IndexedImage(width: 12, height: 12, palette: twoColors)
        image.drawLine(from: (0.5, 0.5), to: (9.5, 9.5), index: 1)
        #expect(setPixels(image) == (0...9).map { [$0, $0] })

        // Thickness 3: rows 4...6, and round ends reaching one more pixel.
        image = IndexedImage(width: 12, height: 12, palette: twoColors)
        image.drawLine(from: (2.5, 5.5), to: (9.5, 5.5), thickness: 3, index: 1)
        let thick = setPixels(image)
        #expect(thick.count == 30)
        #expect(thick.contains([1, 4]) && thick.contains([10, 6]) && !thick.contains([0, 5]) && !thick.contains([2, 3]))

        // A shallow line has one or two pixels in every column it crosses.
        image = IndexedImage(width: 50, height: 20, palette: twoColors)
        image.drawLine(from: (0.5, 0.5), to: (40.5, 13.8), index: 1)
        for x in 0...40 {
            let count = (0..<20).filter { image[x, $0] == 1 }.count
            #expect((1...2).contains(count), "column \(x)")
        }
        #expect((41..<50).allSatisfy { x in (0..<20).allSatisfy { image[x, $0] == 0 } })
    }

    @Test func dashedLine() {
        var image = IndexedImage(width: 32, height: 5, palette: twoColors)
        image.drawLine(from: (0.5, 2.5), to: (30.5, 2.5), dash: [4, 2], index: 1)
        // Drawn over lengths [0, 4], [6, 10], ..., [24, 28] from x = 0.5; the
        // last 2 pixels are a gap.
        let expected = (0...28).filter { ![5, 11, 17, 23].contains($0) }.map { [$0, 2] }
        #expect(setPixels(image) == expected)
    }

    @Test func polylines() {
        var image = IndexedImage(width: 20, height: 20, palette: twoColors)
        image.drawPolyline([(2.5, 2.5), (16.5, 2.5), (2.5, 16.5)], closed: true, index: 1)
        for pixel in [[2, 2], [16, 2], [2, 16], [9, 2], [2, 9], [9, 9]] {
            #expect(image[pixel[0], pixel[1]] == 1, "\(pixel)")
        }
        #expect(image[6, 6] == 0 && image[15, 15] == 0)
        let closed = setPixels(image).count
        image = IndexedImage(width: 20, height: 20, palette: twoColors)
        image.drawPolyline([(2.5, 2.5), (16.5, 2.5), (2.5, 16.5)], index: 1)
        #expect(setPixels(image).count == closed - 13)  // the left edge without its ends

        image = IndexedImage(width: 5, height: 5, palette: twoColors)
        image.drawPolyline([(2.5, 2.5)], thickness: 1, index: 1)
        #expect(setPixels(image) == [[2, 2]])
    }

    @Test func axisAlignedEllipse() {
        var image = IndexedImage(width: 100, height: 80, palette: twoColors)
        image.drawEllipse(center: (50.5, 40.5), semiAxes: (20, 10), angle: 0, index: 1)
        // The four vertices, and a pixel either side of them.
        for pixel in [[70, 40], [30, 40], [50, 50], [50, 30]] { #expect(image[pixel[0], pixel[1]] == 1, "\(pixel)") }
        for pixel in [[50, 40], [69, 40], [71, 40], [31, 40], [29, 40], [50, 49], [50, 51], [50, 29], [50, 31]] {
            #expect(image[pixel[0], pixel[1]] == 0, "\(pixel)")
        }
        checkOutline(image, center: (50.5, 40.5), u: (20, 0), v: (0, 10))
    }

    @Test func rotatedEllipse() {
        // Major axis along (0.8, 0.6): the vertices are the centre ± (20, 15), and
        // the minor vertices ± 10 · (-0.6, 0.8) = ∓ (6, -8).
        var image = IndexedImage(width: 100, height: 100, palette: twoColors)
        image.drawEllipse(center: (50.5, 50.5), semiAxes: (25, 10), angle: atan2(0.6, 0.8), index: 1)
        for pixel in [[70, 65], [30, 35], [44, 58], [56, 42]] { #expect(image[pixel[0], pixel[1]] == 1, "\(pixel)") }
        // The centre, 0.8 and 1.2 of the way to a vertex.
        for pixel in [[50, 50], [66, 62], [74, 68]] { #expect(image[pixel[0], pixel[1]] == 0, "\(pixel)") }
        checkOutline(image, center: (50.5, 50.5), u: (20, 15), v: (-6, 8))
    }

    @Test func ellipseFromConjugateSemiDiameters() {
        var image = IndexedImage(width: 80, height: 80, palette: twoColors)
        image.drawEllipse(center: (40.5, 40.5), conjugateSemiDiameters: ((20, 0), (10, 10)), index: 1)
        for pixel in [[60, 40], [20, 40], [50, 50], [30, 30]] { #expect(image[pixel[0], pixel[1]] == 1, "\(pixel)") }
        checkOutline(image, center: (40.5, 40.5), u: (20, 0), v: (10, 10))
    }

    @Test func thickAndDashedEllipses() {
        var image = IndexedImage(width: 100, height: 100, palette: twoColors)
        image.drawEllipse(center: (50, 50), semiAxes: (30, 30), angle: 0, thickness: 4, index: 1)
        // A circle of radius 30 and thickness 4 covers the annulus 28 ≤ r ≤ 32:
        // about 2π · 30 · 4 ≈ 754 pixels.
        #expect(abs(setPixels(image).count - 754) < 30)
        #expect(image[78, 49] == 1 && image[81, 49] == 1 && image[76, 49] == 0 && image[83, 49] == 0)

        var dashed = IndexedImage(width: 100, height: 100, palette: twoColors)
        dashed.drawEllipse(center: (50, 50), semiAxes: (30, 30), angle: 0, thickness: 4, dash: [6, 10], index: 1)
        // Each dash is a 6 x 4 rectangle with round ends: 24 + 4π ≈ 36.6 of every
        // 16 x 4 = 64 pixels.
        let count = setPixels(dashed).count
        #expect(count > 754 * 45 / 100 && count < 754 * 70 / 100)
        #expect(setPixels(dashed).allSatisfy { image[$0[0], $0[1]] == 1 })
    }

    @Test func shapesOutsideTheImageAreClipped() {
        var image = IndexedImage(width: 20, height: 20, palette: twoColors)
        image.drawEllipse(center: (-100, 10), semiAxes: (50, 5), angle: 0.3, index: 1)
        image.drawLine(from: (-10, -10), to: (-1, 30), thickness: 1, index: 1)
        image.drawEllipse(center: (.nan, 10), semiAxes: (5, 5), angle: 0, index: 1)
        image.drawLine(from: (0, 0), to: (.infinity, 5), index: 1)
        image.fillDisc(center: (10, 10), radius: .nan, index: 1)
        #expect(setPixels(image).isEmpty)
        // A huge ellipse crossing the image draws its arc there.
        image.drawEllipse(center: (10.5, 1e6 + 10.5), semiAxes: (1e6, 1e6), angle: 0, thickness: 3, index: 1)
        #expect((0..<20).allSatisfy { image[$0, 10] == 1 })
        #expect(image[5, 5] == 0 && image[5, 15] == 0)
    }
}
