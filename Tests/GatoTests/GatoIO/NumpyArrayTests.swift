import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Reference .npy files written by numpy 2.4 (base64). Each comment gives the Python
/// that made it (`import numpy as np, io; f = io.BytesIO(); <call>; f.getvalue()`).
enum NpyFixtures {
    static func bytes(_ base64: String) -> Data { Data(base64Encoded: base64)! }

    /// np.save(f, np.array([[0.5, -1.25, 3.0], [2.5, 0.0, -0.125]], dtype='<f4'))
    static let float32TwoDimensionalV1 = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AACgvwAAQEAAACBAAAAAAAAAAL4=")
    /// np.lib.format.write_array(f, np.array([1.5, -2.25, 1e300], dtype='<f8'), version=(2, 0))
    static let float64V2 = bytes("k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAALAnHUAiDzkN34=")
    /// np.lib.format.write_array(f, np.array([0.25, 4.0], dtype='<f4'), version=(3, 0))
    static let float32V3 = bytes("k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA+AACAQA==")
    /// np.save(f, np.array([0.1, 2.0, -3.5, np.nan], dtype='<f8'))
    static let float64WithNaN = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAABAAAAAAAAADMAAAAAAAAD4fw==")
    /// np.save(f, np.array([[-9007199254740992, 7], [0, -1]], dtype='<i8'))
    static let int64TwoDimensional = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADg/wcAAAAAAAAAAAAAAAAAAAD//////////w==")
    /// np.save(f, np.array([0, 1, 255], dtype='|u1'))
    static let uint8 = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf8=")
    /// np.save(f, np.array([True, False, True], dtype='|b1'))
    static let bool = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=")
    /// np.save(f, np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3)))
    static let fortranTwoDimensional = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=")
    /// np.save(f, np.array([1.0, 2.0], dtype='<f8')) with b"False" replaced by b"True "
    /// (numpy itself never marks a 1-D array Fortran-ordered, but the flag is harmless there)
    static let fortranOneDimensional = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlICwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA")
    /// np.save(f, np.array([1.0, 2.0], dtype='>f8'))
    static let bigEndian = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/8AAAAAAAAEAAAAAAAAAA")
    /// np.save(f, np.zeros((2, 1, 2), dtype='<f8'))
    static let threeDimensional = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")
    /// np.save(f, np.float64(3.0))
    static let scalar = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAIQA==")
    /// np.save(f, np.array([1.0, 2.0, 3.0], dtype='<f8')), then the last 5 bytes dropped
    static let truncated = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABAAAAA")
    /// np.save(f, np.zeros(2, dtype=[('a', '<f8'), ('b', '<i4')]))
    static let structured = bytes("k05VTVBZAQB2AHsnZGVzY3InOiBbKCdhJywgJzxmOCcpLCAoJ2InLCAnPGk0JyldLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    /// np.save(f, np.array(['ab', 'c']))
    static let unicode = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPFUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAphAAAAYgAAAGMAAAAAAAAA")
    /// np.save(f, np.array([1 + 2j]))
    static let complex = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA")
    /// np.save(f, np.array([1.0], dtype='<f2'))
    static let float16 = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPA==")
    /// np.save(f, np.array([3, -1, 0, 2147483647], dtype='<i4')): what our writer must produce
    static let int32Written = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoDAAAA/////wAAAAD///9/")
    /// np.save(f, np.array([[0.5], [-2.0], [1e-300]], dtype='<f8')): what our writer must produce
    static let float64Written = bytes("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDEpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADgPwAAAAAAAADAWfP4wh9upQE=")

    /// A hand-made .npy file: magic, version, header length, `header` as is, `payload`.
    static func make(header: String, payload: [UInt8], version: UInt8 = 1) -> Data {
        let text = Array(header.utf8)
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0])
        if version == 1 {
            data.append(contentsOf: [UInt8(text.count & 0xFF), UInt8(text.count >> 8)])
        } else {
            data.append(contentsOf: [UInt8(text.count & 0xFF), UInt8(text.count >> 8 & 0xFF), 0, 0])
        }
        data.append(contentsOf: text)
        data.append(contentsOf: payload)
        return data
    }
}

