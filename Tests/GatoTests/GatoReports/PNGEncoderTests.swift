import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

// Checked once by hand outside this suite (the suite needs no Python): Pillow
// 13.0 (`pip install pillow`) reads the PNG files that PNGEncoder wrote for a
// 400x400 five-region category map (with and without ellipses), 256-colour noise,
// a 1x1 image and random single rows of every length 1...300 with 2, 5, 16 and 256
// colours as mode "P" images with the same size, palette and pixels; Python's
// zlib.decompress accepts their IDAT streams (fixed Huffman and stored) and
// zlibCompress's output for 200 kB of data with matches at every distance.

/// A PNG file taken apart by a reader written for these tests, independently of
/// the encoder.
private struct DecodedPNG {
    var chunkTypes: [String] = []
    var width = 0
    var height = 0
    var bitDepth = 0
    var colorType = 0
    var interlace = 0
    var palette: [RGBColor] = []
    var pixels: [UInt8] = []
    /// The deflate block types of the IDAT stream.
    var blockTypes: [Int] = []

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, Array(bytes[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10] else { throw Malformed(description: "signature") }
        var position = 8
        func uint32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        var idat: [UInt8] = []
        while position < bytes.count {
            guard position + 12 <= bytes.count else { throw Malformed(description: "truncated chunk") }
            let length = uint32(position)
            guard position + 12 + length <= bytes.count else { throw Malformed(description: "truncated chunk") }
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            let body = Array(bytes[(position + 8)..<(position + 8 + length)])
            guard uint32(position + 8 + length) == Int(bitwiseCRC32(Array(bytes[(position + 4)..<(position + 8 + length)]))) else {
                throw Malformed(description: "CRC of \(type)")
            }
            chunkTypes.append(type)
            switch type {
            case "IHDR":
                width = body[0..<4].reduce(0) { $0 << 8 | Int($1) }
                height = body[4..<8].reduce(0) { $0 << 8 | Int($1) }
                bitDepth = Int(body[8])
                colorType = Int(body[9])
                guard body[10] == 0, body[11] == 0 else { throw Malformed(description: "compression or filter method") }
                interlace = Int(body[12])
            case "PLTE":
                guard length % 3 == 0 else { throw Malformed(description: "PLTE length") }
                palette = stride(from: 0, to: length, by: 3).map { RGBColor(r: body[$0], g: body[$0 + 1], b: body[$0 + 2]) }
            case "IDAT":
                idat += body
            default:
                break
            }
            position += 12 + length
        }
        // zlib: CMF (deflate, window ≤ 32 KiB), FLG with a check value, no dictionary.
        guard idat.count >= 6, idat[0] & 0x0F == 8, idat[0] >> 4 <= 7, (Int(idat[0]) << 8 | Int(idat[1])) % 31 == 0,
              idat[1] & 0x20 == 0 else { throw Malformed(description: "zlib header") }
        let (raw, consumed, blocks) = try inflate(Array(idat[2...]))
        blockTypes = blocks
        guard consumed + 4 + 2 == idat.count else { throw Malformed(description: "bytes after the Adler-32") }
        let adler = idat[(idat.count - 4)...].reduce(0) { $0 << 8 | Int($1) }
        guard adler == Int(simpleAdler32(raw)) else { throw Malformed(description: "Adler-32") }
        guard raw.count == height * (width + 1) else { throw Malformed(description: "\(raw.count) bytes of image data") }
        // Undo the row filters (bit depth 8, one byte per pixel).
        var previous = [UInt8](repeating: 0, count: width)
        for y in 0..<height {
            let filter = raw[y * (width + 1)]
            var row = Array(raw[(y * (width + 1) + 1)..<((y + 1) * (width + 1))])
            for x in 0..<width {
                let a = x > 0 ? Int(row[x - 1]) : 0, b = Int(previous[x]), c = x > 0 ? Int(previous[x - 1]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Malformed(description: "filter type \(filter)")
                }
                row[x] = UInt8(truncatingIfNeeded: Int(row[x]) + predictor)
            }
            pixels += row
            previous = row
        }
    }
}

/// CRC-32 computed bit by bit (no table), as in the PNG specification's annex D.
private func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        c ^= UInt32(byte)
        for _ in 0..<8 { c = (c >> 1) ^ (c & 1 == 1 ? 0xEDB8_8320 : 0) }
    }
    return ~c
}

