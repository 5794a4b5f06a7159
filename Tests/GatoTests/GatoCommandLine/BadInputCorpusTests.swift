import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows
@testable import GatoCommandLine

/// One bad input: how it damages a fresh copy of a valid setup, the command that
/// then fails, its exit status and what the one-line message must name.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// The arguments; `OUT` stands for the output (a folder for `run` and
    /// `example`, an .npz for `apply`), replaced by a new path, then by the
    /// earlier output's.
    let arguments: [String]
    let status: Int32
    /// Substrings of the message that name the file, key, column or row at fault.
    let culprits: [String]
    let damage: @Sendable (URL) throws -> Void

    init(
        _ name: String, _ arguments: [String], status: Int32 = 2, _ culprits: [String],
        damage: @escaping @Sendable (URL) throws -> Void = { _ in }
    ) {
        self.name = name
        self.arguments = arguments
        self.status = status
        self.culprits = culprits
        self.damage = damage
    }

    var testDescription: String { name }
}

/// The corpus: every case starts from the setup of ``BadInputCorpus/fixture``
/// (`run.yaml`, `sig.npz`, `bkg.csv`, an earlier output `earlier` and an earlier
/// `gato apply` result `assigned.npz`).
enum BadInputCorpus {
    static let configuration = BadInputTests.configuration
    static let run = ["run", "run.yaml", "--out", "OUT", "-q"]
    static let checkpoint = "earlier/checkpoints/2_bins.json"
    static let apply = ["apply", checkpoint, "--config", "run.yaml", "--out", "OUT"]

    // MARK: Building damaged files

    static func write(_ text: String, _ name: String, in directory: URL) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    static func write(_ data: Data, _ name: String, in directory: URL) throws {
        try data.write(to: directory.appendingPathComponent(name))
    }