@Suite struct NpyReadingTests {
    @Test func float32TwoDimensionalVersion1() throws {
        let array = try NumpyArray(data: NpyFixtures.float32TwoDimensionalV1, file: "x.npy")
        #expect(array.shape == [2, 3] && array.dtype == "<f4" && array.elementType == .float32)
        #expect(array.rank == 2 && array.rows == 2 && array.columns == 3 && array.count == 6)
        #expect(array.values == [0.5, -1.25, 3.0, 2.5, 0.0, -0.125])
        #expect(array.floatValues == [0.5, -1.25, 3.0, 2.5, 0.0, -0.125])
    }

    @Test func versions2And3() throws {
        let v2 = try NumpyArray(data: NpyFixtures.float64V2, file: "v2.npy")
        #expect(v2.shape == [3] && v2.dtype == "<f8" && v2.values == [1.5, -2.25, 1e300])
        #expect(v2.rows == 3 && v2.columns == 1)
        #expect(v2.floatValues[0...1] == [1.5, -2.25] && v2.floatValues[2] == .infinity)
        let v3 = try NumpyArray(data: NpyFixtures.float32V3, file: "v3.npy")
        #expect(v3.shape == [2] && v3.values == [0.25, 4.0] && v3.floatValues == [0.25, 4.0])
        // A version 3.0 header is UTF-8 (here in a key numpy ignores).
        let utf8 = NpyFixtures.make(
            header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'note': 'µ→e', }\n",
            payload: [0, 0, 0x80, 0x3F], version: 3)
        #expect(try NumpyArray(data: utf8, file: "u.npy").values == [1])
    }

    @Test func integerAndBooleanDtypes() throws {
        let int64 = try NumpyArray(data: NpyFixtures.int64TwoDimensional, file: "i.npy")
        #expect(int64.shape == [2, 2] && int64.values == [-9007199254740992, 7, 0, -1])
        #expect(try NumpyArray(data: NpyFixtures.uint8, file: "u.npy").values == [0, 1, 255])
        let bool = try NumpyArray(data: NpyFixtures.bool, file: "b.npy")
        #expect(bool.dtype == "|b1" && bool.values == [1, 0, 1] && bool.floatValues == [1, 0, 1])
        // The other integer widths, each holding its extreme values.
        let cases: [(String, [UInt8], [Double])] = [
            ("<i1", [0x80, 0x7F], [-128, 127]),
            ("|i1", [0xFF, 0x01], [-1, 1]),
            ("<u1", [0xFF, 0x00], [255, 0]),
            ("<i2", [0x00, 0x80, 0xFF, 0x7F], [-32768, 32767]),
            ("<u2", [0xFF, 0xFF, 0x01, 0x00], [65535, 1]),
            ("<i4", [0x00, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00], [-2147483648, 2]),
            ("<u4", [0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0x00, 0x00, 0x00], [4294967295, 3]),
            ("<u8", [0, 0, 0, 0, 0, 0, 0, 0x80, 5, 0, 0, 0, 0, 0, 0, 0], [9223372036854775808, 5]),
        ]
        for (descr, payload, expected) in cases {
            let data = NpyFixtures.make(header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': (2,), }\n", payload: payload)
            let array = try NumpyArray(data: data, file: "t.npy")
            #expect(array.dtype == descr && array.values == expected, "\(descr)")
            #expect(array.floatValues == expected.map(Float.init), "\(descr)")
        }
    }

    @Test func headersAreParsedRobustly() throws {
        let one: [UInt8] = [0, 0, 0x80, 0x3F]  // 1.0f
        let headers = [
            "{'shape': (1,), 'fortran_order': False, 'descr': '<f4'}",  // other key order, no trailing comma
            "{ \"descr\" : \"<f4\" ,'fortran_order':False,'shape':( 1 , ) , }   \n",  // double quotes, odd spacing
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1L,), }\n",  // Python 2 long
            "{'descr': '<f4', 'fortran_order': False, 'shape': [1], }\n",  // a list
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }\n",
        ]
        for header in headers {
            let array = try NumpyArray(data: NpyFixtures.make(header: header, payload: one), file: "h.npy")
            #expect(array.values == [1], "\(header)")
        }
        let empty = try NumpyArray(data: NpyFixtures.make(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }\n", payload: []), file: "e.npy")
        #expect(empty.shape == [0, 3] && empty.values.isEmpty && empty.floatValues.isEmpty)
        // Trailing bytes after the data are ignored, as numpy does.
        let extra = try NumpyArray(data: NpyFixtures.make(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", payload: one + [9, 9]), file: "x.npy")
        #expect(extra.values == [1])
        // A Fortran-ordered 1-D array is the same as a C-ordered one.
        #expect(try NumpyArray(data: NpyFixtures.fortranOneDimensional, file: "f.npy").values == [1, 2])
    }

    @Test func readsDataThatIsASliceOfLargerData() throws {
        var data = Data([1, 2, 3])
        data.append(NpyFixtures.float32V3)
        let slice = data.dropFirst(3)
        #expect(try NumpyArray(data: slice, file: "s.npy").values == [0.25, 4.0])
    }

    /// The message of the error thrown by parsing `data`.
    static func message(_ data: Data, file: String = "x.npy", array: String? = nil) -> String? {
        do {
            _ = try NumpyArray(data: data, file: file, array: array)
            return nil
        } catch let error as EventFileError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func unsupportedFilesAreErrorsNamingTheProblem() {
        #expect(Self.message(NpyFixtures.fortranTwoDimensional, file: "f.npy")
            == "f.npy: array of shape (2, 3) is stored in Fortran order; C order required (save np.ascontiguousarray(a))")
        #expect(Self.message(NpyFixtures.bigEndian, file: "signal.npz", array: "weight")
            == "signal.npz: array 'weight': dtype '>f8' (big-endian) is not supported; use little-endian float32/float64 or integers")
        #expect(Self.message(NpyFixtures.threeDimensional)
            == "x.npy: shape (2, 1, 2) has 3 dimensions; only 1-D and 2-D arrays are supported")
        #expect(Self.message(NpyFixtures.scalar)
            == "x.npy: shape () has 0 dimensions; only 1-D and 2-D arrays are supported")
        #expect(Self.message(NpyFixtures.truncated)
            == "x.npy: data truncated: shape (3,) of <f8 needs 24 bytes after the header, the file has 19")
        #expect(Self.message(NpyFixtures.structured)
            == "x.npy: dtype [('a', '<f8'), ('b', '<i4')] (structured) is not supported; use little-endian float32/float64 or integers")
        #expect(Self.message(NpyFixtures.unicode)
            == "x.npy: dtype '<U2' (unicode string) is not supported; use little-endian float32/float64 or integers")
        #expect(Self.message(NpyFixtures.complex)
            == "x.npy: dtype '<c16' (complex) is not supported; use little-endian float32/float64 or integers")
        #expect(Self.message(NpyFixtures.float16)
            == "x.npy: dtype '<f2' (float16) is not supported; use little-endian float32/float64 or integers")
    }

    @Test func malformedFilesAreErrors() {
        #expect(Self.message(Data("a,b\n1,2\n".utf8), file: "bkg.npy")
            == "bkg.npy: not a .npy file (it does not start with \\x93NUMPY)")
        #expect(Self.message(NpyFixtures.float32TwoDimensionalV1.prefix(40))
            == "x.npy: the file ends inside the .npy header (truncated?)")
        #expect(Self.message(NpyFixtures.float32TwoDimensionalV1.prefix(8))
            == "x.npy: the file ends inside the .npy header (truncated?)")
        #expect(Self.message(NpyFixtures.make(header: "{}", payload: [], version: 4))
            == "x.npy: unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are supported)")
        #expect(Self.message(NpyFixtures.make(header: "{'descr': '<f8', 'shape': (1,)}", payload: []))
            == "x.npy: malformed .npy header: no 'fortran_order' key")
        #expect(Self.message(NpyFixtures.make(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", payload: []))
            == "x.npy: malformed .npy header: 'shape' holds -1, not a non-negative integer")
        #expect(Self.message(NpyFixtures.make(header: "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", payload: []))
            == "x.npy: malformed .npy header: 'fortran_order' is 0, not True or False")
        #expect(Self.message(NpyFixtures.make(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", payload: []))
            == "x.npy: malformed .npy header: expected '}', found the end")
        #expect(Self.message(NpyFixtures.make(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", payload: []))
            == "x.npy: malformed .npy header: unexpected 'x' after the dict")
        #expect(Self.message(NpyFixtures.make(header: "{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}", payload: []))
            == "x.npy: malformed .npy header: expected '}', found 'f'")
        #expect(Self.message(NpyFixtures.make(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}", payload: []))
            == "x.npy: shape (4611686018427387904, 4) is too large")
    }

    @Test func readsFilesAndReportsMissingOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gato-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("features.npy")
        try NpyFixtures.float32TwoDimensionalV1.write(to: url)
        #expect(try NumpyArray.read(contentsOf: url).shape == [2, 3])
        let missing = directory.appendingPathComponent("nope.npy")
        #expect(throws: EventFileError(file: "nope.npy", problem: "no such file (\(missing.path))")) {
            try NumpyArray.read(contentsOf: missing)
        }
        #expect(throws: EventFileError(file: "d", problem: "is a directory, not a file (\(directory.path))")) {
            try NumpyArray.read(contentsOf: directory, displayName: "d")
        }
        let big = directory.appendingPathComponent("big.npy")
        try NpyFixtures.bigEndian.write(to: big)
        let error = #expect(throws: EventFileError.self) { try NumpyArray.read(contentsOf: big) }
        #expect(error?.file == "big.npy" && error?.array == nil)
        #expect(error?.errorDescription == "big.npy: dtype '>f8' (big-endian) is not supported; use little-endian float32/float64 or integers")
    }
}

