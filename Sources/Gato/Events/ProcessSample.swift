/// The events of one physics process: a discriminant vector and a weight per event,
/// and optional named per-event columns (for example a mass).
///
/// Features are stored as `Float` (a classifier score needs no more than 24 bits;
/// this halves the memory the kernel streams), row-major: event `i`, dimension `d`
/// is `features[i * dimension + d]`. Weights and columns are `Double`. Weights may be
/// negative (NLO generators); they must be finite. |feature| is at most
/// ``featureMagnitudeLimit`` (1e12) and |weight| at most ``weightMagnitudeLimit``
/// (1e100), so that squares and sums of squares stay finite.
///
/// The arrays are copied once into immutable storage that the multi-threaded
/// kernels read through stable pointers; copying a `ProcessSample` is cheap.
public struct ProcessSample: Sendable {
    /// The process name, unique within a ``Dataset``.
    public let name: String
    /// Signal or background.
    public let role: ProcessRole
    /// The number of discriminant dimensions D.
    public let dimension: Int

    let featureStorage: ColumnStorage<Float>
    let weightStorage: ColumnStorage<Double>
    let columnStorage: [String: ColumnStorage<Double>]

    /// Creates a process sample after checking it.
    ///
    /// - Parameters:
    ///   - features: `count x dimension` values, row-major.
    ///   - dimension: D >= 1.
    ///   - weights: one weight per event, finite, any sign.
    ///   - columns: extra per-event values by name, one per event, finite.
    /// - Throws: ``EventDataError`` naming the process and the problem.
    public init(
        name: String, role: ProcessRole, features: [Float], dimension: Int,
        weights: [Double], columns: [String: [Double]] = [:]
    ) throws {
        try Self.check(name: name, dimension: dimension, featureCount: features.count, weightCount: weights.count)
        self.init(
            unchecked: name, role: role, dimension: dimension,
            features: ColumnStorage(features), weights: ColumnStorage(weights),
            columns: columns.mapValues { ColumnStorage($0) })
        try validateValues()
    }

    /// Creates a process sample from one array per event (`rows[i]` has D values).
    /// `dimension` gives D when `rows` may be empty (a selection that kept no event);
    /// without it, D is the length of the first row (1 for no rows).
    public init(
        name: String, role: ProcessRole, rows: [[Double]], weights: [Double], dimension: Int? = nil,
        columns: [String: [Double]] = [:]
    ) throws {
        let dimension = dimension ?? rows.first?.count ?? 1
        var flat: [Float] = []
        flat.reserveCapacity(rows.count * dimension)
        for (event, row) in rows.enumerated() {
            guard row.count == dimension else {
                throw EventDataError.invalidSelection(
                    process: name, detail: "event \(event) has \(row.count) features, event 0 has \(dimension)")
            }
            flat.append(contentsOf: row.map(Float.init))
        }
        try self.init(
            name: name, role: role, features: flat, dimension: dimension, weights: weights, columns: columns)
    }

    /// Creates a process sample whose storage is filled in place by the caller
    /// (readers use this to avoid a second copy of large arrays). The values are
    /// checked afterwards exactly as by the other initialisers.
    public init(
        name: String, role: ProcessRole, count: Int, dimension: Int,
        fillFeatures: (UnsafeMutableBufferPointer<Float>) throws -> Void,
        fillWeights: (UnsafeMutableBufferPointer<Double>) throws -> Void,
        columns: [String: [Double]] = [:]
    ) throws {
        try Self.check(name: name, dimension: dimension, featureCount: count * max(dimension, 1), weightCount: count)
        let features = try ColumnStorage<Float>(count: count * dimension, fill: fillFeatures)
        let weights = try ColumnStorage<Double>(count: count, fill: fillWeights)
        self.init(
            unchecked: name, role: role, dimension: dimension, features: features, weights: weights,
            columns: columns.mapValues { ColumnStorage($0) })
        try validateValues()
    }

