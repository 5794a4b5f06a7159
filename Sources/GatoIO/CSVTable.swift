import Foundation
import Gato

/// A table of numbers read from a CSV file with a header row.
///
/// Fields are separated by commas and may be double-quoted (a quote inside a quoted
/// field is written `""`; quoted fields may span lines). Spaces and tabs around
/// fields are trimmed, blank lines are ignored, lines end in `\n` or `\r\n`, and a
/// leading UTF-8 byte-order mark is skipped. Every row must have as many fields as
/// the header.
///
/// Values are parsed with `Double(_:)` when the table is read, but a value that is
/// not a number is only an error when its column is asked for (so a table may hold
/// text columns that are never used). `nan` and `inf` parse as numbers;
/// ``finiteColumn(_:)`` rejects them with the line they are on.
package struct CSVTable: Sendable {
    /// The name of the file in error messages.
    package let file: String
    /// The column names of the header row, in order.
    package let columnNames: [String]
    /// Values per column (NaN where a field is not a number).
    private let columns: [[Double]]
    /// The first field of each column that is not a number.
    private let firstInvalid: [InvalidField?]
    /// The line on which each row starts (1-based).
    private let lines: [Int]

    private struct InvalidField: Sendable {
        var line: Int
        var text: String
    }

    /// The number of data rows.
    package var rowCount: Int { lines.count }

    /// The 1-based line of the file on which a data row (0-based) starts.
    package func line(ofRow row: Int) -> Int { lines[row] }

    /// Reads a CSV file. Errors name it by `displayName` (default: its last path component).
    package init(contentsOf url: URL, displayName: String? = nil) throws {
        let name = displayName ?? EventFileError.displayName(of: url)
        try self.init(data: EventFileError.readFile(url, displayName: name), file: name)
    }

    /// Parses CSV text; `file` names it in error messages.
    package init(text: String, file: String) throws {
        try self.init(data: Data(text.utf8), file: file)
    }

    /// Parses CSV bytes (UTF-8); `file` names it in error messages.
    package init(data: Data, file: String) throws {
        self.file = file
        var header: [String]?
        var columns: [[Double]] = []
        var firstInvalid: [InvalidField?] = []
        var lines: [Int] = []

        var row: [[UInt8]] = []  // the fields of the current record (header), or
        var values: [Double] = []  // its values (data rows)
        var invalid: [(column: Int, text: String)] = []
        var fieldCount = 0
        var recordLine = 1
        var line = 1

        func fail(_ problem: String, at line: Int) -> EventFileError {
            EventFileError(file: file, line: line, problem: problem)
        }

        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.count
            var i = 0
            if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

            func addField(_ field: UnsafeBufferPointer<UInt8>.SubSequence?, unescaped: [UInt8]?, quoted: Bool) {
                defer { fieldCount += 1 }
                if header == nil {
                    row.append(unescaped ?? Array(field!))
                    return
                }
                guard fieldCount < values.count else { return }  // ragged: reported at the end of the record
                let text = unescaped.map { String(decoding: $0, as: UTF8.self) }
                    ?? String(decoding: field!, as: UTF8.self)
                if let value = Double(text) {
                    values[fieldCount] = value
                } else {
                    values[fieldCount] = .nan
                    invalid.append((fieldCount, text))
                }
            }

            /// Ends a record; `blank` when it was one empty unquoted field (a blank line).
            func endRecord(blank: Bool) throws {
                defer {
                    fieldCount = 0
                    row.removeAll(keepingCapacity: true)
                    invalid.removeAll(keepingCapacity: true)
                }
                if blank { return }
                guard let names = header else {
                    let names = row.map { String(decoding: $0, as: UTF8.self) }
                    header = names
                    columns = Array(repeating: [], count: names.count)
                    firstInvalid = Array(repeating: nil, count: names.count)
                    values = Array(repeating: 0, count: names.count)
                    return
                }
                guard fieldCount == names.count else {
                    throw fail("\(fieldCount) field\(fieldCount == 1 ? "" : "s"), but the header has "
                        + "\(names.count) column\(names.count == 1 ? "" : "s")", at: recordLine)
                }
                for (column, value) in values.enumerated() { columns[column].append(value) }
                for (column, text) in invalid where firstInvalid[column] == nil {
                    firstInvalid[column] = InvalidField(line: recordLine, text: text)
                }
                lines.append(recordLine)
            }

            while i < end {
                // Start of a field: skip leading spaces.
                while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                if i < end && bytes[i] == quote {
                    let quoteLine = line
                    i += 1
                    var start = i
                    var unescaped: [UInt8]?
                    var closed = false
                    while i < end {
                        let b = bytes[i]
                        if b == quote {
                            if i + 1 < end && bytes[i + 1] == quote {
                                // "" inside a quoted field is one quote.
                                unescaped = (unescaped ?? []) + Array(bytes[start...i])
                                i += 2
                                start = i
                                continue
                            }
                            closed = true
                            break
                        }
                        if b == newline { line += 1 }
                        i += 1
                    }
                    guard closed else { throw fail("a quoted field is never closed (no matching '\"')", at: quoteLine) }
                    let body = bytes[start..<i]
                    if unescaped != nil { unescaped! += Array(body) }
                    i += 1  // the closing quote
                    while i < end && isSpace(bytes[i]) { i += 1 }
                    if i < end && bytes[i] != comma && bytes[i] != newline {
                        throw fail("unexpected text after a closing quote", at: line)
                    }
                    addField(unescaped == nil ? body : nil, unescaped: unescaped, quoted: true)
                    if i < end && bytes[i] == comma {
                        i += 1
                        if i == end { addField(bytes[i..<i], unescaped: nil, quoted: false); try endRecord(blank: false) }
                    } else {
                        try endRecord(blank: false)
                        if i < end { i += 1; line += 1; recordLine = line }
                    }
                } else {
                    let start = i
                    while i < end && bytes[i] != comma && bytes[i] != newline { i += 1 }
                    var stop = i
                    while stop > start && isSpace(bytes[stop - 1]) { stop -= 1 }
                    let blank = fieldCount == 0 && stop == start && (i == end || bytes[i] == newline)
                    if !blank { addField(bytes[start..<stop], unescaped: nil, quoted: false) }
                    if i < end && bytes[i] == comma {
                        i += 1
                        // A comma ending the file still ends an (empty) field.
                        if i == end { addField(bytes[i..<i], unescaped: nil, quoted: false); try endRecord(blank: false) }
                    } else {
                        try endRecord(blank: blank)
                        if i < end { i += 1; line += 1; recordLine = line }
                    }
                }
            }
        }
        guard let names = header else { throw EventFileError(file: file, problem: "is empty (no header row)") }
        self.columnNames = names
        self.columns = columns
        self.firstInvalid = firstInvalid
        self.lines = lines
    }

    /// The index of a column; an error lists the columns present when there is none
    /// of that name, or says so when the name appears more than once.
    package func columnIndex(_ name: String) throws -> Int {
        let matches = columnNames.indices.filter { columnNames[$0] == name }
        guard let index = matches.first else {
            let present = columnNames.map { "'\($0)'" }.joined(separator: ", ")
            throw EventFileError(file: file, column: name, problem: "not found; columns present: \(present)")
        }
        guard matches.count == 1 else {
            throw EventFileError(file: file, column: name, problem: "appears \(matches.count) times in the header")
        }
        return index
    }

    /// The values of a column, one per row. Errors: no such column, or a field that
    /// is not a number (with its line). NaN and infinities are returned as they are.
    package func column(_ name: String) throws -> [Double] {
        let index = try columnIndex(name)
        if let bad = firstInvalid[index] {
            let problem = bad.text.isEmpty ? "is empty, not a number" : "has '\(bad.text)', not a number"
            throw EventFileError(file: file, line: bad.line, column: name, problem: problem)
        }
        return columns[index]
    }

    /// The values of a column, which must all be finite numbers: as ``column(_:)``,
    /// and `bkg.csv, line 5: column 'x' is nan` for the first NaN or infinity.
    package func finiteColumn(_ name: String) throws -> [Double] {
        let values = try column(name)
        if let row = values.firstIndex(where: { !$0.isFinite }) {
            throw EventFileError(file: file, line: lines[row], column: name, problem: "is \(values[row])")
        }
        return values
    }
}
