import Foundation
import Gato
import GatoIO

/// Why ``GIFEncoder`` could not write an animation.
package enum GIFEncodingError: Error, Equatable, CustomStringConvertible {
    /// There are no frames.
    case noFrames
    /// The frames are wider or taller than a GIF can be (65,535 pixels).
    case imageTooLarge(width: Int, height: Int)
    /// Frame `frame` (counting from 0) does not have the size of frame 0.
    case frameSizeMismatch(frame: Int)
    /// Frame `frame` (counting from 0) does not have the palette of frame 0.
    case paletteMismatch(frame: Int)
    /// The number of delays is not the number of frames.
    case delayCountMismatch(delays: Int, frames: Int)
    /// A delay is outside `0...65535` hundredths of a second.
    case delayOutOfRange(Int)

    package var description: String {
        switch self {
        case .noFrames: "a GIF needs at least one frame"
        case .imageTooLarge(let width, let height): "a GIF is at most 65535x65535 pixels, not \(width)x\(height)"
        case .frameSizeMismatch(let frame): "frame \(frame) does not have the size of the first frame"
        case .paletteMismatch(let frame): "frame \(frame) does not have the palette of the first frame"
        case .delayCountMismatch(let delays, let frames): "\(delays) delays for \(frames) frames"
        case .delayOutOfRange(let delay): "a frame delay is 0 to 65535 hundredths of a second, not \(delay)"
        }
    }
}

