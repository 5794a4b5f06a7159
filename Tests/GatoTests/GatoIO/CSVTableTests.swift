import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct CSVTableTests {
    @Test func plainTable() throws {
        let table = try CSVTable(text: "score0,score1,weight\n0.1,0.9,1.5\n0.2,0.8,-0.5\n", file: "bkg.csv")
        #expect(table.columnNames == ["score0", "score1", "weight"] && table.rowCount == 2)
        #expect(try table.column("score1") == [0.9, 0.8])
        #expect(try table.column("weight") == [1.5, -0.5])
        #expect(table.line(ofRow: 0) == 2 && table.line(ofRow: 1) == 3)
    }

    @Test func quotedFieldsSpacesCRLFAndBlankLines() throws {
        let text = "\u{FEFF} \"x\" , \"a \"\"b\"\", c\",w \r\n"
            + "\r\n"
            + "  1.5 , \"2\" ,\"-3e2\"\r\n"
            + "   \n"
            + "\n"
            + "\"4\",5,  +6  \r\n"
            + "\"7\",\"8\",9"  // no final newline
        let table = try CSVTable(text: text, file: "q.csv")
        #expect(table.columnNames == ["x", "a \"b\", c", "w"])
        #expect(try table.column("x") == [1.5, 4, 7])
        #expect(try table.column("a \"b\", c") == [2, 5, 8])
        #expect(try table.column("w") == [-300, 6, 9])
        #expect((0..<3).map(table.line(ofRow:)) == [3, 6, 7])
    }

    @Test func quotedFieldsMaySpanLines() throws {
        let table = try CSVTable(text: "\"two\nlines\",b\n1,2\n\"3\",\"4\"\n", file: "m.csv")
        #expect(table.columnNames == ["two\nlines", "b"])
        #expect(try table.column("b") == [2, 4])
        #expect(table.line(ofRow: 0) == 3 && table.line(ofRow: 1) == 4)
    }

    @Test func headerOnlyAndTextColumns() throws {
        let empty = try CSVTable(text: "a,b\n", file: "e.csv")
        #expect(try empty.column("b").isEmpty && empty.rowCount == 0)
        // A text column is only an error when it is asked for.
        let mixed = try CSVTable(text: "process,x\nttH,1\nggH,2\n", file: "t.csv")
        #expect(try mixed.column("x") == [1, 2])
        #expect(throws: EventFileError(file: "t.csv", line: 2, column: "process", problem: "has 'ttH', not a number")) {
            try mixed.column("process")
        }
        // pandas writes its index under an empty name.
        let pandas = try CSVTable(text: ",x\n0,1.5\n1,2.5\n", file: "p.csv")
        #expect(pandas.columnNames == ["", "x"])
        #expect(try pandas.column("x") == [1.5, 2.5])
    }

    @Test func missingColumnNamesTheColumnsPresent() throws {
        let table = try CSVTable(text: "score0,score1\n1,2\n", file: "bkg.csv")
        let error = #expect(throws: EventFileError.self) { try table.column("weight") }
        #expect(error == EventFileError(file: "bkg.csv", column: "weight", problem: "not found; columns present: 'score0', 'score1'"))
        #expect(error?.description == "bkg.csv: column 'weight' not found; columns present: 'score0', 'score1'")
        let twice = try CSVTable(text: "a,b,a\n1,2,3\n", file: "d.csv")
        #expect(throws: EventFileError(file: "d.csv", column: "a", problem: "appears 2 times in the header")) {
            try twice.column("a")
        }
        #expect(try twice.column("b") == [2])
    }

    @Test func raggedRowsNameTheLine() {
        let text = "a,b,c\n1,2,3\n\n4,5\n"
        let error = #expect(throws: EventFileError.self) { try CSVTable(text: text, file: "bkg.csv") }
        #expect(error?.description == "bkg.csv, line 4: 2 fields, but the header has 3 columns")
        #expect(throws: EventFileError(file: "bkg.csv", line: 2, problem: "4 fields, but the header has 3 columns")) {
            try CSVTable(text: "a,b,c\r\n1,2,3,\r\n", file: "bkg.csv")
        }
        #expect(throws: EventFileError(file: "one.csv", line: 3, problem: "2 fields, but the header has 1 column")) {
            try CSVTable(text: "a\n1\n1,2", file: "one.csv")
        }
        #expect(throws: EventFileError(file: "c.csv", line: 2, problem: "3 fields, but the header has 2 columns")) {
            try CSVTable(text: "a,b\n1,2,", file: "c.csv")
        }
    }

    @Test func nonNumericValuesNameLineAndColumn() throws {
        var lines = ["score0,score1"]
        for i in 0..<15 { lines.append("\(i),0.\(i)") }
        lines.insert("1,abc", at: 16)  // line 17
        lines.append("2,\"\"")
        let table = try CSVTable(text: lines.joined(separator: "\n"), file: "bkg.csv")
        #expect(try table.column("score0").count == 17)
        let error = #expect(throws: EventFileError.self) { try table.column("score1") }
        #expect(error?.description == "bkg.csv, line 17: column 'score1' has 'abc', not a number")
        #expect(error?.line == 17 && error?.column == "score1")
        let empty = try CSVTable(text: "a,b\n1,\n", file: "e.csv")
        #expect(throws: EventFileError(file: "e.csv", line: 2, column: "b", problem: "is empty, not a number")) {
            try empty.column("b")
        }
        #expect(EventFileError(file: "e.csv", line: 2, column: "b", problem: "is empty, not a number").description
            == "e.csv, line 2: column 'b' is empty, not a number")
    }

    @Test func nanAndInfinityParseButAreNotFinite() throws {
        let table = try CSVTable(text: "x,y,z\n1,2,3\n4,nan,inf\n5,6,-Infinity\n", file: "s.csv")
        let y = try table.column("y")
        #expect(y[0] == 2 && y[1].isNaN && y[2] == 6)
        #expect(try table.column("z") == [3, .infinity, -.infinity])
        #expect(try table.finiteColumn("x") == [1, 4, 5])
        let nan = #expect(throws: EventFileError.self) { try table.finiteColumn("y") }
        #expect(nan?.description == "s.csv, line 3: column 'y' is nan")
        #expect(throws: EventFileError(file: "s.csv", line: 3, column: "z", problem: "is inf")) {
            try table.finiteColumn("z")
        }
        // Or via the generic check, by row index.
        #expect(throws: EventFileError(file: "s.csv", array: "y", problem: "value 1 is nan")) {
            try EventFileError.checkFinite(y, file: "s.csv", array: "y")
        }
    }

    @Test func malformedFiles() throws {
        #expect(throws: EventFileError(file: "e.csv", problem: "is empty (no header row)")) {
            try CSVTable(text: "\n  \n", file: "e.csv")
        }
        #expect(throws: EventFileError(file: "q.csv", line: 2, problem: "a quoted field is never closed (no matching '\"')")) {
            try CSVTable(text: "a,b\n\"1,2\n3,4\n", file: "q.csv")
        }
        #expect(throws: EventFileError(file: "q.csv", line: 2, problem: "unexpected text after a closing quote")) {
            try CSVTable(text: "a,b\n\"1\"x,2\n", file: "q.csv")
        }
    }

    @Test func readsFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gato-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("signal.csv")
        try Data("a,b\n1,2\n".utf8).write(to: url)
        let table = try CSVTable(contentsOf: url)
        #expect(table.file == "signal.csv")
        #expect(try table.column("b") == [2])
        #expect(try CSVTable(contentsOf: url, displayName: "data/signal.csv").file == "data/signal.csv")
        let missing = directory.appendingPathComponent("bkg.csv")
        #expect(throws: EventFileError(file: "bkg.csv", problem: "no such file (\(missing.path))")) {
            try CSVTable(contentsOf: missing)
        }
    }
}
