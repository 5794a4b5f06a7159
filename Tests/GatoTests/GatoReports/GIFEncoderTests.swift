import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

// Checked once by hand outside this suite (the suite needs no Python): Pillow
// 13.0 (`pip install pillow`) reads what GIFEncoder wrote for 30-frame 400x400
// category-map animations (with and without dashed ellipses; frames cropped and
// written over transparency), 3 frames of 256-colour noise without looping, a 1x1
// image, and random single-row images of every length 1...300 with 2, 5, 16 and
// 256 colours, with the same size, frame count, delays and loop flag and, frame
// by frame, the same RGB pixels.

/// A GIF file taken apart by a reader written for these tests, independently of
/// the encoder: frames are composited onto the logical screen as disposal method
/// 1 prescribes, so `frames` holds what a viewer shows.
struct DecodedGIF {
    var width = 0
    var height = 0
    var globalTable: [RGBColor] = []
    var loopCount: Int?
    var frames: [[UInt8]] = []
    var delays: [Int] = []
    var disposals: [Int] = []
    /// Each frame's transparent index, if it has one.
    var transparentIndices: [Int?] = []
    /// Each frame's rectangle: x, y, width, height.
    var regions: [(Int, Int, Int, Int)] = []

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var position = 0
        func byte() throws -> Int {
            guard position < bytes.count else { throw Malformed(description: "truncated at \(position)") }
            position += 1
            return Int(bytes[position - 1])
        }
        func uint16() throws -> Int { try byte() | (try byte()) << 8 }
        func subBlocks() throws -> [UInt8] {
            var data: [UInt8] = []
            while true {
                let size = try byte()
                if size == 0 { return data }
                guard position + size <= bytes.count else { throw Malformed(description: "truncated sub-block") }
                data += bytes[position..<(position + size)]
                position += size
            }
        }
        guard bytes.count >= 13, Array(bytes[0..<6]) == Array("GIF89a".utf8) else { throw Malformed(description: "no GIF89a header") }
        position = 6
        width = try uint16()
        height = try uint16()
        let packed = try byte()
        _ = try byte()  // background
        _ = try byte()  // aspect
        if packed & 0x80 != 0 {
            for _ in 0..<(1 << (packed & 7 + 1)) {
                globalTable.append(RGBColor(r: UInt8(try byte()), g: UInt8(try byte()), b: UInt8(try byte())))
            }
        }
        var canvas = [UInt8](repeating: 0, count: width * height)
        var pendingDelay: Int?
        var pendingDisposal = 0
        var pendingTransparent: Int?
        while true {
            switch try byte() {
            case 0x3B:
                guard position == bytes.count else { throw Malformed(description: "bytes after the trailer") }
                return
            case 0x21:
                let label = try byte()
                if label == 0xF9 {
                    guard try byte() == 4 else { throw Malformed(description: "graphic control block size") }
                    let flags = try byte()
                    pendingDisposal = flags >> 2 & 7
                    pendingDelay = try uint16()
                    let transparent = try byte()
                    pendingTransparent = flags & 1 != 0 ? transparent : nil
                    guard try byte() == 0 else { throw Malformed(description: "graphic control terminator") }
                } else if label == 0xFF {
                    let block = try subBlocks()
                    if block.count == 14, Array(block[0..<11]) == Array("NETSCAPE2.0".utf8), block[11] == 1 {
                        loopCount = Int(block[12]) | Int(block[13]) << 8
                    }
                } else {
                    _ = try subBlocks()
                }
            case 0x2C:
                let x = try uint16(), y = try uint16(), w = try uint16(), h = try uint16()
                let flags = try byte()
                guard flags & 0xC0 == 0 else { throw Malformed(description: "local table or interlacing not expected") }
                guard x + w <= width, y + h <= height, w > 0, h > 0 else { throw Malformed(description: "frame outside the screen") }
                let minimumCodeSize = try byte()
                let indices = try lzwDecode(try subBlocks(), minimumCodeSize: minimumCodeSize)
                guard indices.count == w * h else { throw Malformed(description: "\(indices.count) pixels for \(w)x\(h)") }
                for row in 0..<h {
                    for column in 0..<w where Int(indices[row * w + column]) != pendingTransparent {
                        canvas[(y + row) * width + x + column] = indices[row * w + column]
                    }
                }
                frames.append(canvas)
                delays.append(pendingDelay ?? -1)
                disposals.append(pendingDisposal)
                transparentIndices.append(pendingTransparent)
                pendingTransparent = nil
                regions.append((x, y, w, h))
                pendingDelay = nil
            case let other:
                throw Malformed(description: "unexpected block 0x\(String(other, radix: 16))")
            }
        }
    }
}

