import Foundation
import Gato
import GatoIO

/// Writes palette images as PNG files.
///
/// The file is the PNG signature and four chunks: IHDR (colour type 3, indexed;
/// bit depth 8; no interlacing), PLTE (the palette, extended with black to cover
/// the largest pixel index used), one IDAT and IEND, each with its CRC-32. The
/// image data is a zlib stream (RFC 1950, with its Adler-32) of the rows, each
/// preceded by filter type 0 (none, as the PNG specification recommends for
/// palette images), compressed with deflate (RFC 1951) written here: greedy LZ77
/// matches found through hash chains and by trying the distances of the pixel to
/// the left and of the pixel above, so that uniform regions and rows repeating the
/// row above cost a few bits per 258 pixels, then whichever is shortest of one
/// block with Huffman codes fitted to the data, one block with the fixed codes,
/// and stored blocks of at most 65,535 bytes (for noise). A 400x400 map of five
/// regions takes 1-2 kB, 6-7 kB with ten dashed ellipse outlines over it; the
/// output is within a few percent of zlib's default level.
///
/// Images up to 2^31 - 1 pixels wide or tall are valid PNG; memory (a few
/// times the pixel count) is the practical limit.
package enum PNGEncoder {
    /// The PNG file of `image`.
    package static func encode(_ image: IndexedImage) -> Data {
        let entries = max(image.palette.count, Int(image.pixels.max() ?? 0) + 1)
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

        var header: [UInt8] = []
        appendUInt32(image.width, to: &header)
        appendUInt32(image.height, to: &header)
        header += [8, 3, 0, 0, 0]  // bit depth, colour type, compression, filter, interlace
        appendChunk("IHDR", header, to: &out)

        var palette: [UInt8] = []
        palette.reserveCapacity(3 * entries)
        for i in 0..<entries {
            let color = i < image.palette.count ? image.palette[i] : RGBColor(r: 0, g: 0, b: 0)
            palette += [color.r, color.g, color.b]
        }
        appendChunk("PLTE", palette, to: &out)

        var rows: [UInt8] = []
        rows.reserveCapacity((image.width + 1) * image.height)
        for y in 0..<image.height {
            rows.append(0)
            rows += image.pixels[(y * image.width)..<((y + 1) * image.width)]
        }
        appendChunk("IDAT", zlibCompress(rows, hintDistances: [1, image.width + 1]), to: &out)
        appendChunk("IEND", [], to: &out)
        return Data(out)
    }

    /// The PNG file of `image` as a data URI, `data:image/png;base64,` followed by
    /// the file in base64, for `<img src=…>` and SVG `<image href=…>`.
    package static func dataURI(_ image: IndexedImage) -> String {
        "data:image/png;base64," + encode(image).base64EncodedString()
    }

    private static func appendUInt32(_ value: Int, to out: inout [UInt8]) {
        out += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// Appends a chunk: data length, type, data, CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        appendUInt32(data.count, to: &out)
        let start = out.count
        out += Array(type.utf8)
        out += data
        appendUInt32(Int(crc32(out[start...])), to: &out)
    }

    // MARK: - Checksums

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of PNG chunks and zip files (ISO 3309: polynomial 0x04C11DB7,
    /// reflected, initial value and final XOR 0xFFFFFFFF).
    static func crc32(_ bytes: some Collection<UInt8>) -> UInt32 {
        let table = crcTable
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    /// The Adler-32 checksum of zlib streams (RFC 1950).
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var start = 0
        while start < bytes.count {
            // 5552 bytes is the most that cannot overflow b before the modulo.
            let end = min(start + 5552, bytes.count)
            for i in start..<end {
                a &+= UInt32(bytes[i])
                b &+= a
            }
            a %= 65521
            b %= 65521
            start = end
        }
        return b << 16 | a
    }

    // MARK: - zlib and deflate

    /// The zlib stream of `data`: header (deflate, 32 KiB window), deflate data
    /// (see ``deflate(_:hintDistances:)``), Adler-32 of `data`.
    static func zlibCompress(_ data: [UInt8], hintDistances: [Int] = []) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x9C]  // CM 8, CINFO 7; FLEVEL 2 (default), FCHECK
        out += deflate(data, hintDistances: hintDistances)
        appendUInt32(Int(adler32(data)), to: &out)
        return out
    }

    /// Deflate data (RFC 1951) for `data`: the shortest of one block with dynamic
    /// Huffman codes, one block with the fixed codes (both with the same greedy
    /// LZ77 matches) and stored blocks. Matches at `hintDistances` are tried at
    /// every position besides those found by hashing.
    static func deflate(_ data: [UInt8], hintDistances: [Int] = []) -> [UInt8] {
        let tokens = lz77Tokens(data, hintDistances: hintDistances)
        var best = deflateStored(data)
        for dynamic in [false, true] {
            let candidate = deflateHuffman(tokens, dynamic: dynamic)
            if candidate.count < best.count { best = candidate }
        }
        return best
    }

    /// Deflate data made of stored blocks (BTYPE 00) of at most 65,535 bytes.
    static func deflateStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 5 * (data.count / 65535 + 1))
        var start = 0
        repeat {
            let end = min(start + 65535, data.count)
            let length = end - start
            // BFINAL in bit 0, BTYPE 00, rest of the byte padding; LEN and NLEN little-endian.
            out += [end == data.count ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8),
                    UInt8(~length & 0xFF), UInt8(~length >> 8 & 0xFF)]
            out += data[start..<end]
            start = end
        } while start < data.count
        return out
    }

    /// The longest match length of deflate.
    private static let maxMatch = 258
    /// The deflate window: the farthest a match can reach back.
    private static let window = 32768
    /// Candidates followed along a hash chain at each position.
    private static let maxChain = 16

    /// Greedy LZ77 parsing of `data`: a literal byte `b` is the token `b`, a match
    /// of `length` bytes `distance` back is `1 << 31 | length << 16 | distance`.
    /// Candidates come from hash chains of 3-byte prefixes (at most ``maxChain``
    /// per position) and from `hintDistances`.
    static func lz77Tokens(_ data: [UInt8], hintDistances: [Int] = []) -> [UInt32] {
        let hashBits = 15
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        var chain = [Int32](repeating: -1, count: window)
        var tokens: [UInt32] = []
        let n = data.count
        data.withUnsafeBufferPointer { data in
            func hash(_ i: Int) -> Int {
                let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
                return Int((v &* 2_654_435_761) >> UInt32(32 - hashBits))
            }
            func insert(_ i: Int) {
                guard i + 2 < n else { return }
                let h = hash(i)
                chain[i & (window - 1)] = head[h]
                head[h] = Int32(i)
            }
            func matchLength(_ i: Int, _ candidate: Int) -> Int {
                let limit = min(maxMatch, n - i)
                var length = 0
                while length < limit && data[candidate + length] == data[i + length] { length += 1 }
                return length
            }
            var i = 0
            while i < n {
                var bestLength = 0, bestDistance = 0
                if i + 2 < n {
                    for distance in hintDistances where distance > 0 && distance <= min(i, window) {
                        let length = matchLength(i, i - distance)
                        if length > bestLength { (bestLength, bestDistance) = (length, distance) }
                    }
                    var candidate = Int(head[hash(i)])
                    var steps = 0
                    while candidate >= 0 && i - candidate <= window && steps < maxChain && bestLength < maxMatch {
                        let length = matchLength(i, candidate)
                        if length > bestLength { (bestLength, bestDistance) = (length, i - candidate) }
                        let next = Int(chain[candidate & (window - 1)])
                        // Older entries of the slot were overwritten by newer positions.
                        if next >= candidate { break }
                        candidate = next
                        steps += 1
                    }
                }
                if bestLength >= 3 {
                    tokens.append(1 << 31 | UInt32(bestLength) << 16 | UInt32(bestDistance))
                    for j in i..<(i + bestLength) { insert(j) }
                    i += bestLength
                } else {
                    tokens.append(UInt32(data[i]))
                    insert(i)
                    i += 1
                }
            }
        }
        return tokens
    }

    /// Literal/length symbol (257...285), extra bits and their value of a match length (3...258).
    private static func lengthSymbol(_ length: Int) -> (symbol: Int, bits: Int, extra: Int) {
        if length <= 10 { return (254 + length, 0, 0) }
        if length == 258 { return (285, 0, 0) }
        // Lengths 11...257: v = length - 3 has n bits; the symbol takes its top
        // three bits, the rest are the n - 3 extra bits.
        let v = length - 3
        let n = Int.bitWidth - v.leadingZeroBitCount
        let bits = n - 3
        return (257 + 4 * (n - 2) + (v >> bits & 3), bits, v & (1 << bits - 1))
    }

    /// Distance code (0...29), extra bits and their value of a match distance (1...32768).
    private static func distanceSymbol(_ distance: Int) -> (symbol: Int, bits: Int, extra: Int) {
        if distance <= 4 { return (distance - 1, 0, 0) }
        // v = distance - 1 has n bits; the code takes its top two, the rest are
        // the n - 2 extra bits.
        let v = distance - 1
        let n = Int.bitWidth - v.leadingZeroBitCount
        let bits = n - 2
        return (2 * (n - 1) + (v >> bits & 1), bits, v & (1 << bits - 1))
    }

    /// The order in which a dynamic block header gives the code-length code lengths.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// One final block (BFINAL 1) holding `tokens` and the end-of-block symbol,
    /// with dynamic Huffman codes fitted to the tokens (BTYPE 10) or the fixed
    /// codes (BTYPE 01).
    static func deflateHuffman(_ tokens: [UInt32], dynamic: Bool) -> [UInt8] {
        var writer = LeastSignificantBitWriter()
        var literalLengths: [Int], distanceLengths: [Int]
        if dynamic {
            var literalFrequencies = [Int](repeating: 0, count: 286)
            var distanceFrequencies = [Int](repeating: 0, count: 30)
            for token in tokens {
                if token >> 31 == 0 {
                    literalFrequencies[Int(token)] += 1
                } else {
                    literalFrequencies[lengthSymbol(Int(token >> 16 & 0x1FF)).symbol] += 1
                    distanceFrequencies[distanceSymbol(Int(token & 0xFFFF)).symbol] += 1
                }
            }
            literalFrequencies[256] = 1
            // Two used symbols at least, so that every code is a complete tree.
            if literalFrequencies.filter({ $0 > 0 }).count < 2 { literalFrequencies[0] = 1 }
            for symbol in 0..<2 where distanceFrequencies.filter({ $0 > 0 }).count < 2 { distanceFrequencies[symbol] = max(1, distanceFrequencies[symbol]) }
            literalLengths = huffmanLengths(literalFrequencies, limit: 15)
            distanceLengths = huffmanLengths(distanceFrequencies, limit: 15)
            writeDynamicHeader(literalLengths, distanceLengths, to: &writer)
        } else {
            // The fixed codes (RFC 1951, 3.2.6) are the canonical codes of these lengths.
            literalLengths = (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }
            distanceLengths = Array(repeating: 5, count: 30)
            writer.write(1, bits: 1)  // BFINAL
            writer.write(1, bits: 2)  // BTYPE 01
        }
        let literalCodes = canonicalCodes(literalLengths)
        let distanceCodes = canonicalCodes(distanceLengths)
        for token in tokens {
            if token >> 31 == 0 {
                writer.write(literalCodes[Int(token)], bits: literalLengths[Int(token)])
            } else {
                let length = lengthSymbol(Int(token >> 16 & 0x1FF))
                writer.write(literalCodes[length.symbol], bits: literalLengths[length.symbol])
                writer.write(length.extra, bits: length.bits)
                let distance = distanceSymbol(Int(token & 0xFFFF))
                writer.write(distanceCodes[distance.symbol], bits: distanceLengths[distance.symbol])
                writer.write(distance.extra, bits: distance.bits)
            }
        }
        writer.write(literalCodes[256], bits: literalLengths[256])
        return writer.finish()
    }

    /// Writes BFINAL 1, BTYPE 10 and the code lengths of a dynamic block: HLIT,
    /// HDIST, HCLEN, the code-length code, then both sets of lengths run-length
    /// encoded with symbols 16 (repeat the previous length 3-6 times), 17 (3-10
    /// zeros) and 18 (11-138 zeros).
    private static func writeDynamicHeader(_ literalLengths: [Int], _ distanceLengths: [Int], to writer: inout LeastSignificantBitWriter) {
        let literalCount = max(257, (literalLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let distanceCount = max(1, (distanceLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let lengths = Array(literalLengths[0..<literalCount]) + Array(distanceLengths[0..<distanceCount])
        // Run-length symbols with their extra bits.
        var symbols: [(symbol: Int, bits: Int, extra: Int)] = []
        var i = 0
        while i < lengths.count {
            let value = lengths[i]
            var run = 1
            while i + run < lengths.count && lengths[i + run] == value { run += 1 }
            i += run
            if value == 0 {
                while run >= 11 {
                    let n = min(run, 138)
                    symbols.append((18, 7, n - 11))
                    run -= n
                }
                if run >= 3 {
                    symbols.append((17, 3, run - 3))
                    run = 0
                }
            } else {
                symbols.append((value, 0, 0))
                run -= 1
                while run >= 3 {
                    let n = min(run, 6)
                    symbols.append((16, 2, n - 3))
                    run -= n
                }
            }
            for _ in 0..<run { symbols.append((value, 0, 0)) }
        }
        var frequencies = [Int](repeating: 0, count: 19)
        for entry in symbols { frequencies[entry.symbol] += 1 }
        for symbol in [0, 1] where frequencies.filter({ $0 > 0 }).count < 2 { frequencies[symbol] = max(1, frequencies[symbol]) }
        let codeLengths = huffmanLengths(frequencies, limit: 7)
        let codes = canonicalCodes(codeLengths)
        let codeLengthCount = max(4, (codeLengthOrder.lastIndex { codeLengths[$0] > 0 } ?? 0) + 1)

        writer.write(1, bits: 1)  // BFINAL
        writer.write(2, bits: 2)  // BTYPE 10
        writer.write(literalCount - 257, bits: 5)
        writer.write(distanceCount - 1, bits: 5)
        writer.write(codeLengthCount - 4, bits: 4)
        for symbol in codeLengthOrder[0..<codeLengthCount] { writer.write(codeLengths[symbol], bits: 3) }
        for entry in symbols {
            writer.write(codes[entry.symbol], bits: codeLengths[entry.symbol])
            writer.write(entry.extra, bits: entry.bits)
        }
    }

    /// Huffman code lengths for `frequencies` (0 for unused symbols), none longer
    /// than `limit`: the optimal lengths, or, if some would be longer, those of
    /// frequencies halved (rounding up) until none is. Two used symbols at least.
    static func huffmanLengths(_ frequencies: [Int], limit: Int) -> [Int] {
        var weights = frequencies
        while true {
            let leaves = weights.indices.filter { weights[$0] > 0 }.sorted { (weights[$0], $0) < (weights[$1], $1) }
            require(leaves.count >= 2, "a Huffman code needs two symbols")
            // Two-queue construction: leaves in increasing weight, internal nodes
            // are made in increasing weight too. Nodes 0..<count are the leaves
            // (in `leaves` order), then the internal nodes in order of creation.
            let count = leaves.count
            var nodeWeight = leaves.map { weights[$0] }
            var parent = [Int](repeating: -1, count: 2 * count - 1)
            var nextLeaf = 0, nextInternal = count
            func takeSmallest() -> Int {
                if nextLeaf < count && (nextInternal >= nodeWeight.count || nodeWeight[nextLeaf] <= nodeWeight[nextInternal]) {
                    nextLeaf += 1
                    return nextLeaf - 1
                }
                nextInternal += 1
                return nextInternal - 1
            }
            for _ in 0..<(count - 1) {
                let a = takeSmallest(), b = takeSmallest()
                parent[a] = nodeWeight.count
                parent[b] = nodeWeight.count
                nodeWeight.append(nodeWeight[a] + nodeWeight[b])
            }
            var depth = [Int](repeating: 0, count: 2 * count - 1)
            for node in stride(from: 2 * count - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
            if depth[0..<count].max()! <= limit {
                var lengths = [Int](repeating: 0, count: frequencies.count)
                for (node, symbol) in leaves.enumerated() { lengths[symbol] = depth[node] }
                return lengths
            }
            weights = weights.map { ($0 + 1) / 2 }
        }
    }

    /// The canonical Huffman codes of `lengths` (RFC 1951, 3.2.2), each already
    /// bit-reversed for writing least significant bit first.
    static func canonicalCodes(_ lengths: [Int]) -> [Int] {
        let maxLength = lengths.max() ?? 0
        var lengthCount = [Int](repeating: 0, count: maxLength + 1)
        for length in lengths where length > 0 { lengthCount[length] += 1 }
        var nextCode = [Int](repeating: 0, count: maxLength + 2)
        var code = 0
        for bits in stride(from: 1, through: maxLength, by: 1) {
            code = (code + lengthCount[bits - 1]) << 1
            nextCode[bits] = code
        }
        return lengths.map { length in
            guard length > 0 else { return 0 }
            let code = nextCode[length]
            nextCode[length] += 1
            var reversed = 0
            for k in 0..<length where code >> k & 1 != 0 { reversed |= 1 << (length - 1 - k) }
            return reversed
        }
    }
}