@Suite struct NpyWritingTests {
    @Test func writerProducesExactlyWhatNumpySaveWrites() throws {
        let int32 = NumpyArray(int32: [3, -1, 0, .max])
        #expect(int32.npyData() == NpyFixtures.int32Written)
        let float64 = NumpyArray(float64: [0.5, -2.0, 1e-300], shape: [3, 1])
        #expect(float64.npyData() == NpyFixtures.float64Written)
    }

    @Test func writtenHeadersAreAlignedAndReadBack() throws {
        let arrays = [
            NumpyArray(int32: [], shape: [0]),
            NumpyArray(int32: [1, 2, 3, 4, 5, 6], shape: [2, 3]),
            NumpyArray(float64: [.nan, -.infinity, 1]),
            NumpyArray(float32: [0.5, 1.5], shape: [1, 2]),
        ]
        for array in arrays {
            let data = array.npyData()
            let headerLength = Int(data[8]) | Int(data[9]) << 8
            #expect((10 + headerLength) % 64 == 0 && data[10 + headerLength - 1] == UInt8(ascii: "\n"))
            let back = try NumpyArray(data: data, file: "w.npy")
            #expect(back.shape == array.shape && back.dtype == array.dtype)
            #expect(back.values.map(\.bitPattern) == array.values.map(\.bitPattern))
        }
    }
}