/// Writes animations of palette images as GIF89a files.
///
/// The file has one global colour table: the frames' common palette, padded with
/// black to a power of two (2 to 256 entries) and to cover the largest pixel index
/// used and, in an animation, one more index for transparency. With `loop`, a
/// NETSCAPE2.0 application extension asks viewers to repeat the animation forever.
/// Each frame is a graphic control extension (the delay, disposal method 1 "leave
/// in place") followed by an image: frame 0 whole, every later frame cropped to
/// the smallest rectangle holding the pixels that differ from the frame before (a
/// 1x1 image if none differ), so that parts that do not change cost nothing.
/// Within that rectangle, the pixels equal to the frame before are written as the
/// transparent index when that compresses better (unless the palette and the
/// indices used already fill all 256 entries). Image data is LZW-compressed as the
/// GIF89a specification describes: the minimum code size is the colour table's
/// bit depth (at least 2), codes start one bit wider and widen up to 12 bits, the
/// stream starts with a clear code, a clear code is sent whenever the table reaches
/// 4,096 codes, and the stream ends with the end-of-information code; codes are
/// packed least significant bit first into sub-blocks of at most 255 bytes.
///
/// A 30-frame 400x400 animation of a five-region category map takes about 55 kB,
/// about 200 kB with ten dashed ellipse outlines that move in every frame.
/// Browsers show delays below 2 hundredths of a second as 10 hundredths.
package enum GIFEncoder {
    /// An animation showing each of `frames` for `delayCentiseconds` hundredths
    /// of a second, repeated forever if `loop`, shown once otherwise.
    ///
    /// - Throws: ``GIFEncodingError`` if there are no frames, the frames differ in
    ///   size or palette, they are larger than 65535x65535, or the delay is outside
    ///   `0...65535`.
    package static func encode(frames: [IndexedImage], delayCentiseconds: Int, loop: Bool = true) throws -> Data {
        try encode(frames: frames, delaysCentiseconds: Array(repeating: delayCentiseconds, count: frames.count), loop: loop)
    }

    /// An animation showing frame `i` for `delaysCentiseconds[i]` hundredths of a
    /// second, repeated forever if `loop`, shown once otherwise.
    ///
    /// - Throws: ``GIFEncodingError`` if there are no frames, the frames differ in
    ///   size or palette, they are larger than 65535x65535, there is not one delay
    ///   per frame, or a delay is outside `0...65535`.
    package static func encode(frames: [IndexedImage], delaysCentiseconds: [Int], loop: Bool = true) throws -> Data {
        guard let first = frames.first else { throw GIFEncodingError.noFrames }
        let width = first.width, height = first.height
        guard width <= 65535, height <= 65535 else { throw GIFEncodingError.imageTooLarge(width: width, height: height) }
        for (i, frame) in frames.enumerated() {
            guard frame.width == width, frame.height == height else { throw GIFEncodingError.frameSizeMismatch(frame: i) }
            guard frame.palette == first.palette else { throw GIFEncodingError.paletteMismatch(frame: i) }
        }
        guard delaysCentiseconds.count == frames.count else {
            throw GIFEncodingError.delayCountMismatch(delays: delaysCentiseconds.count, frames: frames.count)
        }
        if let bad = delaysCentiseconds.first(where: { !(0...65535).contains($0) }) { throw GIFEncodingError.delayOutOfRange(bad) }

        // The colour table: 2^depth entries covering the palette and every index
        // used, and in an animation one more index, never used by a pixel, for
        // the pixels that a frame leaves as they were.
        var used = 0
        for frame in frames { used = max(used, Int(frame.pixels.max() ?? 0) + 1) }
        let colors = max(first.palette.count, used)
        let transparent: UInt8? = frames.count > 1 && colors < 256 ? UInt8(colors) : nil
        var depth = 1
        while 1 << depth < max(2, colors + (transparent == nil ? 0 : 1)) { depth += 1 }

        var out: [UInt8] = Array("GIF89a".utf8)
        // Logical screen descriptor: global table present, colour resolution and
        // table size both `depth` bits, background index 0, no aspect ratio.
        appendUInt16(width, to: &out)
        appendUInt16(height, to: &out)
        out += [0x80 | UInt8(depth - 1) << 4 | UInt8(depth - 1), 0, 0]
        for i in 0..<(1 << depth) {
            let color = i < first.palette.count ? first.palette[i] : RGBColor(r: 0, g: 0, b: 0)
            out += [color.r, color.g, color.b]
        }
        if loop {
            // Application extension NETSCAPE2.0, sub-block 1: loop count 0 (forever).
            out += [0x21, 0xFF, 11]
            out += Array("NETSCAPE2.0".utf8)
            out += [3, 1, 0, 0, 0]
        }

        var compressor = LZWCompressor(minimumCodeSize: max(2, depth))
        for (i, frame) in frames.enumerated() {
            let region = i == 0
                ? (x: 0..<width, y: 0..<height)
                : changedRegion(frames[i - 1].pixels, frame.pixels, width: width, height: height)
            var indices: [UInt8] = []
            var masked: [UInt8] = []  // unchanged pixels replaced by `transparent`
            indices.reserveCapacity(region.x.count * region.y.count)
            for y in region.y {
                let row = (y * width + region.x.lowerBound)..<(y * width + region.x.upperBound)
                indices += frame.pixels[row]
                if i > 0, let transparent {
                    masked += zip(frame.pixels[row], frames[i - 1].pixels[row]).map { $0 == $1 ? transparent : $0 }
                }
            }
            var compressed = compressor.compress(indices)
            var useTransparency = false
            if !masked.isEmpty {
                let alternative = compressor.compress(masked)
                if alternative.count < compressed.count {
                    compressed = alternative
                    useTransparency = true
                }
            }

            // Graphic control extension: disposal 1 (leave in place), no user
            // input, the transparency flag; the delay; the transparent index.
            out += [0x21, 0xF9, 4, 1 << 2 | (useTransparency ? 1 : 0)]
            appendUInt16(delaysCentiseconds[i], to: &out)
            out += [useTransparency ? transparent! : 0, 0]
            // Image descriptor: position and size, no local table, not interlaced.
            out.append(0x2C)
            appendUInt16(region.x.lowerBound, to: &out)
            appendUInt16(region.y.lowerBound, to: &out)
            appendUInt16(region.x.count, to: &out)
            appendUInt16(region.y.count, to: &out)
            out.append(0)

            out.append(UInt8(compressor.minimumCodeSize))
            var start = 0
            while start < compressed.count {
                let end = min(start + 255, compressed.count)
                out.append(UInt8(end - start))
                out += compressed[start..<end]
                start = end
            }
            out.append(0)
        }
        out.append(0x3B)
        return Data(out)
    }

    private static func appendUInt16(_ value: Int, to out: inout [UInt8]) {
        out += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)]
    }

    /// The smallest rectangle holding every pixel where `previous` and `current`
    /// differ; the top-left pixel if none do.
    private static func changedRegion(_ previous: [UInt8], _ current: [UInt8], width: Int, height: Int) -> (x: Range<Int>, y: Range<Int>) {
        var left = width, right = 0, top = height, bottom = 0
        previous.withUnsafeBufferPointer { previous in
            current.withUnsafeBufferPointer { current in
                for y in 0..<height {
                    let row = y * width
                    var first = 0
                    while first < width && previous[row + first] == current[row + first] { first += 1 }
                    if first == width { continue }
                    var last = width - 1
                    while previous[row + last] == current[row + last] { last -= 1 }
                    left = min(left, first)
                    right = max(right, last + 1)
                    top = min(top, y)
                    bottom = y + 1
                }
            }
        }
        return top < bottom ? (left..<right, top..<bottom) : (0..<1, 0..<1)
    }
}

