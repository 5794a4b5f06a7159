import Gato
import GatoIO

/// Packs codes of varying widths into bytes, least significant bit first: the
/// order of deflate (RFC 1951, 3.1.1) and of GIF's LZW data (GIF89a, appendix F).
struct LeastSignificantBitWriter {
    private var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// An empty writer; `capacity` bytes are reserved.
    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends the `bits` low bits of `value`, least significant first.
    @inline(__always)
    mutating func write(_ value: Int, bits: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// The bytes written, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
        buffer = 0
        count = 0
        return bytes
    }
}