/// The GIF variable-length-code LZW decompressor, as the GIF89a specification
/// (appendix F) describes it: strings kept whole, codes widened once the table
/// holds 2^size entries, no new entries once it holds 4096.
private func lzwDecode(_ bytes: [UInt8], minimumCodeSize: Int) throws -> [UInt8] {
    guard (2...8).contains(minimumCodeSize) else { throw DecodedGIF.Malformed(description: "minimum code size \(minimumCodeSize)") }
    let clear = 1 << minimumCodeSize, end = clear + 1
    func initialTable() -> [[UInt8]] { (0..<clear).map { [UInt8($0)] } + [[], []] }
    var table = initialTable()
    var size = minimumCodeSize + 1
    var bitPosition = 0
    var output: [UInt8] = []
    var previous: [UInt8]?
    var sawClear = false
    while true {
        guard bitPosition + size <= bytes.count * 8 else { throw DecodedGIF.Malformed(description: "no end-of-information code") }
        var code = 0
        for k in 0..<size {
            let bit = Int(bytes[(bitPosition + k) >> 3]) >> ((bitPosition + k) & 7) & 1
            code |= bit << k
        }
        bitPosition += size
        if code == clear {
            table = initialTable()
            size = minimumCodeSize + 1
            previous = nil
            sawClear = true
            continue
        }
        guard sawClear else { throw DecodedGIF.Malformed(description: "the stream does not start with a clear code") }
        if code == end { break }
        let entry: [UInt8]
        if code < table.count && code != clear && code != end {
            entry = table[code]
        } else if code == table.count, let previous {
            entry = previous + [previous[0]]
        } else {
            throw DecodedGIF.Malformed(description: "code \(code) with \(table.count) entries")
        }
        output += entry
        if let previous, table.count < 4096 {
            table.append(previous + [entry[0]])
            if table.count == 1 << size && size < 12 { size += 1 }
        }
        previous = entry
    }
    // Only the padding of the last byte may follow.
    guard (bitPosition + 7) / 8 == bytes.count else { throw DecodedGIF.Malformed(description: "data after the end code") }
    return output
}

/// A deterministic pseudo-random generator for test images.
private struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}

private let fivePalette = ["#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6"].map { RGBColor(hex: $0) }

/// A category map: five regions with curved boundaries that move with `phase`.
private func categoryMap(width: Int, height: Int, phase: Double) -> IndexedImage {
    IndexedImage(width: width, height: height, palette: fivePalette) { x, y in
        let u = Double(x) / Double(width), v = Double(y) / Double(height)
        let s = u + 0.3 * sin(6 * v + phase)
        return UInt8(min(4, max(0, Int(s * 4 + (v > 0.7 ? 1 : 0)))))
    }
}

@Suite struct GIFEncoderTests {
    @Test func headerAndTrailer() throws {
        let data = try GIFEncoder.encode(frames: [IndexedImage(width: 3, height: 2, palette: fivePalette)], delayCentiseconds: 5)
        #expect(Array(data.prefix(6)) == Array("GIF89a".utf8))
        #expect(data.last == 0x3B)
        // Logical screen 3x2, global table of 8 entries (3 bits).
        #expect(Array(data[6..<10]) == [3, 0, 2, 0])
        #expect(data[10] == 0x80 | 2 << 4 | 2)
    }