    static func remove(_ name: String, in directory: URL) throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }

    static func folder(_ name: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: url.appendingPathComponent("notes.txt"))
    }

    /// Damages run.yaml by replacing `old` (which must be there) with `new`.
    static func edit(_ old: String, _ new: String) -> @Sendable (URL) throws -> Void {
        { directory in
            let url = directory.appendingPathComponent("run.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
            guard text.contains(old) else { throw CommandError("run.yaml does not contain '\(old)'") }
            try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
        }
    }

    /// The configuration with the signal read from `sig.npy` (features only, weight 0.1).
    static let npyConfiguration = configuration.replacingOccurrences(
        of: "file: sig.npz, features: x, weights: w", with: "file: sig.npy, weights: 0.1")

    static func float64(_ values: [Double]) -> Data {
        values.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static let signalX = (0..<200).map { 0.5 + Double($0 % 50) / 100 }
    static let signalW = Array(repeating: 0.1, count: 200)

    /// An .npy file: the header dictionary as given (padded as numpy pads it) and
    /// the payload; `version` and `magic` may be wrong on purpose.
    static func npy(
        _ dictionary: String, _ payload: Data, version: [UInt8] = [1, 0],
        magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    ) -> Data {
        var header = dictionary
        let prefix = version[0] == 1 ? 10 : 12
        while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data(magic + version)
        let length = header.utf8.count
        data.append(contentsOf: version[0] == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)]
            : [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), 0, 0])
        data.append(Data(header.utf8))
        data.append(payload)
        return data
    }

    static func header(descr: String = "<f8", fortran: Bool = false, shape: String = "(200,)") -> String {
        "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
    }

    /// A valid .npy of the signal's features.
    static var validFeatures: Data { npy(header(), float64(signalX)) }

    /// Writes sig.npz with the given member bytes for 'x' (and a valid 'w').
    static func signalArchive(x: Data, w: Data? = nil) -> @Sendable (URL) throws -> Void {
        { directory in
            try NumpyArchive.write(
                members: [("x", x), ("w", w ?? npy(header(), float64(signalW)))],
                to: directory.appendingPathComponent("sig.npz"))
        }
    }

    /// Writes sig.npz from arrays.
    static func signal(x: NumpyArray? = nil, w: NumpyArray? = nil, extra: [(String, NumpyArray)] = [])
        -> @Sendable (URL) throws -> Void
    {
        { directory in
            try NumpyArchive.write(
                [("x", x ?? NumpyArray(float64: signalX)), ("w", w ?? NumpyArray(float64: signalW))] + extra,
                to: directory.appendingPathComponent("sig.npz"))
        }
    }

    /// Writes sig.npy (features) with `data` and switches the configuration to it.
    static func signalNpy(_ data: Data) -> @Sendable (URL) throws -> Void {
        { directory in
            try write(data, "sig.npy", in: directory)
            try write(npyConfiguration, "run.yaml", in: directory)
        }
    }

    /// Writes bkg.csv: the header `x,w` and 400 valid rows, with `rows` replacing
    /// rows (0-based: row r is on line r + 2).
    static func background(header: String = "x,w", rows replaced: [Int: String] = [:]) -> @Sendable (URL) throws -> Void {
        { directory in
            var csv = header + "\n"
            for i in 0..<400 { csv += (replaced[i] ?? "\(Double(i % 97) / 97),\(1.0 + Double(i % 3))") + "\n" }
            try write(csv, "bkg.csv", in: directory)
        }
    }

    static func both(_ first: @escaping @Sendable (URL) throws -> Void, _ second: @escaping @Sendable (URL) throws -> Void)
        -> @Sendable (URL) throws -> Void
    {
        { try first($0); try second($0) }
    }

    /// Replaces text in the earlier checkpoint.
    static func editCheckpoint(_ change: @escaping @Sendable (String) -> String) -> @Sendable (URL) throws -> Void {
        { directory in
            let url = directory.appendingPathComponent(checkpoint)
            let text = try String(contentsOf: url, encoding: .utf8)
            let changed = change(text)
            guard changed != text else { throw CommandError("the checkpoint did not change") }
            try Data(changed.utf8).write(to: url)
        }
    }

    /// A signal with 2-D features (and the background's features [x, w]).
    static let twoDimensional = both(
        signal(x: NumpyArray(float64: (0..<400).map { Double($0 % 7) / 7 }, shape: [200, 2])),
        edit("features: [x]", "features: [x, w]"))

    // MARK: The cases

    static let cases: [BadInputCase] =
        configurationCases + npzCases + npyCases + csvCases + valueCases + outputCases + runningCases
        + applyCases + inspectCases + plotCases + exampleCases

    static let configurationCases: [BadInputCase] = [
        .init("config: unknown top-level key", run, ["run.yaml:7: modle: unknown key"],
              damage: { try write(configuration + "modle: {}\n", "run.yaml", in: $0) }),
        .init("config: mistyped process key", run, ["run.yaml:2: processes[0].wieghts: unknown key"],
              damage: edit("features: x, weights: w", "features: x, wieghts: w")),
        .init("config: mistyped model key", run, ["run.yaml:4: model.mean_nrom: unknown key"],
              damage: edit("mean_norm", "mean_nrom")),
        .init("config: a key given twice", run, ["run.yaml:6", "'epochs'", "twice"],
              damage: edit("epochs: 3", "epochs: 3, epochs: 4")),
        .init("config: duplicate process names", run, ["run.yaml:3: processes[1].name: process 'sig' is already defined"],
              damage: edit("name: bkg", "name: sig")),
        .init("config: categories not a list of integers", run, ["run.yaml:6: training.categories"],
              damage: edit("categories: [2]", "categories: two")),
        .init("config: one category", run, ["run.yaml:6: training.categories: every number of categories must be at least 2"],
              damage: edit("categories: [2]", "categories: [1]")),
        .init("config: no processes key", run, ["run.yaml", "missing key 'processes'"],
              damage: { try write(configuration.split(separator: "\n").dropFirst(3).joined(separator: "\n"), "run.yaml", in: $0) }),
        .init("config: empty process list", run, ["run.yaml:1: processes: no processes"],
              damage: { try write("processes: []\nmodel: {kind: gmm}\nobjective: {signals: [sig]}\n", "run.yaml", in: $0) }),
        .init("config: unknown signal", run, ["run.yaml:5: objective.signals: no process named 'higgs'"],
              damage: edit("signals: [sig]", "signals: [higgs]")),
        .init("config: not valid YAML", run, ["run.yaml:", "not valid YAML"],
              damage: edit("objective: {signals: [sig]}", "objective: {signals: [sig]")),
        .init("config: tab indentation", run, ["run.yaml:3"],
              damage: edit("  - {name: bkg", "\t- {name: bkg")),
        .init("config: empty file", run, ["run.yaml: the file is empty"],
              damage: { try write("", "run.yaml", in: $0) }),
        .init("config: not UTF-8", run, ["run.yaml: cannot be read as UTF-8 text"],
              damage: { try write(Data(configuration.utf8) + Data([0x23, 0xFF, 0xFE, 0x0A]), "run.yaml", in: $0) }),
        .init("config: a folder", ["run", "configs", "--out", "OUT", "-q"], ["configs: is a folder, not a configuration file"],
              damage: { try folder("configs", in: $0) }),
        .init("config: missing", ["run", "missing.yaml", "--out", "OUT", "-q"], ["missing.yaml: no such file"]),
        .init("config: version 2", run, ["run.yaml:1: version: this gato reads configuration version 1"],
              damage: { try write("version: 2\n" + configuration, "run.yaml", in: $0) }),
        .init("config: unknown file type", run, ["run.yaml:3: processes[1].file: unknown file type"],
              damage: edit("file: bkg.csv", "file: bkg.txt")),
        .init("config: features key for a .npy", run, ["run.yaml:2: processes[0].features: a .npy file holds the features itself"],
              damage: edit("file: sig.npz", "file: sig.npy")),
        .init("config: negative learning rate", run, ["run.yaml:6: training.learning_rate: must not be negative"],
              damage: edit("epochs: 3", "epochs: 3, learning_rate: -0.1")),
        .init("config: no starts", run, ["run.yaml:6: training.starts: must be at least 1"],
              damage: edit("starts: 1", "starts: 0")),
        .init("config: zero temperature", run, ["run.yaml:6: training.temperature: must stay positive"],
              damage: edit("epochs: 3", "epochs: 3, temperature: 0")),
        .init("config: negative seed", run, ["run.yaml:6: training.seed: must be >= 0"],
              damage: edit("epochs: 3", "epochs: 3, seed: -1")),
        .init("config: NaN constant weight", run, ["run.yaml:3: processes[1].weights: the weight must be finite"],
              damage: edit("features: [x], weights: w", "features: [x], weights: .nan")),
        .init("config: window on a column that is not extra", run, ["run.yaml:2: processes[0].window.column: 'm'"],
              damage: edit("features: x, weights: w", "features: x, weights: w, window: {column: m, range: [0, 1]}")),
        .init("config: background factors without the mass column", run,
              ["run.yaml:7: background_factors: background 'bkg' has no extra column 'mass'"],
              damage: { try write(configuration + "background_factors: {column: mass}\n", "run.yaml", in: $0) }),
        .init("config: cut variables for other features", run, ["run.yaml:4: model.variables: 2 cut variables for 1-dimensional"],
              damage: { directory in
                  try edit("model: {kind: gmm, mean_norm: sigmoid}", "model: {kind: cuts, variables: [{bins: 2}, {bins: 2}]}")(directory)
                  try edit("categories: [2], ", "")(directory)
              }),
        .init("config: equidistant baseline for 2-D features", run, ["run.yaml:7: baselines", "needs 1-D features"],
              damage: both(twoDimensional, { directory in
                  let text = try String(contentsOf: directory.appendingPathComponent("run.yaml"), encoding: .utf8)
                  try write(text + "baselines: [{kind: equidistant, bins: [2]}]\n", "run.yaml", in: directory)
              })),
        .init("config: unknown combination", run, ["run.yaml:5: objective.combination: 'sum' is not one of"],
              damage: edit("signals: [sig]", "signals: [sig], combination: sum")),
        .init("config: negative penalty", run, ["run.yaml:5: objective.penalties.yield.lambda: must be >= 0"],
              damage: edit("signals: [sig]", "signals: [sig], penalties: {yield: {lambda: -1}}")),
        .init("config: a signal name with a line break", run, ["run.yaml:5: objective.signals: no process named 'hig\\ngs'"],
              damage: edit("signals: [sig]", "signals: [\"hig\\ngs\"]")),
        .init("config: a key with a line break", run, ["run.yaml:6: training.ep\\nochs: unknown key"],
              damage: edit("epochs: 3", "\"ep\\nochs\": 3")),
        .init("config: a NUL byte", run, ["run.yaml:7: not valid YAML: control characters are not allowed"],
              damage: { try write(Data(configuration.utf8) + Data([0x00, 0x0A]), "run.yaml", in: $0) }),
    ]

    static let npzCases: [BadInputCase] = [
        .init("npz: truncated archive", run, ["sig.npz: is not a readable .npz (zip) archive"],
              damage: { directory in
                  let url = directory.appendingPathComponent("sig.npz")
                  try Data(try Data(contentsOf: url).prefix(60)).write(to: url)
              }),
        .init("npz: text, not a zip", run, ["sig.npz: is not a readable .npz (zip) archive"],
              damage: { try write("x,w\n1,2\n", "sig.npz", in: $0) }),
        .init("npz: empty file", run, ["sig.npz: is not a readable .npz (zip) archive"],
              damage: { try write(Data(), "sig.npz", in: $0) }),
        .init("npz: damaged member (CRC-32)", run, ["sig.npz: array 'x': cannot be extracted, the archive is damaged"],
              damage: { directory in
                  let url = directory.appendingPathComponent("sig.npz")
                  var data = try Data(contentsOf: url)
                  data[600] ^= 0xFF  // inside the stored payload of x.npy
                  try data.write(to: url)
              }),
        .init("npz: a stored member marked as deflated", run, ["sig.npz: array 'x': cannot be extracted, the archive is damaged"],
              damage: { directory in
                  // The compression method (2 bytes at offset 8 of the first local
                  // header, 10 of its central directory entry) set to deflate (8).
                  let url = directory.appendingPathComponent("sig.npz")
                  var data = try Data(contentsOf: url)
                  data[8] = 8
                  let central = Data([0x50, 0x4B, 0x01, 0x02])
                  guard let entry = data.range(of: central) else { throw CommandError("no central directory") }
                  data[entry.lowerBound + 10] = 8
                  try data.write(to: url)
              }),
        .init("npz: a folder", run, ["sig.npz: is a directory, not a file"],
              damage: { try folder("sig.npz", in: $0) }),
        .init("npz: missing", run, ["sig.npz: no such file"],
              damage: { try remove("sig.npz", in: $0) }),
        .init("npz: weights array missing", run, ["sig.npz: array 'w': not found; arrays present: x, weight"],
              damage: { try NumpyArchive.write([("x", NumpyArray(float64: signalX)), ("weight", NumpyArray(float64: signalW))],
                                                to: $0.appendingPathComponent("sig.npz")) }),
        .init("npz member: bad magic", run, ["sig.npz: array 'x': not a .npy file"],
              damage: signalArchive(x: npy(header(), float64(signalX), magic: [0x93] + Array("NUMPX".utf8)))),
        .init("npz member: truncated header", run, ["sig.npz: array 'x': the file ends inside the .npy header"],
              damage: signalArchive(x: validFeatures.prefix(9))),
        .init("npz member: header length past the end", run, ["sig.npz: array 'x': the file ends inside the .npy header"],
              damage: signalArchive(x: { var data = validFeatures.prefix(200); data[8] = 0xFF; data[9] = 0xFF; return Data(data) }())),
        .init("npz member: complex dtype <c8", run, ["sig.npz: array 'x': dtype '<c8'"],
              damage: signalArchive(x: npy(header(descr: "<c8"), Data(count: 1600)))),
        .init("npz member: object dtype |O", run, ["sig.npz: array 'x': dtype '|O'"],
              damage: signalArchive(x: npy(header(descr: "|O"), Data(count: 1600)))),
        .init("npz member: Fortran order", run, ["sig.npz: array 'x': ", "(100, 2)", "Fortran order"],
              damage: signalArchive(x: npy(header(fortran: true, shape: "(100, 2)"), float64(signalX)))),
        .init("npz member: 3-D", run, ["sig.npz: array 'x': shape (10, 10, 2) has 3 dimensions"],
              damage: signalArchive(x: npy(header(shape: "(10, 10, 2)"), float64(signalX)))),
        .init("npz member: big-endian >f8", run, ["sig.npz: array 'x': dtype '>f8'"],
              damage: signalArchive(x: npy(header(descr: ">f8"), float64(signalX)))),
        .init("npz member: float16", run, ["sig.npz: array 'x': dtype '<f2'"],
              damage: signalArchive(x: npy(header(descr: "<f2"), Data(count: 400)))),
        .init("npz member: unicode strings", run, ["sig.npz: array 'w': dtype '<U5'"],
              damage: signalArchive(x: validFeatures, w: npy(header(descr: "<U5"), Data(count: 4000)))),
        .init("npz member: structured dtype", run, ["sig.npz: array 'x': dtype", "structured"],
              damage: signalArchive(x: npy("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (200,), }", float64(signalX)))),
        .init("npz member: data truncated", run, ["sig.npz: array 'x': data truncated: shape (200,)"],
              damage: signalArchive(x: npy(header(), float64(Array(signalX.prefix(100)))))),
        .init("npz member: format version 4.0", run, ["sig.npz: array 'x': unsupported .npy format version 4.0"],
              damage: signalArchive(x: npy(header(), float64(signalX), version: [4, 0]))),
        .init("npz member: header not a dict", run, ["sig.npz: array 'x': malformed .npy header"],
              damage: signalArchive(x: npy("[1, 2, 3]", float64(signalX)))),
        .init("npz member: header without shape", run, ["sig.npz: array 'x': malformed .npy header: no 'shape' key"],
              damage: signalArchive(x: npy("{'descr': '<f8', 'fortran_order': False, }", float64(signalX)))),
        .init("npz member: shape too large", run, ["sig.npz: array 'x': shape (9223372036854775807, 2) is too large"],
              damage: signalArchive(x: npy(header(shape: "(9223372036854775807, 2)"), float64(signalX)))),
        .init("npz member: 0-D", run, ["sig.npz: array 'x': shape () has 0 dimensions"],
              damage: signalArchive(x: npy(header(shape: "()"), float64([1])))),
        .init("npz member: header of version 3 not UTF-8", run, ["sig.npz: array 'x': malformed .npy header: not valid UTF-8"],
              damage: signalArchive(x: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (200,), '\u{FF}': 1}", float64(signalX), version: [3, 0]).map { $0 == 0xC3 ? 0xFF : $0 }.data)),
    ]

    static let npyCases: [BadInputCase] = [
        .init("npy: bad magic", run, ["sig.npy: not a .npy file"],
              damage: signalNpy(npy(header(), float64(signalX), magic: Array("PK\u{3}\u{4}NU".utf8)))),
        .init("npy: truncated header", run, ["sig.npy: the file ends inside the .npy header"],
              damage: signalNpy(validFeatures.prefix(40))),
        .init("npy: empty file", run, ["sig.npy: not a .npy file"], damage: signalNpy(Data())),
        .init("npy: Fortran order", run, ["sig.npy: ", "Fortran order"],
              damage: signalNpy(npy(header(fortran: true, shape: "(100, 2)"), float64(signalX)))),
        .init("npy: complex dtype <c16", run, ["sig.npy: dtype '<c16'"],
              damage: signalNpy(npy(header(descr: "<c16"), Data(count: 3200)))),
        .init("npy: object dtype |O", run, ["sig.npy: dtype '|O'"],
              damage: signalNpy(npy(header(descr: "|O"), Data(count: 1600)))),
        .init("npy: header length past the end", run, ["sig.npy: the file ends inside the .npy header"],
              damage: signalNpy({ var data = validFeatures; data[8] = 0xFF; data[9] = 0xFF; return data }())),
        .init("npy: 3-D", run, ["sig.npy: shape (10, 10, 2) has 3 dimensions"],
              damage: signalNpy(npy(header(shape: "(10, 10, 2)"), float64(signalX)))),
        .init("npy: data truncated", run, ["sig.npy: data truncated"],
              damage: signalNpy(validFeatures.dropLast(8))),
        .init("npy: NaN feature", run, ["sig.npy: value 3 is nan"],
              damage: signalNpy(npy(header(), float64({ var x = signalX; x[3] = .nan; return x }())))),
        .init("npy: a folder", run, ["sig.npy: is a directory, not a file"],
              damage: { directory in
                  try folder("sig.npy", in: directory)
                  try write(npyConfiguration, "run.yaml", in: directory)
              }),
    ]

    static let csvCases: [BadInputCase] = [
        .init("csv: ragged row", run, ["bkg.csv, line 5: 3 fields, but the header has 2 columns"],
              damage: background(rows: [3: "0.1,1,7"])),
        .init("csv: short row", run, ["bkg.csv, line 9: 1 field, but the header has 2 columns"],
              damage: background(rows: [7: "0.1"])),
        .init("csv: empty field", run, ["bkg.csv, line 4: column 'w' is empty, not a number"],
              damage: background(rows: [2: "0.1,"])),
        .init("csv: NaN feature", run, ["bkg.csv, line 12: column 'x' is nan"],
              damage: background(rows: [10: "nan,1"])),
        .init("csv: inf weight", run, ["bkg.csv, line 7: column 'w' is inf"],
              damage: background(rows: [5: "0.3,inf"])),
        .init("csv: -inf feature", run, ["bkg.csv, line 401: column 'x' is -inf"],
              damage: background(rows: [400 - 1: "-inf,1"])),
        .init("csv: feature column missing", run, ["bkg.csv: column 'x' not found; columns present: 'y', 'w'"],
              damage: background(header: "y,w")),
        .init("csv: weight column missing", run, ["bkg.csv: column 'w' not found"],
              damage: background(header: "x,W")),
        .init("csv: column named twice", run, ["bkg.csv: column 'x' appears 2 times in the header"],
              damage: background(header: "x,x,w", rows: Dictionary(uniqueKeysWithValues: (0..<400).map { ($0, "0.5,0.5,1") }))),
        .init("csv: quote never closed", run, ["bkg.csv, line 3: a quoted field is never closed"],
              damage: background(rows: [1: "\"0.1,1"])),
        .init("csv: text after a closing quote", run, ["bkg.csv, line 3: unexpected text after a closing quote"],
              damage: background(rows: [1: "\"0.1\"x,1"])),
        .init("csv: empty file", run, ["bkg.csv: is empty (no header row)"],
              damage: { try write("", "bkg.csv", in: $0) }),
        .init("csv: not UTF-8 in a value", run, ["bkg.csv, line 2: column 'w' has '"],
              damage: { directory in
                  try background()(directory)
                  let url = directory.appendingPathComponent("bkg.csv")
                  var data = Data("x,w\n0.1,".utf8) + Data([0xFF, 0xFE]) + Data("\n".utf8)
                  data += try Data(contentsOf: url).dropFirst(4)
                  try data.write(to: url)
              }),
        .init("csv: not UTF-8 in the header", run, ["bkg.csv: column 'x' not found"],
              damage: { directory in
                  try background()(directory)
                  let url = directory.appendingPathComponent("bkg.csv")
                  try (Data([0xFF]) + Data("x".utf8) + (try Data(contentsOf: url)).dropFirst(1)).write(to: url)
              }),
        .init("csv: binary", run, ["bkg.csv"],
              damage: { try write(Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }), "bkg.csv", in: $0) }),
        .init("csv: a folder", run, ["bkg.csv: is a directory, not a file"],
              damage: { try folder("bkg.csv", in: $0) }),
        .init("csv: missing", run, ["bkg.csv: no such file"],
              damage: { try remove("bkg.csv", in: $0) }),
        .init("csv: feature beyond single precision", run, ["bkg.csv: column 'x' value 2 is -4e+38"],
              damage: background(rows: [2: "-4e38,1"])),
        .init("csv: a line break inside a quoted number", run, ["bkg.csv, line 3: column 'x' has '0.\\n1'"],
              damage: background(rows: [1: "\"0.\n1\",1"])),
    ]

    static let valueCases: [BadInputCase] = [
        .init("values: NaN feature", run, ["sig.npz: array 'x': value 0 is nan"],
              damage: signal(x: NumpyArray(float64: [.nan] + signalX.dropFirst()))),
        .init("values: inf feature", run, ["sig.npz: array 'x': value 5 is inf"],
              damage: signal(x: NumpyArray(float64: { var x = signalX; x[5] = .infinity; return x }()))),
        .init("values: -inf in a 2-D feature array", run, ["sig.npz: array 'x': row 3, column 1 is -inf"],
              damage: both(signal(x: NumpyArray(float64: (0..<400).map { $0 == 7 ? -.infinity : Double($0 % 7) / 7 }, shape: [200, 2])),
                           edit("features: [x]", "features: [x, w]"))),
        .init("values: NaN float32 feature", run, ["sig.npz: array 'x': value 199 is nan"],
              damage: signal(x: NumpyArray(float32: signalX.map(Float.init).dropLast() + [.nan]))),
        .init("values: NaN weight", run, ["sig.npz: array 'w': value 9 is nan"],
              damage: signal(w: NumpyArray(float64: { var w = signalW; w[9] = .nan; return w }()))),
        .init("values: -inf weight", run, ["sig.npz: array 'w': value 0 is -inf"],
              damage: signal(w: NumpyArray(float64: [-.infinity] + signalW.dropFirst()))),
        .init("values: fewer weights than events", run, ["sig.npz: array 'w': weights has 150 values but the features have 200 events"],
              damage: signal(w: NumpyArray(float64: Array(signalW.prefix(150))))),
        .init("values: more weights than events", run, ["sig.npz: array 'w': weights has 201 values"],
              damage: signal(w: NumpyArray(float64: signalW + [0.1]))),
        .init("values: 2-D weights", run, ["sig.npz: array 'w': weights must be 1-D"],
              damage: signal(w: NumpyArray(float64: signalW + signalW, shape: [200, 2]))),
        .init("values: selected column beyond the array", run, ["sig.npz: array 'x': column 5 does not exist"],
              damage: both(signal(x: NumpyArray(float64: (0..<400).map { Double($0 % 7) / 7 }, shape: [200, 2])),
                           edit("features: x,", "features: x, columns: [5],"))),
        .init("values: NaN in an extra column", run, ["sig.npz: array 'm': value 4 is nan"],
              damage: both(signal(extra: [("m", NumpyArray(float64: (0..<200).map { $0 == 4 ? .nan : 125 }))]),
                           edit("features: x, weights: w", "features: x, weights: w, extra: {m: m}"))),
        .init("values: weights file missing", run, ["w.npy: no such file"],
              damage: edit("features: x, weights: w", "features: x, weights: {file: w.npy}")),
        .init("values: weights file of another length", run, ["w.npy: weights has 10 values but the features have 200 events"],
              damage: both({ try NumpyArray(float64: Array(repeating: 1, count: 10)).write(to: $0.appendingPathComponent("w.npy")) },
                           edit("features: x, weights: w", "features: x, weights: {file: w.npy}"))),
        .init("processes: a signal without events", run, ["process 'sig': a signal to maximise has no events"],
              damage: signal(x: NumpyArray(float64: []), w: NumpyArray(float64: []))),
        .init("processes: a background without events", run, ["bkg.csv: process 'bkg': a background without events"],
              damage: { try write("x,w\n", "bkg.csv", in: $0) }),
        .init("processes: zero signal", run, ["process 'sig'"],
              damage: signal(w: NumpyArray(float64: Array(repeating: 0, count: 200)))),
        .init("processes: features of different dimensions", run, ["process 'bkg': features have 1 dimensions but 'sig' has 2"],
              damage: signal(x: NumpyArray(float64: (0..<400).map { Double($0 % 7) / 7 }, shape: [200, 2]))),
    ]

    static let outputCases: [BadInputCase] = [
        .init("output: --out is a file", ["run", "run.yaml", "--out", "taken", "-q"], ["taken exists and is a file"],
              damage: { try write("mine", "taken", in: $0) }),
        .init("output: --out inside a file", ["run", "run.yaml", "--out", "taken/results", "-q"], ["taken is a file, not a folder"],
              damage: { try write("mine", "taken", in: $0) }),
        .init("output: --out a folder of one's own", ["run", "run.yaml", "--out", "mine", "-q"], ["mine exists and is not a gato output folder"],
              damage: { try folder("mine", in: $0) }),
        .init("output: a file of one's own in the earlier output", ["run", "run.yaml", "--out", "earlier", "-q"],
              ["earlier holds files gato did not write (notes.txt)"],
              damage: { try write("mine", "earlier/notes.txt", in: $0) }),
        .init("output: an earlier output without its manifest", ["run", "run.yaml", "--out", "earlier", "-q"],
              ["earlier was written by an older gato"],
              damage: { try remove("earlier/.gato-manifest", in: $0) }),
    ]

    static let runningCases: [BadInputCase] = [
        .init("running: the training diverges", run, status: 1, ["epoch 2: the loss is NaN"],
              damage: edit("epochs: 3", "epochs: 3, learning_rate: 1.0e300")),
        .init("running: the trained model gives NaN yields", run, status: 1, ["the trained 2-category model gives infinite or NaN yields"],
              damage: edit("epochs: 3", "epochs: 1, learning_rate: 1.0e300")),
        .init("running: more categories than events", run, ["1000000000000 categories for 600 events"],
              damage: edit("categories: [2]", "categories: [1000000000000]")),
    ]

    static let applyCases: [BadInputCase] = [
        .init("apply: missing checkpoint", ["apply", "none.json", "--config", "run.yaml", "--out", "OUT"], ["no checkpoint at", "none.json"]),
        .init("apply: checkpoint is a folder", ["apply", "earlier", "--config", "run.yaml", "--out", "OUT"], ["earlier", "it is a folder"]),
        .init("apply: truncated checkpoint", apply, ["2_bins.json' is not a gato checkpoint"],
              damage: { directory in
                  let url = directory.appendingPathComponent(checkpoint)
                  try Data(try Data(contentsOf: url).prefix(100)).write(to: url)
              }),
        .init("apply: binary checkpoint", apply, ["2_bins.json' is not a gato checkpoint"],
              damage: { try write(Data([0xFF, 0x00, 0x7B, 0x93]), checkpoint, in: $0) }),
        .init("apply: another format", apply, ["2_bins.json' is not a gato checkpoint: format is 'other'"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"gato-checkpoint\"", with: "\"other\"") }),
        .init("apply: checkpoint version 2", apply, ["2_bins.json' has version 2"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2") }),
        .init("apply: unknown model kind", apply, ["2_bins.json' holds a 'bdt' model"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"kind\" : \"gmm\"", with: "\"kind\" : \"bdt\"") }),
        .init("apply: means of the wrong shape", apply, ["2_bins.json'", "means must be 3 x 1"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"n_cats\" : 2", with: "\"n_cats\" : 3") }),
        .init("apply: damaged event file", apply, ["sig.npz: is not a readable .npz"],
              damage: { try write("PK", "sig.npz", in: $0) }),
        .init("apply: NaN feature", apply, ["bkg.csv, line 3: column 'x' is nan"], damage: background(rows: [1: "nan,1"])),
        .init("apply: features of another dimension", apply, ["process 'sig' has 2 features but the model expects 1"],
              damage: twoDimensional),
        .init("apply: configuration without processes", apply, ["run.yaml", "missing key 'processes'"],
              damage: { try write("model: {kind: gmm}\n", "run.yaml", in: $0) }),
        .init("apply: configuration not UTF-8", apply, ["run.yaml: cannot be read as UTF-8 text"],
              damage: { try write(Data([0xFF, 0xFE, 0x00, 0x70]), "run.yaml", in: $0) }),
        .init("apply: --out not an .npz", ["apply", checkpoint, "--config", "run.yaml", "--out", "a.txt"], ["--out must name an .npz file"]),
        .init("apply: --out is a folder", ["apply", checkpoint, "--config", "run.yaml", "--out", "kept.npz"], ["kept.npz: is a folder"],
              damage: { try folder("kept.npz", in: $0) }),
        .init("apply: --threads 0", apply + ["--threads", "0"], ["--threads must be at least 1"]),
    ]

    static let inspect = ["inspect", checkpoint]

    static let inspectCases: [BadInputCase] = [
        .init("inspect: missing checkpoint", ["inspect", "gone.json"], ["no checkpoint at", "gone.json"]),
        .init("inspect: a folder", ["inspect", "earlier/checkpoints"], ["checkpoints", "it is a folder"]),
        .init("inspect: empty file", inspect, ["2_bins.json' is not a gato checkpoint"],
              damage: { try write("", checkpoint, in: $0) }),
        .init("inspect: a JSON list", inspect, ["2_bins.json' is not a gato checkpoint"],
              damage: { try write("[1, 2]", checkpoint, in: $0) }),
        .init("inspect: version 99", inspect, ["2_bins.json' has version 99"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 99") }),
        .init("inspect: unknown mean_norm", inspect, ["2_bins.json'", "mean_norm 'tanh'"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"sigmoid\"", with: "\"tanh\"") }),
        .init("inspect: too few mixture logits", inspect, ["2_bins.json'", "mixture_logits must have 2 values"],
              damage: editCheckpoint { text in
                  // The first logit removed: "mixture_logits" : [ a, b ] becomes [ b ].
                  guard let range = text.range(of: "\"mixture_logits\" : [") else { return text }
                  var rest = text[range.upperBound...]
                  guard let comma = rest.firstIndex(of: ",") else { return text }
                  rest = rest[rest.index(after: comma)...]
                  return String(text[..<range.upperBound]) + rest
              }),
        .init("inspect: a cut checkpoint with too few cuts", ["inspect", "earlier/checkpoints/cuts.json"], ["cuts.json'", "variable 'x': raw has 1 values for 3 bins"],
              damage: { try write("""
                  {"format": "gato-checkpoint", "version": 1, "model": {"kind": "cuts", "variables": \
                  [{"name": "x", "bins": 3, "range": [0, 1], "steepness": 50, "raw": [0.5]}]}}
                  """, "earlier/checkpoints/cuts.json", in: $0) }),
        .init("inspect: no categories", inspect, ["2_bins.json'", "parameters.means must be 0 x 1"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"n_cats\" : 2", with: "\"n_cats\" : 0") }),
        .init("inspect: no dimensions", inspect, ["2_bins.json'", "parameters.means must be 2 x 0"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"dim\" : 1", with: "\"dim\" : 0") }),
        .init("inspect: a negative temperature", inspect, ["2_bins.json'", "temperature must be positive and finite"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"temperature\" : ", with: "\"temperature\" : -1, \"t\" : ") }),
        .init("inspect: a number beyond Double", inspect, ["2_bins.json' is not a gato checkpoint"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"temperature\" : ", with: "\"temperature\" : 1e999, \"t\" : ") }),
        .init("inspect: a cut model without variables", ["inspect", "earlier/checkpoints/cuts.json"],
              ["cuts.json'", "the cut model needs at least one variable"],
              damage: { try write(#"{"format": "gato-checkpoint", "version": 1, "model": {"kind": "cuts", "variables": []}}"#,
                                  "earlier/checkpoints/cuts.json", in: $0) }),
        .init("inspect: a string for a number", inspect, ["2_bins.json' is not a gato checkpoint", "temperature"],
              damage: editCheckpoint { $0.replacingOccurrences(of: "\"temperature\" : ", with: "\"temperature\" : \"hot\", \"x\" : ") }),
    ]

    static let plotCases: [BadInputCase] = [
        .init("plot: missing folder", ["plot", "nowhere"], ["nowhere: no such folder"]),
        .init("plot: a file", ["plot", "run.yaml"], ["run.yaml is a file, not an output folder"]),
        .init("plot: a folder without summary.json", ["plot", "mine"], ["mine is not a gato output folder (no summary.json)"],
              damage: { try folder("mine", in: $0) }),
        .init("plot: histograms.json missing", ["plot", "earlier"], ["histograms.json"],
              damage: { try remove("earlier/histograms.json", in: $0) }),
        .init("plot: histograms.json truncated", ["plot", "earlier"], ["histograms.json"],
              damage: { directory in
                  let url = directory.appendingPathComponent("earlier/histograms.json")
                  try Data(try Data(contentsOf: url).prefix(50)).write(to: url)
              }),
        .init("plot: --format gif", ["plot", "earlier", "--format", "gif"], ["--format", "gif"]),
    ]

    static let exampleCases: [BadInputCase] = {
        func example(_ options: [String]) -> [String] { ["example"] + options + ["--out", "OUT", "-q"] }
        return [
            .init("example: unknown workflow", example(["four-class"]), ["four-class"]),
            .init("example: --epochs 0", example(["1d-cuts", "--epochs", "0"]), ["--epochs must be at least 1"]),
            .init("example: --epochs not a number", example(["1d-cuts", "--epochs", "ten"]), ["--epochs", "ten"]),
            .init("example: --gato-bins 1", example(["1d-gmm", "--gato-bins", "2", "1"]), ["--gato-bins: every number must be at least 2"]),
            .init("example: --n-bkg 0", example(["1d-cuts", "--n-bkg", "0"]), ["--n-bkg must be at least 1"]),
            .init("example: --n-signal negative", example(["1d-cuts", "--n-signal", "-3"]), ["--n-signal must be at least 1"]),
            .init("example: --seed not a number", example(["1d-cuts", "--seed", "abc"]), ["--seed must be an integer", "'abc'"]),
            .init("example: --seed 2^64", example(["1d-cuts", "--seed", "18446744073709551616"]), ["--seed must be an integer"]),
            .init("example: --precision quad", example(["1d-gmm", "--precision", "quad"]), ["--precision", "quad"]),
            .init("example: --threads 0", example(["1d-cuts", "--threads", "0"]), ["--threads must be at least 1"]),
            .init("example: --lam-yield nan", example(["1d-cuts", "--lam-yield", "nan"]), ["--lam-yield must be >= 0"]),
            .init("example: --thr-yield inf", example(["1d-cuts", "--thr-yield", "inf"]), ["--thr-yield must be >= 0"]),
            .init("example: --mass-sigma 0", example(["bump-hunt", "--mass-sigma", "0"]), ["--mass-sigma must be positive"]),
            .init("example: --rewt-interval 0", example(["bump-hunt", "--rewt-interval", "0"]), ["--rewt-interval must be at least 1"]),
            .init("example: --rewt-interval for 1d-gmm", example(["1d-gmm", "--rewt-interval", "5"]), ["--rewt-interval applies to bump-hunt only"]),
            .init("example: --starts 0", example(["1d-cuts", "--starts", "0"]), ["--starts must be at least 1"]),
            .init("example: unknown option", example(["1d-cuts", "--epoch", "3"]), ["--epoch"]),
            .init("example: --out is a file",
                  ["example", "1d-cuts", "--epochs", "1", "--n-bkg", "200", "--n-signal", "100", "--starts", "1", "-q", "--out", "taken"],
                  ["taken exists and is a file"], damage: { try write("mine", "taken", in: $0) }),
            .init("example: --out a folder of one's own",
                  ["example", "1d-cuts", "--epochs", "1", "--n-bkg", "200", "--n-signal", "100", "--starts", "1", "-q", "--out", "mine"],
                  ["mine exists and is not a gato output folder"], damage: { try folder("mine", in: $0) }),
        ]
    }()

    // MARK: The setup

    /// A folder with the valid setup, the earlier output and the earlier
    /// `gato apply` result, made once; every case works on a copy.
    static let fixture: URL = {
        let directory = try! BadInputTests.setUp()
        let trained = try! CommandRunner.run(["run", "run.yaml", "--out", "earlier", "-q"], in: directory)
        precondition(trained.status == 0, "the valid setup fails: \(trained.stderr)")
        let applied = try! CommandRunner.run(
            ["apply", checkpoint, "--config", "run.yaml", "--out", "assigned.npz"], in: directory)
        precondition(applied.status == 0, "apply on the valid setup fails: \(applied.stderr)")
        return directory
    }()

    /// A fresh copy of the fixture.
    static func copy() throws -> URL {
        let directory = CommandRunner.temporaryDirectory()
        try FileManager.default.removeItem(at: directory)
        try FileManager.default.copyItem(at: fixture, to: directory)
        return directory
    }

    /// Every file under `url` (or `url` itself) with its contents, by relative path.
    static func contents(of url: URL) -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else { return ["": (try? Data(contentsOf: url)) ?? Data()] }
        var result: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: url.path) ?? [] {
            let file = url.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else { continue }
            result[path] = isDirectory.boolValue ? Data("folder".utf8) : (try? Data(contentsOf: file)) ?? Data()
        }
        return result
    }
}

