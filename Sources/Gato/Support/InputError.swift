/// An error caused by what the user gave, not by a failure while running: a file,
/// an array or column in it, a configuration key, an option or argument, a
/// checkpoint.
///
/// The distinction is for the people who read the error: an input error tells
/// them to change their input, a run-time failure (a full disk, a diverging
/// training) that their input may be fine. The `gato` tool exits with 2 for an
/// input error and 1 for any other error. Every error type of the library that
/// reports bad input conforms; a type whose cases differ (``TrainingError``)
/// says which of its values are input errors through ``isInputError``.
public protocol InputError: Error {
    /// Whether this value is an input error (true unless a type says otherwise).
    var isInputError: Bool { get }
}

extension InputError {
    public var isInputError: Bool { true }
}