    @Test func categoryMapAnimationRoundTrips() throws {
        var frames = (0..<4).map { categoryMap(width: 300, height: 200, phase: Double($0) * 0.4) }
        frames.append(frames[3])  // unchanged: a 1x1 frame
        var small = frames[3]
        small[120, 50] = 0
        small.drawLine(from: (100, 60), to: (140, 80), thickness: 2, index: 4)
        frames.append(small)  // a small change: a cropped frame
        let data = try GIFEncoder.encode(frames: frames, delayCentiseconds: 12)
        let decoded = try DecodedGIF(data)
        #expect(decoded.width == 300 && decoded.height == 200)
        #expect(Array(decoded.globalTable.prefix(5)) == fivePalette)
        #expect(decoded.globalTable.count == 8)
        #expect(decoded.loopCount == 0)
        #expect(decoded.delays == Array(repeating: 12, count: frames.count))
        #expect(decoded.disposals == Array(repeating: 1, count: frames.count))
        #expect(decoded.frames == frames.map(\.pixels))
        #expect(decoded.regions[4] == (0, 0, 1, 1))
        #expect(decoded.regions[5].2 < 60 && decoded.regions[5].3 < 40)
        // Unchanged pixels inside the rectangle are transparent (index 5, the first
        // one past the palette) where that is shorter, as for the small change.
        #expect(decoded.transparentIndices[0] == nil && decoded.transparentIndices[5] == 5)
        // Large uniform regions compress well.
        #expect(data.count < frames.count * 300 * 200 / 10)
    }