/// The bad-input corpus: each case damages a copy of a valid setup and runs one
/// command, which must exit with 2 (1 for a failure while running), write exactly
/// one line to standard error that names the culprit and nothing to standard
/// output, create no output, and leave the earlier output (`earlier`, and the
/// earlier `gato apply` result) byte for byte as it was.
@Suite struct BadInputCorpusTests {
    @Test func theCorpusIsLargeAndItsNamesUnique() {
        #expect(BadInputCorpus.cases.count >= 70)
        #expect(Set(BadInputCorpus.cases.map(\.name)).count == BadInputCorpus.cases.count)
    }

    @Test(arguments: BadInputCorpus.cases)
    func badInput(_ item: BadInputCase) throws {
        let directory = try BadInputCorpus.copy()
        defer { try? FileManager.default.removeItem(at: directory) }
        try item.damage(directory)
        let earlier = directory.appendingPathComponent("earlier")
        let assigned = directory.appendingPathComponent("assigned.npz")
        let before = (earlier: BadInputCorpus.contents(of: earlier), assigned: BadInputCorpus.contents(of: assigned))
        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        let isFile = item.arguments.first == "apply"
        var targets = [isFile ? "out.npz" : "out"]
        if item.arguments.contains("OUT") { targets.append(isFile ? "assigned.npz" : "earlier") }
        for target in targets {
            let arguments = item.arguments.map { $0 == "OUT" ? target : $0 }
            let result = try CommandRunner.run(arguments, in: directory)
            let context = Comment(rawValue: "gato \(arguments.joined(separator: " ")): stderr: \(result.stderr)")
            #expect(result.status == item.status, context)
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.hasSuffix("\n"), context)
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, context)
            for culprit in item.culprits { #expect(result.stderr.contains(culprit), "\(culprit): \(context)") }
            #expect(result.stdout.isEmpty, "stdout: \(result.stdout)")
            // Nothing new beside the inputs (no output, no hidden partial folder) ...
            let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
            #expect(after == entries, "new: \(after.subtracting(entries)), gone: \(entries.subtracting(after))")
            // ... and the earlier outputs as they were.
            #expect(BadInputCorpus.contents(of: earlier) == before.earlier, "the earlier output changed")
            #expect(BadInputCorpus.contents(of: assigned) == before.assigned, "the earlier assigned.npz changed")
        }
    }
}

