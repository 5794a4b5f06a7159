import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows
@testable import GatoCommandLine

/// Every kind of bad input gives a one-line message naming the file, the array or
/// key and the problem, and exit code 2; a failure while running gives exit code 1;
/// neither leaves an output folder behind.
@Suite(.serialized) struct BadInputTests {
    static let configuration = """
        processes:
          - {name: sig, role: signal, file: sig.npz, features: x, weights: w}
          - {name: bkg, role: background, file: bkg.csv, features: [x], weights: w}
        model: {kind: gmm, mean_norm: sigmoid}
        objective: {signals: [sig]}
        training: {categories: [2], epochs: 3, starts: 1}

        """

    /// A folder with valid inputs (`configuration` and its two event files).
    static func setUp() throws -> URL {
        let directory = CommandRunner.temporaryDirectory()
        try writeSignal(in: directory)
        var csv = "x,w\n"
        for i in 0..<400 { csv += "\(Double(i % 97) / 97),\(1.0 + Double(i % 3))\n" }
        try csv.write(to: directory.appendingPathComponent("bkg.csv"), atomically: true, encoding: .utf8)
        try configuration.write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    static func writeSignal(in directory: URL, x: NumpyArray? = nil, w: NumpyArray? = nil, names: [String] = ["x", "w"]) throws {
        let x = x ?? NumpyArray(float64: (0..<200).map { 0.5 + Double($0 % 50) / 100 })
        let w = w ?? NumpyArray(float64: Array(repeating: 0.1, count: 200))
        try NumpyArchive.write([(names[0], x), (names[1], w)], to: directory.appendingPathComponent("sig.npz"))
    }

    /// Runs `gato run run.yaml` in `directory` and checks the exit code and the
    /// whole standard error (one line).
    static func expectFailure(
        in directory: URL, _ arguments: [String] = ["run", "run.yaml", "--out", "out"], status: Int32 = 2,
        message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try CommandRunner.run(arguments, in: directory)
        #expect(result.status == status, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == "error: \(message)\n", sourceLocation: sourceLocation)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("out") }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)", sourceLocation: sourceLocation)
    }

    @Test func theValidInputsRun() throws {
        let directory = try Self.setUp()
        let result = try CommandRunner.run(["run", "run.yaml", "--out", "out", "-q"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func configurationErrorsNameTheKeyAndTheLine() throws {
        let directory = try Self.setUp()
        func configure(_ text: String) throws {
            try text.write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        }
        try configure(Self.configuration.replacingOccurrences(of: "epochs: 3", with: "epoch: 3"))
        try Self.expectFailure(
            in: directory,
            message: "run.yaml:6: training.epoch: unknown key (expected one of: categories, epochs, optimizer, learning_rate, temperature, steepness, seed, starts, precision, bias_interval)")
        try configure(Self.configuration.replacingOccurrences(of: "epochs: 3", with: "epochs: many"))
        try Self.expectFailure(in: directory, message: "run.yaml:6: training.epochs: expected an integer, got 'many'")
        try configure(Self.configuration.replacingOccurrences(of: "name: bkg", with: "name: sig"))
        try Self.expectFailure(in: directory, message: "run.yaml:3: processes[1].name: process 'sig' is already defined at line 2")
        try configure(Self.configuration.replacingOccurrences(of: "signals: [sig]", with: "signals: [bkg]"))
        try Self.expectFailure(in: directory, message: "run.yaml:5: objective.signals: 'bkg' is a background process")
        try configure(Self.configuration.replacingOccurrences(of: "kind: gmm", with: "kind: bdt"))
        try Self.expectFailure(in: directory, message: "run.yaml:4: model.kind: 'bdt' is not one of: gmm, cuts")
        try configure(Self.configuration.replacingOccurrences(of: "role: signal", with: "role: sgnal"))
        try Self.expectFailure(in: directory, message: "run.yaml:2: processes[0].role: 'sgnal' is not one of: signal, background")
        try configure(Self.configuration.replacingOccurrences(of: "signals: [sig]", with: "signals: [sig, sig]"))
        try Self.expectFailure(in: directory, message: "run.yaml:5: objective.signals: 'sig' is listed twice")
        try configure(Self.configuration.replacingOccurrences(
            of: "epochs: 3", with: "epochs: 3, learning_rate: {schedule: cosine, from: 0.05}"))
        try Self.expectFailure(
            in: directory,
            message: "run.yaml:6: training.learning_rate: missing key 'to' (the value at the last epoch) for a cosine schedule")
        try configure("name: ../escaped\n" + Self.configuration)
        try Self.expectFailure(
            in: directory, message: "run.yaml:1: name: a plain folder name is needed (no '/', not starting with '.'), got '../escaped'")
        try configure(Self.configuration + "background_factors: {range: [100, 180], window: [90, 95]}\n")
        try Self.expectFailure(
            in: directory,
            message: "run.yaml:7: background_factors.window: the window 90.0...95.0 must lie inside the fitted range 100.0...180.0")
        try configure(Self.configuration + "background_factors: {range: [100, 180], window: [100, 180]}\n")
        try Self.expectFailure(
            in: directory,
            message: "run.yaml:7: background_factors.window: the window covers the whole fitted range: no sideband is left to fit")
        try configure(Self.configuration.replacingOccurrences(of: "weights: w}", with: "weights: w, extra: {mass: 125.0}}"))
        try Self.expectFailure(
            in: directory,
            message: "run.yaml:2: processes[0].extra.mass: a number is not allowed here; give an array or column name, or {file: ...}")
        // Found once the events are read (1-D here), at the line of the key.
        try configure(Self.configuration.replacingOccurrences(
            of: "model: {kind: gmm, mean_norm: sigmoid}", with: "model:\n  kind: gmm\n  mean_range: [[0, 1], [0, 1]]"))
        try Self.expectFailure(
            in: directory, ["run", "run.yaml", "--out", "out", "-q"],
            message: "run.yaml:6: model.mean_range: 2 ranges for 1-dimensional features (give one, or one per dimension)")
        try configure(Self.configuration.replacingOccurrences(of: "categories: [2]", with: "categories: [1000000000000]"))
        try Self.expectFailure(
            in: directory, ["run", "run.yaml", "--out", "out", "-q"],
            message: "1000000000000 categories for 600 events: more categories than events")
        try configure("processes: [\n")
        let invalid = try CommandRunner.run(["run", "run.yaml", "--out", "out"], in: directory)
        #expect(invalid.status == 2 && invalid.stderr.hasPrefix("error: run.yaml:2: not valid YAML"))
        try Self.expectFailure(
            in: directory, ["run", "missing.yaml"],
            message: "missing.yaml: no such file (\(directory.appendingPathComponent("missing.yaml").path))")
    }

    @Test func eventFileErrorsNameTheFileAndTheArray() throws {
        let directory = try Self.setUp()
        // A missing array.
        try Self.writeSignal(in: directory, names: ["scores", "w"])
        try Self.expectFailure(in: directory, message: "sig.npz: array 'x': not found; arrays present: scores, w")
        // A wrong dtype: complex numbers, in an .npy holding the signal's features.
        try Self.rawNpy(descr: "<c8", shape: "(400,)", bytes: 400 * 8).write(to: directory.appendingPathComponent("sig.npy"))
        try Self.configuration.replacingOccurrences(of: "file: sig.npz, features: x, weights: w", with: "file: sig.npy, weights: 0.1")
            .write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        let dtype = try CommandRunner.run(["run", "run.yaml", "--out", "out"], in: directory)
        #expect(dtype.status == 2 && dtype.stderr.hasPrefix("error: sig.npy: dtype '<c8'"), "\(dtype.stderr)")
        #expect(dtype.stderr.split(separator: "\n").count == 1)
        try Self.configuration.write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        // A wrong shape: 3-D.
        try Self.writeSignal(in: directory)
        try Self.configuration.replacingOccurrences(of: "file: sig.npz, features: x, weights: w", with: "file: sig.npy, weights: 0.1")
            .write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        try Self.rawNpy(descr: "<f8", shape: "(10, 10, 2)", bytes: 200 * 8).write(to: directory.appendingPathComponent("sig.npy"))
        let shape = try CommandRunner.run(["run", "run.yaml", "--out", "out"], in: directory)
        #expect(shape.status == 2 && shape.stderr.hasPrefix("error: sig.npy: ") && shape.stderr.contains("(10, 10, 2)"), "\(shape.stderr)")
        try Self.configuration.write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        // NaN in the features, inf in the weights.
        var x = (0..<200).map { 0.5 + Double($0 % 50) / 100 }
        x[17] = .nan
        try Self.writeSignal(in: directory, x: NumpyArray(float64: x))
        try Self.expectFailure(in: directory, message: "sig.npz: array 'x': value 17 is nan")
        x[17] = -1e300
        try Self.writeSignal(in: directory, x: NumpyArray(float64: x))
        try Self.expectFailure(
            in: directory, message: "sig.npz: array 'x': value 17 is -1e+300, beyond the single-precision range of features")
        var w = Array(repeating: 0.1, count: 200)
        w[3] = .infinity
        try Self.writeSignal(in: directory, w: NumpyArray(float64: w))
        try Self.expectFailure(in: directory, message: "sig.npz: array 'w': value 3 is inf")
        // Features and weights of different lengths.
        try Self.writeSignal(in: directory, w: NumpyArray(float64: Array(repeating: 0.1, count: 150)))
        try Self.expectFailure(in: directory, message: "sig.npz: array 'w': weights has 150 values but the features have 200 events")
        // A column selection from a 2-D array: one column beyond it, one listed twice.
        try Self.writeSignal(in: directory, x: NumpyArray(float64: (0..<600).map { Double($0 % 7) / 7 }, shape: [200, 3]))
        try Self.configuration.replacingOccurrences(of: "features: x,", with: "features: x, columns: [0, 3],")
            .write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        try Self.expectFailure(
            in: directory, message: "sig.npz: array 'x': column 3 does not exist (the array has 3 columns, numbered from 0)")
        try Self.configuration.replacingOccurrences(of: "features: x,", with: "features: x, columns: [0, 0],")
            .write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        try Self.expectFailure(in: directory, message: "run.yaml:2: processes[0].columns: a column is listed twice")
        try Self.configuration.write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        // A CSV: a missing column, a value that is not a number.
        try Self.writeSignal(in: directory)
        try "x,weight\n0.1,1\n".write(to: directory.appendingPathComponent("bkg.csv"), atomically: true, encoding: .utf8)
        try Self.expectFailure(in: directory, message: "bkg.csv: column 'w' not found; columns present: 'x', 'weight'")
        try "x,w\n0.1,1\n4e38,1\n".write(to: directory.appendingPathComponent("bkg.csv"), atomically: true, encoding: .utf8)
        try Self.expectFailure(
            in: directory, message: "bkg.csv: column 'x' value 1 is 4e+38, beyond the single-precision range of features")
        try "x,w\n0.1,1\n0.2,abc\n".write(to: directory.appendingPathComponent("bkg.csv"), atomically: true, encoding: .utf8)
        try Self.expectFailure(in: directory, message: "bkg.csv, line 3: column 'w' has 'abc', not a number")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("bkg.csv"))
        try Self.expectFailure(
            in: directory, message: "bkg.csv: no such file (\(directory.appendingPathComponent("bkg.csv").path))")
    }

    /// An .npy (format 1.0) with any header and `bytes` zero bytes of data.
    static func rawNpy(descr: String, shape: String, bytes: Int) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(UInt8(header.utf8.count & 0xFF))
        data.append(UInt8(header.utf8.count >> 8))
        data.append(Data(header.utf8))
        data.append(Data(count: bytes))
        return data
    }

    @Test func usageErrorsExitWithTwo() throws {
        let directory = try Self.setUp()
        for arguments in [["example", "four-class"], ["example", "1d-cuts", "--epochs", "0"], ["run"], ["frobnicate"],
                          ["example", "1d-cuts", "--gato-bins", "1"], ["example", "1d-cuts", "--starts", "0"], ["apply", "x.json", "--config", "run.yaml", "--out", "a.txt"]]
        {
            let result = try CommandRunner.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            // One line: the problem and where to read the usage.
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.hasSuffix(" --help')\n"), "\(arguments)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(arguments): \(result.stderr)")
        }
        // Values out of range are named, negative ones included.
        for (arguments, message) in [
            (["example", "1d-cuts", "--epochs", "-5"], "error: --epochs must be at least 1 (see 'gato example --help')"),
            (["example", "1d-cuts", "--thr-unc", "-1"], "error: --thr-unc must be >= 0 (see 'gato example --help')"),
            (["example", "1d-gmm", "--mass-sigma", "2"], "error: --mass-sigma applies to bump-hunt only (see 'gato example --help')"),
            (["example", "1d-cuts", "--threads", "-2"], "error: --threads must be at least 1 (see 'gato example --help')"),
            (["example", "1d-cuts", "--seed", "-1"],
             "error: --seed must be an integer from 0 to 18446744073709551615, got '-1' (see 'gato example --help')"),
            (["run"], "error: missing expected argument '<config>' (see 'gato run --help')"),
            (["frobnicate"], "error: unexpected argument 'frobnicate' (see 'gato --help')"),
        ] {
            let result = try CommandRunner.run(arguments, in: directory)
            #expect(result.status == 2 && result.stderr == message + "\n", "\(arguments): \(result.stderr)")
        }
        let help = try CommandRunner.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: gato <subcommand>"))
        try Self.expectFailure(
            in: directory, ["apply", "none.json", "--config", "run.yaml", "--out", "a.npz"],
            message: "no checkpoint at '\(directory.appendingPathComponent("none.json").path)'")
        // An existing folder that is not a gato output is never replaced.
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: directory.appendingPathComponent("mine/notes.txt"))
        let replaced = try CommandRunner.run(["run", "run.yaml", "--out", "mine"], in: directory)
        #expect(replaced.status == 2 && replaced.stderr.contains("exists and is not a gato output folder"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("mine/notes.txt").path))
        // An earlier output is replaced, with a notice; not when a file of one's own was added.
        #expect(try CommandRunner.run(["run", "run.yaml", "--out", "earlier"], in: directory).status == 0)
        let again = try CommandRunner.run(["run", "run.yaml", "--out", "earlier"], in: directory)
        #expect(again.status == 0 && again.stderr.contains("replacing the earlier results in"), "\(again.stderr)")
        try Data("keep".utf8).write(to: directory.appendingPathComponent("earlier/fit.txt"))
        try Data("keep".utf8).write(to: directory.appendingPathComponent("earlier/plots/mine.svg"))
        let refused = try CommandRunner.run(["run", "run.yaml", "--out", "earlier"], in: directory)
        #expect(refused.status == 2 && refused.stderr.contains("holds files gato did not write (fit.txt and 1 more)"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("earlier/fit.txt").path))
    }