@Suite struct NpyFiniteCheckTests {
    @Test func firstNonFiniteValueIsNamed() throws {
        let values = try NumpyArray(data: NpyFixtures.float64WithNaN, file: "x.npy").values
        #expect(values[0...2] == [0.1, 2.0, -3.5] && values[3].isNaN)
        #expect(throws: EventFileError(file: "signal.npz", array: "x", problem: "value 3 is nan")) {
            try EventFileError.checkFinite(values, file: "signal.npz", array: "x")
        }
        #expect(EventFileError(file: "signal.npz", array: "x", problem: "value 3 is nan").description
            == "signal.npz: array 'x': value 3 is nan")
        #expect(throws: EventFileError(file: "s.npy", problem: "row 1, column 2 is -inf")) {
            try EventFileError.checkFinite([Float](arrayLiteral: 0, 1, 2, 3, 4, -.infinity), file: "s.npy", array: nil, rowLength: 3)
        }
        #expect(EventFileError(file: "s.npy", problem: "row 1, column 2 is -inf").description == "s.npy: row 1, column 2 is -inf")
        try EventFileError.checkFinite([0, 1, -2], file: "s.npy", array: nil)
        try EventFileError.checkFinite([Float](), file: "s.npy", array: nil)
    }

    @Test func descriptionIsOneLine() {
        let error = EventFileError(file: "a.csv", line: 3, column: "x\ny", problem: "has 'a\r\nb', not a number")
        #expect(error.description == "a.csv, line 3: column 'x\\ny' has 'a\\r\\nb', not a number")
    }
}
