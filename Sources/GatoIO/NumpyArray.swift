import Foundation
import Gato

/// A 1-D or 2-D numeric array read from (or to be written to) a numpy `.npy` file.
///
/// Reading accepts format versions 1.0, 2.0 and 3.0 and the little-endian dtypes
/// `<f4 <f8 <i1 <i2 <i4 <i8 <u1 <u2 <u4 <u8 |i1 |u1 |b1`, in C order (Fortran order
/// only for 1-D arrays, where it makes no difference). The elements are kept as
/// stored; ``values`` converts them to `Double` and ``floatValues`` to `Float`
/// (64-bit integers beyond 2^53 lose precision). Every problem is an
/// ``EventFileError`` naming the file, the array (inside an .npz) and the dtype or
/// shape at fault.
///
/// Writing produces format version 1.0 files laid out exactly as `numpy.save` does.
public struct NumpyArray: Sendable, Equatable {
    /// The supported element types.
    public enum ElementType: String, Sendable, CaseIterable {
        case float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .int8, .uint8, .bool: return 1
            case .int16, .uint16: return 2
            case .float32, .int32, .uint32: return 4
            case .float64, .int64, .uint64: return 8
            }
        }

        /// The numpy dtype string written for this type.
        public var descr: String {
            switch self {
            case .float32: return "<f4"
            case .float64: return "<f8"
            case .int8: return "|i1"
            case .int16: return "<i2"
            case .int32: return "<i4"
            case .int64: return "<i8"
            case .uint8: return "|u1"
            case .uint16: return "<u2"
            case .uint32: return "<u4"
            case .uint64: return "<u8"
            case .bool: return "|b1"
            }
        }

        /// The type of a dtype string, or nil when it is not supported.
        init?(descr: String) {
            switch descr {
            case "<f4": self = .float32
            case "<f8": self = .float64
            case "<i1", "|i1": self = .int8
            case "<i2": self = .int16
            case "<i4": self = .int32
            case "<i8": self = .int64
            case "<u1", "|u1": self = .uint8
            case "<u2": self = .uint16
            case "<u4": self = .uint32
            case "<u8": self = .uint64
            case "|b1", "<b1": self = .bool
            default: return nil
            }
        }
    }

    /// The shape: `[n]` or `[rows, columns]`.
    public let shape: [Int]
    /// The dtype string as found in the file (or written), e.g. `<f4`.
    public let dtype: String
    /// The element type.
    public let elementType: ElementType
    /// The elements in C order, little-endian, exactly `count * elementType.size` bytes.
    let payload: Data

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// 1 or 2.
    public var rank: Int { shape.count }
    /// The length of the first axis.
    public var rows: Int { shape[0] }
    /// The length of the second axis, 1 for a 1-D array.
    public var columns: Int { shape.count == 2 ? shape[1] : 1 }

    /// The elements in C order (row after row), converted to `Double`; booleans are 0 or 1.
    /// Decoded on every call: keep the result rather than calling this in a loop.
    public var values: [Double] { decode(as: Double.self) }

    /// The elements in C order converted to `Float` (a float32 array is copied as is).
    /// Decoded on every call.
    public var floatValues: [Float] { decode(as: Float.self) }

    // MARK: Reading

    /// Parses the bytes of a .npy file. `file` (and `array`, for a member of an .npz
    /// archive) name it in error messages.
    public init(data: Data, file: String, array: String? = nil) throws {
        func fail(_ problem: String) -> EventFileError {
            EventFileError(file: file, array: array, problem: problem)
        }
        let bytes = [UInt8](data.prefix(12))
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else {
            throw fail("not a .npy file (it does not start with \\x93NUMPY)")
        }
        guard bytes.count >= 10 else { throw fail("the file ends inside the .npy header (truncated?)") }
        let (major, minor) = (Int(bytes[6]), Int(bytes[7]))
        guard [1, 2, 3].contains(major), minor == 0 else {
            throw fail("unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are supported)")
        }
        let headerStart: Int
        let headerLength: Int
        if major == 1 {
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        } else {
            guard bytes.count >= 12 else { throw fail("the file ends inside the .npy header (truncated?)") }
            headerStart = 12
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        }
        guard data.count >= headerStart + headerLength else {
            throw fail("the file ends inside the .npy header (truncated?)")
        }
        let headerBytes = data.dropFirst(headerStart).prefix(headerLength)
        let headerText: String
        if major == 3 {
            guard let text = String(bytes: headerBytes, encoding: .utf8) else {
                throw fail("malformed .npy header: not valid UTF-8")
            }
            headerText = text
        } else {
            // Versions 1.0 and 2.0 headers are latin-1.
            var text = ""
            text.unicodeScalars.append(contentsOf: headerBytes.map { Unicode.Scalar($0) })
            headerText = text
        }
        let header: NpyHeader
        do {
            header = try NpyHeader(parsing: headerText)
        } catch let error as NpyHeader.ParseError {
            throw fail("malformed .npy header: \(error.message)")
        }

        guard let elementType = ElementType(descr: header.descr) else {
            throw fail(Self.unsupportedDtypeProblem(header.descr, isString: header.descrIsString))
        }
        let shapeText = NpyHeader.shapeRepr(header.shape)
        guard header.shape.count == 1 || header.shape.count == 2 else {
            throw fail("shape \(shapeText) has \(header.shape.count) dimensions; only 1-D and 2-D arrays are supported")
        }
        if header.fortranOrder && header.shape.count != 1 {
            throw fail("array of shape \(shapeText) is stored in Fortran order; C order required (save np.ascontiguousarray(a))")
        }
        var count = 1
        for extent in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw fail("shape \(shapeText) is too large") }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: elementType.size)
        guard !overflow else { throw fail("shape \(shapeText) is too large") }
        let dataStart = headerStart + headerLength
        let available = data.count - dataStart
        guard available >= byteCount else {
            throw fail("data truncated: shape \(shapeText) of \(header.descr) needs \(byteCount) bytes after the header, "
                + "the file has \(available)")
        }
        self.shape = header.shape
        self.dtype = header.descr
        self.elementType = elementType
        let start = data.startIndex + dataStart
        self.payload = Data(data[start..<(start + byteCount)])
    }

    /// Reads a .npy file. Errors name the file by `displayName` (default: its last path component).
    public static func read(contentsOf url: URL, displayName: String? = nil) throws -> NumpyArray {
        let name = displayName ?? EventFileError.displayName(of: url)
        let data = try EventFileError.readFile(url, displayName: name)
        return try NumpyArray(data: data, file: name)
    }

    static func unsupportedDtypeProblem(_ descr: String, isString: Bool) -> String {
        let advice = "use little-endian float32/float64 or integers"
        guard isString else { return "dtype \(descr) (structured) is not supported; \(advice)" }
        let text = descr
        var kind: String?
        if text.hasPrefix(">") {
            kind = "big-endian"
        } else {
            let code = text.drop(while: { "<>|=".contains($0) })
            switch code.first {
            case "c": kind = "complex"
            case "U": kind = "unicode string"
            case "S", "a": kind = "byte string"
            case "O": kind = "Python object"
            case "M": kind = "datetime"
            case "m": kind = "timedelta"
            case "V": kind = "raw bytes"
            case "f": kind = code == "f2" ? "float16" : (code == "f16" || code == "f12" ? "long double" : nil)
            default: kind = nil
            }
        }
        return "dtype '\(text)'\(kind.map { " (\($0))" } ?? "") is not supported; \(advice)"
    }

    // MARK: Decoding

    private func decode<T: BinaryFloatingPoint>(as: T.Type) -> [T] {
        let n = count
        let type = elementType
        return [T](unsafeUninitializedCapacity: n) { out, initialized in
            payload.withUnsafeBytes { raw in
                switch type {
                case .float32:
                    #if _endian(little)
                    if T.self == Float.self, n > 0 {
                        // The fast path: the file's bytes are the Floats.
                        UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: raw.baseAddress!, byteCount: n * 4)
                        break
                    }
                    #endif
                    for i in 0..<n { out[i] = T(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))) }
                case .float64:
                    for i in 0..<n { out[i] = T(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
                case .int8:
                    for i in 0..<n { out[i] = T(raw.load(fromByteOffset: i, as: Int8.self)) }
                case .uint8:
                    for i in 0..<n { out[i] = T(raw[i]) }
                case .bool:
                    for i in 0..<n { out[i] = raw[i] == 0 ? 0 : 1 }
                case .int16:
                    for i in 0..<n { out[i] = T(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
                case .uint16:
                    for i in 0..<n { out[i] = T(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
                case .int32:
                    for i in 0..<n { out[i] = T(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
                case .uint32:
                    for i in 0..<n { out[i] = T(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
                case .int64:
                    for i in 0..<n { out[i] = T(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
                case .uint64:
                    for i in 0..<n { out[i] = T(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
                }
            }
            initialized = n
        }
    }

    // MARK: Writing

    private init(elementType: ElementType, shape: [Int], payload: Data) {
        require(shape.count == 1 || shape.count == 2, "NumpyArray: shape \(shape) is not 1-D or 2-D")
        require(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) * elementType.size == payload.count,
                     "NumpyArray: shape \(shape) does not match the number of values")
        self.shape = shape
        self.dtype = elementType.descr
        self.elementType = elementType
        self.payload = payload
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        var data = Data(count: values.count * MemoryLayout<T>.size)
        data.withUnsafeMutableBytes { raw in
            for (i, value) in values.enumerated() {
                raw.storeBytes(of: value.littleEndian, toByteOffset: i * MemoryLayout<T>.size, as: T.self)
            }
        }
        return data
    }

    /// An `<i4` array; `shape` defaults to `[values.count]` and must hold exactly the values.
    public init(int32 values: [Int32], shape: [Int]? = nil) {
        self.init(elementType: .int32, shape: shape ?? [values.count], payload: Self.littleEndianBytes(values))
    }

    /// An `<f8` array; `shape` defaults to `[values.count]` and must hold exactly the values.
    public init(float64 values: [Double], shape: [Int]? = nil) {
        self.init(elementType: .float64, shape: shape ?? [values.count],
                  payload: Self.littleEndianBytes(values.map(\.bitPattern)))
    }

    /// An `<f4` array; `shape` defaults to `[values.count]` and must hold exactly the values.
    public init(float32 values: [Float], shape: [Int]? = nil) {
        self.init(elementType: .float32, shape: shape ?? [values.count],
                  payload: Self.littleEndianBytes(values.map(\.bitPattern)))
    }

    /// The bytes of a .npy file (format version 1.0, C order) holding this array,
    /// identical to what `numpy.save` writes.
    public func npyData() -> Data {
        // numpy's _write_array_header: the dict repr, room for the first axis to grow
        // to 21 digits, then spaces and a newline so that data starts at a multiple of 64.
        var header = "{'descr': '\(dtype)', 'fortran_order': False, 'shape': \(NpyHeader.shapeRepr(shape)), }"
        header += String(repeating: " ", count: max(0, 21 - String(shape[0]).count))
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: 64 - unpadded % 64) + "\n"
        let length = header.utf8.count
        require(length <= Int(UInt16.max), "NumpyArray: header too long for format 1.0")
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(payload)
        return data
    }

    /// Writes a .npy file atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(npyData(), to: url)
    }
}

/// The header dict of a .npy file, parsed from its Python-literal text.
struct NpyHeader {
    struct ParseError: Error { let message: String }

    /// The dtype string, or the Python repr of a non-string descr (structured dtypes).
    var descr: String
    /// Whether descr was a string (a plain dtype) rather than a list (a structured one).
    var descrIsString: Bool
    var fortranOrder: Bool
    var shape: [Int]

    init(parsing text: String) throws {
        var parser = PythonLiteralParser(text)
        let value = try parser.parseTopLevel()
        guard case let .dict(entries) = value else {
            throw ParseError(message: "expected a dict, found \(value.repr)")
        }
        func entry(_ key: String) throws -> PythonLiteral {
            guard let found = entries.last(where: { $0.0 == key }) else {
                throw ParseError(message: "no '\(key)' key")
            }
            return found.1
        }
        switch try entry("descr") {
        case let .string(string):
            descr = string
            descrIsString = true
        case let other:
            descr = other.repr
            descrIsString = false
        }
        switch try entry("fortran_order") {
        case let .bool(flag): fortranOrder = flag
        case let other: throw ParseError(message: "'fortran_order' is \(other.repr), not True or False")
        }
        switch try entry("shape") {
        case let .tuple(items), let .list(items):
            shape = try items.map { item in
                guard case let .int(extent) = item, extent >= 0 else {
                    throw ParseError(message: "'shape' holds \(item.repr), not a non-negative integer")
                }
                return extent
            }
        case let other: throw ParseError(message: "'shape' is \(other.repr), not a tuple")
        }
    }

    /// Python's repr of a shape tuple: `()`, `(5,)`, `(5, 3)`.
    static func shapeRepr(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

/// The Python literals that appear in .npy headers.
indirect enum PythonLiteral {
    case string(String)
    case int(Int)
    case bool(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(String, PythonLiteral)])

    var repr: String {
        switch self {
        case let .string(s): return "'\(s)'"
        case let .int(i): return String(i)
        case let .bool(b): return b ? "True" : "False"
        case .none: return "None"
        case let .tuple(items):
            return items.count == 1 ? "(\(items[0].repr),)" : "(" + items.map(\.repr).joined(separator: ", ") + ")"
        case let .list(items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case let .dict(entries): return "{" + entries.map { "'\($0.0)': \($0.1.repr)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A recursive-descent parser for the subset of Python literal syntax numpy writes
/// (and a little more: double quotes, Python 2 long suffixes, any spacing).
struct PythonLiteralParser {
    typealias ParseError = NpyHeader.ParseError
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    mutating func parseTopLevel() throws -> PythonLiteral {
        let value = try parseValue()
        skipSpace()
        guard position == scalars.count else {
            throw ParseError(message: "unexpected '\(String(scalars[position]))' after the dict")
        }
        return value
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func skipSpace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    private mutating func expect(_ c: Unicode.Scalar) throws {
        skipSpace()
        guard current == c else {
            throw ParseError(message: current.map { "expected '\(c)', found '\(String($0))'" } ?? "expected '\(c)', found the end")
        }
        position += 1
    }

    private mutating func parseValue() throws -> PythonLiteral {
        skipSpace()
        guard let c = current else { throw ParseError(message: "unexpected end") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw ParseError(message: "nested too deeply") }
        switch c {
        case "'", "\"": return .string(try parseString())
        case "(":
            position += 1
            let (items, sawComma) = try parseSequence(until: ")")
            // `(x)` is just x in Python; `(x,)` is a tuple.
            if items.count == 1 && !sawComma { return items[0] }
            return .tuple(items)
        case "[":
            position += 1
            return .list(try parseSequence(until: "]").items)
        case "{":
            position += 1
            var entries: [(String, PythonLiteral)] = []
            while true {
                skipSpace()
                if current == "}" { position += 1; break }
                guard current == "'" || current == "\"" else {
                    throw ParseError(message: current.map { "expected a quoted key, found '\(String($0))'" } ?? "unexpected end")
                }
                let key = try parseString()
                try expect(":")
                entries.append((key, try parseValue()))
                skipSpace()
                if current == "," { position += 1; continue }
                try expect("}")
                break
            }
            return .dict(entries)
        default:
            var word = ""
            while let c = current, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "+" || c == "_" {
                word.unicodeScalars.append(c)
                position += 1
            }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            case "": throw ParseError(message: "unexpected '\(String(c))'")
            default:
                var digits = Substring(word)
                if digits.hasSuffix("L") || digits.hasSuffix("l") { digits = digits.dropLast() }  // Python 2 long
                guard let number = Int(digits) else { throw ParseError(message: "unexpected '\(word)'") }
                return .int(number)
            }
        }
    }

    private mutating func parseSequence(until close: Unicode.Scalar) throws -> (items: [PythonLiteral], sawComma: Bool) {
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipSpace()
            if current == close { position += 1; return (items, sawComma) }
            items.append(try parseValue())
            skipSpace()
            if current == "," { position += 1; sawComma = true; continue }
            try expect(close)
            return (items, sawComma)
        }
    }

    private mutating func parseString() throws -> String {
        let quote = scalars[position]
        position += 1
        var text = ""
        while let c = current {
            position += 1
            if c == quote { return text }
            if c == "\\" {
                guard let next = current else { break }
                position += 1
                switch next {
                case "n": text += "\n"
                case "t": text += "\t"
                case "\\", "'", "\"": text.unicodeScalars.append(next)
                default: text += "\\"; text.unicodeScalars.append(next)
                }
            } else {
                text.unicodeScalars.append(c)
            }
        }
        throw ParseError(message: "unterminated string")
    }
}
