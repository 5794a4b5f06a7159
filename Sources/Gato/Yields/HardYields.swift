/// Hard yields per process and category: `sum w` and `sum w^2` over the events
/// whose hard (argmax) category is k. The real result of a categorisation: every
/// reported significance is computed from these.
public struct HardYields: Sendable, Equatable {
    /// `sum w`, process-major: element `p * K + k`.
    public var sumW: [Double]
    /// `sum w^2`, process-major: element `p * K + k`.
    public var sumW2: [Double]
    /// The process names, in dataset order.
    public let processNames: [String]
    /// The process roles, in dataset order.
    public let roles: [ProcessRole]
    /// The number of categories K.
    public let categoryCount: Int

    public init(sumW: [Double], sumW2: [Double], processNames: [String], roles: [ProcessRole], categories: Int) {
        require(processNames.count == roles.count, "one role per process")
        require(sumW.count == processNames.count * categories && sumW2.count == sumW.count, "P x K values")
        self.sumW = sumW
        self.sumW2 = sumW2
        self.processNames = processNames
        self.roles = roles
        self.categoryCount = categories
    }

    /// Hard yields from given categories: `assignments[p][i]` is the category
    /// (0..<categories) of event i of process p of `data`.
    ///
    /// - Precondition: one assignment per event, each in `0..<categories`.
    public init(assignments: [[Int32]], data: Dataset, categories: Int) {
        let (sumW, sumW2) = Self.sums(assignments: assignments, samples: data.processes, categories: categories)
        self.init(sumW: sumW, sumW2: sumW2, processNames: data.processNames, roles: data.roles, categories: categories)
    }

    /// `sum w` and `sum w^2` per process and category (process-major, as
    /// ``sumW``), summed event by event in input order, for samples that need not
    /// form a ``Dataset`` (`gato apply` assigns any processes).
    ///
    /// - Precondition: one assignment array per sample, one assignment per event,
    ///   each in `0..<categories`.
    package static func sums(
        assignments: [[Int32]], samples: [ProcessSample], categories: Int
    ) -> (sumW: [Double], sumW2: [Double]) {
        require(assignments.count == samples.count, "one assignment array per process")
        var sumW = [Double](repeating: 0, count: samples.count * categories)
        var sumW2 = sumW
        for (p, sample) in samples.enumerated() {
            require(assignments[p].count == sample.count, "one assignment per event of '\(sample.name)'")
            let weights = sample.weights
            for (i, category) in assignments[p].enumerated() {
                let k = Int(category)
                require((0..<categories).contains(k), "category \(k) out of range 0..<\(categories)")
                sumW[p * categories + k] += weights[i]
                sumW2[p * categories + k] += weights[i] * weights[i]
            }
        }
        return (sumW, sumW2)
    }

    /// The number of processes.
    public var processCount: Int { processNames.count }

    /// The position of process `name`, or nil.
    public func index(of name: String) -> Int? { processNames.firstIndex(of: name) }

    /// `sum w` of process `p` per category.
    public func yields(_ p: Int) -> [Double] { Array(sumW[(p * categoryCount)..<((p + 1) * categoryCount)]) }

    /// `sum w^2` of process `p` per category.
    public func sumW2(_ p: Int) -> [Double] { Array(sumW2[(p * categoryCount)..<((p + 1) * categoryCount)]) }

    /// `sum w` of process `name` per category, or nil when there is no such process.
    public func yields(of name: String) -> [Double]? { index(of: name).map(yields) }

    /// The sum of `sum w` over the processes `indices`, per category.
    public func total(of indices: [Int]) -> [Double] { sum(sumW, indices) }

    /// The sum of `sum w^2` over the processes `indices`, per category.
    public func totalSumW2(of indices: [Int]) -> [Double] { sum(sumW2, indices) }

    /// The processes with role `role`.
    public func indices(role: ProcessRole) -> [Int] { roles.indices.filter { roles[$0] == role } }

    /// `sum w` over every process, per category.
    public var totalYields: [Double] { total(of: Array(0..<processCount)) }

    private func sum(_ values: [Double], _ indices: [Int]) -> [Double] {
        (0..<categoryCount).map { c in indices.reduce(0) { $0 + values[$1 * categoryCount + c] } }
    }
}