    @Test func noiseWithAllColoursRoundTrips() throws {
        // Random pixels fill the 4096-code table every few thousand pixels, so
        // the stream contains several clear codes.
        var random = TestRandom(state: 7)
        let palette = (0..<256).map { (i: Int) -> RGBColor in
            RGBColor(r: UInt8(i), g: UInt8(255 - i), b: UInt8(i * 7 & 255))
        }
        let frames = (0..<2).map { _ in
            IndexedImage(width: 128, height: 100, palette: palette) { _, _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        let data = try GIFEncoder.encode(frames: frames, delaysCentiseconds: [3, 250], loop: false)
        let decoded = try DecodedGIF(data)
        #expect(decoded.globalTable == palette)
        #expect(decoded.transparentIndices == [nil, nil])  // no index left for it
        #expect(decoded.loopCount == nil)
        #expect(decoded.delays == [3, 250])
        #expect(decoded.frames == frames.map(\.pixels))
    }

    @Test func scatteredChangesAreWrittenOverTransparency() throws {
        // 16-colour noise, then 300 pixels changed all over it: the frame covers
        // almost the whole image, and writing the unchanged pixels as the
        // transparent index (16) leaves mostly long runs.
        var random = TestRandom(state: 5)
        let palette = (0..<16).map { RGBColor(r: UInt8($0 * 16), g: 128, b: 0) }
        let first = IndexedImage(width: 100, height: 80, palette: palette) { _, _ in UInt8(random.next() % 16) }
        var second = first
        for _ in 0..<300 {
            let x = Int(random.next() % 100), y = Int(random.next() % 80)
            second[x, y] = (second[x, y] + 1) % 16
        }
        let data = try GIFEncoder.encode(frames: [first, second], delayCentiseconds: 4)
        let decoded = try DecodedGIF(data)
        #expect(decoded.frames == [first.pixels, second.pixels])
        #expect(decoded.transparentIndices == [nil, 16])
        #expect(decoded.globalTable.count == 32)
        #expect(data.count < 100 * 80)
    }

    @Test func tinyImagesAndSmallPalettes() throws {
        let one = IndexedImage(width: 1, height: 1, palette: [RGBColor(hex: "#123456")])
        var decoded = try DecodedGIF(try GIFEncoder.encode(frames: [one], delayCentiseconds: 0))
        #expect(decoded.frames == [[0]])
        #expect(decoded.globalTable == [RGBColor(hex: "#123456"), RGBColor(r: 0, g: 0, b: 0)])

        // Two colours: a 2-entry table, minimum code size 2.
        let two = [RGBColor(hex: "#000"), RGBColor(hex: "#fff")]
        var checker = IndexedImage(width: 9, height: 7, palette: two) { x, y in UInt8((x + y) % 2) }
        decoded = try DecodedGIF(try GIFEncoder.encode(frames: [checker, IndexedImage(width: 9, height: 7, palette: two)], delayCentiseconds: 1))
        // Two frames: a third index for transparency, so a table of 4.
        #expect(decoded.globalTable == two + [RGBColor(r: 0, g: 0, b: 0), RGBColor(r: 0, g: 0, b: 0)])
        #expect(decoded.frames == [checker.pixels, Array(repeating: 0, count: 63)])
        decoded = try DecodedGIF(try GIFEncoder.encode(frames: [checker], delayCentiseconds: 1))
        #expect(decoded.globalTable == two)

        // An index past the palette: the table grows to cover it (black).
        checker[0, 0] = 6
        decoded = try DecodedGIF(try GIFEncoder.encode(frames: [checker], delayCentiseconds: 1))
        #expect(decoded.globalTable.count == 8)
        #expect(decoded.frames == [checker.pixels])
    }

    @Test func everyStreamLengthRoundTrips() throws {
        // The code width at the end-of-information code depends on how many codes
        // came before: try every length up to 300 and a few palette sizes.
        var random = TestRandom(state: 11)
        for colors in [2, 5, 16] {
            let palette = (0..<colors).map { RGBColor(r: UInt8($0 * 15), g: 0, b: 0) }
            for length in 1...300 {
                let image = IndexedImage(width: length, height: 1, palette: palette) { _, _ in UInt8(random.next() % UInt64(colors)) }
                let decoded = try DecodedGIF(try GIFEncoder.encode(frames: [image], delayCentiseconds: 1))
                #expect(decoded.frames == [image.pixels], "\(colors) colours, \(length) pixels")
            }
        }
    }

    @Test func longUniformStreamWidensToTwelveBits() throws {
        // 2.1 million pixels of one colour need about 2,000 codes of up to 12 bits.
        let image = IndexedImage(width: 1500, height: 1400, palette: fivePalette, filledWith: 3)
        let data = try GIFEncoder.encode(frames: [image], delayCentiseconds: 1)
        #expect(try DecodedGIF(data).frames == [image.pixels])
        #expect(data.count < 4000)
    }

    @Test func rejectsInconsistentFrames() {
        let a = IndexedImage(width: 4, height: 4, palette: fivePalette)
        #expect(throws: GIFEncodingError.noFrames) { try GIFEncoder.encode(frames: [], delayCentiseconds: 1) }
        #expect(throws: GIFEncodingError.frameSizeMismatch(frame: 1)) {
            try GIFEncoder.encode(frames: [a, IndexedImage(width: 4, height: 5, palette: fivePalette)], delayCentiseconds: 1)
        }
        #expect(throws: GIFEncodingError.paletteMismatch(frame: 1)) {
            try GIFEncoder.encode(frames: [a, IndexedImage(width: 4, height: 4, palette: [])], delayCentiseconds: 1)
        }
        #expect(throws: GIFEncodingError.delayOutOfRange(65536)) { try GIFEncoder.encode(frames: [a], delayCentiseconds: 65536) }
        #expect(throws: GIFEncodingError.delayCountMismatch(delays: 1, frames: 2)) {
            try GIFEncoder.encode(frames: [a, a], delaysCentiseconds: [1])
        }
        #expect(throws: GIFEncodingError.imageTooLarge(width: 70000, height: 1)) {
            try GIFEncoder.encode(frames: [IndexedImage(width: 70000, height: 1, palette: [])], delayCentiseconds: 1)
        }
    }
}