private func simpleAdler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in bytes {
        a = (a + UInt32(byte)) % 65521
        b = (b + a) % 65521
    }
    return b << 16 | a
}

/// A canonical Huffman decoding table in the manner of zlib's puff.c: how many
/// codes there are of each length, and the symbols in code order.
private struct HuffmanTable {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []

    init(lengths: [Int]) throws {
        for length in lengths { counts[length] += 1 }
        counts[0] = 0
        // No length may be over-subscribed.
        var left = 1
        for length in 1...15 {
            left = left * 2 - counts[length]
            guard left >= 0 else { throw DecodedPNG.Malformed(description: "over-subscribed Huffman code") }
        }
        for length in 1...15 {
            for (symbol, l) in lengths.enumerated() where l == length { symbols.append(symbol) }
        }
    }
}

/// A deflate decoder (RFC 1951) for stored, fixed-Huffman and dynamic-Huffman
/// blocks. Returns the data, the number of bytes of `input` used, and the block
/// types.
private func inflate(_ input: [UInt8]) throws -> ([UInt8], Int, [Int]) {
    var bit = 0
    func readBits(_ count: Int) throws -> Int {
        var value = 0
        for k in 0..<count {
            guard bit >> 3 < input.count else { throw DecodedPNG.Malformed(description: "deflate data truncated") }
            value |= (Int(input[bit >> 3]) >> (bit & 7) & 1) << k
            bit += 1
        }
        return value
    }
    /// Reads one symbol: codes are read first bit most significant, and the
    /// codes of each length are consecutive integers after those of shorter ones.
    func decode(_ table: HuffmanTable) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...15 {
            code |= try readBits(1)
            let count = table.counts[length]
            if code - first < count { return table.symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw DecodedPNG.Malformed(description: "invalid Huffman code")
    }
    let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                        4097, 6145, 8193, 12289, 16385, 24577]
    let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    // RFC 1951, 3.2.6.
    let fixedLiterals = try HuffmanTable(lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
        + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8))
    let fixedDistances = try HuffmanTable(lengths: Array(repeating: 5, count: 30))
    var out: [UInt8] = []
    var types: [Int] = []
    var final = 0
    repeat {
        final = try readBits(1)
        let type = try readBits(2)
        types.append(type)
        switch type {
        case 0:
            bit = (bit + 7) & ~7
            let length = try readBits(16), complement = try readBits(16)
            guard length ^ complement == 0xFFFF else { throw DecodedPNG.Malformed(description: "stored block LEN/NLEN") }
            guard bit / 8 + length <= input.count else { throw DecodedPNG.Malformed(description: "stored block truncated") }
            out += input[(bit / 8)..<(bit / 8 + length)]
            bit += 8 * length
        case 1, 2:
            var literals = fixedLiterals, distances = fixedDistances
            if type == 2 {
                let literalCount = try readBits(5) + 257, distanceCount = try readBits(5) + 1, codeLengthCount = try readBits(4) + 4
                guard literalCount <= 286, distanceCount <= 30 else { throw DecodedPNG.Malformed(description: "HLIT or HDIST") }
                var codeLengthLengths = [Int](repeating: 0, count: 19)
                for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15].prefix(codeLengthCount) {
                    codeLengthLengths[symbol] = try readBits(3)
                }
                let codeLengths = try HuffmanTable(lengths: codeLengthLengths)
                var lengths: [Int] = []
                while lengths.count < literalCount + distanceCount {
                    let symbol = try decode(codeLengths)
                    switch symbol {
                    case 0...15: lengths.append(symbol)
                    case 16:
                        guard let last = lengths.last else { throw DecodedPNG.Malformed(description: "repeat with no length") }
                        lengths += Array(repeating: last, count: 3 + (try readBits(2)))
                    case 17: lengths += Array(repeating: 0, count: 3 + (try readBits(3)))
                    default: lengths += Array(repeating: 0, count: 11 + (try readBits(7)))
                    }
                }
                guard lengths.count == literalCount + distanceCount, lengths[256] > 0 else {
                    throw DecodedPNG.Malformed(description: "code lengths")
                }
                literals = try HuffmanTable(lengths: Array(lengths[0..<literalCount]))
                distances = try HuffmanTable(lengths: Array(lengths[literalCount...]))
            }
            while true {
                let symbol = try decode(literals)
                if symbol < 256 {
                    out.append(UInt8(symbol))
                } else if symbol == 256 {
                    break
                } else {
                    guard symbol <= 285 else { throw DecodedPNG.Malformed(description: "length symbol \(symbol)") }
                    let length = lengthBase[symbol - 257] + (try readBits(lengthExtra[symbol - 257]))
                    let distanceCode = try decode(distances)
                    guard distanceCode < 30 else { throw DecodedPNG.Malformed(description: "distance code \(distanceCode)") }
                    let distance = distanceBase[distanceCode] + (try readBits(distanceExtra[distanceCode]))
                    guard distance <= out.count, distance <= 32768 else { throw DecodedPNG.Malformed(description: "distance \(distance)") }
                    for _ in 0..<length { out.append(out[out.count - distance]) }
                }
            }
        default:
            throw DecodedPNG.Malformed(description: "block type 3")
        }
    } while final == 0
    return (out, (bit + 7) / 8, types)
}

