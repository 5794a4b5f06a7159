/// The events of an analysis: an ordered list of processes with unique names, the
/// same feature dimension D, at least one signal and at least one background.
///
/// The order of the processes is the order of every per-process result
/// (``SoftYields``, ``HardYields``).
public struct Dataset: Sendable {
    /// The processes, in the order given.
    public let processes: [ProcessSample]
    /// The feature dimension D shared by every process.
    public let dimension: Int

    /// Creates a dataset after checking that it is usable.
    ///
    /// - Throws: ``EventDataError/emptyDataset`` (no process, or no event at all),
    ///   ``EventDataError/duplicateProcess(name:)``,
    ///   ``EventDataError/dimensionMismatch(process:dimension:expected:firstProcess:)``,
    ///   ``EventDataError/noSignal``, ``EventDataError/noBackground``.
    public init(_ processes: [ProcessSample]) throws {
        guard let first = processes.first, processes.contains(where: { $0.count > 0 }) else {
            throw EventDataError.emptyDataset
        }
        var seen = Set<String>()
        for process in processes {
            guard seen.insert(process.name).inserted else {
                throw EventDataError.duplicateProcess(name: process.name)
            }
            guard process.dimension == first.dimension else {
                throw EventDataError.dimensionMismatch(
                    process: process.name, dimension: process.dimension, expected: first.dimension,
                    firstProcess: first.name)
            }
        }
        guard processes.contains(where: { $0.role == .signal }) else { throw EventDataError.noSignal }
        guard processes.contains(where: { $0.role == .background }) else { throw EventDataError.noBackground }
        self.processes = processes
        self.dimension = first.dimension
    }

    /// The process names, in order.
    public var processNames: [String] { processes.map(\.name) }

    /// The process roles, in order.
    public var roles: [ProcessRole] { processes.map(\.role) }

    /// The names of the signal processes, in order.
    public var signalNames: [String] { processes.filter { $0.role == .signal }.map(\.name) }

    /// The names of the background processes, in order.
    public var backgroundNames: [String] { processes.filter { $0.role == .background }.map(\.name) }

    /// The total number of events.
    public var eventCount: Int { processes.reduce(0) { $0 + $1.count } }

    /// The position of the process called `name`, or nil.
    public func index(of name: String) -> Int? { processes.firstIndex { $0.name == name } }

    /// The process called `name`, or nil.
    public subscript(name: String) -> ProcessSample? { index(of: name).map { processes[$0] } }

    /// The process called `name`.
    /// - Throws: ``EventDataError/unknownProcess(name:known:)``.
    public func process(named name: String) throws -> ProcessSample {
        guard let sample = self[name] else {
            throw EventDataError.unknownProcess(name: name, known: processNames)
        }
        return sample
    }

    /// The positions of the processes called `names`.
    /// - Throws: ``EventDataError/unknownProcess(name:known:)`` for the first unknown name.
    public func indices(of names: [String]) throws -> [Int] {
        try names.map { name in
            guard let index = index(of: name) else {
                throw EventDataError.unknownProcess(name: name, known: processNames)
            }
            return index
        }
    }

    /// The same dataset keeping only the feature dimensions `dimensions`.
    public func selectingDimensions(_ dimensions: [Int]) throws -> Dataset {
        try Dataset(processes.map { try $0.selectingDimensions(dimensions) })
    }

    /// Every `stride`-th event of each process, weights scaled by `stride`
    /// (see ``ProcessSample/subsampled(every:)``).
    public func subsampled(every stride: Int) -> Dataset {
        // The same processes, so the checks of `init` hold (a process may become empty).
        (try? Dataset(processes.map { $0.subsampled(every: stride) })) ?? self
    }

    /// The same dataset with `sample` in place of the process of the same name.
    public func replacing(_ sample: ProcessSample) throws -> Dataset {
        guard let index = index(of: sample.name) else {
            throw EventDataError.unknownProcess(name: sample.name, known: processNames)
        }
        var processes = self.processes
        processes[index] = sample
        return try Dataset(processes)
    }
}