    init(
        unchecked name: String, role: ProcessRole, dimension: Int,
        features: ColumnStorage<Float>, weights: ColumnStorage<Double>,
        columns: [String: ColumnStorage<Double>]
    ) {
        self.name = name
        self.role = role
        self.dimension = dimension
        self.featureStorage = features
        self.weightStorage = weights
        self.columnStorage = columns
    }

    private static func check(name: String, dimension: Int, featureCount: Int, weightCount: Int) throws {
        guard !name.isEmpty else { throw EventDataError.emptyProcessName }
        guard dimension >= 1 else { throw EventDataError.invalidDimension(process: name, dimension: dimension) }
        guard featureCount == weightCount * dimension else {
            throw EventDataError.featureCountMismatch(
                process: name, features: featureCount, dimension: dimension, weights: weightCount)
        }
    }

    /// The largest accepted |feature|, 1e12. Features are stored as `Float`
    /// (largest value 3.4e38) and the kernels square them in single precision
    /// (a Gaussian's quadratic form, the monomials `x_i x_j` of the logit): with
    /// |x| <= 1e12 a square is at most 1e24, which leaves a factor above 1e14 for the
    /// precision-matrix entries (1/sigma^2), the inverse temperature and the sums over
    /// dimensions before anything overflows. A feature of 1e30 would square to
    /// infinity and end the training with a NaN loss far from its cause. Classifier
    /// scores, masses and momenta (in GeV or MeV) are many decades below the bound.
    public static let featureMagnitudeLimit: Float = 1e12

    /// The largest accepted |weight|, 1e100. The yields sum `w` and `w^2` in double
    /// precision (largest value 1.8e308): with |w| <= 1e100 a square is at most 1e200,
    /// so sums of squares over any number of events that fits in memory stay finite,
    /// and so do the Asimov formula's products (`(s + b) ln(1 + s/b)`). A weight of
    /// 1e300 would make `sum w^2` infinite and the run end with a NaN far from its
    /// cause. Results do not depend on the unit of the weights (see
    /// ``Significance``), so any physical normalisation fits far inside the bound.
    public static let weightMagnitudeLimit: Double = 1e100

    /// Throws for a weight that is not finite or beyond ``weightMagnitudeLimit``.
    static func checkWeight(_ value: Double, process: String, event: Int) throws {
        guard value.isFinite else { throw EventDataError.nonFiniteWeight(process: process, event: event, value: value) }
        guard abs(value) <= weightMagnitudeLimit else {
            throw EventDataError.weightOutOfRange(process: process, event: event, value: value)
        }
    }

    private func validateValues() throws {
        let features = featureStorage.buffer
        let featureLimit = Self.featureMagnitudeLimit
        for index in features.indices where !(abs(features[index]) <= featureLimit) {
            let value = features[index]
            let (event, dimension) = (index / self.dimension, index % self.dimension)
            guard value.isFinite else {
                throw EventDataError.nonFiniteFeature(process: name, event: event, dimension: dimension, value: Double(value))
            }
            throw EventDataError.featureOutOfRange(process: name, event: event, dimension: dimension, value: Double(value))
        }
        let weights = weightStorage.buffer
        for event in weights.indices where !(abs(weights[event]) <= Self.weightMagnitudeLimit) {
            try Self.checkWeight(weights[event], process: name, event: event)
        }
        for (column, storage) in columnStorage.sorted(by: { $0.key < $1.key }) {
            guard storage.count == count else {
                throw EventDataError.columnLengthMismatch(
                    process: name, column: column, length: storage.count, events: count)
            }
            for event in storage.buffer.indices where !storage.buffer[event].isFinite {
                throw EventDataError.nonFiniteColumn(
                    process: name, column: column, event: event, value: storage.buffer[event])
            }
        }
    }

    /// The number of events.
    public var count: Int { weightStorage.count }

    /// Feature `dimension` of event `event`.
    @inlinable
    public func feature(_ event: Int, _ dimension: Int) -> Float {
        features[event * self.dimension + dimension]
    }

    /// Weight of event `event`.
    @inlinable
    public func weight(_ event: Int) -> Double { weights[event] }

    /// The features, row-major (`count x dimension`), read in place.
    public var features: UnsafeBufferPointer<Float> { featureStorage.buffer }