/// The variable-length-code LZW compressor of GIF, reusable across frames with
/// the same minimum code size.
struct LZWCompressor {
    /// The number of bits of the pixel values, 2 to 8.
    let minimumCodeSize: Int
    /// The code of each string extended by one pixel value: entry
    /// `prefix << minimumCodeSize | value` holds the code of string `prefix`
    /// followed by `value`, or 0 if that string has no code yet (0 is never the
    /// code of a string of two or more values).
    private var table: [UInt16]
    /// The entries of `table` set since the last clear code, to reset it cheaply.
    private var assigned: [Int] = []

    init(minimumCodeSize: Int) {
        require((2...8).contains(minimumCodeSize))
        self.minimumCodeSize = minimumCodeSize
        table = [UInt16](repeating: 0, count: 4096 << minimumCodeSize)
        assigned.reserveCapacity(4096)
    }

    /// The LZW code stream of `values` (each below `1 << minimumCodeSize`, at least
    /// one), packed into bytes least significant bit first, without sub-blocks.
    mutating func compress(_ values: [UInt8]) -> [UInt8] {
        let m = minimumCodeSize
        let clearCode = 1 << m, endCode = clearCode + 1
        var codeSize = m + 1
        var nextCode = clearCode + 2
        var writer = LeastSignificantBitWriter(capacity: values.count / 4 + 16)
        func emit(_ code: Int) { writer.write(code, bits: codeSize) }
        // Work on local copies (moved out, so nothing is copied) to keep the
        // closures below from capturing `self`.
        var table = self.table, assigned = self.assigned
        self.table = []
        self.assigned = []
        defer {
            self.table = table
            self.assigned = assigned
        }
        emit(clearCode)
        table.withUnsafeMutableBufferPointer { table in
            values.withUnsafeBufferPointer { values in
                var prefix = Int(values[0])
                for i in 1..<values.count {
                    let value = Int(values[i])
                    let key = prefix << m | value
                    let code = table[key]
                    if code != 0 {
                        prefix = Int(code)
                        continue
                    }
                    emit(prefix)
                    if nextCode < 4096 {
                        table[key] = UInt16(nextCode)
                        assigned.append(key)
                        nextCode += 1
                        // The decoder adds this code only when it reads the next
                        // one, and widens its codes once its table reaches
                        // 2^codeSize entries: one code later than here.
                        if nextCode > 1 << codeSize && codeSize < 12 { codeSize += 1 }
                    } else {
                        emit(clearCode)
                        for key in assigned { table[key] = 0 }
                        assigned.removeAll(keepingCapacity: true)
                        codeSize = m + 1
                        nextCode = clearCode + 2
                    }
                    prefix = value
                }
                emit(prefix)
                // Reading the last code, the decoder adds a code and may widen.
                if nextCode == 1 << codeSize && codeSize < 12 { codeSize += 1 }
                emit(endCode)
                for key in assigned { table[key] = 0 }
                assigned.removeAll(keepingCapacity: true)
            }
        }
        return writer.finish()
    }
}