    @Test func aSignalWithoutEventsIsRefused() throws {
        let directory = try Self.setUp()
        try Self.writeSignal(in: directory, x: NumpyArray(float64: []), w: NumpyArray(float64: []))
        try Self.expectFailure(
            in: directory, ["run", "run.yaml", "--out", "out", "-q"], message: "process 'sig': a signal to maximise has no events")
    }

    /// `gato apply` never removes what is at --out unless it is a file it replaces,
    /// and names the configuration file it cannot read.
    @Test func applyRefusesFoldersAndNamesUnreadableFiles() throws {
        let directory = try Self.setUp()
        let trained = try CommandRunner.run(["run", "run.yaml", "--out", "out", "-q"], in: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let checkpoint = "out/checkpoints/2_bins.json"
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("kept.npz/sub"), withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: directory.appendingPathComponent("kept.npz/sub/data.txt"))
        func apply(_ config: String, _ out: String) throws -> CommandRunner.Result {
            try CommandRunner.run(["apply", checkpoint, "--config", config, "--out", out], in: directory)
        }
        var result = try apply("run.yaml", "kept.npz")
        #expect(result.status == 2 && result.stderr == "error: kept.npz: is a folder; name a file to write\n", "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("kept.npz/sub/data.txt").path))
        result = try apply("run.yaml", "nowhere/a.npz")
        #expect(result.status == 2)
        #expect(result.stderr
            == "error: a.npz: cannot be written: the folder \(directory.appendingPathComponent("nowhere").path) does not exist\n")
        result = try apply("sig.npz", "a.npz")
        #expect(result.status == 2 && result.stderr.hasPrefix("error: sig.npz: cannot be read as UTF-8 text: byte ") && result.stderr.hasSuffix(" is not UTF-8 (a YAML configuration?)\n"), "\(result.stderr)")
        result = try apply("out", "a.npz")
        #expect(result.status == 2 && result.stderr == "error: out: is a folder, not a configuration file\n")
        // And the normal case replaces an existing file.
        try Data("old".utf8).write(to: directory.appendingPathComponent("a.npz"))
        result = try apply("run.yaml", "a.npz")
        #expect(result.status == 0, "\(result.stderr)")
        let written = try NumpyArchive(contentsOf: directory.appendingPathComponent("a.npz"))
        #expect(written.names.contains("sig") && written.names.contains("yields_bkg"))
    }

    @Test func aFailureWhileRunningExitsWithOneAndLeavesNoFolder() throws {
        let directory = try Self.setUp()
        // A learning rate of 1e300 throws the parameters to infinity at the first step.
        try Self.configuration.replacingOccurrences(of: "epochs: 3", with: "epochs: 3, learning_rate: 1.0e300")
            .write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["run", "run.yaml", "--out", "out"], in: directory)
        #expect(result.status == 1, "\(result.stderr)")
        // The first step throws the parameters far out; the next loss is NaN and stops the run.
        #expect(result.stderr.hasSuffix("error: epoch 2: the loss is NaN; lower the learning rate or check the inputs\n"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("out") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // With one epoch, no later loss sees it: the trained model's yields are checked.
        try Self.configuration.replacingOccurrences(of: "epochs: 3", with: "epochs: 1, learning_rate: 1.0e300")
            .write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        let last = try CommandRunner.run(["run", "run.yaml", "--out", "out"], in: directory)
        #expect(last.status == 1 && last.stderr.hasSuffix(
            "error: the trained 2-category model gives infinite or NaN yields; lower the learning rate or check the inputs\n"),
            "\(last.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("out") }.isEmpty)
    }

    @Test func aCategoryWithoutBackgroundIsFlagged() throws {
        let directory = try Self.setUp()
        // Background only below 0.5, the signal above: one category ends up with no background.
        var csv = "x,w\n"
        for i in 0..<400 { csv += "\(Double(i % 97) / 194),\(1.0 + Double(i % 3))\n" }
        try csv.write(to: directory.appendingPathComponent("bkg.csv"), atomically: true, encoding: .utf8)
        try Self.configuration.replacingOccurrences(of: "epochs: 3", with: "epochs: 60")
            .write(to: directory.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["run", "run.yaml", "--out", "out", "-q"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try Summary.read(from: directory.appendingPathComponent("out/summary.json"))
        let empty = summary.results[0].categoriesWithoutBackground
        #expect(empty.count == 1 && summary.results[0].yields["bkg"]![empty[0]] == 0)
        #expect(result.stdout.contains("\nwarning: 2 categories: category \(empty[0]) holds no background events, so no "
            + "background estimate stands behind its significance; the yield or uncertainty penalty prevents this\n"))
        // The same category breaks both requirements (thresholds 10 and 0.2, the
        // defaults); the other holds all 400 background events.
        #expect(summary.results[0].constraintViolations == [
            .init(category: empty[0], requirement: .minimumBackground, value: 0, limit: 10),
            .init(category: empty[0], requirement: .maximumRelativeUncertainty, value: .infinity, limit: 0.2),
        ])
        #expect(result.stdout.hasSuffix("\nwarning: 2 categories: category \(empty[0]) (background yield 0 < 10, "
            + "relative MC uncertainty undefined > 0.2); their significance rests on too little simulated background\n"),
            "\(result.stdout)")
        let report = try String(contentsOf: directory.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(report.contains("<p class=\"warning\">Warning: 2 categories: category \(empty[0]) holds no background"))
    }

    /// The executable maps what `GatoCLI.run` returns to its exit status (the
    /// other tests run the commands in-process).
    @Test func theExecutableExitsWithTheStatus() throws {
        let directory = try Self.setUp()
        let missing = try CommandRunner.runBinary(["run", "missing.yaml"], in: directory)
        #expect(missing.status == 2 && missing.stdout.isEmpty)
        #expect(missing.stderr.hasPrefix("error: missing.yaml") && missing.stderr.filter { $0 == "\n" }.count == 1,
                "\(missing.stderr)")
        let usage = try CommandRunner.runBinary(["example", "1d-cuts", "--epochs", "0"], in: directory)
        #expect(usage.status == 2 && usage.stderr == "error: --epochs must be at least 1 (see 'gato example --help')\n")
        let version = try CommandRunner.runBinary(["--version"], in: directory)
        #expect(version.status == 0 && version.stdout == Gato.version + "\n" && version.stderr.isEmpty)
    }

    /// Starts `gato` on a long training in `directory`, with its own temporary
    /// folder, and waits until its staging folder exists.
    static func startLongRun(in directory: URL, temporary: URL, epochs: Int = 100_000) throws -> Process {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("gato")
        process.arguments = ["example", "1d-gmm", "--epochs", "\(epochs)", "--gato-bins", "3", "-q", "--out", "out",
                             "--n-bkg", "20000", "--n-signal", "5000"]
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func stop(_ process: Process, by signal: Int32) {
        kill(process.processIdentifier, signal)
        // A process that ignores the signal would run for hours: stop it after 30 s.
        let stopBy = Date().addingTimeInterval(30)
        while process.isRunning, Date() < stopBy { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGINT and SIGTERM remove the unfinished run; SIGKILL cannot be caught, but
    /// the run was staged in the temporary folder, so the user's folder holds
    /// nothing either (the next run removes the abandoned staging folder).
    @Test(arguments: [SIGINT, SIGTERM, SIGKILL])
    func anInterruptedRunLeavesNothingInTheUsersFolder(signal: Int32) throws {
        let directory = CommandRunner.temporaryDirectory()
        let temporary = CommandRunner.temporaryDirectory()
        let process = try Self.startLongRun(in: directory, temporary: temporary)
        // Wait for the staging folder, then give training a moment to start.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).first?.hasPrefix("gato-run-") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        Thread.sleep(forTimeInterval: 0.3)
        Self.stop(process, by: signal)
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        if signal != SIGKILL {
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        }
    }

    /// SIGTERM at any moment of a short run, its commit included: the user's folder
    /// then holds either nothing or the complete output, never a hidden folder.
    @Test func sigtermAtAnyMomentLeavesNothingOrTheCompleteOutput() throws {
        var outcomes: Set<String> = []
        for delay in stride(from: 0.0, through: 1.4, by: 0.2) {
            let directory = CommandRunner.temporaryDirectory()
            let temporary = CommandRunner.temporaryDirectory()
            let process = try Self.startLongRun(in: directory, temporary: temporary, epochs: 5)
            Thread.sleep(forTimeInterval: delay)
            Self.stop(process, by: SIGTERM)
            let contents = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(contents.isEmpty || contents == ["out"], "after \(delay) s: \(contents)")
            if contents == ["out"] {
                let listed = OutputFolder.manifest(of: directory.appendingPathComponent("out")) ?? []
                #expect(listed.contains("summary.json") && listed.contains("report.html"), "after \(delay) s")
                outcomes.insert("complete")
            } else {
                outcomes.insert("nothing")
            }
        }
        #expect(!outcomes.isEmpty)
    }
}