    /// The weights, read in place.
    public var weights: UnsafeBufferPointer<Double> { weightStorage.buffer }

    /// The names of the extra per-event columns, sorted.
    public var columnNames: [String] { columnStorage.keys.sorted() }

    /// The values of column `name`, read in place, or nil when there is none.
    public func column(_ name: String) -> UnsafeBufferPointer<Double>? { columnStorage[name]?.buffer }

    /// The sum of the weights.
    public var totalWeight: Double { weights.reduce(0, +) }

    /// The same events with other weights (same count; checked like the originals).
    public func withWeights(_ newWeights: [Double]) throws -> ProcessSample {
        guard newWeights.count == count else {
            throw EventDataError.featureCountMismatch(
                process: name, features: count * dimension, dimension: dimension, weights: newWeights.count)
        }
        for event in newWeights.indices where !(abs(newWeights[event]) <= Self.weightMagnitudeLimit) {
            try Self.checkWeight(newWeights[event], process: name, event: event)
        }
        return ProcessSample(
            unchecked: name, role: role, dimension: dimension, features: featureStorage,
            weights: ColumnStorage(newWeights), columns: columnStorage)
    }

    /// The same events with a weight of zero wherever column `column` lies outside
    /// `window` (closed interval): a selection on, for example, a mass that keeps the
    /// events (and so the features of every process) intact.
    /// - Throws: ``EventDataError/invalidSelection(process:detail:)`` when the column is missing.
    public func restrictingWeights(column: String, to window: ClosedRange<Double>) throws -> ProcessSample {
        guard let values = self.column(column) else {
            throw EventDataError.invalidSelection(process: name, detail: "no '\(column)' column for the window")
        }
        return try withWeights((0..<count).map { window.contains(values[$0]) ? weights[$0] : 0 })
    }

    /// The same events keeping only the feature dimensions `dimensions`, in that
    /// order (for example `[0, 1]`: the first two of three softmax scores).
    public func selectingDimensions(_ dimensions: [Int]) throws -> ProcessSample {
        guard !dimensions.isEmpty else {
            throw EventDataError.invalidSelection(process: name, detail: "no feature dimension selected")
        }
        for d in dimensions where !(0..<dimension).contains(d) {
            throw EventDataError.invalidSelection(
                process: name, detail: "feature dimension \(d) does not exist (the features have \(dimension))")
        }
        let source = features
        let oldDimension = dimension
        let newDimension = dimensions.count
        let selected = ColumnStorage<Float>(count: count * newDimension) { target in
            for event in 0..<count {
                for (j, d) in dimensions.enumerated() {
                    target[event * newDimension + j] = source[event * oldDimension + d]
                }
            }
        }
        return ProcessSample(
            unchecked: name, role: role, dimension: newDimension, features: selected,
            weights: weightStorage, columns: columnStorage)
    }

    /// Every `stride`-th event (events 0, stride, 2 stride, ...) with its weight
    /// multiplied by `stride`, so that yields stay unbiased: a cheaper stand-in for
    /// the full sample (training screens several starts on it).
    public func subsampled(every stride: Int) -> ProcessSample {
        require(stride >= 1, "the stride must be at least 1")
        if stride == 1 { return self }
        let kept = Array(Swift.stride(from: 0, to: count, by: stride))
        let d = dimension
        let source = features
        let features = ColumnStorage<Float>(count: kept.count * d) { target in
            for (j, i) in kept.enumerated() {
                for e in 0..<d { target[j * d + e] = source[i * d + e] }
            }
        }
        let weights = ColumnStorage<Double>(kept.map { self.weights[$0] * Double(stride) })
        let columns = columnStorage.mapValues { column in ColumnStorage<Double>(kept.map { column.buffer[$0] }) }
        return ProcessSample(unchecked: name, role: role, dimension: d, features: features, weights: weights, columns: columns)
    }

    /// The same events with the role changed.
    public func withRole(_ newRole: ProcessRole) -> ProcessSample {
        ProcessSample(
            unchecked: name, role: newRole, dimension: dimension, features: featureStorage,
            weights: weightStorage, columns: columnStorage)
    }
}