/// The moments of a `gato run` at which it is interrupted: while it reads the
/// events, once its staging folder exists, while it trains, after the last epoch
/// (evaluation, checkpoints), and a moment later (plots, report, commit).
enum InterruptionPhase: String, CaseIterable, Sendable {
    case reading, staging, training, lastEpoch, writing

    /// The standard-error text that starts the phase (nil: the start of the run),
    /// and how long after it the signal is sent.
    var marker: (text: String?, delay: TimeInterval) {
        switch self {
        case .reading: return (nil, 0.05)
        case .staging: return ("replacing the earlier results", 0)
        case .training: return ("training 2 categories", 0)
        case .lastEpoch: return ("epoch 2/2", 0)
        case .writing: return ("epoch 2/2", 0.3)
        }
    }

    var signal: Int32 { self == .staging || self == .lastEpoch ? SIGINT : SIGTERM }
}

extension BadInputCorpusTests {
    /// SIGINT or SIGTERM at each phase of `gato run --out earlier`: the earlier
    /// output stays byte for byte as it was, or (when the run finished first) is
    /// replaced by the complete new one; nothing else appears beside it, and the
    /// staging folder is gone.
    @Test(arguments: InterruptionPhase.allCases)
    func anInterruptionKeepsTheEarlierOutput(phase: InterruptionPhase) throws {
        let directory = try BadInputCorpus.copy()
        let temporary = CommandRunner.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: temporary)
        }
        // Enough events for each phase to last a moment: 120 000 events, 2 epochs.
        var csv = "x,w\n"
        for i in 0..<120_000 { csv += "\(Double(i % 997) / 997),\(1 + i % 3)\n" }
        try BadInputCorpus.write(csv, "bkg.csv", in: directory)
        try BadInputCorpus.edit("epochs: 3", "epochs: 2")(directory)
        let earlier = directory.appendingPathComponent("earlier")
        let before = BadInputCorpus.contents(of: earlier)
        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))

        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("gato")
        process.arguments = ["run", "run.yaml", "--out", "earlier"]
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let log = CapturedOutput()
        let context = log.context(directory: directory)
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { context.writeError(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        let (marker, delay) = phase.marker
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline, let marker, !log.standardError.contains(marker) {
            Thread.sleep(forTimeInterval: 0.005)
        }
        Thread.sleep(forTimeInterval: delay)
        BadInputTests.stop(process, by: phase.signal)
        errors.fileHandleForReading.readabilityHandler = nil

        let finished = process.terminationReason == .exit && process.terminationStatus == 0
        // Killed by the signal (gato unblocks the signals a test's thread passes on
        // blocked), or finished first.
        let stopped = process.terminationReason == .uncaughtSignal && process.terminationStatus == phase.signal
        #expect(finished || stopped, "\(process.terminationStatus): \(log.standardError)")
        let after = BadInputCorpus.contents(of: earlier)
        if after != before {
            // Only a finished run may replace it, and then completely.
            #expect(finished, "the earlier output changed, but the run was stopped: \(log.standardError)")
            let listed = OutputFolder.manifest(of: earlier) ?? []
            #expect(listed.contains("summary.json") && listed.contains("report.html"))
            #expect(listed.allSatisfy { after[$0] != nil })
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == entries)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}

extension Array where Element == UInt8 {
    fileprivate var data: Data { Data(self) }
}
