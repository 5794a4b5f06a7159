/// Checks a condition that a caller must meet, like the standard library's
/// `precondition`, but prints `message` in optimised builds too.
///
/// `precondition` drops its message under `-O`, so a library user who calls, say,
/// `yields(of: "Sig")` with a misspelt process in a release build would see only
/// "precondition failure" and a backtrace into Gato. These checks guard misuse of
/// the API (a wrong name, dimension or length), never the data, whose problems are
/// thrown as errors; they are outside the event loops, so their cost is a branch.
@inline(__always)
package func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "",
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError("Gato: " + message(), file: file, line: line) }
}

/// Stops with `message`, in optimised builds too (see ``require(_:_:file:line:)``).
package func requirementFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("Gato: " + message(), file: file, line: line)
}