private let fivePalette = ["#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6"].map { RGBColor(hex: $0) }

@Suite struct PNGEncoderTests {
    @Test func signatureChunksAndPixels() throws {
        // A category map with curved boundaries and an ellipse drawn over it.
        var image = IndexedImage(width: 200, height: 150, palette: fivePalette) { x, y in
            let s = Double(x) / 200 + 0.2 * sin(Double(y) / 20)
            return UInt8(min(4, max(0, Int(s * 5))))
        }
        image.drawEllipse(center: (100, 75), semiAxes: (60, 30), angle: 0.5, thickness: 2, index: 4)
        let data = PNGEncoder.encode(image)
        let decoded = try DecodedPNG(data)
        #expect(decoded.chunkTypes == ["IHDR", "PLTE", "IDAT", "IEND"])
        #expect(decoded.width == 200 && decoded.height == 150)
        #expect(decoded.bitDepth == 8 && decoded.colorType == 3 && decoded.interlace == 0)
        #expect(decoded.palette == fivePalette)
        #expect(decoded.pixels == image.pixels)
        #expect(decoded.blockTypes == [2])
        // Uniform regions and repeated rows compress to a small fraction.
        #expect(data.count < 200 * 150 / 10)
    }

    @Test func noiseIsStored() throws {
        var state: UInt64 = 3
        let palette = (0..<256).map { RGBColor(r: UInt8($0), g: 0, b: UInt8(255 - $0)) }
        // 300x250 bytes of noise need two stored blocks of at most 65,535 bytes.
        let image = IndexedImage(width: 300, height: 250, palette: palette) { _, _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 40)
        }
        let decoded = try DecodedPNG(PNGEncoder.encode(image))
        #expect(decoded.blockTypes == [0, 0])
        #expect(decoded.palette == palette)
        #expect(decoded.pixels == image.pixels)
    }

    @Test func smallImagesAndPalettes() throws {
        let one = IndexedImage(width: 1, height: 1, palette: [RGBColor(hex: "#abcdef")])
        var decoded = try DecodedPNG(PNGEncoder.encode(one))
        #expect(decoded.pixels == [0] && decoded.palette == [RGBColor(hex: "#abcdef")])

        // An index past the palette: PLTE grows to cover it, with black.
        let two = [RGBColor(hex: "#000"), RGBColor(hex: "#fff")]
        var stripes = IndexedImage(width: 37, height: 5, palette: two) { x, _ in UInt8(x % 2) }
        stripes[36, 4] = 3
        decoded = try DecodedPNG(PNGEncoder.encode(stripes))
        #expect(decoded.palette == two + [RGBColor(r: 0, g: 0, b: 0), RGBColor(r: 0, g: 0, b: 0)])
        #expect(decoded.pixels == stripes.pixels)

        // No palette at all still gives a valid PLTE.
        decoded = try DecodedPNG(PNGEncoder.encode(IndexedImage(width: 3, height: 3, palette: [])))
        #expect(decoded.palette == [RGBColor(r: 0, g: 0, b: 0)])
    }

    @Test func deflateRoundTripsAwkwardInputs() throws {
        // Match lengths 3...258 and distances up to the 32 KiB window, including
        // overlapping matches and matches reaching the end of the data.
        var state: UInt64 = 5
        func random(_ n: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % n)
        }
        var inputs: [[UInt8]] = [[], [7], [1, 1], [2, 2, 2], Array(repeating: 9, count: 259), Array(repeating: 200, count: 100_000)]
        var mixed: [UInt8] = []
        while mixed.count < 90_000 {
            if random(3) == 0 || mixed.count < 10 {
                mixed.append(UInt8(random(256)))
            } else {
                let distance = 1 + random(UInt64(min(mixed.count, 40_000)))
                for _ in 0..<(1 + random(300)) { mixed.append(mixed[mixed.count - distance]) }
            }
        }
        inputs.append(mixed)
        inputs.append((0..<5000).map { UInt8(truncatingIfNeeded: $0 * $0 >> 3) })
        for input in inputs {
            let stream = PNGEncoder.zlibCompress(input, hintDistances: [1, 17])
            let (output, consumed, _) = try inflate(Array(stream[2...]))
            #expect(output == input)
            #expect(consumed + 6 == stream.count)
            #expect(stream[(stream.count - 4)...].reduce(0) { $0 << 8 | Int($1) } == Int(simpleAdler32(input)))
            // Each kind of block on its own.
            let tokens = PNGEncoder.lz77Tokens(input, hintDistances: [1, 17])
            for (type, block) in [(1, PNGEncoder.deflateHuffman(tokens, dynamic: false)),
                                  (2, PNGEncoder.deflateHuffman(tokens, dynamic: true)),
                                  (0, PNGEncoder.deflateStored(input))] {
                let (output, consumed, types) = try inflate(block)
                #expect(output == input && consumed == block.count && types.allSatisfy { $0 == type })
            }
        }
        #expect(PNGEncoder.zlibCompress(Array(repeating: 200, count: 100_000)).count < 1000)
    }

    @Test func huffmanCodes() {
        // The example of RFC 1951, 3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give
        // 010, 011, 100, 101, 110, 00, 1110, 1111 (stored bit-reversed).
        func reversed(_ code: Int, _ bits: Int) -> Int { (0..<bits).reduce(0) { $0 << 1 | (code >> $1 & 1) } }
        let codes = PNGEncoder.canonicalCodes([3, 3, 3, 3, 3, 2, 4, 4])
        #expect(codes == [(0b010, 3), (0b011, 3), (0b100, 3), (0b101, 3), (0b110, 3), (0b00, 2), (0b1110, 4), (0b1111, 4)].map { reversed($0.0, $0.1) })

        // Fibonacci frequencies make the optimal tree as deep as possible; the
        // limit forces a shallower, still complete, code.
        var fibonacci = [1, 1]
        while fibonacci.count < 25 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        for limit in [7, 15] {
            let lengths = PNGEncoder.huffmanLengths(fibonacci + [0, 0], limit: limit)
            #expect(lengths.max()! <= limit && lengths.suffix(2) == [0, 0])
            #expect(lengths.dropLast(2).reduce(0.0) { $0 + pow(2, -Double($1)) } == 1)
        }
        // Unlimited, the optimal lengths: 1 for the most frequent of three.
        #expect(PNGEncoder.huffmanLengths([5, 1, 1], limit: 15) == [1, 2, 2])
    }

    @Test func checksumsMatchKnownValues() {
        // The usual check value of CRC-32 ("123456789"), and the worked example of
        // Adler-32 on Wikipedia.
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.crc32([UInt8]()) == 0)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(PNGEncoder.adler32([]) == 1)
        let big = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 * 31 + 255) }
        #expect(PNGEncoder.adler32(big) == simpleAdler32(big))
    }

    @Test func dataURI() throws {
        let image = IndexedImage(width: 2, height: 2, palette: fivePalette, filledWith: 1)
        let uri = PNGEncoder.dataURI(image)
        #expect(uri.hasPrefix("data:image/png;base64,iVBORw0KGgo"))
        let decoded = try DecodedPNG(try #require(Data(base64Encoded: String(uri.dropFirst("data:image/png;base64,".count)))))
        #expect(decoded.pixels == image.pixels)
    }
}
